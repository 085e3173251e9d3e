package program_test

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/pciqueue/pciqueue/components/azure"
	"github.com/pciqueue/pciqueue/components/gcp"
	"github.com/pciqueue/pciqueue/evidence/offline"
	"github.com/pciqueue/pciqueue/internal/enginetest"
)

var update = flag.Bool("update", false, "rewrite the golden resource sets in testdata/")

// stacksDir is where the committed stack configs live, relative to this package.
const stacksDir = ".."

// goldenResourceSet compares the sorted "type name" lines of a stack with testdata/<stack>.resources.
func goldenResourceSet(t *testing.T, stack string, rs []enginetest.Resource) {
	t.Helper()
	got := strings.Join(enginetest.Types(rs), "\n") + "\n"
	path := filepath.Join("testdata", stack+".resources")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading golden file (run go test ./stacks/program -update to create it): %v", err)
	}
	if got != string(want) {
		t.Fatalf("resource set of %s changed; if intended, run go test ./stacks/program -update\n got:\n%s\nwant:\n%s", stack, got, want)
	}
}

func TestCommittedStacks_resourceSetInPreviewAndUpdate(t *testing.T) {
	stacks, err := offline.Stacks(stacksDir)
	if err != nil || len(stacks) < 3 {
		t.Fatalf("committed stacks = %v, %v", stacks, err)
	}
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			preview, err := offline.Run(stacksDir, stack, true)
			if err != nil {
				t.Fatalf("preview %s: %v", stack, err)
			}
			goldenResourceSet(t, stack, preview)
			up, err := offline.Run(stacksDir, stack, false)
			if err != nil {
				t.Fatalf("update %s: %v", stack, err)
			}
			if strings.Join(enginetest.Types(up), "\n") != strings.Join(enginetest.Types(preview), "\n") {
				t.Fatal("update registers a different resource set than preview")
			}
		})
	}
}

func TestCommittedStacks_everyResourceUsesTheExplicitProvider(t *testing.T) {
	cases := []struct {
		stack, provider, prefix string
		// configured checks that the provider carries the stack's settings.
		configured func(in resource.PropertyMap) bool
	}{
		{"aws-dev", "pulumi:providers:aws", "aws:", func(in resource.PropertyMap) bool {
			return in["region"].StringValue() == "eu-west-1" && len(in["allowedAccountIds"].ArrayValue()) == 1
		}},
		{"azure-dev", "pulumi:providers:azure-native", "azure-native:", func(in resource.PropertyMap) bool {
			return in["subscriptionId"].StringValue() == azure.OfflineSubscription && in["location"].StringValue() == "westeurope"
		}},
		{"gcp-dev", "pulumi:providers:gcp", "gcp:", func(in resource.PropertyMap) bool {
			labels := in["defaultLabels"]
			return in["project"].StringValue() == gcp.OfflineProject && in["region"].StringValue() == "europe-west1" &&
				labels.IsObject() && labels.ObjectValue()["environment"].StringValue() == "dev"
		}},
	}
	for _, tc := range cases {
		t.Run(tc.stack, func(t *testing.T) {
			rs, err := offline.Run(stacksDir, tc.stack, true)
			if err != nil {
				t.Fatal(err)
			}
			var provider string
			for _, r := range rs {
				if r.Type == tc.provider {
					provider = r.URN
					if !tc.configured(r.Inputs) {
						t.Errorf("provider inputs = %v", r.Inputs)
					}
				}
			}
			if provider == "" {
				t.Fatalf("no explicit %s", tc.provider)
			}
			for _, r := range rs {
				if r.Custom && strings.HasPrefix(r.Type, tc.prefix) && !strings.HasPrefix(r.Provider, provider+"::") {
					t.Errorf("%s %q uses provider %q, not the stack's explicit provider", r.Type, r.Name, r.Provider)
				}
			}
		})
	}
}

func TestAWSDev_queuesFollowTheirConfig(t *testing.T) {
	rs, err := offline.Run(stacksDir, "aws-dev", false)
	if err != nil {
		t.Fatal(err)
	}
	payments, _ := enginetest.Find(rs, "aws:sqs/queue:Queue", "payments-queue")
	refunds, _ := enginetest.Find(rs, "aws:sqs/queue:Queue", "refunds-queue")
	if !payments.Inputs["fifoQueue"].BoolValue() || refunds.Inputs["fifoQueue"].BoolValue() {
		t.Error("payments must be FIFO and refunds standard")
	}
	var redrive struct{ MaxReceiveCount int }
	if err := json.Unmarshal([]byte(refunds.Inputs["redrivePolicy"].StringValue()), &redrive); err != nil || redrive.MaxReceiveCount != 8 {
		t.Errorf("refunds redrive = %+v, %v", redrive, err)
	}
	if got := refunds.Inputs["tags"].ObjectValue()["data-classification"].StringValue(); got != "tokenized" {
		t.Errorf("refunds classification = %q", got)
	}
	// One log group audits the stack, kept as long as the queue that asks for the longest retention.
	lg, ok := enginetest.Find(rs, "aws:cloudwatch/logGroup:LogGroup", "audit-logs")
	if !ok || lg.Inputs["retentionInDays"].NumberValue() != 400 {
		t.Errorf("stack log group found %v, retention = %v, want payments' 400 days", ok, lg.Inputs["retentionInDays"])
	}
}

func baseConfig() map[string]string {
	return map[string]string{
		"pciqueue:cloud":  "aws",
		"pciqueue:aws":    `{"region":"eu-west-1","allowedAccountIds":["123456789012"]}`,
		"pciqueue:queues": `[{"name":"payments"}]`,
	}
}

func TestConfigErrors_nameTheConfigKey(t *testing.T) {
	cases := []struct {
		name string
		edit func(map[string]string)
		want []string
	}{
		{"missing cloud", func(c map[string]string) { delete(c, "pciqueue:cloud") }, []string{"pciqueue:cloud is required"}},
		{"unknown cloud", func(c map[string]string) { c["pciqueue:cloud"] = "oracle" }, []string{"pciqueue:cloud", `"oracle"`, "aws, azure, gcp"}},
		{"missing queues", func(c map[string]string) { delete(c, "pciqueue:queues") }, []string{"pciqueue:queues is required"}},
		{"queues not a list", func(c map[string]string) { c["pciqueue:queues"] = `{"name":"x"}` }, []string{"pciqueue:queues", "list"}},
		{"empty queue list", func(c map[string]string) { c["pciqueue:queues"] = `[]` }, []string{"pciqueue:queues", "empty"}},
		{"missing queue name", func(c map[string]string) { c["pciqueue:queues"] = `[{"ordered":true}]` }, []string{"pciqueue:queues[0].name is required"}},
		{"misspelt key", func(c map[string]string) { c["pciqueue:queues"] = `[{"name":"payments","maxDelivery":5}]` }, []string{"pciqueue:queues[0]", "maxDelivery"}},
		{"invalid value", func(c map[string]string) {
			c["pciqueue:queues"] = `[{"name":"a"},{"name":"refunds","maxDeliveries":0,"logRetentionDays":30}]`
		},
			[]string{"pciqueue:queues[1]", "logRetentionDays = 30", "at least 365", "pciqueue:queues[0]", `name = "a"`}},
		{"bad duration", func(c map[string]string) {
			c["pciqueue:queues"] = `[{"name":"payments","messageRetention":"four days"}]`
		}, []string{"pciqueue:queues[0].messageRetention", "14d"}},
		{"duplicate queue", func(c map[string]string) { c["pciqueue:queues"] = `[{"name":"payments"},{"name":"payments"}]` }, []string{"pciqueue:queues[1].name", "already used by pciqueue:queues[0]"}},
		{"options for another cloud", func(c map[string]string) { c["pciqueue:queues"] = `[{"name":"payments","gcp":{}}]` }, []string{"pciqueue:queues[0].gcp", "aws stack"}},
		{"misspelt AWS option", func(c map[string]string) { c["pciqueue:queues"] = `[{"name":"payments","aws":{"kmsKey":"x"}}]` }, []string{"pciqueue:queues[0].aws", "kmsKey"}},
		{"bad AWS option value", func(c map[string]string) {
			c["pciqueue:queues"] = `[{"name":"payments","aws":{"keyArn":"alias/aws/sqs"}}]`
		}, []string{"pciqueue:queues[0]", "aws.keyArn", "customer-managed"}},
		{"missing provider config", func(c map[string]string) { delete(c, "pciqueue:aws") }, []string{"pciqueue:aws is required"}},
		{"no allowed accounts", func(c map[string]string) { c["pciqueue:aws"] = `{"region":"eu-west-1"}` }, []string{"pciqueue:aws.allowedAccountIds is required"}},
		{"bad account", func(c map[string]string) { c["pciqueue:aws"] = `{"region":"eu-west-1","allowedAccountIds":["12345"]}` }, []string{"pciqueue:aws.allowedAccountIds[0]", "12 digits"}},
		{"bad region", func(c map[string]string) {
			c["pciqueue:aws"] = `{"region":"Ireland","allowedAccountIds":["123456789012"]}`
		}, []string{"pciqueue:aws.region", `"Ireland"`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := baseConfig()
			tc.edit(cfg)
			rs, err := offline.RunConfig("aws-dev", cfg, true)
			if err == nil {
				t.Fatal("the stack program accepted an invalid config")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error does not say %q:\n%v", w, err)
				}
			}
			for _, r := range rs {
				if r.Custom {
					t.Errorf("registered %s %q before rejecting the config", r.Type, r.Name)
				}
			}
		})
	}
}

// physicalNames are the names a resource asks the cloud for; resources without one are auto-named by Pulumi
// with a random suffix and cannot collide.
func physicalNames(rs []enginetest.Resource) map[string]string {
	out := map[string]string{}
	for _, r := range rs {
		for _, k := range []resource.PropertyKey{"name", "bucketPrefix", "namePrefix"} {
			if v, ok := r.Inputs[k]; ok && v.IsString() {
				out[v.StringValue()] = r.Type + " " + r.Name
			}
		}
	}
	return out
}

func TestAWSDev_copyNamedAWSProdInTheSameAccountSharesNoPhysicalName(t *testing.T) {
	cfg, err := offline.StackConfig(stacksDir, "aws-dev")
	if err != nil {
		t.Fatal(err)
	}
	dev, err := offline.RunConfig("aws-dev", cfg, true)
	if err != nil {
		t.Fatal(err)
	}
	prod, err := offline.RunConfig("aws-prod", cfg, true)
	if err != nil {
		t.Fatal(err)
	}
	devNames, prodNames := physicalNames(dev), physicalNames(prod)
	if len(devNames) < 10 {
		t.Fatalf("only %d physical names in aws-dev: %v", len(devNames), devNames)
	}
	for n, r := range prodNames {
		if other, clash := devNames[n]; clash {
			t.Errorf("aws-prod %s and aws-dev %s both ask for %q", r, other, n)
		}
	}
}
