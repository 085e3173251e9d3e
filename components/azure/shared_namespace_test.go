package azure

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/pciqueue/pciqueue/components"
	"github.com/pciqueue/pciqueue/internal/enginetest"
)

const (
	namespaceType  = "azure-native:servicebus:Namespace"
	queueTypeToken = "azure-native:servicebus:Queue"
	roleAssignment = "azure-native:authorization:RoleAssignment"
)

func sharedArgs() *NamespaceArgs {
	return &NamespaceArgs{
		Spec:     components.QueueSpec{Name: "shared", LogRetentionDays: 400, Tags: map[string]string{"team": "payments"}},
		Location: "westeurope", PrivateEndpointSubnetID: testSubnet,
	}
}

// deployShared creates a shared namespace, the named queues inside it and, for each name in isolated, a queue
// with a namespace of its own.
func deployShared(t *testing.T, shared []string, isolated []string, edit func(*SecureQueueArgs)) ([]enginetest.Resource, error) {
	t.Helper()
	eng := enginetest.New("pciqueue", "test", true)
	err := eng.Run(func(ctx *pulumi.Context) error {
		ns, err := NewNamespace(ctx, "namespace", sharedArgs())
		if err != nil {
			return err
		}
		for _, n := range shared {
			args := &SecureQueueArgs{Spec: components.QueueSpec{Name: n}, Location: "westeurope", Namespace: ns}
			if edit != nil {
				edit(args)
			}
			if _, err := NewSecureQueue(ctx, n, args); err != nil {
				return err
			}
		}
		for _, n := range isolated {
			if _, err := NewSecureQueue(ctx, n, &SecureQueueArgs{Spec: components.QueueSpec{Name: n}, Location: "westeurope"}); err != nil {
				return err
			}
		}
		return nil
	}, nil)
	return eng.Resources(), err
}

func TestNamespace_queuesShareOnePremiumNamespaceAndIsolatedOnesGetTheirOwn(t *testing.T) {
	rs, err := deployShared(t, []string{"payments", "refunds", "chargebacks"}, []string{"ledger"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	namespaces := enginetest.ByType(rs, namespaceType)
	if len(namespaces) != 2 {
		t.Fatalf("%d namespaces for three shared queues and one isolated queue, want 2", len(namespaces))
	}
	shared := one(t, rs, namespaceType, "namespace-namespace")
	if str(shared.Inputs, "sku", "name") != NamespaceSku || str(shared.Inputs, "encryption", "keySource") != KeySourceKeyVault {
		t.Errorf("shared namespace sku %q, key source %q", str(shared.Inputs, "sku", "name"), str(shared.Inputs, "encryption", "keySource"))
	}
	if got := len(enginetest.ByType(rs, queueTypeToken)); got != 4 {
		t.Errorf("%d queues, want 4", got)
	}
	for _, q := range []string{"payments", "refunds", "chargebacks"} {
		entity := one(t, rs, queueTypeToken, q+"-queue")
		if !slices.Contains(entity.PropertyDependencies["namespaceName"], shared.URN) {
			t.Errorf("queue %s is not in the shared namespace: depends on %v", q, entity.PropertyDependencies["namespaceName"])
		}
	}
	// Every data-plane grant stays scoped to its own queue, not to the namespace they share.
	for _, ra := range enginetest.ByType(rs, roleAssignment) {
		if strings.Contains(ra.Name, "-queue-access") {
			queue := strings.SplitN(ra.Name, "-", 2)[0]
			entity := one(t, rs, queueTypeToken, queue+"-queue")
			if deps := ra.PropertyDependencies["scope"]; !slices.Equal(deps, []string{entity.URN}) {
				t.Errorf("%s is scoped by %v, want only its queue %s", ra.Name, deps, entity.URN)
			}
		}
	}
}

func TestNamespace_queueInASharedNamespaceRefusesNamespaceSettings(t *testing.T) {
	no := false
	cases := []struct {
		field string
		edit  func(*SecureQueueArgs)
	}{
		{"azure.keyId", func(a *SecureQueueArgs) { a.KeyID = testKeyID }},
		{"azure.workspaceId", func(a *SecureQueueArgs) { a.WorkspaceID = testWorkspaceID }},
		{"azure.privateEndpointSubnetId", func(a *SecureQueueArgs) { a.PrivateEndpointSubnetID = testSubnet }},
		{"azure.zoneRedundant", func(a *SecureQueueArgs) { a.ZoneRedundant = &no }},
		{"azure.location", func(a *SecureQueueArgs) { a.Location = "northeurope" }},
	}
	for _, tc := range cases {
		t.Run(tc.field, func(t *testing.T) {
			rs, err := deployShared(t, []string{"payments"}, nil, tc.edit)
			var fe *components.FieldError
			if !errors.As(err, &fe) || !strings.Contains(err.Error(), tc.field) || !strings.Contains(err.Error(), "use ") {
				t.Fatalf("err = %v, want a field error naming %s and the fix", err, tc.field)
			}
			if slices.ContainsFunc(rs, func(r enginetest.Resource) bool { return r.Type == SecureQueueType }) {
				t.Error("the queue registered before failing validation")
			}
		})
	}
}
