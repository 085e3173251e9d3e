package mutation_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/pciqueue/pciqueue/components"
	"github.com/pciqueue/pciqueue/components/azure"
	"github.com/pciqueue/pciqueue/conformance/harness"
	"github.com/pciqueue/pciqueue/conformance/mutation"
	"github.com/pciqueue/pciqueue/conformance/queuetest"
)

// azureContractFields names, for each mutation that weakens a guarantee of the contract, the Guarantees
// field the Azure harness must see fall. The others (key expiry, vault firewall and RBAC mode, principal
// type, workspace keys, card numbers in metadata) are policy-only: the contract has no field for them.
var azureContractFields = map[string]string{
	"namespace on a Microsoft-managed key":         "QueueCMK",
	"namespace without encryption settings":        "QueueCMK",
	"namespace pinned to one key version":          "QueueCMK",
	"no infrastructure encryption":                 "QueueCMK",
	"Standard namespace":                           "QueueCMK",
	"2048-bit key":                                 "QueueCMK",
	"key never rotates":                            "KeyRotationDays",
	"key rotates every two years":                  "KeyRotationDays",
	"vault purge protection off":                   "KeyDeletionGuarded",
	"vault soft delete off":                        "KeyDeletionGuarded",
	"deleted keys recoverable for a week":          "KeyDeletionGuarded",
	"TLS 1.0 accepted":                             "MinTLSVersion",
	"shared access signatures accepted":            "SharedKeysDisabled",
	"a namespace shared access rule":               "SharedKeysDisabled",
	"a queue shared access rule":                   "SharedKeysDisabled",
	"namespace open to the internet":               "PrivateNetworkOnly",
	"network rule set opens the namespace":         "PrivateNetworkOnly",
	"receiver scoped to the namespace":             "GrantsScopedToQueue",
	"receiver scoped to the subscription":          "GrantsScopedToQueue",
	"producer is Owner of its queue":               "GrantsScopedToQueue",
	"producer holds Service Bus Data Owner":        "Identities",
	"producer may also receive":                    "Identities",
	"producer identity declared for another queue": "Identities",
	"expired messages dropped":                     "DeadLetterKept",
	"5000 deliveries before dead-lettering":        "MaxDeliveries",
	"messages kept without end":                    "MessageRetentionSecs",
	"namespace not audited":                        "AuditDataAccess",
	"vault not audited":                            "AuditDataAccess",
	"namespace diagnostics without audit logs":     "AuditDataAccess",
	"namespace diagnostics to no workspace":        "AuditDataAccess",
	"audit log kept 30 days":                       "AuditRetentionDays",
	"scope tags removed from the namespace":        "ScopeMarked",
	"scope tags removed from the key":              "ScopeMarked",
}

func TestAzureMutations_theHarnessSeesEveryContractWeakening(t *testing.T) {
	rs := compliantStack(t, azure.Cloud)
	payments := queuetest.Case{Name: "azure-dev payments", Spec: components.QueueSpec{Name: "payments"}}
	compliant, err := harness.Azure{}.Derive(payments, rs)
	if err != nil {
		t.Fatal(err)
	}
	// A weakening can only be seen to fall from a stack that holds every guarantee to begin with.
	if !compliant.QueueCMK || !compliant.DeadLetterCMK || !compliant.SameKey || !compliant.KeyDeletionGuarded ||
		compliant.KeyRotationDays < 1 || compliant.KeyRotationDays > 365 || compliant.MinTLSVersion != "1.2" ||
		!compliant.SharedKeysDisabled || !compliant.PrivateNetworkOnly || !compliant.GrantsScopedToQueue ||
		!compliant.DeadLetterKept || !compliant.AuditDataAccess || compliant.AuditRetentionDays < components.MinLogRetentionDays ||
		!compliant.ScopeMarked {
		t.Fatalf("the azure-dev payments queue is not compliant to begin with:\n%s", queuetest.Describe(compliant))
	}
	names := map[string]mutation.Mutation{}
	for _, m := range mutation.For(azure.Cloud) {
		names[m.Name] = m
	}
	for _, h := range mutation.HardeningFor(azure.Cloud) {
		names[h.Name] = h.Mutation
	}
	for name, field := range azureContractFields {
		t.Run(name, func(t *testing.T) {
			m, ok := names[name]
			if !ok {
				t.Fatalf("no Azure mutation is named %q", name)
			}
			if m.Guarantee != "" && m.Guarantee != field {
				t.Fatalf("the mutation names guarantee %s, the harness is checked for %s", m.Guarantee, field)
			}
			weakened, err := m.Apply(rs)
			if err != nil {
				t.Fatal(err)
			}
			got, err := harness.Azure{}.Derive(payments, weakened)
			if err != nil {
				t.Fatal(err)
			}
			diff := got.Diff(compliant)
			if !slices.ContainsFunc(diff, func(d string) bool { return strings.HasPrefix(d, field+":") || strings.HasPrefix(d, field+"[") }) {
				t.Errorf("the harness does not see %s fall; it sees %v", field, diff)
			}
		})
	}
}
