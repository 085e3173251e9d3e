package azure

import (
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/pciqueue/pciqueue/internal/props"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// requireBool reports a violation unless the boolean at path is want. An
// absent value is judged by absentOK (the provider's default).
func requireBool(f *rule.Findings, m property.Map, path string, want, absentOK bool, msg string) {
	v, st := props.Bool(m, path)
	switch {
	case f.Unreadable(st, path):
	case st == props.Absent:
		if !absentOK {
			f.Violation(path, "%s", msg)
		}
	case v != want:
		f.Violation(path, "%s", msg)
	}
}

// stringIs reports whether the string at path is known and equal to one of
// want, ignoring case.
func stringIs(m property.Map, path string, want ...string) bool {
	v, st := props.String(m, path)
	if !st.Ok() {
		return false
	}
	for _, w := range want {
		if strings.EqualFold(strings.TrimSpace(v), w) {
			return true
		}
	}
	return false
}

// setFix returns m with path (a top-level or dotted map path) set to v,
// creating intermediate maps.
func setFix(m property.Map, path string, v property.Value) property.Map {
	head, rest, nested := strings.Cut(path, ".")
	if !nested {
		return m.Set(head, v)
	}
	inner := property.Map{}
	if cur, ok := m.GetOk(head); ok && cur.IsMap() {
		inner = cur.AsMap()
	}
	return m.Set(head, property.New(setFix(inner, rest, v)))
}
