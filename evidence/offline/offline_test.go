package offline

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pciqueue/pciqueue/internal/cardnum"
	"github.com/pciqueue/pciqueue/internal/level"
	"github.com/pciqueue/pciqueue/policies/analyzer"
	"github.com/pciqueue/pciqueue/policies/rule"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

func TestRender_awsDevMatchesGolden(t *testing.T) {
	rs, err := Run("../../stacks", "aws-dev", true)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := Render(&buf, "aws-dev", rs); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "aws-dev.golden")
	if *update {
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./evidence/offline -update)", err)
	}
	if buf.String() != string(want) {
		t.Fatalf("preview output changed; if intended run go test ./evidence/offline -update\n%s", buf.String())
	}
	for _, must := range []string{"kmsMasterKeyId=" + Unknown, "enableKeyRotation=true", "40 resources to create"} {
		if !strings.Contains(buf.String(), must) {
			t.Errorf("preview does not show %q", must)
		}
	}
}

func writeStack(t *testing.T, body string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "Pulumi.bad.yaml"), []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestRun_badConfigFailsNamingTheKey(t *testing.T) {
	dir := writeStack(t, `config:
  pciqueue:cloud: aws
  pciqueue:aws: {region: eu-west-1, allowedAccountIds: ["123456789012"]}
  pciqueue:queues:
    - name: payments
      maxDeliveries: 0
      logRetentionDays: 90
`)
	_, err := Run(dir, "bad", true)
	if err == nil || !strings.Contains(err.Error(), "pciqueue:queues[0]") || !strings.Contains(err.Error(), "logRetentionDays = 90") {
		t.Fatalf("err = %v", err)
	}
}

func TestStackConfig_rejectsEncryptedValues(t *testing.T) {
	dir := writeStack(t, "config:\n  pciqueue:token:\n    secure: AAABAD==\n")
	if _, err := StackConfig(dir, "bad"); err == nil || !strings.Contains(err.Error(), "pciqueue:token is encrypted") {
		t.Fatalf("err = %v", err)
	}
}

func TestStackConfig_missingStackNamesTheFile(t *testing.T) {
	if _, err := StackConfig(t.TempDir(), "nope"); err == nil || !strings.Contains(err.Error(), "Pulumi.nope.yaml") {
		t.Fatalf("err = %v", err)
	}
}

func TestStacks_listsCommittedStacks(t *testing.T) {
	got, err := Stacks("../../stacks")
	if err != nil || len(got) == 0 || got[0] != "aws-dev" {
		t.Fatalf("Stacks = %v, %v", got, err)
	}
}

func TestPrintViolations_masksCardNumbersInFindings(t *testing.T) {
	var buf bytes.Buffer
	printViolations(&buf, []analyzer.Diagnostic{{
		PolicyName: "pci-3.5.1-no-pan-in-metadata", Level: level.Mandatory, URN: "urn:x",
		Message: "A card number must not appear in metadata.\ntag note = card 4111 1111 1111 1111",
	}}, map[string]rule.Rule{}, map[string]string{"urn:x": "aws:sqs/queue:Queue payments 4111111111111111"}, 1)
	if strings.Contains(buf.String(), "1111 1111 1111") || strings.Contains(buf.String(), "4111111111111111") {
		t.Fatal("the violation table prints a card number in clear")
	}
	if !strings.Contains(buf.String(), "pci-3.5.1-no-pan-in-metadata") {
		t.Fatalf("the violation is not printed:\n%s", cardnum.Scrub(buf.String()))
	}
}
