package mutation_test

import (
	"testing"

	"github.com/pciqueue/pciqueue/components"
	"github.com/pciqueue/pciqueue/conformance/mutation"
	"github.com/pciqueue/pciqueue/evidence/offline"
	"github.com/pciqueue/pciqueue/internal/enginetest"
)

// compliantStack is the committed <cloud>-dev stack as the engine records it in an update.
func compliantStack(t *testing.T, cloud components.Cloud) []enginetest.Resource {
	t.Helper()
	stack := string(cloud) + "-dev"
	rs, err := offline.Run("../../stacks", stack, false)
	if err != nil {
		t.Fatalf("recording the %s stack: %v", stack, err)
	}
	return rs
}

func TestMutations_eachAppliesToTheCompliantStackAndChangesIt(t *testing.T) {
	for _, cloud := range components.Clouds() {
		t.Run(string(cloud), func(t *testing.T) {
			rs := compliantStack(t, cloud)
			ms := mutation.For(cloud)
			if len(ms) < 15 {
				t.Fatalf("%d %s mutations, want at least 15", len(ms), cloud)
			}
			for _, h := range mutation.HardeningFor(cloud) {
				ms = append(ms, h.Mutation)
			}
			seen := map[string]bool{}
			for _, m := range ms {
				t.Run(m.Name, func(t *testing.T) {
					if seen[m.Name] {
						t.Fatalf("mutation name %q is used twice", m.Name)
					}
					seen[m.Name] = true
					before := mutation.Clone(rs)
					got, err := m.Apply(rs)
					if err != nil {
						t.Fatalf("does not apply to the %s-dev stack: %v", cloud, err)
					}
					if !changed(rs, got) {
						t.Error("applies but changes nothing")
					}
					if changed(before, rs) {
						t.Error("modified the stack it was given instead of a copy")
					}
				})
			}
		})
	}
}

// changed reports whether two recordings differ in their resources or in any resource's inputs.
func changed(a, b []enginetest.Resource) bool {
	if len(a) != len(b) {
		return true
	}
	for i := range a {
		if a[i].Type != b[i].Type || a[i].Name != b[i].Name || !a[i].Inputs.DeepEquals(b[i].Inputs) {
			return true
		}
	}
	return false
}
