// Package docs holds the design of pciqueue as Markdown (contract.md, architecture.md, crypto-model.md,
// pci-coverage.md) and the tests that keep it true to the code: the dependency direction architecture.md
// describes is checked on every package of the module, every rule the policy pack registers is listed in
// pci-coverage.md with its level and clouds (and nothing else is), and every test function and file the
// documents name exists.
//
// The package has no code of its own; its tests read the module's source and the pack's registry, offline.
package docs
