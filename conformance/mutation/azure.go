package mutation

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	azq "github.com/pciqueue/pciqueue/components/azure"
	"github.com/pciqueue/pciqueue/internal/enginetest"
)

// Type tokens of the Azure resources the mutations weaken or add, as the azure-native v2 schema spells them.
const (
	azNamespace      = "azure-native:servicebus:Namespace"
	azQueue          = "azure-native:servicebus:Queue"
	azNamespaceRule  = "azure-native:servicebus:NamespaceAuthorizationRule"
	azQueueRule      = "azure-native:servicebus:QueueAuthorizationRule"
	azNetworkRuleSet = "azure-native:servicebus:NamespaceNetworkRuleSet"
	azVault          = "azure-native:keyvault:Vault"
	azKey            = "azure-native:keyvault:Key"
	azIdentity       = "azure-native:managedidentity:UserAssignedIdentity"
	azRoleAssignment = "azure-native:authorization:RoleAssignment"
	azDiagnostics    = "azure-native:insights:DiagnosticSetting"
	azWorkspace      = "azure-native:operationalinsights:Workspace"
)

// Built-in roles the mutations hand out, by the GUID ending a roleDefinitionId.
const (
	azRoleOwner                  = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635"
	azRoleServiceBusDataOwner    = "090c5cfd-751d-490a-894a-3ce6f1109419"
	azRoleServiceBusDataReceiver = "4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0"
)

// Logical names of the payments queue's resources, as azure.NewSecureQueue names them.
const (
	azPaymentsNamespace = "namespace-namespace"
	azPaymentsQueue     = "payments-queue"
	azPaymentsVault     = "namespace-vault"
	azPaymentsKey       = "namespace-key"
	azPaymentsWorkspace = "namespace-audit"
	azSettlementAccess  = "payments-consumer-settlement-queue-access"
	azCheckoutAccess    = "payments-producer-checkout-queue-access"
)

func init() { Register(azq.Cloud, azureMutations, azureHardening, azureGaps) }

// azureMutations assume the compliant stack holds a SecureQueue named "payments" with the producer
// "checkout" and the consumer "settlement" and a key created in the stack, as the azure-dev stack does.
var azureMutations = []Mutation{
	// PCI DSS 3.5.1: customer-managed key at rest.
	{"namespace on a Microsoft-managed key", "QueueCMK", rules("pci-3.5.1-servicebus-cmk"), edit(azNamespace, azPaymentsNamespace, setPath("Microsoft.ServiceBus", "encryption", "keySource"))},
	{"namespace without encryption settings", "QueueCMK", rules("pci-3.5.1-servicebus-cmk"), edit(azNamespace, azPaymentsNamespace, del("encryption"))},
	{"namespace pinned to one key version", "QueueCMK", rules("pci-3.7.4-servicebus-cmk-unpinned"), edit(azNamespace, azPaymentsNamespace, azEachObject(func(kvp resource.PropertyMap) {
		kvp["keyVersion"] = resource.NewProperty("0123456789abcdef0123456789abcdef")
	}, "encryption", "keyVaultProperties"))},
	{"no infrastructure encryption", "QueueCMK", rules("pci-3.5.1-servicebus-cmk"), edit(azNamespace, azPaymentsNamespace, setPath(false, "encryption", "requireInfrastructureEncryption"))},
	{"Standard namespace", "QueueCMK", rules("pci-3.5.1-servicebus-cmk"), edit(azNamespace, azPaymentsNamespace, set("sku", map[string]any{"name": "Standard", "tier": "Standard"}))},

	// PCI DSS 3.6, 3.7.4: rotation and protected deletion.
	{"key never rotates", "KeyRotationDays", rules("pci-3.7.4-key-vault-key-rotation"), edit(azKey, azPaymentsKey, azDelPath("properties", "rotationPolicy"))},
	{"key rotates every two years", "KeyRotationDays", rules("pci-3.7.4-key-vault-key-rotation"), edit(azKey, azPaymentsKey, azEachObject(func(action resource.PropertyMap) {
		action["trigger"] = resource.NewProperty(resource.PropertyMap{"timeAfterCreate": resource.NewProperty("P2Y")})
	}, "properties", "rotationPolicy", "lifetimeActions"))},
	{"key versions never expire", "KeyRotationDays", rules("pci-3.6.1-key-vault-key-expiry"), edit(azKey, azPaymentsKey, azDelPath("properties", "rotationPolicy", "attributes", "expiryTime"))},
	{"vault purge protection off", "KeyDeletionGuarded", rules("pci-3.7.5-key-vault-deletion"), edit(azVault, azPaymentsVault, setPath(false, "properties", "enablePurgeProtection"))},
	{"vault soft delete off", "KeyDeletionGuarded", rules("pci-3.7.5-key-vault-deletion"), edit(azVault, azPaymentsVault, setPath(false, "properties", "enableSoftDelete"))},
	{"deleted keys recoverable for a week", "KeyDeletionGuarded", rules("pci-3.7.5-key-vault-deletion"), edit(azVault, azPaymentsVault, setPath(7.0, "properties", "softDeleteRetentionInDays"))},

	// PCI DSS 4.2.1, 8.3, 8.6, 1.3, 1.4: transport, shared secrets, network.
	{"TLS 1.0 accepted", "MinTLSVersion", rules("pci-4.2.1-servicebus-min-tls"), edit(azNamespace, azPaymentsNamespace, set("minimumTlsVersion", "1.0"))},
	{"shared access signatures accepted", "SharedKeysDisabled", rules("pci-8.6.2-servicebus-local-auth"), edit(azNamespace, azPaymentsNamespace, set("disableLocalAuth", false))},
	{"a namespace shared access rule", "SharedKeysDisabled", rules("pci-7.2.2-servicebus-no-sas-rules"), azAddFor(azNamespace, azPaymentsNamespace, func(ns enginetest.Resource) enginetest.Resource {
		return enginetest.Resource{Type: azNamespaceRule, Name: "payments-batch", Inputs: resource.PropertyMap{
			"resourceGroupName": ns.Inputs["resourceGroupName"], "namespaceName": ns.Inputs["namespaceName"],
			"authorizationRuleName": resource.NewProperty("batch"),
			"rights":                resource.NewProperty([]resource.PropertyValue{resource.NewProperty("Send"), resource.NewProperty("Listen")}),
		}}
	})},
	{"a queue shared access rule", "SharedKeysDisabled", rules("pci-7.2.2-servicebus-no-sas-rules"), azAddFor(azQueue, azPaymentsQueue, func(q enginetest.Resource) enginetest.Resource {
		return enginetest.Resource{Type: azQueueRule, Name: "payments-reporting", Inputs: resource.PropertyMap{
			"resourceGroupName": q.Inputs["resourceGroupName"], "namespaceName": q.Inputs["namespaceName"],
			"queueName": q.Inputs["queueName"], "authorizationRuleName": resource.NewProperty("reporting"),
			"rights": resource.NewProperty([]resource.PropertyValue{resource.NewProperty("Listen")}),
		}}
	})},
	{"namespace open to the internet", "PrivateNetworkOnly", rules("pci-1.4.4-servicebus-public-access"), edit(azNamespace, azPaymentsNamespace, set("publicNetworkAccess", "Enabled"))},
	{"network rule set opens the namespace", "PrivateNetworkOnly", rules("pci-1.4.4-servicebus-public-access"), azAddFor(azNamespace, azPaymentsNamespace, func(ns enginetest.Resource) enginetest.Resource {
		return enginetest.Resource{Type: azNetworkRuleSet, Name: "payments-network", Inputs: resource.PropertyMap{
			"resourceGroupName": ns.Inputs["resourceGroupName"], "namespaceName": ns.Inputs["namespaceName"],
			"defaultAction": resource.NewProperty("Allow"), "publicNetworkAccess": resource.NewProperty("Enabled"),
		}}
	})},
	{"vault open to the internet", "PrivateNetworkOnly", rules("pci-1.4.4-key-vault-network"), edit(azVault, azPaymentsVault, func(in resource.PropertyMap) error {
		if err := setPath("Enabled", "properties", "publicNetworkAccess")(in); err != nil {
			return err
		}
		return setPath("Allow", "properties", "networkAcls", "defaultAction")(in)
	})},

	// PCI DSS 7.2: least privilege.
	{"receiver scoped to the namespace", "GrantsScopedToQueue", rules("pci-7.2.2-role-assignment-least-privilege", "pci-7.2.2-servicebus-access-declared"), azScopeTo(azSettlementAccess, azNamespace, azPaymentsNamespace)},
	{"receiver scoped to the subscription", "GrantsScopedToQueue", rules("pci-7.2.2-role-assignment-least-privilege", "pci-7.2.2-servicebus-access-declared"), edit(azRoleAssignment, azSettlementAccess, func(in resource.PropertyMap) error {
		scope := in["scope"].StringValue()
		parts := strings.SplitN(strings.TrimPrefix(scope, "/"), "/", 3)
		if len(parts) < 2 || !strings.EqualFold(parts[0], "subscriptions") {
			return fmt.Errorf("scope %q is not under a subscription", scope)
		}
		in["scope"] = resource.NewProperty("/subscriptions/" + parts[1])
		return nil
	})},
	{"producer is Owner of its queue", "GrantsScopedToQueue", rules("pci-7.2.2-role-assignment-least-privilege"), edit(azRoleAssignment, azCheckoutAccess, azRole(azRoleOwner))},
	{"producer holds Service Bus Data Owner", "Identities", rules("pci-7.2.2-role-assignment-least-privilege"), edit(azRoleAssignment, azCheckoutAccess, azRole(azRoleServiceBusDataOwner))},
	{"receiver role given to a user", "Identities", rules("pci-7.2.2-role-assignment-least-privilege"), edit(azRoleAssignment, azSettlementAccess, set("principalType", "User"))},
	{"producer may also receive", "Identities", rules("pci-7.2.2-servicebus-access-declared"), azAddFor(azRoleAssignment, azCheckoutAccess, func(a enginetest.Resource) enginetest.Resource {
		a.Name, a.URN = "payments-producer-checkout-queue-receive", ""
		a.Inputs["roleDefinitionId"] = resource.NewProperty(azRoleDefinition(a.Inputs["roleDefinitionId"].StringValue(), azRoleServiceBusDataReceiver))
		return a
	})},
	{"producer identity declared for another queue", "Identities", rules("pci-7.2.2-servicebus-access-declared"), edit(azIdentity, "payments-producer-checkout", setPath("refunds", "tags", "pciqueue-queue"))},

	// Availability and PCI DSS 10.7: nothing lost.
	{"expired messages dropped", "DeadLetterKept", rules("pci-10.7.2-servicebus-dead-letter"), edit(azQueue, azPaymentsQueue, set("deadLetteringOnMessageExpiration", false))},
	{"5000 deliveries before dead-lettering", "MaxDeliveries", rules("pci-10.7.2-servicebus-dead-letter"), edit(azQueue, azPaymentsQueue, set("maxDeliveryCount", 5000.0))},
	{"messages kept without end", "MessageRetentionSecs", rules("pci-3.2.1-servicebus-message-ttl"), edit(azQueue, azPaymentsQueue, del("defaultMessageTimeToLive"))},

	// PCI DSS 10.2, 10.3, 10.5.1: audit trail.
	{"namespace not audited", "AuditDataAccess", rules("pci-10.2.1-servicebus-audit-sink"), azRemoveNamed(azDiagnostics, "namespace-namespace-audit")},
	{"vault not audited", "AuditDataAccess", rules("pci-10.2.1-servicebus-audit-sink"), azRemoveNamed(azDiagnostics, "namespace-vault-audit")},
	{"namespace diagnostics without audit logs", "AuditDataAccess", rules("pci-10.2.1-diagnostic-audit-logs", "pci-10.2.1-servicebus-audit-sink"), edit(azDiagnostics, "namespace-namespace-audit", set("logs", []any{}))},
	{"namespace diagnostics to no workspace", "AuditDataAccess", rules("pci-10.2.1-diagnostic-audit-logs", "pci-10.2.1-servicebus-audit-sink"), edit(azDiagnostics, "namespace-namespace-audit", del("workspaceId"))},
	{"audit log kept 30 days", "AuditRetentionDays", rules("pci-10.5.1-log-workspace-retention"), edit(azWorkspace, azPaymentsWorkspace, set("retentionInDays", 30.0))},
	{"workspace accepts shared keys", "AuditDataAccess", rules("pci-8.6.2-log-workspace-local-auth"), edit(azWorkspace, azPaymentsWorkspace, setPath(false, "features", "disableLocalAuth"))},

	// PCI DSS 12.5.2 and card data in metadata.
	{"card number in a tag", NoCardNumbers, rules("pci-3.5.1-no-pan-in-metadata"), edit(azNamespace, azPaymentsNamespace, setPath("4111 1111 1111 1111", "tags", "note"))},
	{"card number in a role assignment description", NoCardNumbers, rules("pci-3.5.1-no-pan-in-metadata"), edit(azRoleAssignment, azSettlementAccess, set("description", "refund 4111111111111111"))},
}

// azEachObject applies f to every object of the list at path, and fails when the list is missing or empty.
func azEachObject(f func(resource.PropertyMap), path ...string) func(resource.PropertyMap) error {
	return func(in resource.PropertyMap) error {
		v := resource.NewObjectProperty(in)
		for _, k := range path {
			if !v.IsObject() {
				return fmt.Errorf("no object at %s", k)
			}
			v = v.ObjectValue()[resource.PropertyKey(k)]
		}
		if !v.IsArray() || len(v.ArrayValue()) == 0 {
			return fmt.Errorf("no list at %s", strings.Join(path, "."))
		}
		for _, e := range v.ArrayValue() {
			if !e.IsObject() {
				return fmt.Errorf("an element of %s is not an object", strings.Join(path, "."))
			}
			f(e.ObjectValue())
		}
		return nil
	}
}

// azDelPath removes the last key of a path of nested objects, and fails when it is not there.
func azDelPath(path ...string) func(resource.PropertyMap) error {
	return func(in resource.PropertyMap) error {
		m := in
		for _, k := range path[:len(path)-1] {
			next, ok := m[resource.PropertyKey(k)]
			if !ok || !next.IsObject() {
				return fmt.Errorf("no object at %s", k)
			}
			m = next.ObjectValue()
		}
		return del(path[len(path)-1])(m)
	}
}

// azRole swaps the role of an assignment for another built-in role of the same subscription.
func azRole(guid string) func(resource.PropertyMap) error {
	return func(in resource.PropertyMap) error {
		v, ok := in["roleDefinitionId"]
		if !ok || !v.IsString() || !strings.Contains(v.StringValue(), "/roleDefinitions/") {
			return fmt.Errorf("roleDefinitionId is not a known role definition ID")
		}
		in["roleDefinitionId"] = resource.NewProperty(azRoleDefinition(v.StringValue(), guid))
		return nil
	}
}

// azRoleDefinition is the ID of another built-in role in the same subscription as def.
func azRoleDefinition(def, guid string) string { return def[:strings.LastIndex(def, "/")+1] + guid }

// azFind returns the resource of a type whose logical name ends with suffix.
func azFind(rs []enginetest.Resource, typ, suffix string) (enginetest.Resource, error) {
	for _, r := range rs {
		if r.Type == typ && strings.HasSuffix(r.Name, suffix) {
			return r, nil
		}
	}
	return enginetest.Resource{}, fmt.Errorf("no %s named *%s", typ, suffix)
}

// azAddFor adds a resource built from an existing one (a rule on the namespace, a second grant).
func azAddFor(typ, suffix string, build func(enginetest.Resource) enginetest.Resource) func([]enginetest.Resource) ([]enginetest.Resource, error) {
	return func(rs []enginetest.Resource) ([]enginetest.Resource, error) {
		r, err := azFind(rs, typ, suffix)
		if err != nil {
			return nil, err
		}
		return add(build(Clone([]enginetest.Resource{r})[0]))(rs)
	}
}

// azScopeTo rescopes a role assignment to the resource ID of another recorded resource.
func azScopeTo(assignment, typ, suffix string) func([]enginetest.Resource) ([]enginetest.Resource, error) {
	return func(rs []enginetest.Resource) ([]enginetest.Resource, error) {
		target, err := azFind(rs, typ, suffix)
		if err != nil {
			return nil, err
		}
		id, ok := target.Outputs["id"]
		if !ok || !id.IsString() {
			return nil, fmt.Errorf("%s %q has no known id to scope to", typ, target.Name)
		}
		return edit(azRoleAssignment, assignment, set("scope", id.StringValue()))(rs)
	}
}

// azRemoveNamed deletes the resources of a type whose logical name ends with suffix.
func azRemoveNamed(typ, suffix string) func([]enginetest.Resource) ([]enginetest.Resource, error) {
	return func(rs []enginetest.Resource) ([]enginetest.Resource, error) {
		var out []enginetest.Resource
		for _, r := range Clone(rs) {
			if r.Type != typ || !strings.HasSuffix(r.Name, suffix) {
				out = append(out, r)
			}
		}
		if len(out) == len(rs) {
			return nil, fmt.Errorf("no %s named *%s to remove", typ, suffix)
		}
		return out, nil
	}
}

// azureHardening weaken the project's own hardening where PCI DSS is still met.
var azureHardening = []Hardening{
	{Mutation{Name: "2048-bit key", Apply: edit(azKey, azPaymentsKey, setPath(2048.0, "properties", "keySize"))}, "",
		"RSA-2048 gives 112 bits of strength, the floor PCI DSS sets for strong cryptography; the components' 3072 bits is hardening"},
	{Mutation{Name: "vault on access policies", Apply: edit(azVault, azPaymentsVault, setPath(false, "properties", "enableRbacAuthorization"))}, "pci-7.2.4-key-vault-rbac",
		"access policies still grant least privilege per identity (7.2); RBAC is the stronger model, not a PCI requirement"},
	{Mutation{Name: "scope tags removed from the namespace", Apply: edit(azNamespace, azPaymentsNamespace, set("tags", map[string]any{"team": "payments"}))}, "pci-12.5.2-scope-tags",
		"as for AWS: scope is the whole stack by default"},
	{Mutation{Name: "scope tags removed from the key", Apply: edit(azKey, azPaymentsKey, del("tags"))}, "pci-12.5.2-scope-tags",
		"as for AWS: scope is the whole stack by default"},
}

// azureGaps are the Guarantees fields no Azure mutation weakens.
var azureGaps = Gaps{
	"DeadLetterCMK": "a Service Bus dead-letter queue is a sub-queue of its queue, encrypted by the namespace key: it has no key setting of its own to weaken",
	"SameKey":       "a Service Bus dead-letter queue is a sub-queue of its queue, encrypted by the namespace key: it cannot use another key",
}
