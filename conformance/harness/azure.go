package harness

import (
	"fmt"
	"math"
	"net/url"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/pciqueue/pciqueue/components"
	azq "github.com/pciqueue/pciqueue/components/azure"
	"github.com/pciqueue/pciqueue/conformance/queuetest"
	"github.com/pciqueue/pciqueue/internal/cloudid"
	"github.com/pciqueue/pciqueue/internal/duration"
	"github.com/pciqueue/pciqueue/internal/enginetest"
	"github.com/pciqueue/pciqueue/providers/azurenative"
)

// Azure is the harness of the Azure SecureQueue.
type Azure struct{}

func init() { queuetest.Register(Azure{}) }

// The offline world an Azure case is deployed into.
const (
	AzureLocation = "westeurope"
	// AzureBroughtKeyID is the key an Azure bring-your-own-key case uses: a versionless key in a vault of a
	// separate key-management resource group, which the offline engine reports as compliant.
	AzureBroughtKeyID = "/subscriptions/" + azq.OfflineSubscription +
		"/resourceGroups/pciqueue-keys/providers/Microsoft.KeyVault/vaults/pciqueue-cmk/keys/queues"
	// AzurePrivateEndpointSubnetID is the subnet the private endpoints of a private case go in.
	AzurePrivateEndpointSubnetID = "/subscriptions/" + azq.OfflineSubscription +
		"/resourceGroups/pciqueue-network/providers/Microsoft.Network/virtualNetworks/cde/subnets/private-endpoints"
)

// Type tokens of the Azure resources the derivation reads, as the azure-native v2 schema spells them.
const (
	azNamespace       = azurenative.ServiceBusNamespaceType
	azQueue           = azurenative.ServiceBusQueueType
	azIdentity        = azurenative.UserAssignedIdentityType
	azNetworkRuleSet  = "azure-native:servicebus:NamespaceNetworkRuleSet"
	azVault           = "azure-native:keyvault:Vault"
	azKey             = "azure-native:keyvault:Key"
	azRoleAssignment  = "azure-native:authorization:RoleAssignment"
	azDiagnostics     = "azure-native:insights:DiagnosticSetting"
	azWorkspace       = "azure-native:operationalinsights:Workspace"
	azResourceGroup   = "azure-native:resources:ResourceGroup"
	azMetricAlert     = "azure-native:insights:MetricAlert"
	azPrivateEndpoint = "azure-native:network:PrivateEndpoint"
)

// azSharedKeyRules are the resources that mint shared access signature keys.
var azSharedKeyRules = []string{
	"azure-native:servicebus:NamespaceAuthorizationRule",
	"azure-native:servicebus:QueueAuthorizationRule",
	"azure-native:servicebus:TopicAuthorizationRule",
}

// Built-in roles the derivation recognises besides the component's own, by the GUID ending their
// roleDefinitionId (the same in every tenant).
const (
	// azRoleServiceBusDataOwner may send, receive and manage every entity in its scope.
	azRoleServiceBusDataOwner = "090c5cfd-751d-490a-894a-3ce6f1109419"
	// azRoleKeyVaultCryptoUser may wrap and unwrap with keys, as the encryption identity needs.
	azRoleKeyVaultCryptoUser = "12338af0-0e69-4776-bea7-57ae8d297424"
)

// azTaggable are the resource types of the component that take tags. Queues, role assignments and
// diagnostic settings have none.
var azTaggable = map[string]bool{
	azResourceGroup: true, azWorkspace: true, azIdentity: true, azVault: true, azKey: true,
	azNamespace: true, azMetricAlert: true, azPrivateEndpoint: true,
}

// azAuditCategoryGroups are the diagnostic category groups that carry the data-plane audit records of a
// namespace (RuntimeAuditLogs) and a vault (AuditEvent).
var azAuditCategoryGroups = []string{"allLogs", "audit"}

func (Azure) Cloud() components.Cloud { return azq.Cloud }

func (Azure) BroughtKey() string { return AzureBroughtKeyID }

func (Azure) KnownGaps() map[string]string {
	return map[string]string{
		"PrivateNetworkOnly": "Azure is stricter: the component always sets the namespace's publicNetworkAccess to Disabled, " +
			"with or without a private endpoint subnet, so a case that does not ask for the private boundary still " +
			"gets it (PCI DSS 1.4 on Azure costs nothing extra once the namespace is Premium); the network team's own " +
			"private endpoints reach it when pciqueue creates none",
	}
}

// AzureArgs maps a case onto the Azure component's arguments.
func AzureArgs(c queuetest.Case) *azq.SecureQueueArgs {
	args := &azq.SecureQueueArgs{Spec: c.Spec, Location: AzureLocation}
	if c.BringYourOwnKey {
		args.KeyID = AzureBroughtKeyID
	}
	if c.Private {
		args.PrivateEndpointSubnetID = AzurePrivateEndpointSubnetID
	}
	return args
}

func (Azure) Deploy(c queuetest.Case) ([]enginetest.Resource, error) {
	eng := enginetest.New("pciqueue", "conformance", false)
	err := eng.Run(func(ctx *pulumi.Context) error {
		_, err := azq.NewSecureQueue(ctx, c.Spec.Name, AzureArgs(c))
		return err
	}, nil)
	return eng.Resources(), err
}

func (Azure) Derive(c queuetest.Case, rs []enginetest.Resource) (components.Guarantees, error) {
	name := c.Spec.Name
	var g components.Guarantees
	queue, ok := enginetest.Find(rs, azQueue, name+"-queue")
	if !ok {
		return g, fmt.Errorf("queue %q was not registered", name)
	}
	ns, ok := azNamespaceOf(rs, queue)
	if !ok {
		return g, fmt.Errorf("the namespace %q of queue %q was not registered", str(queue, "namespaceName"), name)
	}
	queueID, nsID := output(queue, "id"), output(ns, "id")
	ids := azIdentities(rs)
	assignments := azAssignments(rs, ids)

	// PCI DSS 3.5.1: the namespace encrypts with Key Vault keys only a Premium namespace can use, on top of
	// infrastructure encryption, each read through an identity attached to the namespace that holds a
	// wrap/unwrap role on exactly that key. A pinned version keeps encrypting with a version the key's
	// rotation policy lets expire, so it is not the customer-managed key the contract asks for.
	keys := azNamespaceKeys(rs, ns)
	keySource := strings.EqualFold(str(ns, "encryption", "keySource"), azq.KeySourceKeyVault)
	attached := strList(ns, "identity", "userAssignedIdentities")
	encryptionIdentities := map[string]bool{}
	g.QueueCMK = keySource && len(keys) > 0 && strings.EqualFold(str(ns, "sku", "name"), azq.NamespaceSku) &&
		boolean(ns, "encryption", "requireInfrastructureEncryption")
	for _, k := range keys {
		id, known := ids[strings.ToLower(k.identity)]
		encryptionIdentities[id.principal] = known
		readable := known && slices.ContainsFunc(attached, func(a string) bool { return strings.EqualFold(a, k.identity) }) &&
			slices.ContainsFunc(assignments, func(a azAssignment) bool {
				return a.principal == id.principal && k.scope(a.scope) &&
					(a.role == azq.RoleKeyVaultCryptoServiceEncryptionUser || a.role == azRoleKeyVaultCryptoUser)
			})
		if !readable || k.name == "" || k.vault == "" || k.pinned || (k.key != nil && !azStrongKey(*k.key)) {
			g.QueueCMK = false
		}
	}
	// The dead-letter sub-queue ($DeadLetterQueue) is part of the queue, in the same namespace: it is
	// encrypted by the namespace's encryption settings and cannot have its own, so it is encrypted exactly
	// when the queue is, with the same key.
	g.DeadLetterCMK = g.QueueCMK
	g.SameKey = keySource && len(keys) > 0

	// PCI DSS 3.6, 3.7.4: only a key created in the stack can evidence its rotation and deletion guard.
	inStack := len(keys) > 0 && !slices.ContainsFunc(keys, func(k azNamespaceKey) bool { return k.key == nil || k.vaultRes == nil })
	if inStack {
		g.KeyDeletionGuarded, g.KeyProtectedInPulumi = true, true
		var periods []int
		for _, k := range keys {
			days := azRotationDays(*k.key)
			if k.pinned {
				// A pinned version never follows the rotation, whatever the policy says.
				days = 0
			}
			periods = append(periods, days)
			g.KeyDeletionGuarded = g.KeyDeletionGuarded && azVaultGuardsDeletion(*k.vaultRes)
			// Destroying the vault destroys the key, so both must be protected.
			g.KeyProtectedInPulumi = g.KeyProtectedInPulumi && k.key.Protect && k.vaultRes.Protect
		}
		if !slices.Contains(periods, 0) {
			g.KeyRotationDays = slices.Max(periods)
		}
	}

	// PCI DSS 4.2.1.
	g.MinTLSVersion = str(ns, "minimumTlsVersion")

	// PCI DSS 8.3, 8.6: no shared access signature can be used, and none can be minted.
	g.SharedKeysDisabled = boolean(ns, "disableLocalAuth") &&
		!slices.ContainsFunc(rs, func(r enginetest.Resource) bool { return slices.Contains(azSharedKeyRules, r.Type) })

	// PCI DSS 1.3, 1.4: a network rule set of the namespace overrides its publicNetworkAccess, and defaults
	// to Enabled.
	g.PrivateNetworkOnly = str(ns, "publicNetworkAccess") == "Disabled" &&
		!slices.ContainsFunc(enginetest.ByType(rs, azNetworkRuleSet), func(r enginetest.Resource) bool {
			return azSameEntity(r, ns) && str(r, "publicNetworkAccess") != "Disabled"
		})

	// PCI DSS 7.2: every identity declared for this queue, the capabilities its role assignments give it on
	// the queue, and that every assignment to a queue identity is exactly the one its role needs, and no
	// undeclared principal holds a data role over the queue.
	g.Identities = map[string][]components.Capability{}
	g.GrantsScopedToQueue = true
	for _, id := range ids {
		if id.queue == name {
			g.Identities[components.IdentityKey(id.role, id.name)] = []components.Capability{}
		}
	}
	for _, a := range assignments {
		id, known := ids[a.identity]
		declared := known && id.queue == name
		covers := azCovers(a.scope, queueID)
		if declared {
			key := components.IdentityKey(id.role, id.name)
			for _, capability := range azCapabilities(a.role) {
				if covers && !slices.Contains(g.Identities[key], capability) {
					g.Identities[key] = append(g.Identities[key], capability)
				}
			}
		}
		switch {
		case declared:
			want := map[string]string{components.RoleProducer: azq.RoleServiceBusDataSender, components.RoleConsumer: azq.RoleServiceBusDataReceiver}[id.role]
			if a.role != want || !strings.EqualFold(a.scope, queueID) {
				g.GrantsScopedToQueue = false
			}
		case known && encryptionIdentities[a.principal]:
			if !slices.ContainsFunc(keys, func(k azNamespaceKey) bool { return k.scope(a.scope) }) ||
				a.role != azq.RoleKeyVaultCryptoServiceEncryptionUser {
				g.GrantsScopedToQueue = false
			}
		case covers && len(azCapabilities(a.role)) > 0:
			g.GrantsScopedToQueue = false
		}
	}

	// Availability and PCI DSS 10.7: after maxDeliveryCount deliveries, or when it expires, a message moves
	// to the queue's dead-letter sub-queue, where it never expires; forwarding dead letters elsewhere would
	// take them out of this queue's key, grants and audit.
	g.MaxDeliveries = int(num(queue, "maxDeliveryCount"))
	g.DeadLetterKept = g.MaxDeliveries > 0 && boolean(queue, "deadLetteringOnMessageExpiration") &&
		str(queue, "forwardDeadLetteredMessagesTo") == ""
	g.MessageRetentionSecs, _ = azISOSeconds(str(queue, "defaultMessageTimeToLive"))
	g.VisibilityTimeoutSecs, _ = azISOSeconds(str(queue, "lockDuration"))
	g.Ordered = boolean(queue, "requiresSession")

	// PCI DSS 10.2, 10.3, 10.5.1: the namespace's runtime audit log records every send and receive, the
	// vault's AuditEvent log every wrap and unwrap; both go to a workspace that keeps them.
	nsAudit, nsOK := azAuditSetting(rs, func(uri string) bool { return strings.EqualFold(uri, nsID) })
	g.AuditDataAccess = nsOK
	var workspaces []string
	if nsOK {
		workspaces = append(workspaces, str(nsAudit, "workspaceId"))
	}
	for _, k := range keys {
		vaultAudit, ok := azAuditSetting(rs, func(id string) bool {
			v, err := cloudid.ParseAzureID(id, cloudid.KeyVault)
			return err == nil && strings.EqualFold(v.Name, k.vault)
		})
		g.AuditDataAccess = g.AuditDataAccess && ok
		if ok {
			workspaces = append(workspaces, str(vaultAudit, "workspaceId"))
		}
	}
	g.AuditRetentionDays = azRetentionDays(rs, workspaces)

	// PCI DSS 12.5.2: every tagged resource of this queue and of the namespace it is in (its own, or the one
	// the stack's queues share); a stack's other queues may have another scope.
	children := rs
	if sq, ok := enginetest.Find(rs, azq.SecureQueueType, name); ok {
		owners := map[string]bool{sq.URN: true, ns.Parent: ns.Parent != ""}
		children = slices.DeleteFunc(slices.Clone(rs), func(r enginetest.Resource) bool { return !owners[r.Parent] })
	}
	g.ScopeMarked, g.Scope, g.DataClassification = scopeMarked(children, "tags", azTaggable)
	return g, nil
}

// azNamespaceOf finds the namespace a queue was created in.
func azNamespaceOf(rs []enginetest.Resource, queue enginetest.Resource) (enginetest.Resource, bool) {
	for _, ns := range enginetest.ByType(rs, azNamespace) {
		if azSameEntity(queue, ns) {
			return ns, true
		}
	}
	return enginetest.Resource{}, false
}

// azSameEntity reports whether a child resource (queue, network rule set) names the namespace.
func azSameEntity(child, ns enginetest.Resource) bool {
	return strings.EqualFold(str(child, "namespaceName"), str(ns, "namespaceName")) &&
		strings.EqualFold(str(child, "resourceGroupName"), str(ns, "resourceGroupName"))
}

// azIdentityInfo is a recorded user-assigned identity and the queue and role it was declared for, if any.
type azIdentityInfo struct {
	principal, queue, role, name string
}

// azIdentities indexes the recorded user-assigned identities by lower-case resource ID. The
// declared name is the rest of the logical name "<queue>-<role>-<name>", which the component gives every
// declared identity.
func azIdentities(rs []enginetest.Resource) map[string]azIdentityInfo {
	out := map[string]azIdentityInfo{}
	for _, r := range enginetest.ByType(rs, azIdentity) {
		t := tags(r, "tags")
		info := azIdentityInfo{principal: output(r, "principalId")}
		if q, role := t[components.TagQueue], t[components.TagRole]; q != "" && (role == components.RoleProducer || role == components.RoleConsumer) {
			info.queue, info.role, info.name = q, role, strings.TrimPrefix(r.Name, q+"-"+role+"-")
		}
		out[strings.ToLower(output(r, "id"))] = info
	}
	return out
}

// azAssignment is one recorded role assignment: the identity it names (lower-case resource ID, or "" when
// the principal is not a recorded identity), its principal, role GUID and scope.
type azAssignment struct {
	identity, principal, role, scope string
}

// azAssignments joins every role assignment to the identity whose principalId it names, by value or, when
// the value is not known, through the property dependency the engine recorded for principalId.
func azAssignments(rs []enginetest.Resource, ids map[string]azIdentityInfo) []azAssignment {
	byPrincipal, byURN := map[string]string{}, map[string]string{}
	for _, r := range enginetest.ByType(rs, azIdentity) {
		byPrincipal[output(r, "principalId")] = strings.ToLower(output(r, "id"))
		byURN[r.URN] = strings.ToLower(output(r, "id"))
	}
	var out []azAssignment
	for _, r := range enginetest.ByType(rs, azRoleAssignment) {
		principal := str(r, "principalId")
		identity := ""
		if principal != "" {
			identity = byPrincipal[principal]
		} else {
			for _, urn := range r.PropertyDependencies["principalId"] {
				if id, found := byURN[urn]; found {
					identity, principal = id, ids[id].principal
				}
			}
		}
		def := strings.TrimRight(str(r, "roleDefinitionId"), "/")
		out = append(out, azAssignment{identity: identity, principal: principal,
			role: strings.ToLower(def[strings.LastIndex(def, "/")+1:]), scope: strings.TrimRight(str(r, "scope"), "/")})
	}
	return out
}

// azCapabilities are the data-plane capabilities a role gives on the entities in its scope.
func azCapabilities(role string) []components.Capability {
	switch role {
	case azq.RoleServiceBusDataSender:
		return []components.Capability{components.CapSend}
	case azq.RoleServiceBusDataReceiver:
		return []components.Capability{components.CapReceive}
	case azRoleServiceBusDataOwner:
		return []components.Capability{components.CapSend, components.CapReceive}
	}
	return nil
}

// azCovers reports whether a role assignment scope is the resource or one of its ancestors.
func azCovers(scope, resourceID string) bool {
	s, id := strings.ToLower(scope), strings.ToLower(resourceID)
	return s == id || s == "" || s == "/" || strings.HasPrefix(id, s+"/")
}

// azNamespaceKey is one key the namespace encrypts with, and, when the stack created it, its key and vault.
type azNamespaceKey struct {
	name, vault, identity string
	pinned                bool
	// scope reports whether a role assignment's scope is the key's resource ID, as its reader's must be.
	scope    func(string) bool
	key      *enginetest.Resource
	vaultRes *enginetest.Resource
}

// azNamespaceKeys resolves the namespace's keyVaultProperties to keys: the vault is named by the host of
// keyVaultUri (a vault's DNS name is its name, unique in its cloud, under the cloud's vault suffix), and a
// key of the stack is the recorded key of that name in the recorded vault of that name.
func azNamespaceKeys(rs []enginetest.Resource, ns enginetest.Resource) []azNamespaceKey {
	v, ok := prop(ns, "encryption", "keyVaultProperties")
	if !ok || !v.IsArray() {
		return nil
	}
	var out []azNamespaceKey
	for _, e := range v.ArrayValue() {
		if !e.IsObject() {
			out = append(out, azNamespaceKey{scope: func(s string) bool { return s == "" }})
			continue
		}
		p := enginetest.Resource{Inputs: e.ObjectValue()}
		k := azNamespaceKey{
			name: str(p, "keyName"), identity: str(p, "identity", "userAssignedIdentity"),
			pinned: str(p, "keyVersion") != "",
		}
		uri := str(p, "keyVaultUri")
		if u, err := url.Parse(uri); err == nil && u.Scheme == "https" && strings.Contains(u.Host, ".vault.") {
			k.vault = u.Host[:strings.Index(u.Host, ".")]
		}
		k.scope = func(scope string) bool {
			id, err := cloudid.ParseAzureID(scope, cloudid.KeyVaultKey)
			return err == nil && strings.EqualFold(id.Parent.Name, k.vault) && strings.EqualFold(id.Name, k.name)
		}
		for _, vault := range enginetest.ByType(rs, azVault) {
			if k.vault == "" || !strings.EqualFold(str(vault, "vaultName"), k.vault) {
				continue
			}
			for _, key := range enginetest.ByType(rs, azKey) {
				if strings.EqualFold(str(key, "vaultName"), str(vault, "vaultName")) && str(key, "keyName") == k.name {
					k.key, k.vaultRes = &key, &vault
				}
			}
		}
		out = append(out, k)
	}
	return out
}

// azStrongKey reports whether a created key is one Service Bus can use at 128-bit strength: RSA of at
// least the component's size, enabled.
func azStrongKey(key enginetest.Resource) bool {
	kty := str(key, "properties", "kty")
	enabled, set := prop(key, "properties", "attributes", "enabled")
	return (kty == "RSA" || kty == "RSA-HSM") && num(key, "properties", "keySize") >= azq.KeySizeBits &&
		!(set && enabled.IsBool() && !enabled.BoolValue())
}

// azRotationDays is the shortest rotation period of a created key's rotation policy, or 0 when no Rotate
// action has a readable trigger: after timeAfterCreate, or timeBeforeExpiry before the policy's expiryTime.
func azRotationDays(key enginetest.Resource) int {
	v, ok := prop(key, "properties", "rotationPolicy", "lifetimeActions")
	if !ok || !v.IsArray() {
		return 0
	}
	expiry, hasExpiry := azISOSeconds(str(key, "properties", "rotationPolicy", "attributes", "expiryTime"))
	best := int64(0)
	for _, e := range v.ArrayValue() {
		if !e.IsObject() {
			continue
		}
		a := enginetest.Resource{Inputs: e.ObjectValue()}
		if !strings.EqualFold(str(a, "action", "type"), "Rotate") {
			continue
		}
		secs, ok := azISOSeconds(str(a, "trigger", "timeAfterCreate"))
		if before, isBefore := azISOSeconds(str(a, "trigger", "timeBeforeExpiry")); !ok && isBefore && hasExpiry {
			secs, ok = expiry-before, true
		}
		if ok && secs > 0 && (best == 0 || secs < best) {
			best = secs
		}
	}
	return int(math.Ceil(float64(best) / 86400))
}

// azVaultGuardsDeletion reports whether a deleted key stays recoverable for the longest time Key Vault
// allows and cannot be purged before then.
func azVaultGuardsDeletion(vault enginetest.Resource) bool {
	days, set := prop(vault, "properties", "softDeleteRetentionInDays")
	retention := !set || (days.IsNumber() && days.NumberValue() >= azq.SoftDeleteRetentionDays)
	return boolean(vault, "properties", "enableSoftDelete") && boolean(vault, "properties", "enablePurgeProtection") && retention
}

// azAuditSetting finds a diagnostic setting of a resource that sends its audit category groups to a Log
// Analytics workspace.
func azAuditSetting(rs []enginetest.Resource, of func(resourceURI string) bool) (enginetest.Resource, bool) {
	for _, d := range enginetest.ByType(rs, azDiagnostics) {
		if !of(str(d, "resourceUri")) || !cloudid.LogAnalyticsWorkspace.Matches(str(d, "workspaceId")) {
			continue
		}
		logs, _ := prop(d, "logs")
		if logs.IsArray() && slices.ContainsFunc(logs.ArrayValue(), func(l resource.PropertyValue) bool {
			if !l.IsObject() {
				return false
			}
			e := enginetest.Resource{Inputs: l.ObjectValue()}
			return boolean(e, "enabled") && slices.ContainsFunc(azAuditCategoryGroups, func(g string) bool {
				return strings.EqualFold(str(e, "categoryGroup"), g)
			})
		}) {
			return d, true
		}
	}
	return enginetest.Resource{}, false
}

// azRetentionDays is the shortest retention of the workspaces the audit records go to, 0 when there is
// none or one is not in the stack (its retention is set elsewhere and cannot be evidenced here). A
// workspace that purges data after 30 days keeps nothing longer, whatever its retentionInDays says.
func azRetentionDays(rs []enginetest.Resource, workspaceIDs []string) int {
	var kept []int
	for _, id := range workspaceIDs {
		i := slices.IndexFunc(enginetest.ByType(rs, azWorkspace), func(w enginetest.Resource) bool { return strings.EqualFold(output(w, "id"), id) })
		if i < 0 {
			return 0
		}
		w := enginetest.ByType(rs, azWorkspace)[i]
		d := int(num(w, "retentionInDays"))
		if boolean(w, "features", "immediatePurgeDataOn30Days") {
			d = min(d, 30)
		}
		kept = append(kept, d)
	}
	if len(kept) == 0 {
		return 0
	}
	return slices.Min(kept)
}

// azISOSeconds reads an ISO 8601 duration as Service Bus and Key Vault write them (P4D, PT1M, P1DT12H, P1Y)
// in whole seconds.
func azISOSeconds(s string) (int64, bool) {
	n, err := duration.ParseISO8601(s)
	return int64(n), err == nil
}
