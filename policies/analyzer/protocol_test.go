package analyzer

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/pciqueue/pciqueue/internal/level"
	"github.com/pciqueue/pciqueue/policies/fixture"
	"github.com/pciqueue/pciqueue/policies/pack"
	"github.com/pciqueue/pciqueue/policies/rule"
)

var ctx = context.Background()

func queue(name string, props resource.PropertyMap) Resource {
	return Resource{Type: "aws:sqs/queue:Queue", Name: name, URN: fixture.URNFor("aws:sqs/queue:Queue", name), Properties: props}
}

func diagsFor(ds []Diagnostic, policy, urn string) []Diagnostic {
	var out []Diagnostic
	for _, d := range ds {
		if d.PolicyName == policy && (urn == "" || d.URN == urn) {
			out = append(out, d)
		}
	}
	return out
}

func mandatory(ds []Diagnostic) []string {
	var out []string
	for _, d := range ds {
		if d.Level == level.Mandatory {
			out = append(out, d.PolicyName+" "+d.URN+": "+d.Message)
		}
	}
	return out
}

func TestProtocol_infoListsEveryPolicyWithDescriptionAndLevel(t *testing.T) {
	c := start(t, true, nil)
	info := c.Info()
	if info.Name != pack.Name || info.Version != pack.Version {
		t.Errorf("pack %s@%s, want %s@%s", info.Name, info.Version, pack.Name, pack.Version)
	}
	byName := map[string]PolicyInfo{}
	for _, p := range info.Policies {
		byName[p.Name] = p
	}
	for _, r := range pack.Rules() {
		p, ok := byName[r.Name]
		want := r.Level
		switch {
		case !ok:
			t.Errorf("policy %q is not listed", r.Name)
		case p.Description != r.PolicyDescription():
			t.Errorf("policy %q description = %q", r.Name, p.Description)
		case p.Level != want:
			t.Errorf("policy %q level = %s, want %s", r.Name, p.Level, want)
		}
		if _, ok := byName[r.Name+"-fix"]; (r.Remediate != nil) != ok {
			t.Errorf("policy %q: remediation policy listed = %v, want %v", r.Name, ok, r.Remediate != nil)
		}
	}
	for _, name := range []string{rule.UnverifiedPolicy, rule.UnverifiedStackPolicy, rule.OutsideStackPolicy} {
		if byName[name].Level != level.Advisory {
			t.Errorf("%q level = %q, want advisory", name, byName[name].Level)
		}
	}
	if s := byName["pci-12.5.2-scope-tags"].ConfigSchema; s["cde"] == nil || s["requiredTags"] == nil ||
		s["externalKeys"] == nil || s["externalTrails"] == nil || s["externalWorkspaces"] == nil {
		t.Errorf("scope policy config schema = %v, want cde, requiredTags and the external declarations", s)
	}
}

func TestProtocol_previewReportsComputedValuesAsAdvisory(t *testing.T) {
	c := start(t, true, nil)
	q := queue("orders", resource.PropertyMap{"kmsMasterKeyId": resource.MakeComputed(resource.NewProperty(""))})
	ds, err := c.AnalyzeResource(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if m := diagsFor(ds, "pci-3.5.1-queue-cmk", ""); len(m) != 0 {
		t.Errorf("a computed key must not fail the rule in preview, got %+v", m)
	}
	got := diagsFor(ds, rule.UnverifiedPolicy, q.URN)
	if !slices.ContainsFunc(got, func(d Diagnostic) bool {
		return d.Level == level.Advisory && strings.Contains(d.Message, "pci-3.5.1-queue-cmk (PCI DSS 3.5.1): could not be verified in preview: kmsMasterKeyId is computed")
	}) {
		t.Errorf("want an advisory unverified diagnostic for kmsMasterKeyId, got %+v", got)
	}
}

func TestProtocol_updateJudgesComputedValuesAtTheRuleLevel(t *testing.T) {
	c := start(t, false, nil)
	q := queue("orders", resource.PropertyMap{"kmsMasterKeyId": resource.MakeComputed(resource.NewProperty(""))})
	ds, err := c.AnalyzeResource(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	got := diagsFor(ds, "pci-3.5.1-queue-cmk", q.URN)
	if len(got) != 1 || got[0].Level != level.Mandatory || !strings.Contains(got[0].Message, "could not be verified") {
		t.Errorf("got %+v", got)
	}
}

func TestProtocol_violationCarriesPolicyLevelAndFix(t *testing.T) {
	c := start(t, true, nil)
	q := queue("orders", resource.PropertyMap{"kmsMasterKeyId": resource.NewProperty("alias/aws/sqs")})
	ds, err := c.AnalyzeResource(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	got := diagsFor(ds, "pci-3.5.1-queue-cmk", q.URN)
	if len(got) != 1 || got[0].Level != level.Mandatory || got[0].PolicyPackName != pack.Name ||
		!strings.Contains(got[0].Message, "Fix:") || !strings.Contains(got[0].Message, "alias/aws/sqs") {
		t.Errorf("got %+v", got)
	}
}

func TestProtocol_configuredLevelsAndTaggedScope(t *testing.T) {
	c := start(t, false, map[string]PolicyConfig{
		"all":                        {Level: new(level.Advisory)},
		"pci-3.5.1-queue-cmk":        {Level: new(level.Mandatory)},
		"pci-3.7.4-kms-key-rotation": {Level: new(level.Disabled)},
		"pci-12.5.2-scope-tags":      {Properties: map[string]any{"cde": "tagged"}},
	})
	in := queue("orders", resource.PropertyMap{
		"kmsMasterKeyId": resource.NewProperty("alias/aws/sqs"),
		"tags":           resource.NewObjectProperty(resource.PropertyMap{"pci-scope": resource.NewProperty("cde")}),
	})
	out := queue("scratch", resource.PropertyMap{
		"kmsMasterKeyId": resource.NewProperty("alias/aws/sqs"),
		"tags":           resource.NewObjectProperty(resource.PropertyMap{"pci-scope": resource.NewProperty("none")}),
	})
	key := Resource{Type: "aws:kms/key:Key", Name: "k", URN: fixture.URNFor("aws:kms/key:Key", "k"), Properties: resource.PropertyMap{}}
	ds, err := c.Analyze(ctx, []Resource{in, out, key})
	if err != nil {
		t.Fatal(err)
	}
	if got := diagsFor(ds, "pci-3.5.1-queue-cmk", in.URN); len(got) != 1 || got[0].Level != level.Mandatory {
		t.Errorf("in-scope queue: got %+v", got)
	}
	if got := diagsFor(ds, "pci-3.6.1-queue-data-key-reuse", ""); len(got) != 0 {
		t.Errorf("compliant reuse period reported: %+v", got)
	}
	if got := diagsFor(ds, "pci-3.2.1-queue-message-retention", in.URN); len(got) != 1 || got[0].Level != level.Advisory {
		t.Errorf("\"all\": advisory must apply to the other policies, got %+v", got)
	}
	for _, d := range ds {
		if d.URN == out.URN {
			t.Errorf("out-of-scope queue judged: %+v", d)
		}
		if d.PolicyName == "pci-3.7.4-kms-key-rotation" {
			t.Errorf("disabled policy reported: %+v", d)
		}
	}
	// Scope marked by tags: a taggable resource without the scope tag has an
	// undocumented scope, which PCI DSS 12.5.2 does not allow.
	if got := diagsFor(ds, "pci-12.5.2-scope-tags", key.URN); len(got) != 1 || got[0].Level != level.Mandatory {
		t.Errorf("untagged key under cde: tagged: got %+v, want one mandatory scope-tags violation", got)
	}
	if !slices.ContainsFunc(c.Logs(), func(l LogEntry) bool {
		return l.Severity == "WARNING" && strings.Contains(l.Message, "narrowed")
	}) {
		t.Errorf("narrowing the scope must be logged to the engine, got %+v", c.Logs())
	}
}

// With the default scope (cde: all) a missing scope tag is advisory.
func TestProtocol_scopeTagsAdvisoryByDefault(t *testing.T) {
	c := start(t, false, nil)
	q := queue("orders", resource.PropertyMap{"tags": resource.NewObjectProperty(resource.PropertyMap{"team": resource.NewProperty("payments")})})
	ds, err := c.AnalyzeResource(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if got := diagsFor(ds, "pci-12.5.2-scope-tags", q.URN); len(got) == 0 || got[0].Level != level.Advisory {
		t.Errorf("untagged queue under cde: all: got %+v, want advisory scope-tags violations", got)
	}
}

func TestProtocol_remediateFixesRotationAndRetention(t *testing.T) {
	c := start(t, false, nil)
	key := Resource{Type: "aws:kms/key:Key", Name: "k", URN: fixture.URNFor("aws:kms/key:Key", "k"),
		Properties: resource.PropertyMap{"enableKeyRotation": resource.NewProperty(false), "rotationPeriodInDays": resource.NewProperty(730.0)}}
	rems, err := c.Remediate(ctx, key)
	if err != nil {
		t.Fatal(err)
	}
	if len(rems) != 1 || rems[0].PolicyName != "pci-3.7.4-kms-key-rotation-fix" {
		t.Fatalf("got %+v", rems)
	}
	p := rems[0].Properties
	if !p["enableKeyRotation"].IsBool() || !p["enableKeyRotation"].BoolValue() || p["rotationPeriodInDays"].NumberValue() != 365 {
		t.Errorf("remediated key = %v", p)
	}
	lg := Resource{Type: "aws:cloudwatch/logGroup:LogGroup", Name: "audit", URN: fixture.URNFor("aws:cloudwatch/logGroup:LogGroup", "audit"),
		Properties: resource.PropertyMap{"retentionInDays": resource.NewProperty(30.0)}}
	rems, err = c.Remediate(ctx, lg)
	if err != nil {
		t.Fatal(err)
	}
	if len(rems) != 1 || rems[0].Properties["retentionInDays"].NumberValue() != 365 {
		t.Errorf("remediated log group = %+v", rems)
	}
	computed := key
	computed.Properties = resource.PropertyMap{"enableKeyRotation": resource.MakeComputed(resource.NewProperty(""))}
	if rems, err := c.Remediate(ctx, computed); err != nil || len(rems) != 0 {
		t.Errorf("a computed value must not be remediated: %+v, %v", rems, err)
	}
}

func TestProtocol_hardenedStackPassesOnUpdate(t *testing.T) {
	c := start(t, false, nil)
	ds, err := c.Analyze(ctx, loadStack(t, "aws-allowed-hardened-stack.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 0 {
		for _, d := range ds {
			t.Errorf("unexpected %s diagnostic %s on %s: %s", d.Level, d.PolicyName, d.URN, d.Message)
		}
	}
}

func TestProtocol_hardenedStackPreviewHasOnlyAdvisoryUnverified(t *testing.T) {
	c := start(t, true, nil)
	ds, err := c.Analyze(ctx, loadStack(t, "aws-allowed-hardened-stack-preview.json"))
	if err != nil {
		t.Fatal(err)
	}
	if m := mandatory(ds); len(m) > 0 {
		t.Errorf("mandatory diagnostics in the preview of a hardened stack: %v", m)
	}
	for _, d := range ds {
		if d.PolicyName != rule.UnverifiedPolicy && d.PolicyName != rule.UnverifiedStackPolicy {
			t.Errorf("unexpected diagnostic %s on %s: %s", d.PolicyName, d.URN, d.Message)
		}
	}
	if len(diagsFor(ds, rule.UnverifiedPolicy, "")) == 0 {
		t.Error("computed key ids must be reported as unverified in preview")
	}
}

func TestProtocol_stackRulesSeeViolationsAcrossResources(t *testing.T) {
	c := start(t, false, nil)
	rs := loadStack(t, "aws-allowed-hardened-stack.json")
	for i := range rs {
		if rs[i].Name == "orders-key" {
			rs[i].Properties["enableKeyRotation"] = resource.NewProperty(false)
		}
		if rs[i].Name == "consumer" && rs[i].Type == "aws:iam/role:Role" {
			delete(rs[i].Properties, "tags")
		}
	}
	ds, err := c.AnalyzeStack(ctx, rs)
	if err != nil {
		t.Fatal(err)
	}
	keyURN := fixture.URNFor("aws:kms/key:Key", "orders-key")
	if got := diagsFor(ds, "pci-3.6.1-queue-key-in-stack", keyURN); len(got) != 1 || got[0].Level != level.Mandatory {
		t.Errorf("key without rotation: got %+v", got)
	}
	roleURN := fixture.URNFor("aws:iam/role:Role", "consumer")
	if got := diagsFor(ds, "pci-7.2.2-queue-access-declared", roleURN); len(got) == 0 {
		t.Errorf("undeclared consumer role: got %+v", ds)
	}
}
