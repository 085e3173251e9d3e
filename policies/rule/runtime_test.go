package rule

import (
	"context"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"

	"github.com/pciqueue/pciqueue/internal/props"
	"github.com/pciqueue/pciqueue/policies/scope"
)

type report struct{ policy, message, urn string }

// recorder is a policyx.PolicyManager that records what each policy reports.
type recorder struct {
	policy  string
	reports []report
}

func (r *recorder) ReportViolation(message, urn string) {
	r.reports = append(r.reports, report{r.policy, message, urn})
}

const queueType = "aws:sqs/queue:Queue"

var (
	ownerRule = Rule{
		Name: scope.PolicyName, Requirement: "12.5.2", Types: []string{queueType}, ScopeOwner: true,
		Description: "scope owner. Fix: tag it.",
		Check:       func(Resource, Config) Findings { return nil },
	}
	keyRule = Rule{
		Name: "pci-3.5.1-test-key", Requirement: "3.5.1", Types: []string{queueType},
		Description: "queue needs a key. Fix: set kmsMasterKeyId.",
		Check: func(r Resource, _ Config) (f Findings) {
			v, st := props.String(r.Properties, "kmsMasterKeyId")
			if f.Unreadable(st, "kmsMasterKeyId") {
				return f
			}
			if v == "" {
				f.Violation("kmsMasterKeyId", "no key")
			}
			return f
		},
	}
	stackRule = Rule{
		Name: "pci-3.6.1-test-stack", Requirement: "3.6.1", Types: []string{queueType},
		Description: "every in-scope queue is reported. Fix: none.",
		CheckStack: func(s *Stack, _ Config) (f Findings) {
			for _, q := range s.OfType(queueType) {
				if s.InScope(q) {
					f.UnverifiedAt(q.URN, "kmsMasterKeyId")
				}
			}
			return f
		},
	}
	panicRule = Rule{
		Name: "pci-1.1-test-panic", Requirement: "1.1", Types: []string{queueType},
		Description: "panics. Fix: none.",
		Check:       func(r Resource, _ Config) Findings { return Findings{{Message: r.Properties.Get("x").AsString()}} },
	}
)

func queue(name string, props map[string]property.Value) policyx.AnalyzerResource {
	return policyx.AnalyzerResource{
		Type: queueType, Name: name, URN: "urn:pulumi:test::p::" + queueType + "::" + name,
		Properties: property.NewMap(props),
	}
}

// analyze runs the policies over one resource as policyx does: in order, each
// with its own configuration.
func analyze(t *testing.T, policies []policyx.Policy, config map[string]map[string]any, res policyx.AnalyzerResource) []report {
	t.Helper()
	rec := &recorder{}
	for _, p := range policies {
		if rp, ok := p.(policyx.ResourceValidationPolicy); ok {
			rec.policy = p.Name()
			if err := rp.Validate(context.Background(), policyx.ResourceValidationArgs{Manager: rec, Resource: res, Config: config[p.Name()]}); err != nil {
				t.Fatalf("policy %q returned an error: %v", p.Name(), err)
			}
		}
	}
	return rec.reports
}

func analyzeStack(t *testing.T, policies []policyx.Policy, resources ...policyx.AnalyzerResource) []report {
	t.Helper()
	rec := &recorder{}
	for _, p := range policies {
		if sp, ok := p.(policyx.StackValidationPolicy); ok {
			rec.policy = p.Name()
			if err := sp.Validate(context.Background(), policyx.StackValidationArgs{Manager: rec, Resources: resources}); err != nil {
				t.Fatalf("policy %q returned an error: %v", p.Name(), err)
			}
		}
	}
	return rec.reports
}

func policies(t *testing.T, dryRun bool, rules ...Rule) []policyx.Policy {
	t.Helper()
	ps, err := NewRuntime(dryRun).Policies(rules)
	if err != nil {
		t.Fatal(err)
	}
	return ps
}

func TestRuntime_previewParksUnverifiedForTheAdvisoryReporter(t *testing.T) {
	ps := policies(t, true, keyRule, ownerRule)
	if ps[0].Name() != scope.PolicyName || ps[len(ps)-3].Name() != UnverifiedPolicy || ps[len(ps)-1].Name() != OutsideStackPolicy {
		t.Fatalf("scope owner must come first and reporters last, got first %q", ps[0].Name())
	}
	got := analyze(t, ps, nil, queue("orders", map[string]property.Value{"kmsMasterKeyId": property.New(property.Computed)}))
	if len(got) != 1 || got[0].policy != UnverifiedPolicy ||
		!strings.Contains(got[0].message, "pci-3.5.1-test-key (PCI DSS 3.5.1): could not be verified in preview: kmsMasterKeyId is computed") {
		t.Errorf("got %+v", got)
	}
	if again := analyze(t, ps, nil, queue("orders", map[string]property.Value{"kmsMasterKeyId": property.New("arn:k")})); len(again) != 0 {
		t.Errorf("a parked finding leaked into the next analysis: %+v", again)
	}
}

func TestRuntime_updateReportsUnverifiedAtTheRuleLevel(t *testing.T) {
	ps := policies(t, false, ownerRule, keyRule)
	got := analyze(t, ps, nil, queue("orders", map[string]property.Value{"kmsMasterKeyId": property.New(property.Computed)}))
	if len(got) != 1 || got[0].policy != keyRule.Name || !strings.Contains(got[0].message, "could not be verified") {
		t.Errorf("got %+v", got)
	}
}

func TestRuntime_taggedScopeSkipsUnmarkedResourcesInResourceAndStackRules(t *testing.T) {
	ps := policies(t, true, ownerRule, keyRule, stackRule)
	cfg := map[string]map[string]any{scope.PolicyName: {"cde": "tagged"}}
	out := queue("scratch", map[string]property.Value{"tags": property.New(map[string]property.Value{"pci-scope": property.New("none")})})
	in := queue("orders", map[string]property.Value{"tags": property.New(map[string]property.Value{"pci-scope": property.New("cde")})})
	if got := analyze(t, ps, cfg, out); len(got) != 0 {
		t.Errorf("out-of-scope queue judged: %+v", got)
	}
	if got := analyze(t, ps, cfg, in); len(got) != 1 || got[0].policy != keyRule.Name {
		t.Errorf("in-scope queue: got %+v", got)
	}
	got := analyzeStack(t, ps, out, in)
	if len(got) != 1 || got[0].urn != in.URN || got[0].policy != UnverifiedStackPolicy {
		t.Errorf("stack rule must judge only the in-scope queue: got %+v", got)
	}
}

func TestRuntime_defaultScopeJudgesEverything(t *testing.T) {
	ps := policies(t, false, ownerRule, keyRule)
	out := queue("scratch", map[string]property.Value{"tags": property.New(map[string]property.Value{"pci-scope": property.New("none")})})
	if got := analyze(t, ps, nil, out); len(got) != 1 {
		t.Errorf("with no scope configuration every resource is in scope: got %+v", got)
	}
}

func TestRuntime_badScopeConfigurationIsReportedAndKeepsEverythingInScope(t *testing.T) {
	ps := policies(t, false, ownerRule, keyRule)
	cfg := map[string]map[string]any{scope.PolicyName: {"cde": "some"}}
	out := queue("scratch", map[string]property.Value{"tags": property.New(map[string]property.Value{"pci-scope": property.New("none")})})
	got := analyze(t, ps, cfg, out)
	if len(got) != 2 || got[0].policy != scope.PolicyName || got[1].policy != keyRule.Name {
		t.Errorf("got %+v", got)
	}
}

func TestRuntime_panickingRuleFailsClosedWithoutError(t *testing.T) {
	ps := policies(t, false, ownerRule, panicRule)
	got := analyze(t, ps, nil, queue("orders", map[string]property.Value{"x": property.New(3.0)}))
	if len(got) != 1 || got[0].policy != panicRule.Name || !strings.Contains(got[0].message, "failed on this resource") {
		t.Errorf("got %+v", got)
	}
}

func TestRuntime_rejectsInvalidRuleSets(t *testing.T) {
	if _, err := NewRuntime(false).Policies([]Rule{keyRule}); err == nil {
		t.Error("a rule set without the scope owner must be rejected")
	}
	bad := keyRule
	bad.Name = "queue-key"
	if _, err := NewRuntime(false).Policies([]Rule{ownerRule, bad}); err == nil {
		t.Error("a rule whose name does not carry its requirement must be rejected")
	}
}

// externalKeyRule accepts a queue key only when the pack configuration
// declares it managed outside the stack, as the key-in-stack rules do.
var externalKeyRule = Rule{
	Name: "pci-3.6.1-test-external", Requirement: "3.6.1", Types: []string{queueType},
	Description: "queue key is in the stack or declared outside it. Fix: declare it.",
	CheckStack: func(s *Stack, _ Config) (f Findings) {
		for _, q := range s.OfType(queueType) {
			key, _ := props.String(q.Properties, "kmsMasterKeyId")
			if k, ok := s.External().AWSKey(key); ok {
				f.NoticeAt(q.URN, "kmsMasterKeyId", "key %s is managed outside the stack", k.ID)
				continue
			}
			f.ViolationAt(q.URN, "kmsMasterKeyId", "key outside the stack")
		}
		return f
	},
}

const testKeyArn = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"

func TestRuntime_declaredExternalKeyIsANoticeOfTheAdvisoryPolicyNeverSilent(t *testing.T) {
	q := queue("orders", map[string]property.Value{"kmsMasterKeyId": property.New(testKeyArn)})
	for _, dryRun := range []bool{true, false} {
		ps := policies(t, dryRun, ownerRule, externalKeyRule)
		cfg := map[string]map[string]any{scope.PolicyName: {"externalKeys": []any{testKeyArn}}}
		if got := analyze(t, ps, cfg, q); len(got) != 0 {
			t.Fatalf("dryRun=%v: resource policies: got %+v", dryRun, got)
		}
		got := analyzeStack(t, ps, q)
		if len(got) != 1 || got[0].policy != OutsideStackPolicy || got[0].urn != q.URN ||
			!strings.Contains(got[0].message, "pci-3.6.1-test-external (PCI DSS 3.6.1): key "+testKeyArn+" is managed outside the stack") {
			t.Errorf("dryRun=%v: want one notice from %s, got %+v", dryRun, OutsideStackPolicy, got)
		}
		for _, p := range ps {
			if p.Name() == OutsideStackPolicy && p.EnforcementLevel() != policyx.EnforcementLevelAdvisory {
				t.Errorf("%s must be advisory, is %v", OutsideStackPolicy, p.EnforcementLevel())
			}
		}
	}
}

func TestRuntime_undeclaredExternalKeyStaysAViolation(t *testing.T) {
	q := queue("orders", map[string]property.Value{"kmsMasterKeyId": property.New(testKeyArn)})
	ps := policies(t, false, ownerRule, externalKeyRule)
	analyze(t, ps, nil, q)
	if got := analyzeStack(t, ps, q); len(got) != 1 || got[0].policy != externalKeyRule.Name {
		t.Errorf("got %+v", got)
	}
}

func TestRuntime_malformedExternalDeclarationIsReportedAndDeclaresNothing(t *testing.T) {
	q := queue("orders", map[string]property.Value{"kmsMasterKeyId": property.New(testKeyArn)})
	ps := policies(t, false, ownerRule, externalKeyRule)
	cfg := map[string]map[string]any{scope.PolicyName: {"externalKeys": []any{testKeyArn, "alias/central"}}}
	got := analyze(t, ps, cfg, q)
	if len(got) != 1 || got[0].policy != scope.PolicyName || !strings.Contains(got[0].message, "externalKeys") {
		t.Errorf("resource policies: got %+v", got)
	}
	if got := analyzeStack(t, ps, q); len(got) != 1 || got[0].policy != externalKeyRule.Name {
		t.Errorf("a malformed list must declare nothing: got %+v", got)
	}
}
