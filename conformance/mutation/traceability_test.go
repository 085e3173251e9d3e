package mutation_test

import (
	"reflect"
	"slices"
	"testing"

	"github.com/pciqueue/pciqueue/components"
	"github.com/pciqueue/pciqueue/conformance/mutation"
)

// guaranteeFields are the names of the components.Guarantees fields.
func guaranteeFields() []string {
	t := reflect.TypeFor[components.Guarantees]()
	fields := make([]string, 0, t.NumField())
	for i := range t.NumField() {
		fields = append(fields, t.Field(i).Name)
	}
	return fields
}

// Every guarantee of the contract is, on every registered cloud, either weakened by a mutation or declared a
// known gap with its reason; a gap that a mutation covers is stale.
func TestMutations_everyGuaranteeIsWeakenedOrADeclaredGap(t *testing.T) {
	fields := guaranteeFields()
	for _, cloud := range components.Clouds() {
		t.Run(string(cloud), func(t *testing.T) {
			gaps := mutation.GapsFor(cloud)
			weakened := map[string]int{}
			for _, m := range mutation.For(cloud) {
				weakened[m.Guarantee]++
			}
			for _, f := range fields {
				reason, gap := gaps[f]
				switch {
				case weakened[f] == 0 && !gap:
					t.Errorf("%s: no mutation weakens it and no known gap says why", f)
				case weakened[f] > 0 && gap:
					t.Errorf("%s: declared a gap (%q) but %d mutations weaken it: remove the gap", f, reason, weakened[f])
				case gap && reason == "":
					t.Errorf("%s: a known gap without a reason", f)
				}
			}
			for f := range gaps {
				if !slices.Contains(fields, f) {
					t.Errorf("known gap %q is not a field of components.Guarantees", f)
				}
			}
		})
	}
}

// Each mutation names a guarantee of the contract and at least one rule that must catch it.
func TestMutations_eachNamesItsGuaranteeAndRules(t *testing.T) {
	fields := append(guaranteeFields(), mutation.NoCardNumbers)
	for _, cloud := range components.Clouds() {
		for _, m := range mutation.For(cloud) {
			if !slices.Contains(fields, m.Guarantee) {
				t.Errorf("%s %q: guarantee %q is not a field of components.Guarantees", cloud, m.Name, m.Guarantee)
			}
			if len(m.Rules) == 0 {
				t.Errorf("%s %q: names no rule that must catch it", cloud, m.Name)
			}
		}
	}
}
