package harness

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/pciqueue/pciqueue/components"
	azq "github.com/pciqueue/pciqueue/components/azure"
	"github.com/pciqueue/pciqueue/conformance/queuetest"
	"github.com/pciqueue/pciqueue/internal/enginetest"
)

// azPayments is a compliant case whose resources the weakening tests edit: a created key, private
// networking, ordered, two producers and a consumer, as the azure-dev stack declares its payments queue.
var azPayments = queuetest.Case{Name: "payments", Private: true, Spec: components.QueueSpec{
	Name: "payments", Ordered: true, Producers: []string{"checkout", "pos"}, Consumers: []string{"settlement"},
}}

func azDeploy(t *testing.T, c queuetest.Case) []enginetest.Resource {
	t.Helper()
	rs, err := Azure{}.Deploy(c)
	if err != nil {
		t.Fatalf("deploying %s: %v", c.Name, err)
	}
	return rs
}

// azEdit changes the inputs of the resource with the given type and logical name in place.
func azEdit(typ, name string, f func(in resource.PropertyMap)) func(t *testing.T, rs []enginetest.Resource) []enginetest.Resource {
	return func(t *testing.T, rs []enginetest.Resource) []enginetest.Resource {
		t.Helper()
		i := slices.IndexFunc(rs, func(r enginetest.Resource) bool { return r.Type == typ && r.Name == name })
		if i < 0 {
			t.Fatalf("no %s %q to weaken; have %v", typ, name, enginetest.Types(rs))
		}
		f(rs[i].Inputs)
		return rs
	}
}

// azObject returns the object at a path of keys, which the compliant recording must have.
func azObject(in resource.PropertyMap, path ...string) resource.PropertyMap {
	for _, k := range path {
		in = in[resource.PropertyKey(k)].ObjectValue()
	}
	return in
}

// azFirst returns the first object of the array at key.
func azFirst(in resource.PropertyMap, key string) resource.PropertyMap {
	return in[resource.PropertyKey(key)].ArrayValue()[0].ObjectValue()
}

func azSet(key string, v any) func(resource.PropertyMap) {
	return func(in resource.PropertyMap) { in[resource.PropertyKey(key)] = resource.NewPropertyValue(v) }
}

func azDrop(typ, name string) func(t *testing.T, rs []enginetest.Resource) []enginetest.Resource {
	return func(t *testing.T, rs []enginetest.Resource) []enginetest.Resource {
		t.Helper()
		out := slices.DeleteFunc(rs, func(r enginetest.Resource) bool { return r.Type == typ && r.Name == name })
		if len(out) == len(rs) {
			t.Fatalf("no %s %q to remove", typ, name)
		}
		return out
	}
}

func azAdd(typ, name string, in resource.PropertyMap) func(t *testing.T, rs []enginetest.Resource) []enginetest.Resource {
	return func(_ *testing.T, rs []enginetest.Resource) []enginetest.Resource {
		return append(rs, enginetest.Resource{Type: typ, Name: name, Custom: true, Inputs: in,
			URN: "urn:pulumi:conformance::pciqueue::" + typ + "::" + name})
	}
}

// azRoleDefinition is the subscription-scoped ID of a built-in role.
func azRoleDefinition(guid string) string {
	return "/subscriptions/" + azq.OfflineSubscription + "/providers/Microsoft.Authorization/roleDefinitions/" + guid
}

func azIDOf(t *testing.T, rs []enginetest.Resource, typ, name string) string {
	t.Helper()
	r, ok := enginetest.Find(rs, typ, name)
	if !ok {
		t.Fatalf("no %s %q recorded", typ, name)
	}
	return output(r, "id")
}

func TestAzure_compliantRecordingDeliversTheContract(t *testing.T) {
	got, err := Azure{}.Derive(azPayments, azDeploy(t, azPayments))
	if err != nil {
		t.Fatal(err)
	}
	if d := got.Diff(queuetest.Expected(azPayments)); len(d) > 0 {
		t.Fatalf("the compliant recording does not deliver the contract: %v\n%s", d, queuetest.Describe(got))
	}
}

func TestAzure_deriveReportsEveryWeakenedField(t *testing.T) {
	const ns, q, key, vault = azNamespace, azQueue, azKey, azVault
	cases := []struct {
		name   string
		weaken func(t *testing.T, rs []enginetest.Resource) []enginetest.Resource
		fields []string
	}{
		{"Microsoft-managed key", azEdit(ns, "payments-namespace", func(in resource.PropertyMap) {
			azObject(in, "encryption")["keySource"] = resource.NewProperty("Microsoft.ServiceBus")
		}), []string{"QueueCMK", "DeadLetterCMK", "SameKey"}},
		{"no encryption", azEdit(ns, "payments-namespace", func(in resource.PropertyMap) { delete(in, "encryption") }),
			[]string{"QueueCMK", "DeadLetterCMK", "SameKey", "KeyRotationDays", "KeyDeletionGuarded", "KeyProtectedInPulumi"}},
		{"pinned key version", azEdit(ns, "payments-namespace", func(in resource.PropertyMap) {
			azFirst(azObject(in, "encryption"), "keyVaultProperties")["keyVersion"] = resource.NewProperty("0123456789abcdef0123456789abcdef")
		}), []string{"QueueCMK", "DeadLetterCMK", "KeyRotationDays"}},
		{"key in a vault outside the stack", azEdit(ns, "payments-namespace", func(in resource.PropertyMap) {
			azFirst(azObject(in, "encryption"), "keyVaultProperties")["keyVaultUri"] = resource.NewProperty("https://shared-keys.vault.azure.net/")
		}), []string{"QueueCMK", "KeyRotationDays", "KeyDeletionGuarded"}},
		{"no infrastructure encryption", azEdit(ns, "payments-namespace", func(in resource.PropertyMap) {
			azObject(in, "encryption")["requireInfrastructureEncryption"] = resource.NewProperty(false)
		}), []string{"QueueCMK", "DeadLetterCMK"}},
		{"Standard tier", azEdit(ns, "payments-namespace", func(in resource.PropertyMap) {
			azObject(in, "sku")["name"] = resource.NewProperty("Standard")
		}), []string{"QueueCMK"}},
		{"2048-bit key", azEdit(key, "payments-key", func(in resource.PropertyMap) {
			azObject(in, "properties")["keySize"] = resource.NewProperty(2048.0)
		}), []string{"QueueCMK"}},
		{"key disabled", azEdit(key, "payments-key", func(in resource.PropertyMap) {
			azObject(in, "properties", "attributes")["enabled"] = resource.NewProperty(false)
		}), []string{"QueueCMK"}},
		{"encryption identity cannot read the key", azDrop(azRoleAssignment, "payments-cmk-key-access"), []string{"QueueCMK"}},
		{"encryption identity not attached", azEdit(ns, "payments-namespace", func(in resource.PropertyMap) {
			azObject(in, "identity")["userAssignedIdentities"] = resource.NewProperty([]resource.PropertyValue{})
		}), []string{"QueueCMK"}},
		{"encryption identity may administer the key", azEdit(azRoleAssignment, "payments-cmk-key-access",
			azSet("roleDefinitionId", azRoleDefinition("00482a5a-887f-4fb3-b363-3b7fe8e74483"))), []string{"QueueCMK", "GrantsScopedToQueue"}},
		{"no rotation policy", azEdit(key, "payments-key", func(in resource.PropertyMap) {
			delete(azObject(in, "properties"), "rotationPolicy")
		}), []string{"KeyRotationDays"}},
		{"rotation every two years", azEdit(key, "payments-key", func(in resource.PropertyMap) {
			azObject(azFirst(azObject(in, "properties", "rotationPolicy"), "lifetimeActions"), "trigger")["timeAfterCreate"] = resource.NewProperty("P2Y")
		}), []string{"KeyRotationDays"}},
		{"rotation policy only notifies", azEdit(key, "payments-key", func(in resource.PropertyMap) {
			azObject(azFirst(azObject(in, "properties", "rotationPolicy"), "lifetimeActions"), "action")["type"] = resource.NewProperty("Notify")
		}), []string{"KeyRotationDays"}},
		{"purge protection off", azEdit(vault, "payments-vault", func(in resource.PropertyMap) {
			azObject(in, "properties")["enablePurgeProtection"] = resource.NewProperty(false)
		}), []string{"KeyDeletionGuarded"}},
		{"soft delete off", azEdit(vault, "payments-vault", func(in resource.PropertyMap) {
			azObject(in, "properties")["enableSoftDelete"] = resource.NewProperty(false)
		}), []string{"KeyDeletionGuarded"}},
		{"deleted key recoverable for a week", azEdit(vault, "payments-vault", func(in resource.PropertyMap) {
			azObject(in, "properties")["softDeleteRetentionInDays"] = resource.NewProperty(7.0)
		}), []string{"KeyDeletionGuarded"}},
		{"vault not protected", func(t *testing.T, rs []enginetest.Resource) []enginetest.Resource {
			rs[slices.IndexFunc(rs, func(r enginetest.Resource) bool { return r.Type == vault })].Protect = false
			return rs
		}, []string{"KeyProtectedInPulumi"}},
		{"TLS 1.0", azEdit(ns, "payments-namespace", azSet("minimumTlsVersion", "1.0")), []string{"MinTLSVersion"}},
		{"local auth on", azEdit(ns, "payments-namespace", azSet("disableLocalAuth", false)), []string{"SharedKeysDisabled"}},
		{"shared access rule", azAdd("azure-native:servicebus:NamespaceAuthorizationRule", "payments-send", resource.PropertyMap{
			"authorizationRuleName": resource.NewProperty("send"), "rights": resource.NewProperty([]resource.PropertyValue{resource.NewProperty("Send")}),
		}), []string{"SharedKeysDisabled"}},
		{"public network access", azEdit(ns, "payments-namespace", azSet("publicNetworkAccess", "Enabled")), []string{"PrivateNetworkOnly"}},
		{"network rule set opens the namespace", func(t *testing.T, rs []enginetest.Resource) []enginetest.Resource {
			n, _ := enginetest.Find(rs, ns, "payments-namespace")
			return azAdd(azNetworkRuleSet, "payments-network", resource.PropertyMap{
				"namespaceName": resource.NewProperty(str(n, "namespaceName")), "resourceGroupName": resource.NewProperty(str(n, "resourceGroupName")),
				"defaultAction": resource.NewProperty("Allow"), "publicNetworkAccess": resource.NewProperty("Enabled"),
			})(t, rs)
		}, []string{"PrivateNetworkOnly"}},
		{"receiver scoped to the namespace", func(t *testing.T, rs []enginetest.Resource) []enginetest.Resource {
			return azEdit(azRoleAssignment, "payments-consumer-settlement-queue-access", azSet("scope", azIDOf(t, rs, ns, "payments-namespace")))(t, rs)
		}, []string{"GrantsScopedToQueue"}},
		{"producer holds Data Owner", azEdit(azRoleAssignment, "payments-producer-checkout-queue-access",
			azSet("roleDefinitionId", azRoleDefinition(azRoleServiceBusDataOwner))), []string{"Identities", "GrantsScopedToQueue"}},
		{"producer is Owner of the subscription", func(t *testing.T, rs []enginetest.Resource) []enginetest.Resource {
			p, _ := enginetest.Find(rs, azIdentity, "payments-producer-pos")
			return azAdd(azRoleAssignment, "payments-pos-owner", resource.PropertyMap{
				"principalId": resource.NewProperty(output(p, "principalId")), "principalType": resource.NewProperty("ServicePrincipal"),
				"roleDefinitionId": resource.NewProperty(azRoleDefinition("8e3af657-a8ff-443c-a75c-2fe8c4bcb635")),
				"scope":            resource.NewProperty("/subscriptions/" + azq.OfflineSubscription),
			})(t, rs)
		}, []string{"GrantsScopedToQueue"}},
		{"undeclared principal receives from the namespace", func(t *testing.T, rs []enginetest.Resource) []enginetest.Resource {
			return azAdd(azRoleAssignment, "payments-analytics", resource.PropertyMap{
				"principalId": resource.NewProperty("11111111-2222-3333-4444-555555555555"), "principalType": resource.NewProperty("ServicePrincipal"),
				"roleDefinitionId": resource.NewProperty(azRoleDefinition(azq.RoleServiceBusDataReceiver)),
				"scope":            resource.NewProperty(azIDOf(t, rs, ns, "payments-namespace")),
			})(t, rs)
		}, []string{"GrantsScopedToQueue"}},
		{"consumer without its grant", azDrop(azRoleAssignment, "payments-consumer-settlement-queue-access"), []string{"Identities"}},
		{"5000 deliveries", azEdit(q, "payments-queue", azSet("maxDeliveryCount", 5000.0)), []string{"MaxDeliveries"}},
		{"expired messages dropped", azEdit(q, "payments-queue", azSet("deadLetteringOnMessageExpiration", false)), []string{"DeadLetterKept"}},
		{"dead letters forwarded elsewhere", azEdit(q, "payments-queue", azSet("forwardDeadLetteredMessagesTo", "archive")), []string{"DeadLetterKept"}},
		{"messages kept two weeks", azEdit(q, "payments-queue", azSet("defaultMessageTimeToLive", "P14D")), []string{"MessageRetentionSecs"}},
		{"lock of five minutes", azEdit(q, "payments-queue", azSet("lockDuration", "PT5M")), []string{"VisibilityTimeoutSecs"}},
		{"no sessions", azEdit(q, "payments-queue", azSet("requiresSession", false)), []string{"Ordered"}},
		{"namespace not audited", azDrop(azDiagnostics, "payments-namespace-audit"), []string{"AuditDataAccess"}},
		{"vault not audited", azDrop(azDiagnostics, "payments-vault-audit"), []string{"AuditDataAccess"}},
		{"namespace sends metrics only", azEdit(azDiagnostics, "payments-namespace-audit",
			azSet("logs", []resource.PropertyValue{})), []string{"AuditDataAccess"}},
		{"audit logs switched off", azEdit(azDiagnostics, "payments-namespace-audit", func(in resource.PropertyMap) {
			for _, l := range in["logs"].ArrayValue() {
				l.ObjectValue()["enabled"] = resource.NewProperty(false)
			}
		}), []string{"AuditDataAccess"}},
		{"audit kept 30 days", azEdit(azWorkspace, "payments-audit", azSet("retentionInDays", 30.0)), []string{"AuditRetentionDays"}},
		{"audit purged after 30 days", azEdit(azWorkspace, "payments-audit", func(in resource.PropertyMap) {
			azObject(in, "features")["immediatePurgeDataOn30Days"] = resource.NewProperty(true)
		}), []string{"AuditRetentionDays"}},
		{"namespace untagged", azEdit(ns, "payments-namespace", func(in resource.PropertyMap) { delete(in, "tags") }), []string{"ScopeMarked"}},
		{"key out of scope", azEdit(key, "payments-key", func(in resource.PropertyMap) {
			azObject(in, "tags")[components.TagPCIScope] = resource.NewProperty("none")
		}), []string{"ScopeMarked"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Azure{}.Derive(azPayments, tc.weaken(t, azDeploy(t, azPayments)))
			if err != nil {
				t.Fatal(err)
			}
			diff := got.Diff(queuetest.Expected(azPayments))
			for _, f := range tc.fields {
				if !slices.ContainsFunc(diff, func(d string) bool { return strings.HasPrefix(d, f+":") || strings.HasPrefix(d, f+"[") }) {
					t.Errorf("Derive did not report %s; it reported %v", f, diff)
				}
			}
		})
	}
}

func TestAzure_broughtKeyMustBeReadableByTheNamespace(t *testing.T) {
	c := azPayments
	c.BringYourOwnKey = true
	rs := azEdit(azRoleAssignment, "payments-cmk-key-access", azSet("scope", strings.TrimSuffix(AzureBroughtKeyID, "/queues")+"/other"))(t, azDeploy(t, c))
	got, err := Azure{}.Derive(c, rs)
	if err != nil {
		t.Fatal(err)
	}
	if got.QueueCMK || got.DeadLetterCMK || got.GrantsScopedToQueue {
		t.Errorf("a brought key the encryption identity holds no role on counts as the queue's key: %+v", got)
	}
}

// The suite cannot check PrivateNetworkOnly on Azure (it is a known gap because Azure is stricter), so
// this test holds the stricter claim: every case gets a namespace closed to the internet.
func TestAzure_everyCaseIsPrivate(t *testing.T) {
	for _, c := range queuetest.Cases() {
		if c.Spec.WithDefaults().Validate(azq.Cloud) != nil {
			continue
		}
		g, err := Azure{}.Derive(c, azDeploy(t, c))
		if err != nil {
			t.Fatal(err)
		}
		if !g.PrivateNetworkOnly {
			t.Errorf("%s: the namespace is reachable from the internet", c.Name)
		}
	}
}

// Log Analytics keeps at most 730 days; a queue that asks for exactly that gets it, with the suite's long
// retention, many deliveries and an unprotected key.
func TestAzure_longRetentionAtTheWorkspaceLimit(t *testing.T) {
	off := false
	c := queuetest.Case{Name: "long retention", Spec: components.QueueSpec{Name: "settlements",
		MessageRetention: 7 * 24 * time.Hour, VisibilityTimeout: 5 * time.Minute, MaxDeliveries: 20,
		KeyRotation: 365 * 24 * time.Hour, LogRetentionDays: 730, Protect: &off,
		Scope: components.ScopeConnected, Tags: map[string]string{"team": "ledger"}}}
	got, err := Azure{}.Derive(c, azDeploy(t, c))
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range queuetest.Differences(got, queuetest.Expected(c), Azure{}.KnownGaps()) {
		t.Error(d)
	}
}

func TestAzISOSeconds(t *testing.T) {
	for in, want := range map[string]int64{
		"P4D": 4 * 86400, "PT1M": 60, "PT30S": 30, "P1DT12H": 36 * 3600, "P1Y": 365 * 86400, "P2M": 60 * 86400,
		"P1W": 7 * 86400, "PT1H30M": 5400, "P10675199DT2H48M5.4775807S": 10675199*86400 + 2*3600 + 48*60 + 5,
	} {
		if got, ok := azISOSeconds(in); !ok || got != want {
			t.Errorf("azISOSeconds(%q) = %d, %v; want %d", in, got, ok, want)
		}
	}
	for _, bad := range []string{"", "P", "PT", "4 days", "P1DT", "-P1D"} {
		if _, ok := azISOSeconds(bad); ok {
			t.Errorf("azISOSeconds(%q) accepted a value that is not an ISO 8601 duration", bad)
		}
	}
}
