package program_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/pciqueue/pciqueue/components/azure"
	"github.com/pciqueue/pciqueue/evidence/offline"
	"github.com/pciqueue/pciqueue/internal/enginetest"
)

func TestAzureDev_queuesFollowTheirConfig(t *testing.T) {
	rs, err := offline.Run(stacksDir, "azure-dev", false)
	if err != nil {
		t.Fatal(err)
	}
	payments, _ := enginetest.Find(rs, "azure-native:servicebus:Queue", "payments-queue")
	refunds, _ := enginetest.Find(rs, "azure-native:servicebus:Queue", "refunds-queue")
	if !azureProp(payments, "requiresSession").BoolValue() || azureProp(refunds, "requiresSession").BoolValue() {
		t.Error("payments must use sessions (ordered) and refunds must not")
	}
	if n := azureProp(refunds, "maxDeliveryCount").NumberValue(); n != 8 {
		t.Errorf("refunds maxDeliveryCount = %v, want 8", n)
	}
	if ttl := azureProp(refunds, "defaultMessageTimeToLive").StringValue(); ttl != "P7D" {
		t.Errorf("refunds defaultMessageTimeToLive = %q, want P7D", ttl)
	}
	// The queues share one Premium namespace, audited into one workspace kept as long as the longest
	// retention any queue asks for, and classified as the most sensitive queue it holds.
	if n := len(enginetest.ByType(rs, "azure-native:servicebus:Namespace")); n != 1 {
		t.Fatalf("%d namespaces, want the one the stack's queues share", n)
	}
	ws, ok := enginetest.Find(rs, "azure-native:operationalinsights:Workspace", "namespace-audit")
	if !ok || azureProp(ws, "retentionInDays").NumberValue() != 400 {
		t.Errorf("shared workspace found %v, retention = %v, want payments' 400", ok, azureProp(ws, "retentionInDays"))
	}
	ns, _ := enginetest.Find(rs, "azure-native:servicebus:Namespace", "namespace-namespace")
	if got := azureProp(ns, "tags", "data-classification").StringValue(); got != "cardholder-data" {
		t.Errorf("shared namespace classification = %q, want cardholder-data (payments)", got)
	}
	refundsID, _ := enginetest.Find(rs, "azure-native:managedidentity:UserAssignedIdentity", "refunds-producer-support-desk")
	if got := azureProp(refundsID, "tags", "data-classification").StringValue(); got != "tokenized" {
		t.Errorf("refunds classification = %q", got)
	}
	for _, ns := range enginetest.ByType(rs, "azure-native:servicebus:Namespace") {
		if got := azureProp(ns, "publicNetworkAccess").StringValue(); got != "Disabled" {
			t.Errorf("%s publicNetworkAccess = %q: both dev queues have a private endpoint", ns.Name, got)
		}
	}
	if n := len(enginetest.ByType(rs, "azure-native:network:PrivateEndpoint")); n != 2 {
		t.Errorf("%d private endpoints, want one for the shared namespace and one for its vault", n)
	}
}

// azure-native has no provider-level default tags: the stack's defaultTags reach every taggable resource
// only because the program merges them into each queue's tags.
func TestAzureDev_defaultTagsReachEveryTaggedResource(t *testing.T) {
	rs, err := offline.Run(stacksDir, "azure-dev", true)
	if err != nil {
		t.Fatal(err)
	}
	tagged := 0
	for _, r := range rs {
		if _, ok := r.Inputs["tags"]; !ok {
			continue
		}
		tagged++
		for k, v := range map[string]string{"environment": "dev", "owner": "payments-platform", "team": "payments", "pci-scope": "cde"} {
			if got := azureProp(r, "tags", k); !got.IsString() || got.StringValue() != v {
				t.Errorf("%s %s tag %s = %v, want %q", r.Type, r.Name, k, got, v)
			}
		}
	}
	if tagged < 12 {
		t.Errorf("only %d tagged resources: the check covered too little", tagged)
	}
}

func TestAzure_isolatedQueueGetsItsOwnNamespace(t *testing.T) {
	cfg := baseAzureConfig()
	cfg["pciqueue:queues"] = `[{"name":"payments"},{"name":"refunds"},{"name":"ledger","azure":{"isolatedNamespace":true,"zoneRedundant":false}}]`
	rs, err := offline.RunConfig("azure-dev", cfg, true)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, ns := range enginetest.ByType(rs, "azure-native:servicebus:Namespace") {
		names = append(names, ns.Name)
	}
	if len(names) != 2 || !slices.Contains(names, "namespace-namespace") || !slices.Contains(names, "ledger-namespace") {
		t.Errorf("namespaces %v, want the shared one and ledger's own", names)
	}
}

func baseAzureConfig() map[string]string {
	return map[string]string{
		"pciqueue:cloud":  "azure",
		"pciqueue:azure":  `{"subscriptionId":"` + azure.OfflineSubscription + `","location":"westeurope"}`,
		"pciqueue:queues": `[{"name":"payments"}]`,
	}
}

func TestAzureConfigErrors_nameTheConfigKeyAndRegisterNothing(t *testing.T) {
	cases := []struct {
		name string
		edit func(map[string]string)
		want []string
	}{
		{"missing azure object", func(c map[string]string) { delete(c, "pciqueue:azure") }, []string{"pciqueue:azure is required"}},
		{"subscription name instead of ID", func(c map[string]string) {
			c["pciqueue:azure"] = `{"subscriptionId":"payments-prod","location":"westeurope"}`
		}, []string{"pciqueue:azure.subscriptionId", `"payments-prod"`, "GUID"}},
		{"display-name location", func(c map[string]string) {
			c["pciqueue:azure"] = `{"subscriptionId":"` + azure.OfflineSubscription + `","location":"West Europe"}`
		}, []string{"pciqueue:azure.location", `"West Europe"`, "westeurope"}},
		{"misspelt provider key", func(c map[string]string) {
			c["pciqueue:azure"] = `{"subscriptionId":"` + azure.OfflineSubscription + `","location":"westeurope","defaultTag":{}}`
		}, []string{"pciqueue:azure", "defaultTag"}},
		{"misspelt queue option", func(c map[string]string) {
			c["pciqueue:queues"] = `[{"name":"payments","azure":{"privateEndpointSubnet":"x"}}]`
		}, []string{"pciqueue:queues[0].azure", "privateEndpointSubnet"}},
		{"bad queue option in the second queue", func(c map[string]string) {
			c["pciqueue:queues"] = `[{"name":"payments"},{"name":"refunds","azure":{"keyId":"https://v.vault.azure.net/keys/k/0123456789abcdef0123456789abcdef"}}]`
		}, []string{"pciqueue:queues[1]", "azure.keyId", "versionless"}},
		{"namespace setting on a queue of the shared namespace", func(c map[string]string) {
			c["pciqueue:queues"] = `[{"name":"payments","azure":{"zoneRedundant":false}}]`
		}, []string{"pciqueue:queues[0]", "azure.zoneRedundant", "isolatedNamespace"}},
		{"misspelt namespace key", func(c map[string]string) {
			c["pciqueue:azure"] = `{"subscriptionId":"` + azure.OfflineSubscription + `","location":"westeurope","namespace":{"keyIdd":"x"}}`
		}, []string{"pciqueue:azure", "keyIdd"}},
		{"reserved default tag", func(c map[string]string) {
			c["pciqueue:azure"] = `{"subscriptionId":"` + azure.OfflineSubscription + `","location":"westeurope","defaultTags":{"pci-scope":"none"}}`
		}, []string{"pciqueue:queues[0]", "pciqueue:azure.defaultTags", "tags.pci-scope"}},
		{"lock beyond Service Bus", func(c map[string]string) {
			c["pciqueue:queues"] = `[{"name":"payments","visibilityTimeout":"10m"}]`
		}, []string{"pciqueue:queues[0]", "visibilityTimeout", "5m0s on azure"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := baseAzureConfig()
			tc.edit(cfg)
			rs, err := offline.RunConfig("azure-dev", cfg, true)
			if err == nil {
				t.Fatal("invalid config accepted")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
			for _, r := range rs {
				if r.Custom {
					t.Errorf("%s %s registered although the config is invalid", r.Type, r.Name)
				}
			}
		})
	}
}

// azureProp follows object keys through a resource's inputs, unwrapping known outputs.
func azureProp(r enginetest.Resource, path ...string) resource.PropertyValue {
	v := resource.NewProperty(r.Inputs)
	for _, p := range path {
		for v.IsOutput() && v.OutputValue().Known {
			v = v.OutputValue().Element
		}
		if !v.IsObject() {
			return resource.NewNullProperty()
		}
		v = v.ObjectValue()[resource.PropertyKey(p)]
	}
	for v.IsOutput() && v.OutputValue().Known {
		v = v.OutputValue().Element
	}
	return v
}
