package gcp

import (
	"slices"
	"strings"

	"github.com/pciqueue/pciqueue/internal/props"
	"github.com/pciqueue/pciqueue/policies/rule"
)

func sortStrings(s []string) []string {
	slices.Sort(s)
	return s
}

func hasURN(rs []rule.Resource, urn string) bool {
	return slices.ContainsFunc(rs, func(r rule.Resource) bool { return r.URN == urn })
}

// dependsOn returns the resources of the given types that property prop of
// r depends on.
func dependsOn(s *graph, r rule.Resource, prop string, types ...string) []rule.Resource {
	var out []rule.Resource
	for _, urn := range r.PropertyDependencies[prop] {
		if t, ok := s.ByURN(urn); ok && (len(types) == 0 || slices.Contains(types, t.Type)) && !hasURN(out, t.URN) {
			out = append(out, t)
		}
	}
	return out
}

// firstString returns the first known, non-empty string among paths.
func firstString(r rule.Resource, paths ...string) string {
	for _, p := range paths {
		if v, st := props.String(r.Properties, p); st.Ok() && v != "" {
			return v
		}
	}
	return ""
}

// sameName reports whether two Google resource references name the same
// resource: equal, or one the full "projects/.../<kind>/<name>" form of the
// other's short name.
func sameName(a, b string) bool {
	a, b = strings.TrimSpace(a), strings.TrimSpace(b)
	if a == "" || b == "" {
		return false
	}
	return a == b || strings.HasSuffix(a, "/"+b) || strings.HasSuffix(b, "/"+a)
}
