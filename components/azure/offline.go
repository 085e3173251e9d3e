package azure

import (
	"crypto/sha256"
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/pciqueue/pciqueue/internal/enginetest"
)

// The subscription and tenant of the offline world: the committed azure-dev stack deploys there, so that
// what the offline preview prints matches what a real subscription would show.
const (
	OfflineSubscription = "00000000-0000-0000-0000-000000000001"
	OfflineTenant       = "00000000-0000-0000-0000-0000000000aa"
)

func init() { enginetest.Register("azure-native:", offlineWorld{}) }

// offlineWorld answers for the azure-native provider in the offline preview and the tests.
type offlineWorld struct{}

// Outputs gives each Azure resource the ID and computed outputs azure-native would: Azure Resource
// Manager IDs under the offline subscription, the data-plane URIs of vaults, keys and namespaces, and GUIDs
// for principals, derived from the resource's name so that every run answers the same.
func (offlineWorld) Outputs(typ, name string, in resource.PropertyMap) resource.PropertyMap {
	str := func(k string) string { return enginetest.String(in, k) }
	group := fmt.Sprintf("/subscriptions/%s/resourceGroups/%s", OfflineSubscription, str("resourceGroupName"))
	provider := func(path string) string { return group + "/providers/" + path }
	switch typ {
	case "azure-native:resources:ResourceGroup":
		return enginetest.Props("id", group, "name", str("resourceGroupName"), "location", str("location"))
	case "azure-native:keyvault:Vault":
		vault := str("vaultName")
		out := enginetest.Props("id", provider("Microsoft.KeyVault/vaults/"+vault), "name", vault, "type", "Microsoft.KeyVault/vaults")
		properties := resource.PropertyMap{}
		if p, ok := in["properties"]; ok && p.IsObject() {
			properties = p.ObjectValue().Copy()
		}
		properties["vaultUri"] = resource.NewProperty(azureVaultURI(vault))
		properties["provisioningState"] = resource.NewProperty("Succeeded")
		out["properties"] = resource.NewProperty(properties)
		return out
	case "azure-native:keyvault:Key":
		vault, key := str("vaultName"), str("keyName")
		uri := azureVaultURI(vault) + "keys/" + key
		return enginetest.Props("id", provider(fmt.Sprintf("Microsoft.KeyVault/vaults/%s/keys/%s", vault, key)), "name", key,
			"keyUri", uri, "keyUriWithVersion", uri+"/"+azureHex(uri, 32), "type", "Microsoft.KeyVault/vaults/keys")
	case "azure-native:managedidentity:UserAssignedIdentity":
		id := provider("Microsoft.ManagedIdentity/userAssignedIdentities/" + str("resourceName"))
		return enginetest.Props("id", id, "name", str("resourceName"), "principalId", azureGUID("principal:"+id),
			"clientId", azureGUID("client:"+id), "tenantId", OfflineTenant)
	case "azure-native:servicebus:Namespace":
		ns := str("namespaceName")
		return enginetest.Props("id", provider("Microsoft.ServiceBus/namespaces/"+ns), "name", ns,
			"serviceBusEndpoint", fmt.Sprintf("https://%s.servicebus.windows.net:443/", ns),
			"metricId", fmt.Sprintf("%s:%s", OfflineSubscription, ns), "status", "Active", "provisioningState", "Succeeded")
	case "azure-native:servicebus:Queue":
		return enginetest.Props("id", provider(fmt.Sprintf("Microsoft.ServiceBus/namespaces/%s/queues/%s", str("namespaceName"), str("queueName"))),
			"name", str("queueName"), "status", "Active")
	case "azure-native:operationalinsights:Workspace":
		id := provider("Microsoft.OperationalInsights/workspaces/" + str("workspaceName"))
		return enginetest.Props("id", id, "name", str("workspaceName"), "customerId", azureGUID("workspace:"+id), "provisioningState", "Succeeded")
	case "azure-native:authorization:RoleAssignment":
		assignment := azureGUID(str("scope") + str("principalId") + str("roleDefinitionId"))
		return enginetest.Props("id", str("scope")+"/providers/Microsoft.Authorization/roleAssignments/"+assignment, "name", assignment)
	case "azure-native:insights:DiagnosticSetting":
		return enginetest.Props("id", str("resourceUri")+"/providers/Microsoft.Insights/diagnosticSettings/"+str("name"), "name", str("name"))
	case "azure-native:insights:MetricAlert":
		return enginetest.Props("id", provider("Microsoft.Insights/metricAlerts/"+str("ruleName")), "name", str("ruleName"))
	case "azure-native:network:PrivateEndpoint":
		return enginetest.Props("id", provider("Microsoft.Network/privateEndpoints/"+str("privateEndpointName")), "name", str("privateEndpointName"),
			"provisioningState", "Succeeded")
	case "azure-native:network:PrivateDnsZoneGroup":
		return enginetest.Props("id", provider(fmt.Sprintf("Microsoft.Network/privateEndpoints/%s/privateDnsZoneGroups/%s",
			str("privateEndpointName"), str("privateDnsZoneGroupName"))), "name", str("privateDnsZoneGroupName"))
	}
	return enginetest.Props("id", provider(strings.ReplaceAll(strings.TrimPrefix(typ, "azure-native:"), ":", "/")+"/"+name))
}

// Invoke answers the functions the Azure components call: who the provider is signed in as and, for a
// brought key, the vault and key as a compliant bring-your-own setup would report them (soft delete and
// purge protection on; RSA-HSM 3072 rotating every 90 days, the default keyRotation).
func (offlineWorld) Invoke(token string, args resource.PropertyMap) (resource.PropertyMap, error) {
	str := func(k string) string { return enginetest.String(args, k) }
	vaultID := fmt.Sprintf("/subscriptions/%s/resourceGroups/%s/providers/Microsoft.KeyVault/vaults/%s",
		OfflineSubscription, str("resourceGroupName"), str("vaultName"))
	switch token {
	case "azure-native:authorization:getClientConfig":
		return enginetest.Props("clientId", azureGUID("client:pciqueue-preview"), "objectId", azureGUID("object:pciqueue-preview"),
			"subscriptionId", OfflineSubscription, "tenantId", OfflineTenant), nil
	case "azure-native:keyvault:getVault":
		out := enginetest.Props("id", vaultID, "name", str("vaultName"), "location", "westeurope", "type", "Microsoft.KeyVault/vaults")
		out["properties"] = resource.NewObjectProperty(resource.PropertyMap{
			"tenantId":                  resource.NewProperty(OfflineTenant),
			"vaultUri":                  resource.NewProperty(azureVaultURI(str("vaultName"))),
			"enableSoftDelete":          resource.NewProperty(true),
			"enablePurgeProtection":     resource.NewProperty(true),
			"softDeleteRetentionInDays": resource.NewProperty(90.0),
			"enableRbacAuthorization":   resource.NewProperty(true),
			"publicNetworkAccess":       resource.NewProperty("Disabled"),
			"provisioningState":         resource.NewProperty("Succeeded"),
			"sku": resource.NewObjectProperty(resource.PropertyMap{
				"family": resource.NewProperty("A"), "name": resource.NewProperty("premium"),
			}),
		})
		return out, nil
	case "azure-native:keyvault:getKey":
		uri := azureVaultURI(str("vaultName")) + "keys/" + str("keyName")
		out := enginetest.Props("id", vaultID+"/keys/"+str("keyName"), "name", str("keyName"), "location", "westeurope",
			"keyUri", uri, "keyUriWithVersion", uri+"/"+azureHex(uri, 32), "kty", "RSA-HSM", "type", "Microsoft.KeyVault/vaults/keys")
		out["keySize"] = resource.NewProperty(3072.0)
		out["rotationPolicy"] = resource.NewObjectProperty(resource.PropertyMap{
			"lifetimeActions": resource.NewArrayProperty([]resource.PropertyValue{resource.NewObjectProperty(resource.PropertyMap{
				"action":  resource.NewObjectProperty(enginetest.Props("type", "Rotate")),
				"trigger": resource.NewObjectProperty(enginetest.Props("timeAfterCreate", "P90D")),
			})}),
			"attributes": resource.NewObjectProperty(enginetest.Props("expiryTime", "P120D")),
		})
		return out, nil
	}
	return nil, fmt.Errorf("invoking %s: the offline engine has no answer for this Azure function", token)
}

func azureVaultURI(vault string) string { return fmt.Sprintf("https://%s.vault.azure.net/", vault) }

// azureGUID derives a stable GUID from s, in the form Entra ID and Azure give principals and assignments.
func azureGUID(s string) string {
	h := azureHex(s, 32)
	return fmt.Sprintf("%s-%s-%s-%s-%s", h[0:8], h[8:12], h[12:16], h[16:20], h[20:32])
}

func azureHex(s string, n int) string {
	sum := sha256.Sum256([]byte(s))
	return fmt.Sprintf("%x", sum)[:n]
}
