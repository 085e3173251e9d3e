package rule

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/pciqueue/pciqueue/internal/level"
	"github.com/pciqueue/pciqueue/internal/typetoken"
	"github.com/pciqueue/pciqueue/policies/scope"
)

// Cloud names a cloud a rule covers.
type Cloud string

// The clouds, spelled as fixture file names spell them.
const (
	AWS   Cloud = "aws"
	Azure Cloud = "azure"
	GCP   Cloud = "gcp"
)

// CloudOf returns the cloud of a resource type token, or "" for a type that
// belongs to none (such as pulumi:pulumi:Stack or a component).
func CloudOf(typ string) Cloud {
	switch {
	case strings.HasPrefix(typ, "aws:"):
		return AWS
	case strings.HasPrefix(typ, "azure-native:"):
		return Azure
	case strings.HasPrefix(typ, "gcp:"):
		return GCP
	default:
		return ""
	}
}

// Rule is one PCI check.
type Rule struct {
	// Name is the policy name: "pci-<requirement>-<what>", lower case.
	Name string
	// Requirement is the PCI DSS 4.0 requirement id, e.g. "3.5.1".
	Requirement string
	// Description says what is required, then "Fix:" and how to fix it.
	Description string
	// Types are the resource type tokens the rule judges (resource rules) or
	// relates (stack rules).
	Types []string
	// Level is the default enforcement level: Mandatory (the zero value) or Advisory.
	Level level.Level
	// Params are the rule's configuration parameters.
	Params []Param

	// Check judges one resource. Exactly one of Check and CheckStack is set.
	Check func(r Resource, c Config) Findings
	// CheckStack judges the whole stack.
	CheckStack func(s *Stack, c Config) Findings
	// Remediate optionally returns corrected properties for a resource rule,
	// and false when there is nothing it can safely fix.
	Remediate func(r Resource, c Config) (property.Map, bool)

	// ScopeOwner marks the one rule whose configuration carries the pack's
	// scope settings (see package scope). It judges every resource it
	// covers, in scope or not: it judges how scope is marked.
	ScopeOwner bool
	// MandatoryWhen, when set, makes the findings of an advisory rule
	// mandatory (unless the policy is disabled) under the scope
	// configuration for which it returns true.
	MandatoryWhen func(scope.Config) bool
	// EveryType makes a resource rule judge every resource of the clouds its
	// Types belong to, whatever its type; Types then names the types the
	// rule knows more about and gives its clouds (and so its fixtures).
	EveryType bool
}

// Param is a rule configuration parameter.
type Param struct {
	Name        string
	Description string
	// Default is the value used when the configuration does not set it, as
	// encoding/json would decode it (float64, string, bool, []any).
	Default any
	// Schema is the JSON schema of the value, without description and default.
	Schema map[string]any
}

// Covers reports whether the rule judges resources of type typ. A token of an
// explicit azure-native API version is covered as its default-version token
// (see typetoken.Canonical).
func (r Rule) Covers(typ string) bool {
	typ = typetoken.Canonical(typ)
	if r.EveryType {
		return slices.Contains(r.Clouds(), CloudOf(typ))
	}
	return slices.Contains(r.Types, typ)
}

// Clouds returns the clouds of the rule's types, in a stable order.
func (r Rule) Clouds() []Cloud {
	var out []Cloud
	for _, c := range []Cloud{AWS, Azure, GCP} {
		if slices.ContainsFunc(r.Types, func(t string) bool { return CloudOf(t) == c }) {
			out = append(out, c)
		}
	}
	return out
}

// PolicyDescription is the description the engine shows with every finding:
// the PCI DSS requirement a mandatory rule finds unmet, or, for an advisory
// rule, that it hardens beyond what the requirement asks, then the rule's own
// description.
func (r Rule) PolicyDescription() string {
	if r.Level == level.Advisory {
		return fmt.Sprintf("Advisory, beyond what PCI DSS 4.0 requirement %s asks (configure it mandatory to enforce it): %s", r.Requirement, r.Description)
	}
	return fmt.Sprintf("Required by PCI DSS 4.0 requirement %s: %s", r.Requirement, r.Description)
}

// IsStack reports whether the rule is a stack rule.
func (r Rule) IsStack() bool { return r.CheckStack != nil }

var (
	nameRE        = regexp.MustCompile(`^pci-([0-9]+(\.[0-9]+)*)-[a-z0-9]+(-[a-z0-9]+)*$`)
	requirementRE = regexp.MustCompile(`^[0-9]+(\.[0-9]+)*$`)
	typeRE        = regexp.MustCompile(`^[a-z][a-z0-9-]*:[A-Za-z0-9/._-]+:[A-Za-z0-9]+$`)
)

// Validate reports what is wrong with a rule definition.
func (r Rule) Validate() error {
	var errs []error
	m := nameRE.FindStringSubmatch(r.Name)
	switch {
	case m == nil:
		errs = append(errs, fmt.Errorf("name %q must look like pci-<requirement>-<what>, e.g. pci-3.5.1-queue-cmk", r.Name))
	case m[1] != r.Requirement:
		errs = append(errs, fmt.Errorf("name %q must carry requirement %q", r.Name, r.Requirement))
	}
	if !requirementRE.MatchString(r.Requirement) {
		errs = append(errs, fmt.Errorf("requirement %q must be a PCI DSS id such as 3.5.1", r.Requirement))
	}
	if what, fix, ok := strings.Cut(r.Description, "Fix:"); !ok || strings.TrimSpace(what) == "" || strings.TrimSpace(fix) == "" {
		errs = append(errs, errors.New("description must say what is required, then \"Fix:\" and how to fix it"))
	}
	if len(r.Types) == 0 {
		errs = append(errs, errors.New("types must list at least one resource type token"))
	}
	for _, t := range r.Types {
		if !typeRE.MatchString(t) || CloudOf(t) == "" {
			errs = append(errs, fmt.Errorf("type %q is not an aws:, azure-native: or gcp: type token", t))
		}
	}
	if (r.Check == nil) == (r.CheckStack == nil) {
		errs = append(errs, errors.New("exactly one of Check and CheckStack must be set"))
	}
	if r.EveryType && r.Check == nil {
		errs = append(errs, errors.New("EveryType needs a resource rule (Check)"))
	}
	if r.Remediate != nil && r.Check == nil {
		errs = append(errs, errors.New("a Remediate function needs a resource rule (Check)"))
	}
	if r.Level != level.Mandatory && r.Level != level.Advisory {
		errs = append(errs, fmt.Errorf("level %s is neither mandatory nor advisory", r.Level))
	}
	for _, p := range r.Params {
		if p.Name == "" || p.Name == "enforcementLevel" || p.Schema == nil {
			errs = append(errs, fmt.Errorf("param %q needs a name other than enforcementLevel and a schema", p.Name))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("rule %q: %w", r.Name, err)
	}
	return nil
}
