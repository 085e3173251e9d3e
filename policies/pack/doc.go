// Package pack is the registry of every PCI rule in the policy pack, in one
// place, and builds the policyx policy pack from it.
//
// Adding a rule: write it in its cloud's package under policies/rules, add it
// to [Rules], and add its fixtures under policies/testdata/<rule-name>/. The
// tests in this package fail until the rule validates (rule.Rule.Validate)
// and has an allowed and a disallowed fixture for each cloud it covers.
//
// [New] is the factory policyx.Main calls on ConfigureStack: it captures
// whether the operation is a preview (policyx never sets
// ResourceValidationArgs.DryRun) and sets every policy's enforcement level
// itself (policyx ignores the pack-level one).
package pack
