package azure

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/pciqueue/pciqueue/components"
	"github.com/pciqueue/pciqueue/internal/enginetest"
	"github.com/pciqueue/pciqueue/providers/azurenative"
)

const (
	typeNamespace   = azurenative.ServiceBusNamespaceType
	typeQueue       = azurenative.ServiceBusQueueType
	typeIdentity    = azurenative.UserAssignedIdentityType
	typeVault       = "azure-native:keyvault:Vault"
	typeKey         = "azure-native:keyvault:Key"
	typeRole        = "azure-native:authorization:RoleAssignment"
	typeDiagnostics = "azure-native:insights:DiagnosticSetting"
	typeAlert       = "azure-native:insights:MetricAlert"
	typeWorkspace   = "azure-native:operationalinsights:Workspace"
	typeGroup       = "azure-native:resources:ResourceGroup"
	typeEndpoint    = "azure-native:network:PrivateEndpoint"
	typeDNSGroup    = "azure-native:network:PrivateDnsZoneGroup"
)

func roleDefinition(guid string) string {
	return fmt.Sprintf("/subscriptions/%s/providers/Microsoft.Authorization/roleDefinitions/%s", testSubscription, guid)
}

func TestSecureQueue_namespaceEncryptsWithVersionlessKeyThroughItsIdentity(t *testing.T) {
	rs := mustDeploy(t, false, paymentsArgs())
	ns := one(t, rs, typeNamespace, "payments-namespace")
	key := one(t, rs, typeKey, "payments-key")
	cmk := one(t, rs, typeIdentity, "payments-cmk")

	checks := map[string][2]string{
		"sku.name":             {str(ns.Inputs, "sku", "name"), "Premium"},
		"sku.tier":             {str(ns.Inputs, "sku", "tier"), "Premium"},
		"encryption.keySource": {str(ns.Inputs, "encryption", "keySource"), "Microsoft.KeyVault"},
		"encryption.keyVaultProperties[0].keyName":     {str(ns.Inputs, "encryption", "keyVaultProperties", 0, "keyName"), str(key.Inputs, "keyName")},
		"encryption.keyVaultProperties[0].keyVaultUri": {str(ns.Inputs, "encryption", "keyVaultProperties", 0, "keyVaultUri"), strings.TrimSuffix(str(key.Outputs, "keyUri"), "keys/payments-cmk")},
		"encryption.keyVaultProperties[0].identity":    {str(ns.Inputs, "encryption", "keyVaultProperties", 0, "identity", "userAssignedIdentity"), id(cmk)},
		"identity.type":                                  {str(ns.Inputs, "identity", "type"), "UserAssigned"},
		"identity.userAssignedIdentities":                {strings.Join(stringList(ns.Inputs, "identity", "userAssignedIdentities"), ","), id(cmk)},
		"minimumTlsVersion":                              {str(ns.Inputs, "minimumTlsVersion"), "1.2"},
		"publicNetworkAccess without a private endpoint": {str(ns.Inputs, "publicNetworkAccess"), "Disabled"},
	}
	for field, c := range checks {
		if c[0] != c[1] || c[1] == "" {
			t.Errorf("namespace %s = %q, want %q", field, c[0], c[1])
		}
	}
	if v, set := boolean(ns.Inputs, "encryption", "requireInfrastructureEncryption"); !set || !v {
		t.Error("namespace does not require infrastructure (double) encryption")
	}
	if v, set := boolean(ns.Inputs, "disableLocalAuth"); !set || !v {
		t.Error("namespace allows SAS keys: disableLocalAuth is not true")
	}
	if v := get(ns.Inputs, "encryption", "keyVaultProperties", 0, "keyVersion"); !v.IsNull() {
		t.Errorf("namespace pins key version %v: rotation would never reach it", v)
	}
	if n := number(ns.Inputs, "sku", "capacity"); n != 1 {
		t.Errorf("namespace capacity = %v, want 1 messaging unit", n)
	}
}

func TestSecureQueue_encryptionIdentityMayUseOnlyTheKeyAndExistsBeforeTheNamespace(t *testing.T) {
	rs := mustDeploy(t, false, paymentsArgs())
	grant := one(t, rs, typeRole, "payments-cmk-key-access")
	key := one(t, rs, typeKey, "payments-key")
	cmk := one(t, rs, typeIdentity, "payments-cmk")
	ns := one(t, rs, typeNamespace, "payments-namespace")

	if got := str(grant.Inputs, "roleDefinitionId"); got != roleDefinition(RoleKeyVaultCryptoServiceEncryptionUser) {
		t.Errorf("encryption identity role = %q, want Key Vault Crypto Service Encryption User", got)
	}
	if got := str(grant.Inputs, "scope"); got != id(key) {
		t.Errorf("encryption identity scope = %q, want the key %q only", got, id(key))
	}
	if str(grant.Inputs, "principalId") != str(cmk.Outputs, "principalId") || str(grant.Inputs, "principalType") != "ServicePrincipal" {
		t.Errorf("key grant goes to %q (%s), not the encryption identity", str(grant.Inputs, "principalId"), str(grant.Inputs, "principalType"))
	}
	if !slices.Contains(ns.Dependencies, grant.URN) {
		t.Errorf("namespace does not depend on the key grant: it could be created before its identity may read the key")
	}
	for _, r := range enginetest.ByType(rs, typeRole) {
		if r.Name != grant.Name && str(r.Inputs, "principalId") == str(cmk.Outputs, "principalId") {
			t.Errorf("encryption identity holds a second role: %s on %s", str(r.Inputs, "roleDefinitionId"), str(r.Inputs, "scope"))
		}
	}
}

func TestSecureQueue_vaultAndKeyResistDeletionAndRotate(t *testing.T) {
	args := paymentsArgs()
	args.Spec.KeyRotation = 180 * day
	rs := mustDeploy(t, false, args)
	vault := one(t, rs, typeVault, "payments-vault")
	key := one(t, rs, typeKey, "payments-key")

	for _, f := range []string{"enableSoftDelete", "enablePurgeProtection", "enableRbacAuthorization"} {
		if v, set := boolean(vault.Inputs, "properties", f); !set || !v {
			t.Errorf("vault properties.%s is not true", f)
		}
	}
	for _, f := range []string{"enabledForDeployment", "enabledForDiskEncryption", "enabledForTemplateDeployment"} {
		if v, set := boolean(vault.Inputs, "properties", f); !set || v {
			t.Errorf("vault properties.%s is not false: other services could read its secrets", f)
		}
	}
	if n := number(vault.Inputs, "properties", "softDeleteRetentionInDays"); n != SoftDeleteRetentionDays {
		t.Errorf("vault soft delete retention = %v days, want %d", n, SoftDeleteRetentionDays)
	}
	if got := str(vault.Inputs, "properties", "publicNetworkAccess"); got != "Disabled" {
		t.Errorf("vault publicNetworkAccess = %q, want Disabled", got)
	}
	if a, b := str(vault.Inputs, "properties", "networkAcls", "defaultAction"), str(vault.Inputs, "properties", "networkAcls", "bypass"); a != "Deny" || b != "AzureServices" {
		t.Errorf("vault networkAcls = %s/%s, want Deny with the trusted-services bypass Service Bus needs", a, b)
	}
	if got := str(vault.Inputs, "properties", "tenantId"); got != OfflineTenant {
		t.Errorf("vault tenant = %q, want the provider's tenant", got)
	}
	if !vault.Protect || !key.Protect {
		t.Errorf("vault protect=%v key protect=%v, want both protected", vault.Protect, key.Protect)
	}

	if got := str(key.Inputs, "properties", "kty"); got != "RSA-HSM" {
		t.Errorf("key type = %q, want RSA-HSM", got)
	}
	if n := number(key.Inputs, "properties", "keySize"); n < 3072 {
		t.Errorf("key size = %v bits, want at least 3072", n)
	}
	if ops := stringList(key.Inputs, "properties", "keyOps"); !slices.Equal(ops, []string{"wrapKey", "unwrapKey"}) {
		t.Errorf("key operations = %v, want only wrapKey and unwrapKey", ops)
	}
	rotate := get(key.Inputs, "properties", "rotationPolicy", "lifetimeActions", 0)
	if str(rotate.ObjectValue(), "action", "type") != "Rotate" || str(rotate.ObjectValue(), "trigger", "timeAfterCreate") != "P180D" {
		t.Errorf("key rotation action = %v, want Rotate after P180D", rotate)
	}
	if got := str(key.Inputs, "properties", "rotationPolicy", "attributes", "expiryTime"); got != "P210D" {
		t.Errorf("key version expiry = %q, want P210D (rotation + %d days)", got, KeyExpiryAfterRotationDays)
	}
}

func TestSecureQueue_unprotectedSpecLeavesKeyUnprotected(t *testing.T) {
	off := false
	args := paymentsArgs()
	args.Spec.Protect = &off
	rs := mustDeploy(t, false, args)
	for _, typ := range []string{typeVault, typeKey, typeWorkspace} {
		for _, r := range enginetest.ByType(rs, typ) {
			if r.Protect {
				t.Errorf("%s %s is protected although spec.protect is false", typ, r.Name)
			}
		}
	}
}

func TestSecureQueue_queueSettingsFollowTheSpec(t *testing.T) {
	cases := []struct {
		name       string
		edit       func(*components.QueueSpec)
		ttl, lock  string
		deliveries float64
		sessions   bool
	}{
		{"defaults", func(s *components.QueueSpec) { *s = components.QueueSpec{Name: "payments"} }, "P4D", "PT1M", 5, false},
		{"ordered with long lock", func(s *components.QueueSpec) {
			s.Ordered, s.VisibilityTimeout, s.MessageRetention = true, 5*minute, 14*day
		}, "P14D", "PT5M", 7, true},
		{"odd durations", func(s *components.QueueSpec) {
			s.Ordered, s.VisibilityTimeout, s.MessageRetention = false, 90*second, 36*hour+30*minute
		}, "P1DT12H30M", "PT1M30S", 7, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			args := paymentsArgs()
			tc.edit(&args.Spec)
			q := one(t, mustDeploy(t, false, args), typeQueue, "payments-queue")
			if n := number(q.Inputs, "maxDeliveryCount"); n != tc.deliveries {
				t.Errorf("maxDeliveryCount = %v, want %v", n, tc.deliveries)
			}
			if got := str(q.Inputs, "defaultMessageTimeToLive"); got != tc.ttl {
				t.Errorf("defaultMessageTimeToLive = %q, want %q", got, tc.ttl)
			}
			if got := str(q.Inputs, "lockDuration"); got != tc.lock {
				t.Errorf("lockDuration = %q, want %q", got, tc.lock)
			}
			if v, _ := boolean(q.Inputs, "requiresSession"); v != tc.sessions {
				t.Errorf("requiresSession = %v, want %v", v, tc.sessions)
			}
			for _, f := range []string{"deadLetteringOnMessageExpiration", "requiresDuplicateDetection"} {
				if v, set := boolean(q.Inputs, f); !set || !v {
					t.Errorf("%s is not true", f)
				}
			}
			if got := str(q.Inputs, "queueName"); got != "payments" {
				t.Errorf("queueName = %q, want the spec name", got)
			}
		})
	}
}

func TestSecureQueue_eachIdentityHoldsExactlyItsRoleOnThisQueue(t *testing.T) {
	rs := mustDeploy(t, false, paymentsArgs())
	queue := one(t, rs, typeQueue, "payments-queue")
	want := map[string]string{
		"payments-producer-checkout":   RoleServiceBusDataSender,
		"payments-producer-pos":        RoleServiceBusDataSender,
		"payments-consumer-settlement": RoleServiceBusDataReceiver,
	}
	byPrincipal := map[string][]enginetest.Resource{}
	for _, r := range enginetest.ByType(rs, typeRole) {
		byPrincipal[str(r.Inputs, "principalId")] = append(byPrincipal[str(r.Inputs, "principalId")], r)
	}
	for logical, role := range want {
		ident := one(t, rs, typeIdentity, logical)
		grants := byPrincipal[str(ident.Outputs, "principalId")]
		if len(grants) != 1 {
			t.Errorf("identity %s holds %d role assignments, want exactly 1", logical, len(grants))
			continue
		}
		g := grants[0]
		if got := str(g.Inputs, "roleDefinitionId"); got != roleDefinition(role) {
			t.Errorf("identity %s role = %q, want %q", logical, got, roleDefinition(role))
		}
		if got := str(g.Inputs, "scope"); got != id(queue) {
			t.Errorf("identity %s is scoped to %q, want this queue only (%q)", logical, got, id(queue))
		}
		if got := str(g.Inputs, "principalType"); got != "ServicePrincipal" {
			t.Errorf("identity %s principalType = %q", logical, got)
		}
		role := strings.Split(strings.TrimPrefix(logical, "payments-"), "-")[0]
		for k, v := range map[string]string{components.TagQueue: "payments", components.TagRole: role, components.TagPCIScope: "cde"} {
			if got := str(ident.Inputs, "tags", k); got != v {
				t.Errorf("identity %s tag %s = %q, want %q", logical, k, got, v)
			}
		}
	}
	if n := len(enginetest.ByType(rs, typeIdentity)); n != len(want)+1 {
		t.Errorf("%d identities registered, want one per declared name plus the encryption identity", n)
	}
	if n := len(enginetest.ByType(rs, typeRole)); n != len(want)+1 {
		t.Errorf("%d role assignments registered, want one per declared identity plus the key grant", n)
	}
}

func TestSecureQueue_auditsNamespaceAndVaultIntoRetainedWorkspace(t *testing.T) {
	rs := mustDeploy(t, false, paymentsArgs())
	ws := one(t, rs, typeWorkspace, "payments-audit")
	if n := number(ws.Inputs, "retentionInDays"); n != 400 {
		t.Errorf("workspace retention = %v days, want the spec's 400", n)
	}
	if v, set := boolean(ws.Inputs, "features", "disableLocalAuth"); !set || !v {
		t.Error("workspace accepts shared-key ingestion: features.disableLocalAuth is not true")
	}
	if !ws.Protect {
		t.Error("workspace is not protected: deleting it deletes the audit trail")
	}
	targets := map[string]string{
		"payments-namespace-audit": id(one(t, rs, typeNamespace, "payments-namespace")),
		"payments-vault-audit":     id(one(t, rs, typeVault, "payments-vault")),
	}
	for logical, target := range targets {
		d := one(t, rs, typeDiagnostics, logical)
		if got := str(d.Inputs, "resourceUri"); got != target {
			t.Errorf("%s audits %q, want %q", logical, got, target)
		}
		if got := str(d.Inputs, "workspaceId"); got != id(ws) {
			t.Errorf("%s sends to %q, want the workspace %q", logical, got, id(ws))
		}
		var groups []string
		for i := range 2 {
			if v, _ := boolean(d.Inputs, "logs", i, "enabled"); v {
				groups = append(groups, str(d.Inputs, "logs", i, "categoryGroup"))
			}
		}
		if !slices.Equal(groups, AuditLogCategoryGroups) {
			t.Errorf("%s enables log category groups %v, want %v", logical, groups, AuditLogCategoryGroups)
		}
		if v, _ := boolean(d.Inputs, "metrics", 0, "enabled"); !v || str(d.Inputs, "metrics", 0, "category") != "AllMetrics" {
			t.Errorf("%s does not send AllMetrics", logical)
		}
	}
}

func TestSecureQueue_alertsOnDeadLettersOfThisQueue(t *testing.T) {
	args := paymentsArgs()
	group := "/subscriptions/" + testSubscription + "/resourceGroups/ops/providers/Microsoft.Insights/actionGroups/payments-oncall"
	args.AlertActionGroupIDs = []string{group}
	rs := mustDeploy(t, false, args)
	a := one(t, rs, typeAlert, "payments-dead-letters")
	ns := one(t, rs, typeNamespace, "payments-namespace")
	crit := get(a.Inputs, "criteria", "allOf", 0).ObjectValue()
	if scopes := stringList(a.Inputs, "scopes"); !slices.Equal(scopes, []string{id(ns)}) {
		t.Errorf("alert scopes = %v, want the namespace", scopes)
	}
	if str(crit, "metricName") != DeadLetterMetric || str(crit, "metricNamespace") != DeadLetterMetricNamespace {
		t.Errorf("alert watches %s/%s", str(crit, "metricNamespace"), str(crit, "metricName"))
	}
	if str(crit, "dimensions", 0, "name") != EntityDimension || !slices.Equal(stringList(crit, "dimensions", 0, "values"), []string{"payments"}) {
		t.Errorf("alert is not narrowed to this queue: %v", get(crit, "dimensions"))
	}
	if str(crit, "operator") != "GreaterThan" || number(crit, "threshold") != 0 {
		t.Errorf("alert fires on %s %v, want any dead-lettered message", str(crit, "operator"), number(crit, "threshold"))
	}
	if got := str(a.Inputs, "actions", 0, "actionGroupId"); got != group {
		t.Errorf("alert notifies %q, want %q", got, group)
	}
}

func TestSecureQueue_everyChildIsParentedAndTagged(t *testing.T) {
	args := paymentsArgs()
	args.PrivateEndpointSubnetID = testSubnet
	rs := mustDeploy(t, false, args)
	comp := one(t, rs, SecureQueueType, "payments")
	taggable := map[string]bool{typeGroup: true, typeVault: true, typeKey: true, typeIdentity: true, typeNamespace: true,
		typeWorkspace: true, typeAlert: true, typeEndpoint: true}
	seen := map[string]bool{}
	for _, r := range rs {
		if r.URN == comp.URN {
			continue
		}
		if r.Parent != comp.URN {
			t.Errorf("%s %s is parented to %q, not the component", r.Type, r.Name, r.Parent)
		}
		if !taggable[r.Type] {
			continue
		}
		seen[r.Type] = true
		for k, v := range map[string]string{components.TagPCIScope: "cde", components.TagDataClassification: "cardholder-data", "team": "payments"} {
			if got := str(r.Inputs, "tags", k); got != v {
				t.Errorf("%s %s tag %s = %q, want %q", r.Type, r.Name, k, got, v)
			}
		}
	}
	for typ := range taggable {
		if !seen[typ] {
			t.Errorf("no %s registered: the tag check did not cover it", typ)
		}
	}
}

func TestSecureQueue_privateNetworkClosesPublicAccess(t *testing.T) {
	sbZone := "/subscriptions/" + testSubscription + "/resourceGroups/dns/providers/Microsoft.Network/privateDnsZones/privatelink.servicebus.windows.net"
	kvZone := "/subscriptions/" + testSubscription + "/resourceGroups/dns/providers/Microsoft.Network/privateDnsZones/privatelink.vaultcore.azure.net"
	args := paymentsArgs()
	args.PrivateEndpointSubnetID, args.ServiceBusPrivateDNSZoneID, args.KeyVaultPrivateDNSZoneID = testSubnet, sbZone, kvZone
	rs := mustDeploy(t, false, args)
	ns := one(t, rs, typeNamespace, "payments-namespace")
	if got := str(ns.Inputs, "publicNetworkAccess"); got != "Disabled" {
		t.Errorf("namespace publicNetworkAccess = %q with a private endpoint, want Disabled", got)
	}
	for _, pe := range []struct {
		logical, group, target, zone string
	}{
		{"payments-namespace-endpoint", NamespaceGroupID, id(ns), sbZone},
		{"payments-vault-endpoint", VaultGroupID, id(one(t, rs, typeVault, "payments-vault")), kvZone},
	} {
		ep := one(t, rs, typeEndpoint, pe.logical)
		if got := str(ep.Inputs, "subnet", "id"); got != testSubnet {
			t.Errorf("%s subnet = %q", pe.logical, got)
		}
		conn := get(ep.Inputs, "privateLinkServiceConnections", 0).ObjectValue()
		if str(conn, "privateLinkServiceId") != pe.target || !slices.Equal(stringList(conn, "groupIds"), []string{pe.group}) {
			t.Errorf("%s connects %q %v, want %q [%s]", pe.logical, str(conn, "privateLinkServiceId"), stringList(conn, "groupIds"), pe.target, pe.group)
		}
		dns := one(t, rs, typeDNSGroup, pe.logical+"-dns")
		if got := str(dns.Inputs, "privateDnsZoneConfigs", 0, "privateDnsZoneId"); got != pe.zone {
			t.Errorf("%s registers in %q, want %q", pe.logical, got, pe.zone)
		}
	}
}

func TestSecureQueue_withoutSubnetStaysClosedAndCreatesNoEndpoint(t *testing.T) {
	rs := mustDeploy(t, false, paymentsArgs())
	if eps := enginetest.ByType(rs, typeEndpoint); len(eps) != 0 {
		t.Errorf("%d private endpoints without a subnet", len(eps))
	}
	if got := str(one(t, rs, typeNamespace, "payments-namespace").Inputs, "publicNetworkAccess"); got != "Disabled" {
		t.Errorf("namespace publicNetworkAccess = %q without a subnet, want Disabled", got)
	}
}

func TestSecureQueue_bringYourOwnKeyIsCheckedAndUsedVersionless(t *testing.T) {
	args := paymentsArgs()
	args.Spec.KeyRotation = 90 * day
	args.KeyID = testKeyID
	eng, err := deploy(t, false, args)
	if err != nil {
		t.Fatalf("NewSecureQueue: %v", err)
	}
	rs := eng.Resources()
	if n := len(enginetest.ByType(rs, typeVault)) + len(enginetest.ByType(rs, typeKey)); n != 0 {
		t.Errorf("%d vaults and keys created although a key was brought", n)
	}
	for _, fn := range []string{"azure-native:keyvault:getVault", "azure-native:keyvault:getKey"} {
		if !slices.Contains(eng.Calls(), fn) {
			t.Errorf("the brought key was not checked: %s never called", fn)
		}
	}
	ns := one(t, rs, typeNamespace, "payments-namespace")
	if got := str(ns.Inputs, "encryption", "keyVaultProperties", 0, "keyName"); got != "payments" {
		t.Errorf("namespace key name = %q, want the brought key", got)
	}
	if got := str(ns.Inputs, "encryption", "keyVaultProperties", 0, "keyVaultUri"); got != "https://corp-cmk-vault.vault.azure.net/" {
		t.Errorf("namespace vault URI = %q, want the brought vault's", got)
	}
	if v := get(ns.Inputs, "encryption", "keyVaultProperties", 0, "keyVersion"); !v.IsNull() {
		t.Errorf("namespace pins key version %v", v)
	}
	if got := str(one(t, rs, typeRole, "payments-cmk-key-access").Inputs, "scope"); got != testKeyID {
		t.Errorf("key grant scope = %q, want the brought key %q", got, testKeyID)
	}
	vaultID := strings.TrimSuffix(testKeyID, "/keys/payments")
	if got := str(one(t, rs, typeDiagnostics, "payments-vault-audit").Inputs, "resourceUri"); got != vaultID {
		t.Errorf("vault diagnostics target %q, want the brought vault %q", got, vaultID)
	}
}

func TestSecureQueue_bringYourOwnKeyRotatingTooRarelyFails(t *testing.T) {
	args := paymentsArgs()
	args.Spec.KeyRotation = 30 * day // the offline world's brought key rotates every 90 days
	args.KeyID = testKeyID
	_, err := deploy(t, false, args)
	if err == nil || !strings.Contains(err.Error(), "rotates every 90 days") {
		t.Fatalf("err = %v, want the brought key rejected for rotating every 90 days", err)
	}
}

func TestSecureQueue_existingGroupAndWorkspaceAreUsed(t *testing.T) {
	args := paymentsArgs()
	args.ResourceGroupName, args.WorkspaceID = "cde-queues", testWorkspaceID
	rs := mustDeploy(t, false, args)
	if n := len(enginetest.ByType(rs, typeGroup)) + len(enginetest.ByType(rs, typeWorkspace)); n != 0 {
		t.Errorf("%d resource groups and workspaces created although both were given", n)
	}
	for _, r := range rs {
		if g, ok := r.Inputs["resourceGroupName"]; ok && str(r.Inputs, "resourceGroupName") != "cde-queues" {
			t.Errorf("%s %s is in resource group %v, want cde-queues", r.Type, r.Name, g)
		}
	}
	for _, d := range enginetest.ByType(rs, typeDiagnostics) {
		if got := str(d.Inputs, "workspaceId"); got != testWorkspaceID {
			t.Errorf("%s sends to %q, want the given workspace", d.Name, got)
		}
	}
}

func TestSecureQueue_previewRecordsUnknownsWithoutDroppingAnything(t *testing.T) {
	args := paymentsArgs()
	args.PrivateEndpointSubnetID = testSubnet
	preview := mustDeploy(t, true, args)
	update := mustDeploy(t, false, args)
	if got, want := enginetest.Types(preview), enginetest.Types(update); !slices.Equal(got, want) {
		t.Fatalf("preview registers %v, update %v", got, want)
	}
	ns := one(t, preview, typeNamespace, "payments-namespace")
	for _, path := range [][]any{
		{"encryption", "keyVaultProperties", 0, "keyVaultUri"},
		{"encryption", "keyVaultProperties", 0, "identity", "userAssignedIdentity"},
		{"identity", "userAssignedIdentities", 0},
		{"resourceGroupName"},
	} {
		if v := get(ns.Inputs, path...); !v.IsComputed() && !(v.IsOutput() && !v.OutputValue().Known) {
			t.Errorf("namespace %v = %v in preview, want unknown until apply", path, v)
		}
	}
	if got := str(ns.Inputs, "minimumTlsVersion"); got != "1.2" {
		t.Errorf("namespace minimumTlsVersion = %q in preview, want the literal 1.2", got)
	}
	if got := str(ns.Inputs, "namespaceName"); !strings.HasPrefix(got, "pq-payments-") {
		t.Errorf("namespace name = %q in preview, want it known from the subscription", got)
	}
	for _, r := range enginetest.ByType(preview, typeRole) {
		if v := get(r.Inputs, "scope"); !v.IsComputed() && !(v.IsOutput() && !v.OutputValue().Known) {
			t.Errorf("role assignment %s scope = %v in preview, want unknown (a resource ID)", r.Name, v)
		}
		if got := str(r.Inputs, "roleDefinitionId"); !strings.HasPrefix(got, "/subscriptions/") {
			t.Errorf("role assignment %s role = %q in preview, want it known", r.Name, got)
		}
	}
}

func TestSecureQueue_outputsNameTheQueueAndNoSecret(t *testing.T) {
	eng := enginetest.New("pciqueue", "test", false)
	var got map[string]any
	err := eng.Run(func(ctx *pulumi.Context) error {
		sq, err := NewSecureQueue(ctx, "payments", paymentsArgs())
		if err != nil {
			return err
		}
		collectOutputs(sq, &got)
		return nil
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"namespaceEndpoint":   "https://pq-payments-",
		"queueName":           "payments",
		"deadLetterQueuePath": "payments/$DeadLetterQueue",
		"keyUri":              "https://pq-payments-",
		"keyId":               "/subscriptions/" + testSubscription,
		"workspaceId":         "/subscriptions/" + testSubscription,
		"resourceGroupName":   "pciqueue-test-payments",
	}
	for k, prefix := range want {
		if s, _ := got[k].(string); !strings.HasPrefix(s, prefix) {
			t.Errorf("output %s = %q, want it to start with %q", k, s, prefix)
		}
	}
	if s, _ := got["keyUri"].(string); !strings.HasSuffix(s, "/keys/payments-cmk") {
		t.Errorf("keyUri = %q, want the versionless key URI", s)
	}
	for _, k := range []string{"producerClientIds", "producerPrincipalIds", "producerIdentityIds"} {
		m, _ := got[k].(map[string]string)
		if len(m) != 2 || m["checkout"] == "" || m["pos"] == "" {
			t.Errorf("output %s = %v, want one entry per producer", k, m)
		}
	}
	if m, _ := got["consumerClientIds"].(map[string]string); len(m) != 1 || m["settlement"] == "" {
		t.Errorf("output consumerClientIds = %v", m)
	}
	for k, v := range got {
		if s := fmt.Sprint(v); strings.Contains(s, "SharedAccessKey") || strings.Contains(strings.ToLower(k), "connection") {
			t.Errorf("output %s carries a shared secret", k)
		}
	}
}
