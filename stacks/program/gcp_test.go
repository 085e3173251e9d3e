package program_test

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/pciqueue/pciqueue/evidence/offline"
	"github.com/pciqueue/pciqueue/internal/enginetest"
)

func TestGCPDev_projectControlsCreatedOnceForAllQueues(t *testing.T) {
	rs, err := offline.Run(stacksDir, "gcp-dev", true)
	if err != nil {
		t.Fatal(err)
	}
	for typ, want := range map[string]int{
		"pciqueue:gcp:ProjectControls":                               1,
		"pciqueue:gcp:SecureQueue":                                   2,
		"gcp:accesscontextmanager/servicePerimeter:ServicePerimeter": 1,
		"gcp:projects/iAMAuditConfig:IAMAuditConfig":                 2,
		"gcp:projects/serviceIdentity:ServiceIdentity":               1,
		"gcp:pubsub/topic:Topic":                                     4,
	} {
		if got := len(enginetest.ByType(rs, typ)); got != want {
			t.Errorf("%d %s, want %d", got, typ, want)
		}
	}
	p, _ := enginetest.Find(rs, "gcp:accesscontextmanager/servicePerimeter:ServicePerimeter", "project-perimeter")
	levels := input(p, "status", "accessLevels")
	if !levels.IsArray() || len(levels.ArrayValue()) != 1 || levels.ArrayValue()[0].StringValue() != "accessPolicies/123456789/accessLevels/pciqueue_deployers" {
		t.Errorf("perimeter access levels = %v, want the configured one", levels)
	}
}

func TestGCPDev_queuesFollowTheirConfig(t *testing.T) {
	rs, err := offline.Run(stacksDir, "gcp-dev", false)
	if err != nil {
		t.Fatal(err)
	}
	payments, _ := enginetest.Find(rs, "gcp:pubsub/subscription:Subscription", "payments-subscription")
	refunds, _ := enginetest.Find(rs, "gcp:pubsub/subscription:Subscription", "refunds-subscription")
	if !input(payments, "enableMessageOrdering").BoolValue() || input(refunds, "enableMessageOrdering").BoolValue() {
		t.Error("payments must be ordered and refunds not")
	}
	if got := input(refunds, "deadLetterPolicy", "maxDeliveryAttempts"); got.NumberValue() != 8 {
		t.Errorf("refunds maxDeliveryAttempts = %v, want 8", got)
	}
	if got := input(refunds, "messageRetentionDuration").StringValue(); got != "604800s" {
		t.Errorf("refunds retention = %q, want 7 days", got)
	}
	topic, _ := enginetest.Find(rs, "gcp:pubsub/topic:Topic", "refunds-topic")
	if got := input(topic, "labels", "data-classification").StringValue(); got != "tokenized" {
		t.Errorf("refunds classification label = %q", got)
	}
	regions := input(topic, "messageStoragePolicy", "allowedPersistenceRegions")
	if !regions.IsArray() || len(regions.ArrayValue()) != 2 {
		t.Errorf("refunds allowed regions = %v, want the two configured", regions)
	}
	for name, days := range map[string]float64{"payments-audit-bucket": 400, "refunds-audit-bucket": 365} {
		b, _ := enginetest.Find(rs, "gcp:logging/projectBucketConfig:ProjectBucketConfig", name)
		if got := input(b, "retentionDays").NumberValue(); got != days {
			t.Errorf("%s retentionDays = %v, want %v", name, got, days)
		}
	}
}

func input(r enginetest.Resource, path ...string) resource.PropertyValue {
	v := resource.NewProperty(r.Inputs)
	for _, p := range path {
		if !v.IsObject() {
			return resource.NewNullProperty()
		}
		v = v.ObjectValue()[resource.PropertyKey(p)]
	}
	return v
}

func baseGCPConfig() map[string]string {
	return map[string]string{
		"pciqueue:cloud":  "gcp",
		"pciqueue:gcp":    `{"project":"pciqueue-dev","region":"europe-west1","accessPolicy":"accessPolicies/123456789"}`,
		"pciqueue:queues": `[{"name":"payments"}]`,
	}
}

func TestGCPConfigErrors_nameTheConfigKey(t *testing.T) {
	gcpConfig := func(body string) func(map[string]string) {
		return func(c map[string]string) { c["pciqueue:gcp"] = body }
	}
	queues := func(body string) func(map[string]string) {
		return func(c map[string]string) { c["pciqueue:queues"] = body }
	}
	cases := []struct {
		name string
		edit func(map[string]string)
		want []string
	}{
		{"missing provider config", func(c map[string]string) { delete(c, "pciqueue:gcp") }, []string{"pciqueue:gcp is required"}},
		{"bad project", gcpConfig(`{"project":"My Project","region":"europe-west1","accessPolicy":"accessPolicies/1"}`),
			[]string{"pciqueue:gcp.project", `"My Project"`}},
		{"zone instead of region", gcpConfig(`{"project":"pciqueue-dev","region":"europe-west1-b","accessPolicy":"accessPolicies/1"}`),
			[]string{"pciqueue:gcp.region", `"europe-west1-b"`}},
		{"allowed regions without the region", gcpConfig(`{"project":"pciqueue-dev","region":"europe-west1","allowedRegions":["us-east1"],"accessPolicy":"accessPolicies/1"}`),
			[]string{"pciqueue:gcp.allowedRegions", "does not include", "europe-west1"}},
		{"bad default label", gcpConfig(`{"project":"pciqueue-dev","region":"europe-west1","defaultLabels":{"Owner":"x"},"accessPolicy":"accessPolicies/1"}`),
			[]string{"pciqueue:gcp.defaultLabels", `"Owner"`}},
		{"misspelt key", gcpConfig(`{"project":"pciqueue-dev","region":"europe-west1","acessPolicy":"accessPolicies/1"}`),
			[]string{"pciqueue:gcp", "acessPolicy"}},
		{"no perimeter", gcpConfig(`{"project":"pciqueue-dev","region":"europe-west1"}`),
			[]string{"pciqueue:gcp", "accessPolicy or perimeter is required"}},
		{"both perimeters", gcpConfig(`{"project":"pciqueue-dev","region":"europe-west1","accessPolicy":"accessPolicies/1","perimeter":"accessPolicies/1/servicePerimeters/cde"}`),
			[]string{"pciqueue:gcp", "perimeter", "not both"}},
		{"bad brought key", queues(`[{"name":"payments","gcp":{"keyName":"alias/payments"}}]`),
			[]string{"pciqueue:queues[0]", "gcp.keyName", "cryptoKeys"}},
		{"misspelt queue option", queues(`[{"name":"payments","gcp":{"kmsKey":"x"}}]`), []string{"pciqueue:queues[0].gcp", "kmsKey"}},
		{"errors of every queue at once", queues(`[{"name":"payments","gcp":{"protectionLevel":"EXTERNAL"}},{"name":"refunds","gcp":{"notificationChannels":["ops@example.com"]}}]`),
			[]string{"pciqueue:queues[0]", "gcp.protectionLevel", "pciqueue:queues[1]", "gcp.notificationChannels[0]"}},
		{"Pub/Sub delivery attempts", queues(`[{"name":"payments","maxDeliveries":2}]`), []string{"pciqueue:queues[0]", "maxDeliveries = 2", "5–100 on gcp"}},
		{"options for another cloud", queues(`[{"name":"payments","aws":{}}]`), []string{"pciqueue:queues[0].aws", "gcp stack"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := baseGCPConfig()
			tc.edit(cfg)
			rs, err := offline.RunConfig("gcp-dev", cfg, true)
			if err == nil {
				t.Fatal("the stack program accepted an invalid config")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error does not say %q:\n%v", w, err)
				}
			}
			for _, r := range rs {
				if r.Custom || strings.HasPrefix(r.Type, "pciqueue:") {
					t.Errorf("registered %s %q before rejecting the config", r.Type, r.Name)
				}
			}
		})
	}
}
