package rule

import (
	"slices"
	"strings"

	"github.com/pciqueue/pciqueue/internal/props"
	"github.com/pciqueue/pciqueue/internal/typetoken"
	"github.com/pciqueue/pciqueue/policies/external"
	"github.com/pciqueue/pciqueue/policies/scope"
)

// Stack is the read-only view of a whole stack that stack judgements receive.
type Stack struct {
	Resources []Resource
	byURN     map[string]int
	// byIdentity indexes resources by the values of their identityProps.
	byIdentity map[string][]int
	byType     map[string][]int
	scope      scope.Config
	external   external.Config
}

// NewStack indexes resources; sc decides which resources are in scope. Each
// resource's type is made canonical (see typetoken.Canonical) on a copy, so that
// rules relate resources of versioned azure-native tokens as the plain ones.
func NewStack(resources []Resource, sc scope.Config) *Stack {
	resources = canonical(resources)
	s := &Stack{
		Resources: resources, byURN: make(map[string]int, len(resources)),
		byIdentity: make(map[string][]int, len(resources)), byType: map[string][]int{}, scope: sc,
	}
	for i, r := range resources {
		s.byURN[r.URN] = i
		s.byType[r.Type] = append(s.byType[r.Type], i)
		for _, p := range identityProps {
			v, st := props.String(r.Properties, p)
			if !st.Ok() || v == "" {
				continue
			}
			for _, id := range identities(p, v) {
				if !slices.Contains(s.byIdentity[id], i) {
					s.byIdentity[id] = append(s.byIdentity[id], i)
				}
			}
		}
	}
	return s
}

func canonical(resources []Resource) []Resource {
	copied := false
	for i, r := range resources {
		if t := typetoken.Canonical(r.Type); t != r.Type {
			if !copied {
				resources, copied = slices.Clone(resources), true
			}
			resources[i].Type = t
		}
	}
	return resources
}

// WithExternal returns the stack with the declarations of what is managed
// and assessed outside it (see package external).
func (s *Stack) WithExternal(c external.Config) *Stack {
	s.external = c
	return s
}

// External returns what the pack configuration declares managed and
// assessed outside the stack.
func (s *Stack) External() external.Config { return s.external }

// ByURN returns the resource with urn.
func (s *Stack) ByURN(urn string) (Resource, bool) {
	i, ok := s.byURN[urn]
	if !ok {
		return Resource{}, false
	}
	return s.Resources[i], true
}

// OfType returns the resources of the given types, in stack order. Types are
// compared as typetoken.Canonical gives them.
func (s *Stack) OfType(types ...string) []Resource {
	var idx []int
	for _, t := range types {
		idx = append(idx, s.byType[typetoken.Canonical(t)]...)
	}
	if len(types) > 1 {
		slices.Sort(idx)
		idx = slices.Compact(idx)
	}
	out := make([]Resource, len(idx))
	for i, j := range idx {
		out[i] = s.Resources[j]
	}
	return out
}

// InScope reports whether r is in the cardholder-data environment.
func (s *Stack) InScope(r Resource) bool {
	return s.scope.InScope(r.Type, r.Properties, r.Provider.Properties)
}

// identityProps are the properties whose values other resources use to refer
// to a resource: ARNs, ids, names, URLs.
var identityProps = []string{"arn", "id", "keyId", "name", "url", "selfLink"}

// identities returns the values a property identifies a resource by. An ARN
// also yields its resource part (after the last "/" or ":"), because that is
// the name or id other resources use when the name or id itself is not among
// the outputs: arn:aws:iam::1:role/producer names role "producer",
// arn:aws:kms:...:key/1234 key id "1234".
func identities(prop, v string) []string {
	out := []string{v}
	if prop != "arn" || !strings.HasPrefix(v, "arn:") {
		return out
	}
	if i := strings.LastIndexAny(v, "/:"); i >= 0 && i+1 < len(v) {
		out = append(out, v[i+1:])
	}
	return out
}

// Refs returns the resources of the given types that property prop (a
// top-level property name) of r refers to. A known value is matched against
// the targets' ARNs, ids, names and URLs, and is the whole truth: it is what
// the cloud will use. Only a value that is computed, as in a preview, is
// resolved through the property dependencies, which is how the engine names
// the target then.
func (s *Stack) Refs(r Resource, prop string, types ...string) []Resource {
	var out []Resource
	seen := map[string]bool{}
	add := func(t Resource) {
		if !seen[t.URN] && ofTypes(t, types) {
			seen[t.URN] = true
			out = append(out, t)
		}
	}
	vals, st := props.Strings(r.Properties, prop)
	if st.Ok() {
		for _, v := range vals {
			for _, t := range s.Match(v, types...) {
				add(t)
			}
		}
		return out
	}
	if st == props.Unknown {
		for _, urn := range r.PropertyDependencies[prop] {
			if t, ok := s.ByURN(urn); ok {
				add(t)
			}
		}
	}
	return out
}

// Match returns the resources of the given types that value names: equal to
// one of their ARNs, ids, names or URLs (case-sensitive, as ARNs are).
func (s *Stack) Match(value string, types ...string) []Resource {
	value = strings.TrimSpace(value)
	if value == "" {
		return nil
	}
	var out []Resource
	for _, i := range s.byIdentity[value] {
		if t := s.Resources[i]; ofTypes(t, types) {
			out = append(out, t)
		}
	}
	return out
}

// ofTypes reports whether r has one of types (any type when none is given).
func ofTypes(r Resource, types []string) bool {
	return len(types) == 0 || slices.ContainsFunc(types, func(t string) bool { return typetoken.Canonical(t) == r.Type })
}
