package offline_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pciqueue/pciqueue/evidence/judge"
	"github.com/pciqueue/pciqueue/evidence/offline"
	"github.com/pciqueue/pciqueue/internal/cardnum"
	"github.com/pciqueue/pciqueue/policies/pack"
)

func TestMain(m *testing.M) {
	code := m.Run()
	judge.Cleanup()
	os.Exit(code)
}

func preview(t *testing.T, o offline.Options) (offline.Outcome, string) {
	t.Helper()
	o.StacksDir, o.PoliciesDir, o.Date = "../../stacks", "../../policies", time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)
	var buf bytes.Buffer
	out, err := offline.Preview(context.Background(), o, &buf)
	if err != nil {
		t.Fatalf("preview %s: %v", o.Stack, err)
	}
	return out, buf.String()
}

func TestPreview_committedStacksPassAndWriteTheReport(t *testing.T) {
	for _, stack := range []string{"aws-dev", "azure-dev", "gcp-dev"} {
		t.Run(stack, func(t *testing.T) {
			dir := t.TempDir()
			out, text := preview(t, offline.Options{Stack: stack, ReportDir: dir})
			if out.Mandatory != 0 {
				t.Errorf("%d mandatory violations:\n%s", out.Mandatory, text)
			}
			for _, must := range []string{"resources to create", "Policy pack pciqueue-pci-dss-4", "PCI evidence report"} {
				if !strings.Contains(text, must) {
					t.Errorf("output lacks %q", must)
				}
			}
			for _, p := range []string{out.ReportMarkdown, out.ReportHTML} {
				if filepath.Dir(p) != dir {
					t.Errorf("report %s not written to %s", p, dir)
				}
				if st, err := os.Stat(p); err != nil || st.Size() == 0 {
					t.Errorf("report %s: %v", p, err)
				}
			}
		})
	}
}

func TestPreview_mandatoryViolationIsCountedAndExplained(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "policy-config.json")
	// The dev stacks do not protect their keys; a team that makes that mandatory must see the preview fail.
	if err := os.WriteFile(cfg, []byte(`{"pci-3.7.5-kms-key-protect": {"enforcementLevel": "mandatory"}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	out, text := preview(t, offline.Options{Stack: "aws-dev", PolicyConfig: cfg})
	if out.Mandatory != 3 {
		t.Fatalf("mandatory = %d, want the 3 unprotected keys (two data keys, the stack's audit key):\n%s", out.Mandatory, text)
	}
	for _, must := range []string{"mandatory  pci-3.7.5-kms-key-protect", "PCI DSS 3.7.5", "aws:kms/key:Key payments-key", "Fix:"} {
		if !strings.Contains(text, must) {
			t.Errorf("violation line lacks %q", must)
		}
	}
}

func TestPreview_broughtKeyDeclaredOutsideTheStackIsReportedNotBlocked(t *testing.T) {
	dir := t.TempDir()
	const key = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	stack := `config:
  pciqueue:cloud: aws
  pciqueue:aws: {region: eu-west-1, allowedAccountIds: ["123456789012"]}
  pciqueue:queues:
    - name: payments
      aws: {keyArn: "` + key + `"}
`
	cfg := filepath.Join(dir, "policy-config.json")
	if err := os.WriteFile(filepath.Join(dir, "Pulumi.byok.yaml"), []byte(stack), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cfg, []byte(`{"pci-12.5.2-scope-tags": {"externalKeys": ["`+key+`"]}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	out, err := offline.Preview(context.Background(), offline.Options{
		StacksDir: dir, PoliciesDir: "../../policies", Stack: "byok", PolicyConfig: cfg, ReportDir: dir,
		Date: time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC),
	}, &buf)
	if err != nil {
		t.Fatalf("preview with a declared external key: %v", err)
	}
	if out.Mandatory != 0 || !strings.Contains(buf.String(), "pci-evidence-outside-stack") {
		t.Fatalf("mandatory = %d; the declared key must pass with a notice:\n%s", out.Mandatory, buf.String())
	}
	md, err := os.ReadFile(out.ReportMarkdown)
	if err != nil || !strings.Contains(string(md), "managed outside") && !strings.Contains(string(md), "outside the stack") {
		t.Errorf("the report does not carry the outside-the-stack notice (err %v)", err)
	}
}

// A card number in any form in any tag value of a stack config fails the preview with an error that names
// the config key and does not repeat the number in any form.
func TestPreview_cardNumberInATagFailsNamingTheKeyWithoutEchoingIt(t *testing.T) {
	const digits = "4012888888881881"
	forms := []string{
		`"4012.8888.8888.1881"`,
		`"４０１２８８８８８８８８１８８１"`,
		`"4012\u00a08888\u00a08888\u00a01881"`, // YAML escape: no-break spaces
		`"4012_8888_8888_1881"`,
		`"x4012888888881881"`,
		`"order-4012888888881881-9"`,
	}
	cases := []struct {
		stack, replace, wantKey string
	}{
		{"aws-dev", "team: payments", "pciqueue:queues[0]: queue \"payments\": tags.team"},
		{"azure-dev", "team: payments", "pciqueue:queues[0]: queue \"payments\": tags.team"},
		{"gcp-dev", "team: payments", "pciqueue:queues[0]: queue \"payments\": tags.team"},
		{"aws-dev", "owner: payments-platform", "pciqueue:aws.defaultTags.owner"},
		{"azure-dev", "owner: payments-platform", "pciqueue:azure.defaultTags.owner"},
		{"gcp-dev", "owner: payments-platform", "pciqueue:gcp.defaultLabels.owner"},
	}
	for i, tc := range cases {
		form := forms[i%len(forms)]
		t.Run(tc.stack+"/"+strings.TrimSuffix(strings.Fields(tc.replace)[0], ":"), func(t *testing.T) {
			committed, err := os.ReadFile(filepath.Join("../../stacks", "Pulumi."+tc.stack+".yaml"))
			if err != nil {
				t.Fatal(err)
			}
			key, _, _ := strings.Cut(tc.replace, ":")
			body := strings.Replace(string(committed), tc.replace, key+": "+form, 1)
			if body == string(committed) {
				t.Fatalf("the committed stack no longer has %q", tc.replace)
			}
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "Pulumi.card.yaml"), []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			_, err = offline.Preview(context.Background(), offline.Options{
				StacksDir: dir, PoliciesDir: "../../policies", Stack: "card", ReportDir: dir,
				Date: time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC),
			}, &buf)
			if err == nil {
				t.Fatalf("the preview accepted a card number (form %d) in %s", i%len(forms), tc.replace)
			}
			if !strings.Contains(err.Error(), tc.wantKey) {
				t.Errorf("the error does not name %q: %s", tc.wantKey, cardnum.Scrub(err.Error()))
			}
			for where, text := range map[string]string{"error": err.Error(), "output": buf.String()} {
				if cardnum.Contains(text) || strings.Contains(cardnum.AllDigits(text), digits) {
					t.Errorf("the %s repeats the card number: %s", where, cardnum.Scrub(text))
				}
			}
		})
	}
}

func writePolicyConfig(t *testing.T, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "policy-config.json")
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestPreview_allPoliciesDisabledPassesNothing(t *testing.T) {
	dir := t.TempDir()
	out, text := preview(t, offline.Options{Stack: "aws-dev", ReportDir: dir, PolicyConfig: writePolicyConfig(t, `{"all":"disabled"}`)})
	if out.Mandatory != 0 {
		t.Fatalf("mandatory = %d with every policy disabled:\n%s", out.Mandatory, text)
	}
	md, err := os.ReadFile(out.ReportMarkdown)
	if err != nil {
		t.Fatal(err)
	}
	html, err := os.ReadFile(out.ReportHTML)
	if err != nil {
		t.Fatal(err)
	}
	for _, must := range []string{"policies are disabled", "**NOT CHECKED**", "| pci-3.5.1-queue-cmk | disabled |"} {
		if !strings.Contains(string(md), must) {
			t.Errorf("report lacks %q", must)
		}
	}
	if strings.Contains(string(md), "**PASS") || strings.Contains(string(html), ">PASS") {
		t.Error("a report with every policy disabled shows PASS")
	}
}

func TestPreview_badPolicyConfigFailsBeforeThePackNamingPolicyValueAndAllowed(t *testing.T) {
	for _, tc := range []struct{ body, want string }{
		{`{"pci-does-not-exist":"mandatory"}`, `no policy named "pci-does-not-exist"`},
		{`{"all":"strict"}`, `policy "all": enforcement level "strict" is not one of mandatory, advisory, remediate, disabled`},
		{`{"pci-3.7.4-kms-key-rotation":{"maxRotationDays":"abc"}}`, `policy "pci-3.7.4-kms-key-rotation": property "maxRotationDays" is "abc"; want a number, at least 90, at most 365`},
		{`{"pci-3.7.4-kms-key-rotation":{"maxRotationDay":90}}`, `policy "pci-3.7.4-kms-key-rotation" has no property "maxRotationDay"; its properties are maxRotationDays`},
	} {
		t.Run(tc.body, func(t *testing.T) {
			var buf bytes.Buffer
			_, err := offline.Preview(context.Background(), offline.Options{
				StacksDir: "../../stacks", PoliciesDir: "../../policies", Stack: "aws-dev", Date: time.Now(),
				PolicyConfig: writePolicyConfig(t, tc.body),
			}, &buf)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tc.want)
			}
			if buf.Len() > 0 {
				t.Errorf("the preview ran before the configuration was checked:\n%s", buf.String())
			}
		})
	}
}

func TestPreview_failureRemovesThePreviousReport(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"aws-dev.md", "aws-dev.html"} {
		if err := os.WriteFile(filepath.Join(dir, f), []byte("0 violations"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	_, err := offline.Preview(context.Background(), offline.Options{
		StacksDir: "../../stacks", PoliciesDir: "../../policies", Stack: "aws-dev", Date: time.Now(), ReportDir: dir,
		PolicyConfig: writePolicyConfig(t, `{"all":"strict"}`),
	}, io.Discard)
	if err == nil {
		t.Fatal("the preview accepted a bad policy configuration")
	}
	for _, f := range []string{"aws-dev.md", "aws-dev.html"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err == nil {
			t.Errorf("the stale report %s is still there after a failed preview", f)
		}
	}
}

func TestPreview_reportCarriesProvenance(t *testing.T) {
	dir := t.TempDir()
	out, _ := preview(t, offline.Options{Stack: "aws-dev", ReportDir: dir, Tool: "pciqueue preview test",
		PolicyConfig: writePolicyConfig(t, `{"pci-3.7.4-kms-key-rotation":{"enforcementLevel":"advisory","maxRotationDays":180}}`)})
	md, err := os.ReadFile(out.ReportMarkdown)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := os.ReadFile("../../stacks/Pulumi.aws-dev.yaml")
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(cfg)
	for _, must := range []string{
		"| Policy pack | pciqueue-pci-dss-4 " + pack.Version + " |",
		"| Stack config (sha256) | " + hex.EncodeToString(sum[:]) + " |",
		"| Evidence from | preview",
		"| Tool | pciqueue preview test |",
		"| Date | 2026-11-24 |",
		`| pci-3.7.4-kms-key-rotation | advisory | {"maxRotationDays":180} |`,
		"| Program revision | ",
	} {
		if !strings.Contains(string(md), must) {
			t.Errorf("report lacks %q", must)
		}
	}
}

func TestRevision_withoutGitSaysUnknown(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	if got := offline.Revision(context.Background(), "."); got != "unknown" {
		t.Fatalf("Revision without git = %q, want unknown", got)
	}
}
