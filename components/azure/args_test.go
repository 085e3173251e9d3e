package azure

import (
	"errors"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/pciqueue/pciqueue/components"
)

func TestSecureQueue_invalidInputFailsBeforeAnythingIsRegistered(t *testing.T) {
	zone := "/subscriptions/" + testSubscription + "/resourceGroups/dns/providers/Microsoft.Network/privateDnsZones/privatelink.servicebus.windows.net"
	cases := []struct {
		name  string
		edit  func(*SecureQueueArgs)
		field string
		want  string
	}{
		{"missing location", func(a *SecureQueueArgs) { a.Location = "" }, "azure.location", "westeurope"},
		{"display-name location", func(a *SecureQueueArgs) { a.Location = "West Europe" }, "azure.location", "lower case"},
		{"resource group ending with a period", func(a *SecureQueueArgs) { a.ResourceGroupName = "cde." }, "azure.resourceGroupName", "not ending with a period"},
		{"key pinned to a version", func(a *SecureQueueArgs) { a.KeyID = testKeyID + "/versions/0123456789abcdef0123456789abcdef" }, "azure.keyId", "versionless"},
		{"key URI instead of resource ID", func(a *SecureQueueArgs) { a.KeyID = "https://corp-cmk-vault.vault.azure.net/keys/payments" }, "azure.keyId", "Key Vault key resource ID"},
		{"workspace of another type", func(a *SecureQueueArgs) {
			a.WorkspaceID = pulumi.String(strings.Replace(testWorkspaceID, "Microsoft.OperationalInsights/workspaces", "Microsoft.Storage/storageAccounts", 1))
		}, "azure.workspaceId", "Log Analytics workspace"},
		{"virtual network instead of subnet", func(a *SecureQueueArgs) {
			a.PrivateEndpointSubnetID = pulumi.String(strings.TrimSuffix(testSubnet, "/subnets/private-endpoints"))
		}, "azure.privateEndpointSubnetId", "subnet resource ID"},
		{"DNS zone without subnet", func(a *SecureQueueArgs) { a.ServiceBusPrivateDNSZoneID = pulumi.String(zone) }, "azure.serviceBusPrivateDnsZoneId", "privateEndpointSubnetId"},
		{"wrong DNS zone", func(a *SecureQueueArgs) {
			a.PrivateEndpointSubnetID, a.KeyVaultPrivateDNSZoneID = pulumi.String(testSubnet), pulumi.String(zone)
		}, "azure.keyVaultPrivateDnsZoneId", "privatelink.vaultcore.azure.net"},
		{"vault DNS zone for a brought key", func(a *SecureQueueArgs) {
			a.PrivateEndpointSubnetID, a.KeyID = pulumi.String(testSubnet), testKeyID
			a.KeyVaultPrivateDNSZoneID = pulumi.String(strings.Replace(zone, "servicebus.windows.net", "vaultcore.azure.net", 1))
		}, "azure.keyVaultPrivateDnsZoneId", "does not own"},
		{"action group name only", func(a *SecureQueueArgs) { a.AlertActionGroupIDs = pulumi.ToStringArray([]string{"payments-oncall"}) }, "azure.alertActionGroupIds[0]", "action group resource ID"},
		{"lock longer than Service Bus allows", func(a *SecureQueueArgs) { a.Spec.VisibilityTimeout = 10 * minute }, "visibilityTimeout", "5m0s on azure"},
		{"log retention beyond Log Analytics", func(a *SecureQueueArgs) { a.Spec.LogRetentionDays = 1000 }, "logRetentionDays", "at most 730"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			args := paymentsArgs()
			tc.edit(args)
			eng, err := deploy(t, false, args)
			if err == nil {
				t.Fatal("NewSecureQueue accepted invalid input")
			}
			if n := len(eng.Resources()); n != 0 {
				t.Errorf("%d resources registered before validation failed", n)
			}
			var fe *components.FieldError
			found := false
			for _, e := range unjoin(err) {
				if errors.As(e, &fe) && fe.Field == tc.field {
					found = true
					if !strings.Contains(fe.Error(), tc.want) || !strings.Contains(fe.Error(), fe.Value) {
						t.Errorf("error %q does not name the value and say %q", fe.Error(), tc.want)
					}
				}
			}
			if !found {
				t.Fatalf("no error for field %s in %v", tc.field, err)
			}
		})
	}
}

func TestSecureQueue_nilArgs(t *testing.T) {
	if _, err := deploy(t, false, nil); err == nil || !strings.Contains(err.Error(), "args are required") {
		t.Fatalf("err = %v", err)
	}
}

func unjoin(err error) []error {
	for {
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			return j.Unwrap()
		}
		next := errors.Unwrap(err)
		if next == nil {
			return []error{err}
		}
		err = next
	}
}
