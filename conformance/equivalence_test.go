package conformance_test

import (
	"slices"
	"testing"

	"github.com/pciqueue/pciqueue/components"
	_ "github.com/pciqueue/pciqueue/components/clouds"
	_ "github.com/pciqueue/pciqueue/conformance/harness"
	"github.com/pciqueue/pciqueue/conformance/mutation"
	"github.com/pciqueue/pciqueue/conformance/queuetest"
)

// harnesses is every registered cloud's harness; the suite runs each and then compares them with each other.
var harnesses = queuetest.Harnesses()

func TestEveryCloudHasAHarnessAndMutations(t *testing.T) {
	registered := map[components.Cloud]bool{}
	for _, h := range harnesses {
		registered[h.Cloud()] = true
	}
	for _, c := range components.Clouds() {
		if !registered[c] {
			t.Errorf("cloud %s has no conformance harness", c)
		}
		if len(mutation.For(c)) == 0 {
			t.Errorf("cloud %s has no mutations", c)
		}
	}
}

func TestConformance(t *testing.T) {
	for _, h := range harnesses {
		t.Run(string(h.Cloud()), func(t *testing.T) { queuetest.RunConformanceTests(t, h) })
	}
}

func TestEquivalence_everyCloudDerivesTheSameGuarantees(t *testing.T) {
	for _, c := range queuetest.Cases() {
		t.Run(c.Name, func(t *testing.T) {
			var first components.Guarantees
			var firstCloud components.Cloud
			for i, h := range harnesses {
				rs, err := h.Deploy(c)
				if err != nil {
					t.Fatalf("%s: %v", h.Cloud(), err)
				}
				g, err := h.Derive(c, rs)
				if err != nil {
					t.Fatalf("%s: %v", h.Cloud(), err)
				}
				if i == 0 {
					first, firstCloud = g, h.Cloud()
					continue
				}
				gaps := map[string]string{}
				for _, hh := range []queuetest.Harness{harnesses[0], h} {
					for k, v := range hh.KnownGaps() {
						gaps[k] = v
					}
				}
				for _, d := range queuetest.Differences(g, first, gaps) {
					t.Errorf("%s and %s differ: %s", h.Cloud(), firstCloud, d)
				}
			}
		})
	}
}

func TestKnownGaps_nameRealFieldsAndGiveReasons(t *testing.T) {
	fields := queuetest.Fields()
	for _, h := range harnesses {
		for f, why := range h.KnownGaps() {
			if !slices.Contains(fields, f) || why == "" {
				t.Errorf("%s: known gap %q is not a Guarantees field or has no reason", h.Cloud(), f)
			}
		}
	}
}
