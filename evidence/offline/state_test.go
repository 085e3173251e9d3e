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

// stateFixture is the committed deployment export of a stack.
func stateFixture(stack string) string { return filepath.Join("testdata", stack+".export.json") }

// TestStateFixtures_areTheUpdateRunsOfTheCommittedStacks keeps each committed export equal to what the
// stack program deploys: the recording engine's update run, written through the SDK's apitype structures.
func TestStateFixtures_areTheUpdateRunsOfTheCommittedStacks(t *testing.T) {
	for _, stack := range []string{"aws-dev", "azure-dev", "gcp-dev"} {
		t.Run(stack, func(t *testing.T) {
			rs, err := offline.Run("../../stacks", stack, false)
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
				if err := os.WriteFile(stateFixture(stack), data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			dep, err := state.Read(stateFixture(stack))
			if err != nil {
				t.Fatalf("%v (run go test ./evidence/offline -update)", err)
			}
			if dep.Stack != stack || dep.Project != offline.Project || len(dep.Resources) != len(rs) {
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
		})
	}
}

// export is the committed fixture with change applied through apitype, written to a file.
func export(t *testing.T, stack string, change func(rs []apitype.ResourceV3)) string {
	t.Helper()
	data, err := os.ReadFile(stateFixture(stack))
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
	path := filepath.Join(t.TempDir(), stack+".export.json")
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
	for _, tc := range []struct{ name, stack, stacksDir, configHash, cloud string }{
		{"aws with the stack config", "aws-dev", "../../stacks", "| Stack config (sha256) | ", "aws"},
		{"aws from the state alone", "aws-dev", t.TempDir(), "| Stack config (sha256) | none", "aws"},
		{"azure", "azure-dev", "../../stacks", "| Stack config (sha256) | ", "azure"},
		{"gcp from the state alone", "gcp-dev", t.TempDir(), "| Stack config (sha256) | none", "gcp"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, text, md := deployed(t, stateFixture(tc.stack), tc.stacksDir)
			if out.Mandatory != 0 || out.Unverified != 0 {
				t.Errorf("mandatory = %d, unverified = %d on the deployed %s:\n%s", out.Mandatory, out.Unverified, tc.stack, text)
			}
			if filepath.Base(out.ReportMarkdown) != tc.stack+".md" {
				t.Errorf("report %s, want it named after the stack in the state", out.ReportMarkdown)
			}
			for _, must := range []string{"| Evidence from | deployed state", "| Deployment export (sha256) | ", tc.configHash, "| Cloud | " + tc.cloud + " |", "**PASS**",
				"| Last changed |", "2026-11-24T09:30:00Z |"} {
				if !strings.Contains(md, must) {
					t.Errorf("report lacks %q", must)
				}
			}
			for _, mustNot := range []string{"NOT VERIFIED", "known after apply", "IN PREVIEW"} {
				if strings.Contains(md, mustNot) {
					t.Errorf("a deployed-state report says %q", mustNot)
				}
			}
			if compared := tc.stacksDir == "../../stacks"; strings.Contains(md, "## Drift between the program and the deployed state\n\nNone:") != compared {
				t.Errorf("report shows no drift = %v, want %v (the state is the program's update run)", !compared, compared)
			}
			if !strings.Contains(text, "Deployed stack "+tc.stack) {
				t.Errorf("output does not say it judges the deployed stack:\n%s", text)
			}
		})
	}
}

func TestPreview_deployedSecretsStayHiddenAndCardNumbersMasked(t *testing.T) {
	const plain = "s3cr3t-value-in-state"
	path := export(t, "aws-dev", func(rs []apitype.ResourceV3) {
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

// setBoth sets (or, with nil, deletes) a property in a resource's inputs and outputs.
func setBoth(r *apitype.ResourceV3, key string, v any) {
	for _, props := range []map[string]any{r.Inputs, r.Outputs} {
		if v == nil {
			delete(props, key)
		} else {
			props[key] = v
		}
	}
}

// withoutStatement removes the statement with sid from a resource's policy document.
func withoutStatement(t *testing.T, r *apitype.ResourceV3, sid string) {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal([]byte(r.Inputs["policy"].(string)), &doc); err != nil {
		t.Fatal(err)
	}
	var kept []any
	for _, st := range doc["Statement"].([]any) {
		if st.(map[string]any)["Sid"] != sid {
			kept = append(kept, st)
		}
	}
	if len(kept) == len(doc["Statement"].([]any)) {
		t.Fatalf("the policy has no statement %q", sid)
	}
	doc["Statement"] = kept
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	setBoth(r, "policy", string(b))
}

func TestPreview_weakenedDeploymentFailsExactlyItsRequirements(t *testing.T) {
	for _, tc := range []struct {
		name, stack string
		weaken      func(t *testing.T, rs []apitype.ResourceV3)
		want        []string
		drift       string
	}{
		// Without a customer-managed key the queue's key is also not managed in the stack (3.6.1).
		{"SSE-SQS queue instead of the CMK", "aws-dev", func(t *testing.T, rs []apitype.ResourceV3) {
			q := named(t, rs, "aws:sqs/queue:Queue", "payments-queue")
			setBoth(q, "kmsMasterKeyId", nil)
			setBoth(q, "kmsDataKeyReusePeriodSeconds", nil)
			setBoth(q, "sqsManagedSseEnabled", true)
		}, []string{"3.5.1", "3.6.1"}, "| payments-queue (aws:sqs/queue:Queue) | sqsManagedSseEnabled | false | true |"},
		{"queue policy without the TLS deny", "aws-dev", func(t *testing.T, rs []apitype.ResourceV3) {
			withoutStatement(t, named(t, rs, "aws:sqs/queuePolicy:QueuePolicy", "payments-queue-policy"), "DenyInsecureTransport")
		}, []string{"4.2.1"}, "| payments-queue-policy (aws:sqs/queuePolicy:QueuePolicy) | policy |"},
		{"Key Vault without purge protection", "azure-dev", func(t *testing.T, rs []apitype.ResourceV3) {
			for i := range rs {
				if string(rs[i].Type) == "azure-native:keyvault:Vault" {
					for _, props := range []map[string]any{rs[i].Inputs, rs[i].Outputs} {
						props["properties"].(map[string]any)["enablePurgeProtection"] = false
					}
					return
				}
			}
			t.Fatal("azure-dev has no Key Vault")
		}, []string{"3.7.5"}, "(azure-native:keyvault:Vault) | properties |"},
		{"topic without CMEK", "gcp-dev", func(t *testing.T, rs []apitype.ResourceV3) {
			setBoth(named(t, rs, "gcp:pubsub/topic:Topic", "payments-topic"), "kmsKeyName", nil)
		}, []string{"3.5.1"}, "| payments-topic (gcp:pubsub/topic:Topic) | kmsKeyName |"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, text, md := deployed(t, export(t, tc.stack, func(rs []apitype.ResourceV3) { tc.weaken(t, rs) }), "../../stacks")
			if out.Mandatory == 0 {
				t.Fatalf("the weakened deployment passed:\n%s", text)
			}
			var failed []string
			for _, line := range strings.Split(md, "\n") {
				if strings.HasPrefix(line, "| ") && strings.Contains(line, "| **FAIL**") {
					failed = append(failed, strings.TrimSpace(strings.Split(line, "|")[1]))
				}
			}
			if !reflect.DeepEqual(failed, tc.want) {
				t.Errorf("failed requirements = %v, want %v\n%s", failed, tc.want, text)
			}
			if !strings.Contains(md, tc.drift) {
				t.Errorf("the drift section lacks %q", tc.drift)
			}
		})
	}
}
