package offline_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pciqueue/pciqueue/conformance/judge"
	"github.com/pciqueue/pciqueue/conformance/offline"
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
	if out.Mandatory != 4 {
		t.Fatalf("mandatory = %d, want the 4 unprotected keys:\n%s", out.Mandatory, text)
	}
	for _, must := range []string{"mandatory  pci-3.7.5-kms-key-protect", "PCI DSS 3.7.5", "aws:kms/key:Key payments-key", "Fix:"} {
		if !strings.Contains(text, must) {
			t.Errorf("violation line lacks %q", must)
		}
	}
}
