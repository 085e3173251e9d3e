package offline_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/config"

	"github.com/pciqueue/pciqueue/evidence/offline"
	"github.com/pciqueue/pciqueue/evidence/state"
	"github.com/pciqueue/pciqueue/internal/enginetest"
)

var stateFixture = filepath.Join("testdata", "aws-dev.export.json")

// TestStateFixture_isTheUpdateRunOfAwsDev keeps the committed export equal to what the stack program
// deploys: the recording engine's update run of aws-dev, written through the SDK's apitype structures.
func TestStateFixture_isTheUpdateRunOfAwsDev(t *testing.T) {
	rs, err := offline.Run("../../stacks", "aws-dev", false)
	if err != nil {
		t.Fatal(err)
	}
	// The -update flag is declared by the package's internal tests, which share this test binary.
	if f := flag.Lookup("update"); f != nil && f.Value.String() == "true" {
		key := make([]byte, 32)
		if _, err := rand.Read(key); err != nil {
			t.Fatal(err)
		}
		data, err := state.Encode(context.Background(), rs, config.NewSymmetricCrypter(key), time.Date(2026, 11, 24, 9, 30, 0, 0, time.UTC))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(stateFixture, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	dep, err := state.Read(stateFixture)
	if err != nil {
		t.Fatalf("%v (run go test ./evidence/offline -update)", err)
	}
	if dep.Stack != "aws-dev" || dep.Project != offline.Project || len(dep.Resources) != len(rs) {
		t.Fatalf("fixture holds %s/%s with %d resources, the update run %d", dep.Project, dep.Stack, len(dep.Resources), len(rs))
	}
	byURN := map[string]enginetest.Resource{}
	for _, r := range dep.Resources {
		byURN[r.URN] = r
	}
	for _, want := range rs {
		got, ok := byURN[want.URN]
		switch {
		case !ok:
			t.Errorf("fixture lacks %s (run go test ./evidence/offline -update)", want.URN)
		case !got.Inputs.DeepEquals(want.Inputs) || !got.Outputs.DeepEquals(want.Outputs):
			t.Errorf("%s differs from the update run (run go test ./evidence/offline -update)", want.URN)
		case got.Parent != want.Parent || got.Provider != want.Provider || got.Protect != want.Protect ||
			!slices.Equal(got.Dependencies, want.Dependencies):
			t.Errorf("%s: parent, provider, protect or dependencies differ from the update run", want.URN)
		}
	}
}

// export is the committed fixture with change applied through apitype, written to a file.
func export(t *testing.T, change func(rs []apitype.ResourceV3)) string {
	t.Helper()
	data, err := os.ReadFile(stateFixture)
	if err != nil {
		t.Fatal(err)
	}
	var untyped apitype.UntypedDeployment
	if err := json.Unmarshal(data, &untyped); err != nil {
		t.Fatal(err)
	}
	var dep apitype.DeploymentV3
	if err := json.Unmarshal(untyped.Deployment, &dep); err != nil {
		t.Fatal(err)
	}
	change(dep.Resources)
	if untyped.Deployment, err = json.Marshal(dep); err != nil {
		t.Fatal(err)
	}
	out, err := json.Marshal(untyped)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "export.json")
	if err := os.WriteFile(path, out, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// named finds the resource of a type and logical name.
func named(t *testing.T, rs []apitype.ResourceV3, typ, name string) *apitype.ResourceV3 {
	t.Helper()
	for i := range rs {
		if string(rs[i].Type) == typ && rs[i].URN.Name() == name {
			return &rs[i]
		}
	}
	t.Fatalf("the export has no %s %q", typ, name)
	return nil
}

func deployed(t *testing.T, path, stacksDir string) (offline.Outcome, string, string) {
	t.Helper()
	dir := t.TempDir()
	var buf bytes.Buffer
	out, err := offline.Preview(context.Background(), offline.Options{
		StacksDir: stacksDir, PoliciesDir: "../../policies", Stack: "aws-dev", State: path, ReportDir: dir,
		Date: time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC), Revision: "test",
	}, &buf)
	if err != nil {
		t.Fatalf("judging the deployed state: %v\n%s", err, buf.String())
	}
	md, err := os.ReadFile(out.ReportMarkdown)
	if err != nil {
		t.Fatal(err)
	}
	return out, buf.String(), string(md)
}

func TestPreview_deployedStateIsJudgedAsAnUpdateWithNothingUnverified(t *testing.T) {
	for _, tc := range []struct{ name, stacksDir, configHash string }{
		{"with the stack config", "../../stacks", "| Stack config (sha256) | "},
		{"from the state alone", t.TempDir(), "| Stack config (sha256) | none"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, text, md := deployed(t, stateFixture, tc.stacksDir)
			if out.Mandatory != 0 || out.Unverified != 0 {
				t.Errorf("mandatory = %d, unverified = %d on the deployed aws-dev:\n%s", out.Mandatory, out.Unverified, text)
			}
			for _, must := range []string{"| Evidence from | deployed state", "| Deployment export (sha256) | ", tc.configHash, "| Cloud | aws |", "**PASS**",
				"| Last changed |", "| payments-key | aws:kms/key:Key |  | 2026-11-24T09:30:00Z |"} {
				if !strings.Contains(md, must) {
					t.Errorf("report lacks %q", must)
				}
			}
			for _, mustNot := range []string{"NOT VERIFIED", "known after apply", "IN PREVIEW"} {
				if strings.Contains(md, mustNot) {
					t.Errorf("a deployed-state report says %q", mustNot)
				}
			}
			if !strings.Contains(text, "Deployed stack aws-dev") {
				t.Errorf("output does not say it judges the deployed stack:\n%s", text)
			}
		})
	}
}

func TestPreview_deployedSecretsStayHiddenAndCardNumbersMasked(t *testing.T) {
	const plain = "s3cr3t-value-in-state"
	path := export(t, func(rs []apitype.ResourceV3) {
		q := named(t, rs, "aws:sqs/queue:Queue", "payments-queue")
		q.Outputs["secretNote"] = map[string]any{resource.SigKey: resource.SecretSig, "plaintext": `"` + plain + `"`}
		q.Outputs["sealedNote"] = map[string]any{resource.SigKey: resource.SecretSig, "ciphertext": "v1:AAAA:BBBB"}
		tags := q.Inputs["tags"].(map[string]any)
		tags["note"] = "card 4111 1111 1111 1111"
		q.Outputs["tags"] = tags
	})
	out, text, md := deployed(t, path, "../../stacks")
	if out.Mandatory == 0 {
		t.Errorf("a card number in a deployed tag is not a mandatory violation:\n%s", text)
	}
	for _, leak := range []string{plain, "1111 1111 1111", "4111111111111111"} {
		if strings.Contains(md, leak) || strings.Contains(text, leak) {
			t.Errorf("the report or the output shows %q", leak)
		}
	}
}

func TestPreview_weakenedDeploymentFailsExactlyItsRequirement(t *testing.T) {
	path := export(t, func(rs []apitype.ResourceV3) {
		q := named(t, rs, "aws:sqs/queue:Queue", "payments-queue")
		for _, props := range []map[string]any{q.Inputs, q.Outputs} {
			delete(props, "kmsMasterKeyId")
			delete(props, "kmsDataKeyReusePeriodSeconds")
			props["sqsManagedSseEnabled"] = true
		}
	})
	out, text, md := deployed(t, path, "../../stacks")
	if out.Mandatory == 0 {
		t.Fatalf("an SSE-SQS queue passed:\n%s", text)
	}
	var failed []string
	for _, line := range strings.Split(md, "\n") {
		if strings.HasPrefix(line, "| ") && strings.Contains(line, "| **FAIL**") {
			failed = append(failed, strings.TrimSpace(strings.Split(line, "|")[1]))
		}
	}
	// Without a customer-managed key the queue's key is also not managed in the stack (3.6.1).
	if !reflect.DeepEqual(failed, []string{"3.5.1", "3.6.1"}) {
		t.Errorf("failed requirements = %v, want [3.5.1 3.6.1]\n%s", failed, text)
	}
}
