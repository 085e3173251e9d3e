package azurenative_test

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/pciqueue/pciqueue/internal/enginetest"
	"github.com/pciqueue/pciqueue/providers/azurenative"
)

// The bindings must hand the engine the azure-native schema's property names and shapes, nested objects
// and lists included, and keep an input that is unknown in preview unknown.
func TestServiceBusBindings_sendSchemaPropertyNames(t *testing.T) {
	eng := enginetest.New("pciqueue", "test", true)
	err := eng.Run(func(ctx *pulumi.Context) error {
		id, err := azurenative.NewUserAssignedIdentity(ctx, "cmk", &azurenative.UserAssignedIdentityArgs{
			ResourceGroupName: pulumi.String("rg"), ResourceName: pulumi.String("cmk"), Location: pulumi.String("westeurope"),
			Tags: pulumi.StringMap{"pci-scope": pulumi.String("cde")},
		})
		if err != nil {
			return err
		}
		idRef := id.ID().ToStringOutput()
		ns, err := azurenative.NewServiceBusNamespace(ctx, "ns", &azurenative.ServiceBusNamespaceArgs{
			ResourceGroupName: pulumi.String("rg"),
			NamespaceName:     pulumi.String("pq-payments"),
			Sku:               &azurenative.ServiceBusSkuArgs{Name: pulumi.String("Premium"), Tier: pulumi.String("Premium"), Capacity: pulumi.Int(1)},
			Identity:          &azurenative.ServiceBusIdentityArgs{Type: pulumi.String("UserAssigned"), UserAssignedIdentities: pulumi.StringArray{idRef}},
			Encryption: &azurenative.ServiceBusEncryptionArgs{
				KeySource: pulumi.String("Microsoft.KeyVault"),
				KeyVaultProperties: []azurenative.ServiceBusKeyVaultPropertiesArgs{{
					Identity:    &azurenative.ServiceBusUserAssignedIdentityPropertiesArgs{UserAssignedIdentity: idRef},
					KeyName:     pulumi.String("payments-cmk"),
					KeyVaultUri: pulumi.String("https://v.vault.azure.net/"),
				}},
				RequireInfrastructureEncryption: pulumi.Bool(true),
			},
			MinimumTlsVersion: pulumi.String("1.2"),
			DisableLocalAuth:  pulumi.Bool(true),
		})
		if err != nil {
			return err
		}
		_, err = azurenative.NewServiceBusQueue(ctx, "q", &azurenative.ServiceBusQueueArgs{
			ResourceGroupName: pulumi.String("rg"), NamespaceName: ns.Name, QueueName: pulumi.String("payments"),
			MaxDeliveryCount: pulumi.Int(5), LockDuration: pulumi.String("PT1M"), RequiresSession: pulumi.Bool(true),
		})
		return err
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	rs := eng.Resources()
	ns, _ := enginetest.Find(rs, azurenative.ServiceBusNamespaceType, "ns")
	want := resource.PropertyMap{
		"resourceGroupName": resource.NewProperty("rg"),
		"namespaceName":     resource.NewProperty("pq-payments"),
		"sku": resource.NewProperty(resource.PropertyMap{
			"name": resource.NewProperty("Premium"), "tier": resource.NewProperty("Premium"), "capacity": resource.NewProperty(1.0),
		}),
		"minimumTlsVersion": resource.NewProperty("1.2"),
		"disableLocalAuth":  resource.NewProperty(true),
	}
	for k, v := range want {
		if got := ns.Inputs[k]; !got.DeepEquals(v) {
			t.Errorf("namespace %s = %v, want %v", k, got, v)
		}
	}
	for _, k := range []resource.PropertyKey{"location", "publicNetworkAccess", "zoneRedundant", "tags"} {
		if _, ok := ns.Inputs[k]; ok {
			t.Errorf("unset namespace input %s was sent", k)
		}
	}
	enc := ns.Inputs["encryption"].ObjectValue()
	kv := enc["keyVaultProperties"].ArrayValue()[0].ObjectValue()
	if kv["keyName"].StringValue() != "payments-cmk" || enc["keySource"].StringValue() != "Microsoft.KeyVault" ||
		!enc["requireInfrastructureEncryption"].BoolValue() {
		t.Errorf("encryption = %v", enc)
	}
	if _, pinned := kv["keyVersion"]; pinned {
		t.Error("an unset keyVersion was sent")
	}
	unknown := func(v resource.PropertyValue) bool { return v.IsComputed() || (v.IsOutput() && !v.OutputValue().Known) }
	if u := kv["identity"].ObjectValue()["userAssignedIdentity"]; !unknown(u) {
		t.Errorf("encryption identity = %v in preview, want unknown (an identity's ID)", u)
	}
	if ids := ns.Inputs["identity"].ObjectValue()["userAssignedIdentities"]; !ids.IsArray() || !unknown(ids.ArrayValue()[0]) {
		t.Errorf("identity.userAssignedIdentities = %v, want a list holding the unknown identity ID", ids)
	}
	q, _ := enginetest.Find(rs, azurenative.ServiceBusQueueType, "q")
	for k, v := range map[resource.PropertyKey]resource.PropertyValue{
		"queueName": resource.NewProperty("payments"), "maxDeliveryCount": resource.NewProperty(5.0),
		"lockDuration": resource.NewProperty("PT1M"), "requiresSession": resource.NewProperty(true),
	} {
		if got := q.Inputs[k]; !got.DeepEquals(v) {
			t.Errorf("queue %s = %v, want %v", k, got, v)
		}
	}
	id, _ := enginetest.Find(rs, azurenative.UserAssignedIdentityType, "cmk")
	if id.Inputs["resourceName"].StringValue() != "cmk" || id.Inputs["tags"].ObjectValue()["pci-scope"].StringValue() != "cde" {
		t.Errorf("identity inputs = %v", id.Inputs)
	}
}

func TestServiceBusBindings_requireTheirParents(t *testing.T) {
	eng := enginetest.New("pciqueue", "test", true)
	err := eng.Run(func(ctx *pulumi.Context) error {
		if _, err := azurenative.NewServiceBusNamespace(ctx, "ns", &azurenative.ServiceBusNamespaceArgs{}); err == nil {
			t.Error("namespace without resource group accepted")
		}
		if _, err := azurenative.NewServiceBusQueue(ctx, "q", &azurenative.ServiceBusQueueArgs{ResourceGroupName: pulumi.String("rg")}); err == nil {
			t.Error("queue without namespace accepted")
		}
		if _, err := azurenative.NewUserAssignedIdentity(ctx, "id", nil); err == nil {
			t.Error("identity without args accepted")
		}
		return nil
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(eng.Resources()); n != 0 {
		t.Errorf("%d resources registered from invalid args", n)
	}
}
