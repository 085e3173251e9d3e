package mutation_test

import (
	"testing"

	"github.com/pciqueue/pciqueue/components"
	"github.com/pciqueue/pciqueue/components/recording"
	"github.com/pciqueue/pciqueue/conformance/mutation"
	"github.com/pciqueue/pciqueue/conformance/offline"
)

// compliantGCPStack is the committed gcp-dev stack as the engine records it in an update.
func compliantGCPStack(t *testing.T) []recording.Resource {
	t.Helper()
	rs, err := offline.Run("../../stacks", "gcp-dev", false)
	if err != nil {
		t.Fatalf("recording the gcp-dev stack: %v", err)
	}
	return rs
}

func TestGCPMutations_eachAppliesToTheCompliantStackAndChangesIt(t *testing.T) {
	rs := compliantGCPStack(t)
	ms := mutation.For(components.GCP)
	if len(ms) < 15 {
		t.Fatalf("%d Google Cloud mutations, want at least 15", len(ms))
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
				t.Fatalf("does not apply to the gcp-dev stack: %v", err)
			}
			if !changed(rs, got) {
				t.Error("applies but changes nothing")
			}
			if changed(before, rs) {
				t.Error("modified the stack it was given instead of a copy")
			}
		})
	}
}

// changed reports whether two recordings differ in their resources or in any resource's inputs.
func changed(a, b []recording.Resource) bool {
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
