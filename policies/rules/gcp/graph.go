package gcp

import (
	"strings"

	"github.com/pciqueue/pciqueue/internal/props"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// graph is a stack with the indexes the stack rules look references up in,
// built once per judgement so that linking stays linear in the stack's size.
type graph struct {
	*rule.Stack
	// byName holds every resource under the last path segment of its id and
	// of its name ("projects/p/topics/orders" and "orders" under "orders").
	byName map[string][]rule.Resource
	// agentNumbers holds, by CryptoKey URN, the project numbers of the
	// Pub/Sub service agents granted that key.
	agentNumbers map[string][]string
	// agentUnknown holds the keys some of whose grants have computed members.
	agentUnknown map[string]bool
}

func newGraph(s *rule.Stack) *graph {
	g := &graph{Stack: s, byName: map[string][]rule.Resource{}}
	for _, r := range s.Resources {
		seen := ""
		for _, p := range []string{"id", "name"} {
			if v, st := props.String(r.Properties, p); st.Ok() && v != "" {
				if k := lastSegment(v); k != seen {
					g.byName[k] = append(g.byName[k], r)
					seen = k
				}
			}
		}
	}
	return g
}

func lastSegment(v string) string {
	v = strings.TrimSpace(v)
	return v[strings.LastIndex(v, "/")+1:]
}

// named returns the resources of the given types whose id or name could
// equal ref (same last path segment).
func (g *graph) named(ref string, types ...string) []rule.Resource {
	var out []rule.Resource
	for _, r := range g.byName[lastSegment(ref)] {
		for _, t := range types {
			if r.Type == t {
				out = append(out, r)
				break
			}
		}
	}
	return out
}

// serviceAgentNumbers returns the project numbers of the Pub/Sub service
// agents granted key k, and whether a grant's members are computed.
func (g *graph) serviceAgentNumbers(k rule.Resource) ([]string, bool) {
	if g.agentNumbers == nil {
		g.agentNumbers, g.agentUnknown = map[string][]string{}, map[string]bool{}
		for _, r := range g.OfType(CryptoKeyIAMMember, CryptoKeyIAMBinding) {
			grants, _ := grantsOf(r)
			for _, key := range resolve(g, r, "cryptoKeyId", "cryptoKeyId", CryptoKey).targets {
				for _, gr := range grants {
					if gr.memberStatus == props.Unknown {
						g.agentUnknown[key.URN] = true
					}
					for _, m := range gr.members {
						if n := serviceAgentNumber(m); n != "" {
							g.agentNumbers[key.URN] = append(g.agentNumbers[key.URN], n)
						}
					}
				}
			}
		}
	}
	return g.agentNumbers[k.URN], g.agentUnknown[k.URN]
}
