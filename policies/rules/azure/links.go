package azure

import (
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/pciqueue/pciqueue/internal/props"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// Azure resource ids are case-insensitive, and the engine names a computed
// reference only through property dependencies, which are keyed by
// top-level property. These helpers resolve references both ways.

// sameID reports whether two Azure resource ids name the same resource.
func sameID(a, b string) bool {
	a, b = strings.TrimRight(strings.TrimSpace(a), "/"), strings.TrimRight(strings.TrimSpace(b), "/")
	return a != "" && strings.EqualFold(a, b)
}

// dependsOn returns the resources of the given types that property prop of
// r depends on.
func dependsOn(s *rule.Stack, r rule.Resource, prop string, types ...string) []rule.Resource {
	var out []rule.Resource
	for _, urn := range r.PropertyDependencies[prop] {
		if t, ok := s.ByURN(urn); ok && (len(types) == 0 || slices.Contains(types, t.Type)) && !hasURN(out, t.URN) {
			out = append(out, t)
		}
	}
	return out
}

func hasURN(rs []rule.Resource, urn string) bool {
	return slices.ContainsFunc(rs, func(r rule.Resource) bool { return r.URN == urn })
}

// byID returns the resources of the given types whose id is id.
func byID(s *rule.Stack, id string, types ...string) []rule.Resource {
	var out []rule.Resource
	for _, r := range s.OfType(types...) {
		if v, st := props.String(r.Properties, "id"); st.Ok() && sameID(v, id) {
			out = append(out, r)
		}
	}
	return out
}

// refersTo reports whether property prop of r names target. A known value
// names it when equal to the target's id; a property dependency names it
// when the value is computed, or when the target's id is not known and so
// cannot contradict the value. unknown is true when that cannot be told
// because the value is computed and no dependency names a resource of the
// target's type.
func refersTo(s *rule.Stack, r rule.Resource, prop string, target rule.Resource) (yes, unknown bool) {
	deps := dependsOn(s, r, prop, target.Type)
	v, st := props.String(r.Properties, prop)
	id, ist := props.String(target.Properties, "id")
	switch {
	case st.Ok() && ist.Ok():
		return sameID(v, id), false
	case st.Ok() || st == props.Unknown:
		return hasURN(deps, target.URN), st == props.Unknown && len(deps) == 0
	default:
		return false, false
	}
}

// principalOf returns the resource whose identity a role assignment's
// principalId names: a user-assigned identity (principalId), or a resource
// with a system-assigned identity (identity.principalId). A known
// principalId is matched against known principal ids; a property dependency
// is followed when the principalId is computed or the dependency's principal
// id is not known yet.
func principalOf(s *rule.Stack, ra rule.Resource) (rule.Resource, bool) {
	pid, st := props.String(ra.Properties, "principalId")
	known := st.Ok() && pid != ""
	if known {
		for _, t := range s.Resources {
			if v, ok := principalID(t); ok && strings.EqualFold(v, pid) {
				return t, true
			}
		}
	}
	for _, t := range dependsOn(s, ra, "principalId") {
		if t.Type != UserAssignedIdentity && !hasSystemPrincipal(t) {
			continue
		}
		if _, ok := principalID(t); !known || !ok {
			return t, true
		}
	}
	return rule.Resource{}, false
}

// principalID returns the known principal id of an identity-bearing
// resource.
func principalID(t rule.Resource) (string, bool) {
	p := "identity.principalId"
	if t.Type == UserAssignedIdentity {
		p = "principalId"
	}
	v, st := props.String(t.Properties, p)
	return v, st.Ok() && v != ""
}

func hasSystemPrincipal(r rule.Resource) bool {
	_, st := props.Value(r.Properties, "identity")
	return st != props.Absent && r.Type != UserAssignedIdentity
}

// assignmentsTo returns the role assignments of the stack whose principal is
// p, and whether some assignment's principal could not be resolved because
// it is computed.
func assignmentsTo(s *rule.Stack, p rule.Resource) (out []rule.Resource, unknown bool) {
	for _, ra := range s.OfType(RoleAssignment) {
		if t, ok := principalOf(s, ra); ok {
			if t.URN == p.URN {
				out = append(out, ra)
			}
			continue
		}
		if _, st := props.String(ra.Properties, "principalId"); st == props.Unknown {
			unknown = true
		}
	}
	return out, unknown
}

// vaultNameOfURI returns the vault name of a Key Vault URI
// (https://<name>.vault.azure.net/).
func vaultNameOfURI(uri string) string {
	u, err := url.Parse(strings.TrimSpace(uri))
	if err != nil || u.Host == "" {
		return ""
	}
	name, _, _ := strings.Cut(u.Hostname(), ".")
	return name
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

// entityRE extracts the queue or topic name from a Service Bus entity id.
var entityRE = regexp.MustCompile(`(?i)/providers/Microsoft\.ServiceBus/namespaces/[^/]+/(?:queues|topics)/([^/]+)`)
