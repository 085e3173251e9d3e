package report

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/pciqueue/pciqueue/components"
	// The report names the stack's cloud; the built-in clouds are the ones it knows without being told.
	_ "github.com/pciqueue/pciqueue/components/clouds"
	"github.com/pciqueue/pciqueue/internal/enginetest"
	"github.com/pciqueue/pciqueue/internal/level"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// Input is everything a report is built from.
type Input struct {
	// Stack is the stack name, e.g. "aws-dev".
	Stack string
	// Cloud is the stack's cloud, one of the registered clouds (components.Clouds).
	Cloud string
	// Date is the day the report is about. The caller supplies it so that a report is reproducible.
	Date time.Time
	// DryRun says the resources and findings come from a preview: values known only after apply were
	// judged on update, not here.
	DryRun bool
	// Resources are the resources the stack registered, as the recording engine recorded them.
	Resources []enginetest.Resource
	// Rules are the policy pack's rules (see RulesFrom).
	Rules []Rule
	// Findings are what the pack reported.
	Findings []Finding
	// Provenance says what produced the report; its policy settings are the levels the matrix judges with.
	Provenance Provenance
	// Modified is when each deployed resource was last created or updated, by URN, as the deployment
	// records it; the inventory shows it when set.
	Modified map[string]time.Time
	// DriftCompared says the deployed state was compared with what the program plans; Drift lists what
	// differs.
	DriftCompared bool
	Drift         []Drift
}

// Drift is one difference between what the program plans and what is deployed: a resource on one side
// only (Property empty), or a security-relevant property with different values.
type Drift struct {
	Type, Name, Property string
	Planned, Deployed    string
}

// Provenance is what produced a report, printed at its top so that an assessor can reproduce it.
type Provenance struct {
	// Pack and PackVersion name the policy pack.
	Pack, PackVersion string
	// Policies is the effective policy configuration: every policy of the pack with its level and
	// properties. A rule listed here is judged at this level instead of its default.
	Policies []PolicySetting
	// Revision is the program's revision: a git commit and whether the tree was dirty, or "unknown".
	Revision string
	// StackConfig is the sha256 of the stack config file, or "" when the report was made without one.
	StackConfig string
	// State is the sha256 of the deployment export the resources were read from, or "" for a preview.
	State string
	// Tool is the version of the command that wrote the report.
	Tool string
}

// PolicySetting is one policy's effective configuration.
type PolicySetting struct {
	Name  string
	Level level.Level
	// Properties are the policy's configuration properties as JSON, or "" when it has none.
	Properties string
}

// Rule is what a report needs to know about one rule of the policy pack.
type Rule struct {
	Name        string
	Requirement string
	// Description says what is required; Fix says how to fix a violation.
	Description string
	Fix         string
	Level       level.Level
	// Types are the resource type tokens the rule judges or relates.
	Types []string
	// covers says whether the rule judges a type; nil means exactly the types in Types.
	covers func(typ string) bool
}

// judges reports whether the rule judges resources of type typ.
func (r Rule) judges(typ string) bool {
	if r.covers != nil {
		return r.covers(typ)
	}
	return slices.Contains(r.Types, typ)
}

// RulesFrom describes the pack's rules for a report, splitting each description at "Fix:".
func RulesFrom(rules []rule.Rule) []Rule {
	out := make([]Rule, len(rules))
	for i, r := range rules {
		what, fix, _ := strings.Cut(r.Description, "Fix:")
		out[i] = Rule{
			Name:        r.Name,
			Requirement: r.Requirement,
			Description: strings.TrimSpace(what),
			Fix:         strings.TrimSpace(fix),
			Level:       r.Level,
			Types:       append([]string(nil), r.Types...),
			covers:      r.Covers,
		}
	}
	return out
}

// Finding is one diagnostic of the policy pack.
type Finding struct {
	// Rule is the policy name; a remediation policy's "-fix" suffix may be kept.
	Rule string
	// Requirement is the PCI DSS requirement; when empty it is the rule's.
	Requirement string
	// URN is the resource the finding is about; empty for a finding about the whole stack.
	URN string
	// ResourceType and ResourceName describe the resource; when empty they are taken from the recorded
	// resource with URN.
	ResourceType, ResourceName string
	Level                      level.Level
	Message                    string
	// Unverified means the requirement could not be verified in preview because a value is unknown.
	Unverified bool
}

// stackName is a short Pulumi stack name, which is safe as a file name.
var stackName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]*$`)

func (in Input) validate() error {
	var errs []error
	switch {
	case strings.TrimSpace(in.Stack) == "":
		errs = append(errs, errors.New("Stack is empty; set it to the stack name, e.g. aws-dev"))
	case !stackName.MatchString(in.Stack):
		errs = append(errs, fmt.Errorf("Stack is %q; set it to the short stack name (letters, digits, '-', '_', '.'), e.g. aws-dev: it names the report files", in.Stack))
	}
	if _, ok := components.Lookup(components.Cloud(in.Cloud)); !ok {
		errs = append(errs, fmt.Errorf("Cloud is %q; set it to one of %s", in.Cloud, components.CloudList()))
	}
	if in.Date.IsZero() {
		errs = append(errs, errors.New("Date is zero; set it to the day the report is about (the report never reads the clock)"))
	}
	rules := map[string]bool{}
	for i, r := range in.Rules {
		if r.Name == "" || r.Requirement == "" {
			errs = append(errs, fmt.Errorf("Rules[%d] has name %q and requirement %q; both are required (build rules with RulesFrom)", i, r.Name, r.Requirement))
		}
		if !r.Level.Valid() {
			errs = append(errs, fmt.Errorf("Rules[%d] (%s) has level %s; set it to one of %v", i, r.Name, r.Level, level.All()))
		}
		rules[r.Name] = true
	}
	for i, p := range in.Provenance.Policies {
		if !p.Level.Valid() {
			errs = append(errs, fmt.Errorf("Provenance.Policies[%d] (%s) has level %s; set it to one of %v", i, p.Name, p.Level, level.All()))
		}
	}
	for i, f := range in.Findings {
		if !f.Level.Valid() || f.Level == level.Disabled {
			errs = append(errs, fmt.Errorf("Findings[%d] (%s) has level %s; set it to %s, %s or %s: a disabled policy reports nothing", i, f.Rule, f.Level, level.Mandatory, level.Advisory, level.Remediate))
		}
		if f.Requirement == "" && !rules[f.Rule] && !rules[strings.TrimSuffix(f.Rule, "-fix")] {
			errs = append(errs, fmt.Errorf("Findings[%d] names rule %q, which is not in Rules, and has no Requirement; set Requirement or add the rule", i, f.Rule))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("building report for stack %q: %w", in.Stack, err)
	}
	return nil
}
