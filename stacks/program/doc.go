// Package program is the pciqueue stack program: it reads a stack's config (pciqueue:cloud, the cloud's
// provider settings and the list of queues), builds an explicit provider for that cloud, creates one
// SecureQueue per queue and exports their outputs. stacks/main.go runs it under the Pulumi engine; the
// offline preview and the tests run the same function under the recording engine.
//
// It guarantees that a config error fails before any resource is registered, with a message that names
// the config key (pciqueue:queues[1].maxDeliveries), the bad value and what is allowed. Unknown keys are
// errors, so a misspelt setting is never silently ignored.
//
// # What differs by cloud
//
// Each cloud reads its own provider object (pciqueue:aws, pciqueue:azure, pciqueue:gcp) and each queue may
// carry a matching object with that cloud's per-queue options (bring-your-own key, private networking,
// audit trail). The queue fields themselves are the portable components.QueueSpec.
package program
