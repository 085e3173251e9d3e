package common

import (
	"slices"
	"strings"

	"github.com/pciqueue/pciqueue/internal/level"
	"github.com/pciqueue/pciqueue/internal/props"
	"github.com/pciqueue/pciqueue/policies/rule"
	"github.com/pciqueue/pciqueue/policies/scope"
)

// ScopeTags asks every taggable resource to document its scope with tags,
// and carries the pack's scope configuration (see package scope). PCI DSS
// 12.5.2 asks for a documented scope, not for tags: with the default
// configuration (cde: all) the configuration itself documents the scope, so
// the tags are advisory. With cde: tagged the tags are the scope's
// documentation, so a taggable resource without a scope tag has an
// undocumented scope and the findings are mandatory.
var ScopeTags = rule.Rule{
	Name:        scope.PolicyName,
	Requirement: "12.5.2",
	Description: "Every taggable resource in the cardholder-data environment carries the PCI scope tag (label on Google Cloud) and a data-classification tag, so the scope is documented on the resource itself. This policy's configuration also sets the pack's scope (cde: all | tagged). With cde: tagged the tags are how scope is documented: every taggable resource must then carry the scope tag (in scope or not), and this policy's findings are mandatory unless it is disabled. Fix: add tags pci-scope=cde (or connected / security-impacting) and data-classification=<class>, on the resource or through the provider's default tags/labels.",
	Types:       sortedTaggable(),
	Level:       level.Advisory,
	Params: []rule.Param{{
		Name:        "requiredTags",
		Description: "Tags or labels required besides the scope tag.",
		Default:     []any{"data-classification"},
		Schema:      map[string]any{"type": "array", "items": map[string]any{"type": "string"}},
	}},
	Check:      checkScopeTags,
	ScopeOwner: true,
	// PCI DSS 12.5.2 is unmet when scope is marked by tags and a tag is missing.
	MandatoryWhen: func(sc scope.Config) bool { return sc.Mode == scope.Tagged },
}

func sortedTaggable() []string {
	t := scope.TaggableTypes()
	slices.Sort(t)
	return t
}

func checkScopeTags(r rule.Resource, c rule.Config) (f rule.Findings) {
	sc, _ := scope.Parse(c.Raw())
	tags, st := scope.Tags(r.Type, r.Properties, r.Provider.Properties)
	path := "tags"
	if r.Cloud() == rule.GCP {
		path = "labels"
	}
	required := []string{sc.Tag}
	if sc.InScope(r.Type, r.Properties, r.Provider.Properties) {
		required = append(required, c.Strings("requiredTags")...)
	}
	for _, key := range required {
		v, ok := tags[key]
		switch {
		case ok && strings.TrimSpace(v) != "":
			continue
		case st == props.Unknown:
			f.Unverified(path + "." + key)
		case st == props.WrongKind:
			f.Violation(path, "%s is malformed, so tag %q cannot be read; set %s as a map of strings", path, key, path)
		case ok:
			f.Violation(path+"."+key, "tag %q is empty; give it a value (for %q one of %s)", key, sc.Tag, strings.Join(sc.Values, ", "))
		default:
			f.Violation(path+"."+key, "tag %q is missing; add it to the resource or to the provider's default %s", key, path)
		}
	}
	return f
}
