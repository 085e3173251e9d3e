package report

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/pciqueue/pciqueue/components"
	// The report names the stack's cloud; the built-in clouds are the ones it knows without being told.
	_ "github.com/pciqueue/pciqueue/components/clouds"
	"github.com/pciqueue/pciqueue/internal/enginetest"
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
}

// Level is the enforcement level of a finding or a rule.
type Level string

// The levels, spelled as the policy pack's enforcement levels.
const (
	Mandatory Level = "mandatory"
	Advisory  Level = "advisory"
	Remediate Level = "remediate"
)

// Rule is what a report needs to know about one rule of the policy pack.
type Rule struct {
	Name        string
	Requirement string
	// Description says what is required; Fix says how to fix a violation.
	Description string
	Fix         string
	Level       Level
	// Types are the resource type tokens the rule judges or relates.
	Types []string
}

// RulesFrom describes the pack's rules for a report, splitting each description at "Fix:".
func RulesFrom(rules []rule.Rule) []Rule {
	out := make([]Rule, len(rules))
	for i, r := range rules {
		what, fix, _ := strings.Cut(r.Description, "Fix:")
		level := Mandatory
		if r.Level == rule.Advisory {
			level = Advisory
		}
		out[i] = Rule{
			Name:        r.Name,
			Requirement: r.Requirement,
			Description: strings.TrimSpace(what),
			Fix:         strings.TrimSpace(fix),
			Level:       level,
			Types:       append([]string(nil), r.Types...),
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
	Level                      Level
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
		if r.Level != Mandatory && r.Level != Advisory {
			errs = append(errs, fmt.Errorf("Rules[%d] (%s) has level %q; set it to %q or %q", i, r.Name, r.Level, Mandatory, Advisory))
		}
		rules[r.Name] = true
	}
	for i, f := range in.Findings {
		switch f.Level {
		case Mandatory, Advisory, Remediate:
		default:
			errs = append(errs, fmt.Errorf("Findings[%d] (%s) has level %q; set it to %q, %q or %q", i, f.Rule, f.Level, Mandatory, Advisory, Remediate))
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
