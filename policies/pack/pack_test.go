package pack

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"

	"github.com/pciqueue/pciqueue/internal/level"
	"github.com/pciqueue/pciqueue/policies/fixture"
	"github.com/pciqueue/pciqueue/policies/rule"
)

const testdata = "../testdata"

func loadFixtures(t testing.TB) []fixture.Fixture {
	t.Helper()
	fxs, err := fixture.LoadDir(testdata)
	if err != nil {
		t.Fatal(err)
	}
	return fxs
}

func rulesByName() map[string]rule.Rule {
	out := map[string]rule.Rule{}
	for _, r := range Rules() {
		out[r.Name] = r
	}
	return out
}

func TestRules_areValidAndUniquelyNamed(t *testing.T) {
	seen := map[string]bool{}
	owners := 0
	for _, r := range Rules() {
		if err := r.Validate(); err != nil {
			t.Error(err)
		}
		if seen[r.Name] {
			t.Errorf("rule %q is registered twice", r.Name)
		}
		seen[r.Name] = true
		if r.ScopeOwner {
			owners++
		}
	}
	if owners != 1 {
		t.Errorf("want exactly one scope owner rule, got %d", owners)
	}
}

func TestBuild_listsEveryRuleWithItsLevel(t *testing.T) {
	for _, dryRun := range []bool{true, false} {
		p, err := Build(dryRun)
		if err != nil {
			t.Fatal(err)
		}
		levels := map[string]policyx.EnforcementLevel{}
		for _, pol := range p.Policies() {
			levels[pol.Name()] = pol.EnforcementLevel()
		}
		for _, r := range Rules() {
			want := policyx.EnforcementLevelMandatory
			if r.Level == level.Advisory {
				want = policyx.EnforcementLevelAdvisory
			}
			if got, ok := levels[r.Name]; !ok || got != want {
				t.Errorf("dryRun=%v: policy %q level = %v (present %v), want %v", dryRun, r.Name, got, ok, want)
			}
			if r.Remediate != nil {
				if _, ok := levels[r.Name+"-fix"]; !ok {
					t.Errorf("dryRun=%v: remediation policy %q missing", dryRun, r.Name+"-fix")
				}
			}
		}
		for _, name := range []string{rule.UnverifiedPolicy, rule.UnverifiedStackPolicy, rule.OutsideStackPolicy} {
			if levels[name] != policyx.EnforcementLevelAdvisory {
				t.Errorf("dryRun=%v: %q must be advisory, got %v", dryRun, name, levels[name])
			}
		}
	}
}

func TestPulumiPolicyYAML_loadsAsGoPack(t *testing.T) {
	proj, err := workspace.LoadPolicyPack("../PulumiPolicy.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if proj.Runtime.Name() != "go" {
		t.Errorf("runtime = %q, want go", proj.Runtime.Name())
	}
	if proj.Version != Version {
		t.Errorf("PulumiPolicy.yaml version %q differs from pack.Version %q", proj.Version, Version)
	}
}

// TestEveryRuleHasFixtures fails when a registered rule lacks an allowed or a
// disallowed fixture for a cloud it covers, or when a fixture directory names
// no registered rule.
func TestEveryRuleHasFixtures(t *testing.T) {
	have := map[string]map[string]bool{}
	for _, fx := range loadFixtures(t) {
		if have[fx.Rule] == nil {
			have[fx.Rule] = map[string]bool{}
		}
		have[fx.Rule][fmt.Sprintf("%s-%s", fx.Cloud, fx.Outcome)] = true
	}
	rules := rulesByName()
	for _, r := range Rules() {
		for _, c := range r.Clouds() {
			for _, o := range []fixture.Outcome{fixture.Allowed, fixture.Disallowed} {
				if !have[r.Name][fmt.Sprintf("%s-%s", c, o)] {
					t.Errorf("rule %q covers %s but has no %s/%s-%s-*.json fixture", r.Name, c, r.Name, c, o)
				}
			}
		}
	}
	for name := range have {
		if _, ok := rules[name]; !ok {
			t.Errorf("fixture directory %q names no registered rule", name)
		}
	}
}

// TestFixtures runs every fixture through its rule.
func TestFixtures(t *testing.T) {
	rules := rulesByName()
	for _, fx := range loadFixtures(t) {
		t.Run(fx.Rule+"/"+strings.TrimSuffix(fx.File[strings.LastIndex(fx.File, "/")+1:], ".json"), func(t *testing.T) {
			r, ok := rules[fx.Rule]
			if !ok {
				t.Skipf("no rule %q (reported by TestEveryRuleHasFixtures)", fx.Rule)
			}
			if !slices.Contains(r.Clouds(), fx.Cloud) {
				t.Fatalf("fixture cloud %s is not covered by rule types %v", fx.Cloud, r.Types)
			}
			covered := slices.ContainsFunc(fx.Resources, func(res fixture.Resource) bool { return r.Covers(res.Type) })
			if !covered && (fx.Outcome != fixture.Allowed || !bansItsTypes(r)) {
				t.Fatalf("no resource of the fixture has a type the rule covers (%v)", r.Types)
			}
			findings, err := fx.Run(r)
			if err != nil {
				t.Fatal(err)
			}
			switch fx.Outcome {
			case fixture.Allowed:
				if findings.Has(rule.Violation) || findings.Has(rule.Unverified) {
					t.Errorf("%s: want no violation and nothing unverified, got %v", fx.Description, describe(findings))
				}
				var noticed []string
				for _, f := range findings {
					if f.Kind == rule.Notice && !slices.Contains(noticed, f.Path) {
						noticed = append(noticed, f.Path)
					}
				}
				slices.Sort(noticed)
				want := slices.Sorted(slices.Values(fx.Notices))
				if !slices.Equal(noticed, slices.Compact(want)) {
					t.Errorf("%s: want notices on %v, got %v", fx.Description, want, describe(findings))
				}
			case fixture.Unverified:
				if findings.Has(rule.Violation) || !findings.Has(rule.Unverified) {
					t.Errorf("%s: want only unverified findings, got %v", fx.Description, describe(findings))
				}
			case fixture.Disallowed:
				if !findings.Has(rule.Violation) {
					t.Fatalf("%s: want a violation, got %v", fx.Description, describe(findings))
				}
				for _, p := range fx.Want {
					if !slices.ContainsFunc(findings, func(f rule.Finding) bool { return f.Kind == rule.Violation && f.Path == p }) {
						t.Errorf("%s: want a violation on %q, got %v", fx.Description, p, describe(findings))
					}
				}
			}
		})
	}
}

func describe(fs rule.Findings) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = fmt.Sprintf("%s %s %s: %s", f.Kind, f.URN, f.Path, f.Message)
	}
	return out
}

// bansItsTypes reports whether r forbids its resource types outright (every
// resource of them is a violation). Only such a rule's allowed fixture may
// hold none of its types: a stack without them is exactly what it allows.
func bansItsTypes(r rule.Rule) bool {
	if r.IsStack() {
		return false
	}
	for _, typ := range r.Types {
		res := rule.Resource{Type: typ, Name: "x", URN: fixture.URNFor(typ, "x")}
		if !r.Check(res, rule.Config{}).Has(rule.Violation) {
			return false
		}
	}
	return true
}
