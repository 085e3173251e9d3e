package azure

import (
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/pciqueue/pciqueue/components"
	"github.com/pciqueue/pciqueue/internal/enginetest"
)

const (
	testSubscription = OfflineSubscription
	testSubnet       = "/subscriptions/" + testSubscription + "/resourceGroups/network/providers/Microsoft.Network/virtualNetworks/cde/subnets/private-endpoints"
	testKeyID        = "/subscriptions/" + testSubscription + "/resourceGroups/keys/providers/Microsoft.KeyVault/vaults/corp-cmk-vault/keys/payments"
	testWorkspaceID  = "/subscriptions/" + testSubscription + "/resourceGroups/soc/providers/Microsoft.OperationalInsights/workspaces/soc-audit"
)

// paymentsArgs is a spec as the stack declares it: ordered, two producers and a consumer.
func paymentsArgs() *SecureQueueArgs {
	return &SecureQueueArgs{
		Spec: components.QueueSpec{
			Name: "payments", Ordered: true, MaxDeliveries: 7, Producers: []string{"checkout", "pos"},
			Consumers: []string{"settlement"}, LogRetentionDays: 400, Tags: map[string]string{"team": "payments"},
		},
		Location: "westeurope",
	}
}

// deploy runs NewSecureQueue under the recording engine, as `pulumi up` (dryRun false) or `pulumi preview`.
func deploy(t *testing.T, dryRun bool, args *SecureQueueArgs) (*enginetest.Engine, error) {
	t.Helper()
	eng := enginetest.New("pciqueue", "test", dryRun)
	return eng, eng.Run(programFor(args), nil)
}

func programFor(args *SecureQueueArgs) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		_, err := NewSecureQueue(ctx, "payments", args)
		return err
	}
}

func mustDeploy(t *testing.T, dryRun bool, args *SecureQueueArgs) []enginetest.Resource {
	t.Helper()
	eng, err := deploy(t, dryRun, args)
	if err != nil {
		t.Fatalf("NewSecureQueue: %v", err)
	}
	return eng.Resources()
}

func one(t *testing.T, rs []enginetest.Resource, typ, name string) enginetest.Resource {
	t.Helper()
	r, ok := enginetest.Find(rs, typ, name)
	if !ok {
		t.Fatalf("no %s %q registered; have %v", typ, name, enginetest.Types(rs))
	}
	return r
}

// plain unwraps known outputs and secrets, so a value compares equal whatever dependencies it came with.
func plain(v resource.PropertyValue) resource.PropertyValue {
	for {
		switch {
		case v.IsOutput() && v.OutputValue().Known:
			v = v.OutputValue().Element
		case v.IsSecret():
			v = v.SecretValue().Element
		default:
			return v
		}
	}
}

// get follows a path of object keys and array indexes through a property map.
func get(m resource.PropertyMap, path ...any) resource.PropertyValue {
	v := resource.NewObjectProperty(m)
	for _, p := range path {
		v = plain(v)
		switch k := p.(type) {
		case string:
			if !v.IsObject() {
				return resource.PropertyValue{}
			}
			v = v.ObjectValue()[resource.PropertyKey(k)]
		case int:
			if !v.IsArray() || k >= len(v.ArrayValue()) {
				return resource.PropertyValue{}
			}
			v = v.ArrayValue()[k]
		}
	}
	return plain(v)
}

func str(m resource.PropertyMap, path ...any) string {
	if v := get(m, path...); v.IsString() {
		return v.StringValue()
	}
	return ""
}

func boolean(m resource.PropertyMap, path ...any) (value, set bool) {
	if v := get(m, path...); v.IsBool() {
		return v.BoolValue(), true
	}
	return false, false
}

func number(m resource.PropertyMap, path ...any) float64 {
	if v := get(m, path...); v.IsNumber() {
		return v.NumberValue()
	}
	return -1
}

func stringList(m resource.PropertyMap, path ...any) []string {
	v := get(m, path...)
	if !v.IsArray() {
		return nil
	}
	var out []string
	for _, e := range v.ArrayValue() {
		if e = plain(e); e.IsString() {
			out = append(out, e.StringValue())
		}
	}
	return out
}

func id(r enginetest.Resource) string { return str(r.Outputs, "id") }

const (
	second = time.Second
	minute = time.Minute
	hour   = time.Hour
	day    = 24 * time.Hour
)

// collectOutputs resolves every output of the component into *into once the program has run.
func collectOutputs(sq *SecureQueue, into *map[string]any) {
	outs := map[string]pulumi.Input{
		"namespaceEndpoint": sq.NamespaceEndpoint, "namespaceId": sq.NamespaceID, "queueName": sq.QueueName,
		"queueId": sq.QueueID, "deadLetterQueuePath": sq.DeadLetterQueuePath, "keyId": sq.KeyID, "keyUri": sq.KeyURI,
		"producerIdentityIds": sq.ProducerIdentityIDs, "producerPrincipalIds": sq.ProducerPrincipalIDs,
		"producerClientIds": sq.ProducerClientIDs, "consumerIdentityIds": sq.ConsumerIdentityIDs,
		"consumerPrincipalIds": sq.ConsumerPrincipalIDs, "consumerClientIds": sq.ConsumerClientIDs,
		"workspaceId": sq.WorkspaceID, "resourceGroupName": sq.ResourceGroupName,
	}
	keys := make([]string, 0, len(outs))
	vals := make([]any, 0, len(outs))
	for k, v := range outs {
		keys, vals = append(keys, k), append(vals, v)
	}
	pulumi.All(vals...).ApplyT(func(resolved []any) error {
		m := make(map[string]any, len(keys))
		for i, k := range keys {
			m[k] = resolved[i]
		}
		*into = m
		return nil
	})
}
