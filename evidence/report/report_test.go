package report_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/pciqueue/pciqueue/evidence/offline"
	"github.com/pciqueue/pciqueue/evidence/report"
	"github.com/pciqueue/pciqueue/internal/enginetest"
	"github.com/pciqueue/pciqueue/internal/level"
	"github.com/pciqueue/pciqueue/policies/pack"
	"github.com/pciqueue/pciqueue/policies/rule"
	"github.com/pciqueue/pciqueue/policies/rules/aws"
	"github.com/pciqueue/pciqueue/policies/rules/common"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

var reportDate = time.Date(2025, 1, 15, 0, 0, 0, 0, time.UTC)

const (
	keyType   = "aws:kms/key:Key"
	queueType = "aws:sqs/queue:Queue"
)

// awsDev is the aws-dev stack recorded offline as a preview, with the rotation of the refunds key turned
// off and the findings the pack reports for that: unverified keys on the queues, a mandatory rotation
// violation. The rules are a fixed set so that the goldens change only when these rules or the stack do.
func awsDev(t testing.TB) report.Input {
	t.Helper()
	rs, err := offline.Run("../../stacks", "aws-dev", true)
	if err != nil {
		t.Fatal(err)
	}
	refundsKey := find(t, rs, keyType, "refunds-key")
	for i := range rs {
		if rs[i].URN == refundsKey {
			rs[i].Inputs = rs[i].Inputs.Copy()
			rs[i].Inputs["enableKeyRotation"] = resource.NewProperty(false)
		}
	}
	return report.Input{
		Stack: "aws-dev", Cloud: "aws", Date: reportDate, DryRun: true, Resources: rs,
		Rules: report.RulesFrom([]rule.Rule{common.ScopeTags, aws.QueueCMK, aws.KeyRotation}),
		Findings: []report.Finding{
			{Rule: aws.QueueCMK.Name, URN: find(t, rs, queueType, "payments-queue"), Level: level.Advisory, Unverified: true, Message: "kmsMasterKeyId is computed"},
			{Rule: aws.QueueCMK.Name, URN: find(t, rs, queueType, "refunds-queue"), Level: level.Advisory, Unverified: true, Message: "kmsMasterKeyId is computed"},
			{Rule: aws.KeyRotation.Name, URN: refundsKey, Level: level.Mandatory, Message: "enableKeyRotation is false: the key never rotates; set it to true"},
		},
		Provenance: report.Provenance{
			Pack: pack.Name, PackVersion: pack.Version, Revision: "4b825dc642cb6eb9a060e54bf8d69288fbee4904 (dirty)",
			StackConfig: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", Tool: "pciqueue preview (test)",
			Policies: []report.PolicySetting{
				{Name: common.ScopeTags.Name, Level: level.Advisory, Properties: `{"cde":"all","requiredTags":["pci-scope","data-classification"]}`},
				{Name: aws.QueueCMK.Name, Level: level.Mandatory},
				{Name: aws.KeyRotation.Name, Level: level.Mandatory, Properties: `{"maxRotationDays":365}`},
			},
		},
	}
}

func find(t testing.TB, rs []enginetest.Resource, typ, name string) string {
	t.Helper()
	r, ok := enginetest.Find(rs, typ, name)
	if !ok {
		t.Fatalf("aws-dev has no %s %q", typ, name)
	}
	return r.URN
}

func build(t *testing.T, in report.Input) *report.Report {
	t.Helper()
	r, err := report.Build(in)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func render(t *testing.T, r *report.Report) (md, html string) {
	t.Helper()
	var m, h bytes.Buffer
	if err := r.Markdown(&m); err != nil {
		t.Fatal(err)
	}
	if err := r.HTML(&h); err != nil {
		t.Fatal(err)
	}
	return m.String(), h.String()
}

func TestReport_awsDevMatchesGoldens(t *testing.T) {
	md, html := render(t, build(t, awsDev(t)))
	for _, g := range []struct{ file, got string }{{"aws-dev.md.golden", md}, {"aws-dev.html.golden", html}} {
		path := filepath.Join("testdata", g.file)
		if *update {
			if err := os.WriteFile(path, []byte(g.got), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test ./evidence/report -update)", err)
		}
		if g.got != string(want) {
			t.Errorf("%s changed; if intended run go test ./evidence/report -update", g.file)
		}
	}
}

func TestReport_sameInputSameBytes(t *testing.T) {
	in := awsDev(t)
	md1, html1 := render(t, build(t, in))
	slices.Reverse(in.Resources)
	slices.Reverse(in.Findings)
	md2, html2 := render(t, build(t, in))
	if md1 != md2 || html1 != html2 {
		t.Fatal("the report depends on the order resources were registered or findings reported")
	}
}

func TestReport_awsDevContent(t *testing.T) {
	r := build(t, awsDev(t))
	md, html := render(t, r)
	s := r.Summary()
	if s.Resources != 40 || s.Components != 3 || s.Providers != 1 || s.Rules != 3 || s.Mandatory != 1 || s.Unverified != 2 || s.Failed != 1 {
		t.Errorf("summary = %+v", s)
	}
	for _, must := range []string{
		"Date | 2025-01-15", "> **Preview.**", "```mermaid\nflowchart LR",
		"| 3.5.1 | PAN is rendered unreadable", "kmsMasterKeyId = (known after apply)",
		"**NOT VERIFIED IN PREVIEW**", "enableKeyRotation = false", "| 3.7.4 |",
		"pci-3.7.4-kms-key-rotation (mandatory)", "tags.pci-scope = cde",
		"| 8.4.1 | Multi-factor authentication", "| 10.4.1 |", "| 12.8 |", "| 9 |",
	} {
		if !strings.Contains(md, must) {
			t.Errorf("Markdown lacks %q", must)
		}
	}
	for _, must := range []string{
		`<svg xmlns="http://www.w3.org/2000/svg" id="resource-diagram"`, `<tr id="req-3.7.4" class="requirement" data-result="FAIL">`,
		`<tr id="req-3.5.1" class="requirement" data-result="NOT VERIFIED">`, `<tr id="req-12.5.2" class="requirement" data-result="PASS">`,
		`id="dry-run-note"`, `<tr id="resp-3.3.1" class="responsibility">`,
	} {
		if !strings.Contains(html, must) {
			t.Errorf("HTML lacks %q", must)
		}
	}
}

func TestDiagram_awsDevRelationships(t *testing.T) {
	edges := report.Edges(build(t, awsDev(t)))
	for _, want := range []string{
		"payments-key encrypts payments-queue",
		"payments-key encrypts payments-dlq",
		"payments-producer-checkout sends to payments-queue",
		"payments-producer-pos sends to payments-queue",
		"payments-consumer-settlement receives from payments-queue",
		"payments-consumer-settlement receives from payments-dlq",
		"payments-queue dead-letters to payments-dlq",
		"payments-queue audited by audit-trail",
		"payments-dlq audited by audit-trail",
		"refunds-queue audited by audit-trail",
		"payments-dlq audited by payments-dlq-depth",
		"audit-key encrypts audit-logs",
		"audit-key encrypts audit-trail",
		"audit-key encrypts audit-trail-bucket",
		"audit-trail delivers to audit-logs",
		"audit-trail delivers to audit-trail-bucket",
		"audit-trail-delivery writes logs to audit-logs",
		"refunds-key encrypts refunds-queue",
		"refunds-queue dead-letters to refunds-dlq",
	} {
		if !slices.Contains(edges, want) {
			t.Errorf("diagram lacks %q", want)
		}
	}
	for _, e := range edges {
		words := strings.Fields(e)
		from, to := words[0], words[len(words)-1]
		// The stack's audit resources are shared by every queue; queues share nothing else.
		if strings.HasPrefix(to, "audit-") {
			continue
		}
		if strings.HasPrefix(from, "payments-") != strings.HasPrefix(to, "payments-") {
			t.Errorf("relationship %q crosses queues that share nothing", e)
		}
	}
	for _, unwanted := range []string{"payments-dlq dead-letters to payments-queue", "refunds-producer-support-desk receives from refunds-queue"} {
		if slices.Contains(edges, unwanted) {
			t.Errorf("diagram has wrong relationship %q", unwanted)
		}
	}
}

func TestBuild_resultFollowsWorstFinding(t *testing.T) {
	in := awsDev(t)
	in.Findings = nil
	key := find(t, in.Resources, keyType, "payments-key")
	f := func(level level.Level, unverified bool) report.Finding {
		return report.Finding{Rule: aws.KeyRotation.Name, URN: key, Level: level, Unverified: unverified, Message: "m"}
	}
	fix := report.Finding{Rule: aws.KeyRotation.Name + "-fix", URN: key, Level: level.Remediate, Message: "sets rotation"}
	for _, tc := range []struct {
		name     string
		findings []report.Finding
		want     report.Result
	}{
		{"no findings pass", nil, report.ResultPass},
		{"remediated passes", []report.Finding{fix}, report.ResultPass},
		{"advisory passes with advisories", []report.Finding{f(level.Advisory, false)}, report.ResultAdvisory},
		{"unknown value is not verified", []report.Finding{f(level.Advisory, true)}, report.ResultNotVerified},
		{"unverified mandatory is not a failure", []report.Finding{f(level.Mandatory, true)}, report.ResultNotVerified},
		{"mandatory fails", []report.Finding{f(level.Mandatory, false)}, report.ResultFail},
		{"mandatory beats unverified", []report.Finding{f(level.Advisory, true), f(level.Mandatory, false), f(level.Advisory, false)}, report.ResultFail},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in.Findings = tc.findings
			r := build(t, in)
			got, ok := r.Result("3.7.4")
			if !ok || got != tc.want {
				t.Fatalf("3.7.4 = %q (row %v), want %q", got, ok, tc.want)
			}
			if other, _ := r.Result("3.5.1"); other != report.ResultPass {
				t.Errorf("a finding of 3.7.4 changed 3.5.1 to %q", other)
			}
			_, html := render(t, r)
			if !strings.Contains(html, `<tr id="req-3.7.4" class="requirement" data-result="`+string(tc.want)+`">`) {
				t.Errorf("HTML row of 3.7.4 does not show %q", tc.want)
			}
			if failed := r.Summary().Failed; (tc.want == report.ResultFail) != (failed == 1) {
				t.Errorf("summary counts %d failed requirements", failed)
			}
		})
	}
}

func TestBuild_rejectsBadInputNamingTheField(t *testing.T) {
	good := report.Input{Stack: "s", Cloud: "aws", Date: reportDate}
	for _, tc := range []struct {
		name   string
		change func(*report.Input)
		want   string
	}{
		{"no stack", func(in *report.Input) { in.Stack = " " }, "Stack is empty"},
		{"stack that is a path", func(in *report.Input) { in.Stack = "../etc/x" }, `Stack is "../etc/x"`},
		{"unknown cloud", func(in *report.Input) { in.Cloud = "ibm" }, `Cloud is "ibm"`},
		{"no date", func(in *report.Input) { in.Date = time.Time{} }, "Date is zero"},
		{"bad finding level", func(in *report.Input) {
			in.Findings = []report.Finding{{Rule: "r", Requirement: "3.5.1", Level: level.Level(9)}}
		}, `Findings[0] (r) has level level(9)`},
		{"disabled finding", func(in *report.Input) {
			in.Findings = []report.Finding{{Rule: "r", Requirement: "3.5.1", Level: level.Disabled}}
		}, `Findings[0] (r) has level disabled`},
		{"bad policy setting", func(in *report.Input) {
			in.Provenance.Policies = []report.PolicySetting{{Name: "p", Level: level.Level(5)}}
		}, `Provenance.Policies[0] (p) has level level(5)`},
		{"finding of unknown rule", func(in *report.Input) {
			in.Findings = []report.Finding{{Rule: "pci-9.9-nope", Level: level.Mandatory}}
		}, `Findings[0] names rule "pci-9.9-nope"`},
		{"rule without requirement", func(in *report.Input) {
			in.Rules = []report.Rule{{Name: "pci-x", Level: level.Mandatory}}
		}, "Rules[0] has name"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := good
			tc.change(&in)
			_, err := report.Build(in)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tc.want)
			}
		})
	}
	if _, err := report.Build(good); err != nil {
		t.Fatalf("a minimal input fails: %v", err)
	}
}

func TestRulesFrom_splitsFixAndLevel(t *testing.T) {
	got := report.RulesFrom([]rule.Rule{aws.KeyRotation, {Name: "pci-12.5.1-x", Requirement: "12.5.1", Description: "Say what. Fix: do it.", Level: level.Advisory}})
	if got[0].Name != aws.KeyRotation.Name || got[0].Level != level.Mandatory || strings.Contains(got[0].Description, "Fix:") || !strings.HasPrefix(got[0].Fix, "set enableKeyRotation") {
		t.Errorf("KeyRotation = %+v", got[0])
	}
	if got[1].Description != "Say what." || got[1].Fix != "do it." || got[1].Level != level.Advisory {
		t.Errorf("advisory rule = %+v", got[1])
	}
}

func TestCatalog_coversEveryRegisteredRule(t *testing.T) {
	for _, r := range pack.Rules() {
		if !report.Catalogued(r.Requirement) {
			t.Errorf("rule %q checks requirement %s, which requirements.go does not list; add it with its title and evidence properties", r.Name, r.Requirement)
		}
	}
}

func TestWriteFiles_writesBothFormats(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "reports")
	r := build(t, awsDev(t))
	mdPath, htmlPath, err := report.WriteFiles(dir, r)
	if err != nil {
		t.Fatal(err)
	}
	if mdPath != filepath.Join(dir, "aws-dev.md") || htmlPath != filepath.Join(dir, "aws-dev.html") {
		t.Fatalf("paths = %s, %s", mdPath, htmlPath)
	}
	md, html := render(t, r)
	for path, want := range map[string]string{mdPath: md, htmlPath: html} {
		got, err := os.ReadFile(path)
		if err != nil || string(got) != want {
			t.Errorf("%s differs from the rendered report (err %v)", path, err)
		}
	}
}

func BenchmarkReport_awsDev(b *testing.B) {
	in := awsDev(b)
	b.ReportAllocs()
	for b.Loop() {
		r, err := report.Build(in)
		if err != nil {
			b.Fatal(err)
		}
		var m, h bytes.Buffer
		if err := r.Markdown(&m); err != nil {
			b.Fatal(err)
		}
		if err := r.HTML(&h); err != nil {
			b.Fatal(err)
		}
	}
}
