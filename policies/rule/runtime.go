package rule

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"

	"github.com/pciqueue/pciqueue/internal/level"
	"github.com/pciqueue/pciqueue/policies/external"
	"github.com/pciqueue/pciqueue/policies/scope"
)

// The policies that report, in a preview, what could not be verified yet.
const (
	UnverifiedPolicy      = "pci-preview-unverified"
	UnverifiedStackPolicy = "pci-preview-unverified-stack"
)

// OutsideStackPolicy is the advisory policy that reports every notice: a
// requirement met by a key or audit sink declared managed and assessed
// outside the stack, which must be evidenced where it lives.
const OutsideStackPolicy = "pci-evidence-outside-stack"

// stackKey keys the pending findings of stack rules; noticeKey keys the
// notices of every rule.
const (
	stackKey  = "\x00stack"
	noticeKey = "\x00notice"
)

// Runtime turns rules into policyx policies for one analyzer process and
// holds the state policyx does not carry between policies: whether the
// operation is a preview, the pack-wide settings (scope and what is declared
// outside the stack), and the findings waiting for the advisory reporters.
type Runtime struct {
	dryRun bool

	mu       sync.Mutex
	scope    scope.Config
	external external.Config
	pending  map[string][]parked
	// onScope is called when the scope in force changes, onExternal when the
	// declarations do.
	onScope    func(scope.Config)
	onExternal func(external.Config)
}

// parked is an unverified finding waiting for the advisory reporter.
type parked struct {
	line string
	urn  string
}

// NewRuntime returns a runtime for an operation that is a preview when dryRun.
func NewRuntime(dryRun bool) *Runtime {
	return &Runtime{dryRun: dryRun, scope: scope.Default(), pending: map[string][]parked{}}
}

// Scope returns the scope currently in force.
func (rt *Runtime) Scope() scope.Config {
	rt.mu.Lock()
	defer rt.mu.Unlock()
	return rt.scope
}

// OnScopeChange registers fn to be called whenever the configured scope
// differs from the one in force, so that narrowing the scope is announced.
func (rt *Runtime) OnScopeChange(fn func(scope.Config)) {
	rt.mu.Lock()
	defer rt.mu.Unlock()
	rt.onScope = fn
}

// External returns what the configuration declares managed and assessed
// outside the stack.
func (rt *Runtime) External() external.Config {
	rt.mu.Lock()
	defer rt.mu.Unlock()
	return rt.external
}

// OnExternalChange registers fn to be called whenever the declarations of
// keys and audit sinks outside the stack change, so that they are announced.
func (rt *Runtime) OnExternalChange(fn func(external.Config)) {
	rt.mu.Lock()
	defer rt.mu.Unlock()
	rt.onExternal = fn
}

func (rt *Runtime) setExternal(c external.Config) {
	rt.mu.Lock()
	changed := !c.Equal(rt.external)
	rt.external = c
	fn := rt.onExternal
	rt.mu.Unlock()
	if changed && fn != nil {
		fn(c)
	}
}

func (rt *Runtime) setScope(c scope.Config) {
	rt.mu.Lock()
	changed := c.Mode != rt.scope.Mode || c.Tag != rt.scope.Tag || !slices.Equal(c.Values, rt.scope.Values)
	rt.scope = c
	fn := rt.onScope
	rt.mu.Unlock()
	if changed && fn != nil {
		fn(c)
	}
}

func (rt *Runtime) park(key string, p parked) {
	rt.mu.Lock()
	defer rt.mu.Unlock()
	rt.pending[key] = append(rt.pending[key], p)
}

func (rt *Runtime) drain(key string) []parked {
	rt.mu.Lock()
	defer rt.mu.Unlock()
	lines := rt.pending[key]
	delete(rt.pending, key)
	return lines
}

// Policies returns the policies for rules: one per rule, a "<name>-fix"
// remediation policy per rule with Remediate, and the two unverified
// reporters. The scope owner comes first and the reporters last, because
// policyx runs a request's policies in this order. The reporters are the two
// unverified reporters and the outside-stack reporter.
func (rt *Runtime) Policies(rules []Rule) ([]policyx.Policy, error) {
	ordered := slices.Clone(rules)
	slices.SortStableFunc(ordered, func(a, b Rule) int {
		switch {
		case a.ScopeOwner == b.ScopeOwner:
			return 0
		case a.ScopeOwner:
			return -1
		default:
			return 1
		}
	})
	var out []policyx.Policy
	owners := 0
	for _, r := range ordered {
		if err := r.Validate(); err != nil {
			return nil, err
		}
		if r.ScopeOwner {
			owners++
			if r.Name != scope.PolicyName || r.IsStack() {
				return nil, fmt.Errorf("rule %q: only the resource rule %q may own the scope", r.Name, scope.PolicyName)
			}
		}
		if r.IsStack() {
			out = append(out, rt.stackPolicy(r))
			continue
		}
		// The scope owner reads the pack's configuration on every resource
		// (and reports a malformed one there), whatever its type.
		covers := r.Covers
		if r.ScopeOwner {
			covers = everyType
		}
		out = append(out, coveringValidation{rt.resourcePolicy(r), covers, rt.escalation(r)})
		if r.Remediate != nil {
			out = append(out, coveringRemediation{rt.remediationPolicy(r), r.Covers})
		}
	}
	if owners != 1 {
		return nil, fmt.Errorf("building policies: want exactly one scope owner (%q), got %d", scope.PolicyName, owners)
	}
	return append(out, rt.unverifiedPolicy(), rt.unverifiedStackPolicy(), rt.outsideStackPolicy()), nil
}

// escalation returns the level at which r reports given the level
// configured for its policy: mandatory instead of advisory while the scope in
// force asks for it (Rule.MandatoryWhen).
func (rt *Runtime) escalation(r Rule) func(policyx.EnforcementLevel) policyx.EnforcementLevel {
	return func(l policyx.EnforcementLevel) policyx.EnforcementLevel {
		if l == policyx.EnforcementLevelAdvisory && r.MandatoryWhen != nil && r.MandatoryWhen(rt.Scope()) {
			return policyx.EnforcementLevelMandatory
		}
		return l
	}
}

func enforcement(l level.Level) policyx.EnforcementLevel {
	if l == level.Advisory {
		return policyx.EnforcementLevelAdvisory
	}
	return policyx.EnforcementLevelMandatory
}

// configSchema is the policy configuration schema of r.
func configSchema(r Rule) *policyx.ConfigSchema {
	s := &policyx.ConfigSchema{Properties: map[string]map[string]any{}}
	if r.ScopeOwner {
		for k, v := range scope.Schema() {
			s.Properties[k] = v
		}
		for k, v := range external.Schema() {
			s.Properties[k] = v
		}
	}
	for _, p := range r.Params {
		prop := map[string]any{"description": p.Description, "default": p.Default}
		for k, v := range p.Schema {
			prop[k] = v
		}
		s.Properties[p.Name] = prop
	}
	if len(s.Properties) == 0 {
		return nil
	}
	return s
}

// judge runs a resource judgement, turning a panic into a violation so that a
// bug in one rule fails closed without aborting the whole analysis.
func judge(r Rule, res Resource, c Config) (f Findings) {
	defer func() {
		if p := recover(); p != nil {
			f = Findings{{Kind: Violation, Message: fmt.Sprintf("rule %q failed on this resource (%v); it cannot be shown compliant, report this to the pack maintainers", r.Name, p)}}
		}
	}()
	return r.Check(res, c)
}

func judgeStack(r Rule, s *Stack, c Config) (f Findings) {
	defer func() {
		if p := recover(); p != nil {
			f = Findings{{Kind: Violation, Message: fmt.Sprintf("rule %q failed on this stack (%v); it cannot be shown compliant, report this to the pack maintainers", r.Name, p)}}
		}
	}()
	return r.CheckStack(s, c)
}

// report sends findings through the manager: violations always, unverified
// findings on update, or parks them for the advisory reporter in a preview.
// Notices are always parked for the outside-stack reporter.
func (rt *Runtime) report(r Rule, m policyx.PolicyManager, key string, fs Findings) {
	for _, f := range fs {
		if f.Kind == Notice {
			urn := f.URN
			if urn == "" {
				urn = key
			}
			rt.park(noticeKey, parked{line: fmt.Sprintf("%s (PCI DSS %s): %s", r.Name, r.Requirement, f.Message), urn: urn})
			continue
		}
		if f.Kind == Unverified {
			if rt.dryRun {
				rt.park(key, parked{line: unverifiedLine(r, f), urn: f.URN})
				continue
			}
			m.ReportViolation("could not be verified: "+f.Message+" at update time, so the requirement cannot be shown to be met", f.URN)
			continue
		}
		m.ReportViolation(f.Message, f.URN)
	}
}

func unverifiedLine(r Rule, f Finding) string {
	return fmt.Sprintf("%s (PCI DSS %s): could not be verified in preview: %s", r.Name, r.Requirement, f.Message)
}

func (rt *Runtime) resourcePolicy(r Rule) policyx.ResourceValidationPolicy {
	return policyx.NewResourceValidationPolicy(r.Name, policyx.ResourceValidationPolicyArgs{
		Description:      r.PolicyDescription(),
		EnforcementLevel: enforcement(r.Level),
		ConfigSchema:     configSchema(r),
		ValidateResource: func(_ context.Context, args policyx.ResourceValidationArgs) error {
			if r.ScopeOwner {
				sc, err := scope.Parse(args.Config)
				if err != nil {
					args.Manager.ReportViolation(err.Error()+"; every resource stays in scope until it is fixed", "")
				}
				rt.setScope(sc)
				ext, err := external.Parse(args.Config)
				if err != nil {
					args.Manager.ReportViolation(err.Error()+"; nothing is declared outside the stack until it is fixed", "")
				}
				rt.setExternal(ext)
			}
			res := FromAnalyzer(args.Resource)
			if !r.Covers(res.Type) || (!r.ScopeOwner && !rt.Scope().InScope(res.Type, res.Properties, res.Provider.Properties)) {
				return nil
			}
			c, err := NewConfig(r, args.Config)
			if err != nil {
				args.Manager.ReportViolation(err.Error(), "")
			}
			rt.report(r, args.Manager, res.URN, judge(r, res, c))
			return nil
		},
	})
}

func (rt *Runtime) stackPolicy(r Rule) policyx.StackValidationPolicy {
	return policyx.NewStackValidationPolicy(r.Name, policyx.StackValidationPolicyArgs{
		Description:      r.PolicyDescription(),
		EnforcementLevel: enforcement(r.Level),
		ConfigSchema:     configSchema(r),
		ValidateStack: func(_ context.Context, args policyx.StackValidationArgs) error {
			resources := make([]Resource, len(args.Resources))
			for i, a := range args.Resources {
				resources[i] = FromAnalyzer(a)
			}
			// policyx never hands a stack policy its configuration, so a stack
			// rule always judges with its parameters' defaults.
			c, _ := NewConfig(r, nil)
			rt.report(r, args.Manager, stackKey, judgeStack(r, NewStack(resources, rt.Scope()).WithExternal(rt.External()), c))
			return nil
		},
	})
}

func (rt *Runtime) remediationPolicy(r Rule) policyx.ResourceRemediationPolicy {
	return policyx.NewResourceRemediationPolicy(r.Name+"-fix", policyx.ResourceRemediationPolicyArgs{
		Description:  "Automatic fix for " + r.Name + ": " + r.PolicyDescription(),
		ConfigSchema: configSchema(r),
		RemediateResource: func(_ context.Context, args policyx.ResourceRemediationArgs) (*property.Map, error) {
			res := FromAnalyzer(args.Resource)
			if !r.Covers(res.Type) || !rt.Scope().InScope(res.Type, res.Properties, res.Provider.Properties) {
				return nil, nil
			}
			c, err := NewConfig(r, args.Config)
			if err != nil {
				// A misconfigured fix does nothing; the rule itself reports the
				// configuration error.
				return nil, nil
			}
			fixed, ok := remedy(r, res, c)
			if !ok {
				return nil, nil
			}
			return &fixed, nil
		},
	})
}

func remedy(r Rule, res Resource, c Config) (fixed property.Map, ok bool) {
	defer func() {
		if recover() != nil {
			fixed, ok = property.Map{}, false
		}
	}()
	return r.Remediate(res, c)
}

func (rt *Runtime) unverifiedPolicy() policyx.ResourceValidationPolicy {
	return policyx.NewResourceValidationPolicy(UnverifiedPolicy, policyx.ResourceValidationPolicyArgs{
		Description:      "PCI checks that could not be verified in this preview because a value they depend on is computed; they are judged when the value is known, on update. Fix: nothing to do unless the check fails on update; set this policy to mandatory for strict previews.",
		EnforcementLevel: policyx.EnforcementLevelAdvisory,
		ValidateResource: func(_ context.Context, args policyx.ResourceValidationArgs) error {
			for _, p := range rt.drain(args.Resource.URN) {
				args.Manager.ReportViolation(p.line, p.urn)
			}
			return nil
		},
	})
}

func (rt *Runtime) unverifiedStackPolicy() policyx.StackValidationPolicy {
	return policyx.NewStackValidationPolicy(UnverifiedStackPolicy, policyx.StackValidationPolicyArgs{
		Description:      "PCI stack checks that could not be verified in this preview because a value they depend on is computed; they are judged when the value is known, on update. Fix: nothing to do unless the check fails on update; set this policy to mandatory for strict previews.",
		EnforcementLevel: policyx.EnforcementLevelAdvisory,
		ValidateStack: func(_ context.Context, args policyx.StackValidationArgs) error {
			for _, p := range rt.drain(stackKey) {
				args.Manager.ReportViolation(p.line, p.urn)
			}
			return nil
		},
	})
}

func (rt *Runtime) outsideStackPolicy() policyx.StackValidationPolicy {
	return policyx.NewStackValidationPolicy(OutsideStackPolicy, policyx.StackValidationPolicyArgs{
		Description:      "PCI checks met only because the pack configuration declares a key or audit sink managed and assessed outside the stack (externalKeys, externalTrails, externalWorkspaces on " + scope.PolicyName + "); the pack cannot see its rotation, deletion guard or retention. Fix: evidence those where the key or sink lives (its own stack's policy results or the key-management account's assessment), or manage it in this stack.",
		EnforcementLevel: policyx.EnforcementLevelAdvisory,
		ValidateStack: func(_ context.Context, args policyx.StackValidationArgs) error {
			for _, p := range rt.drain(noticeKey) {
				args.Manager.ReportViolation(p.line, p.urn)
			}
			return nil
		},
	})
}
