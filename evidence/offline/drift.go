package offline

import (
	"slices"
	"strings"

	"github.com/pciqueue/pciqueue/evidence/report"
	"github.com/pciqueue/pciqueue/internal/enginetest"
)

// drift compares what the program plans (its update run with the stack config) with what is deployed:
// resources on one side only, and the security-relevant properties (those the preview table shows) that
// differ. Values are compared as the table prints them, so secrets and card numbers stay hidden.
func drift(planned, deployed []enginetest.Resource) []report.Drift {
	byURN := map[string]enginetest.Resource{}
	for _, r := range deployed {
		byURN[r.URN] = r
	}
	var out []report.Drift
	seen := map[string]bool{}
	for _, p := range displayOrder(planned) {
		seen[p.URN] = true
		d, ok := byURN[p.URN]
		if !ok {
			out = append(out, report.Drift{Type: p.Type, Name: p.Name, Planned: "planned", Deployed: "not deployed"})
			continue
		}
		want, got := properties(p), properties(d)
		keys := slices.Sorted(func(yield func(string) bool) {
			for k := range want {
				if !yield(k) {
					return
				}
			}
			for k := range got {
				if _, dup := want[k]; !dup && !yield(k) {
					return
				}
			}
		})
		for _, k := range keys {
			if want[k] != got[k] {
				out = append(out, report.Drift{Type: p.Type, Name: p.Name, Property: k, Planned: orAbsent(want[k]), Deployed: orAbsent(got[k])})
			}
		}
	}
	for _, d := range displayOrder(deployed) {
		if !seen[d.URN] {
			out = append(out, report.Drift{Type: d.Type, Name: d.Name, Planned: "not in the program", Deployed: "deployed"})
		}
	}
	return out
}

// properties are a resource's security-relevant properties as the preview table prints them.
func properties(r enginetest.Resource) map[string]string {
	out := map[string]string{}
	for _, kv := range describe(r) {
		k, v, _ := strings.Cut(kv, "=")
		out[k] = v
	}
	return out
}

func orAbsent(v string) string {
	if v == "" {
		return "(absent)"
	}
	return v
}
