package azure

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/pciqueue/pciqueue/internal/enginetest"
)

func TestSecureQueue_outputsOfOtherResourcesAreUsed(t *testing.T) {
	args := paymentsArgs()
	group := "/subscriptions/" + testSubscription + "/resourceGroups/ops/providers/Microsoft.Insights/actionGroups/payments-oncall"
	args.AlertActionGroupIDs = pulumi.StringArray{enginetest.Later(group)}
	args.PrivateEndpointSubnetID = enginetest.Later(testSubnet)
	args.WorkspaceID = enginetest.Later(testWorkspaceID)
	if err := args.Validate(); err != nil {
		t.Fatalf("Validate with outputs: %v", err)
	}
	rs := mustDeploy(t, false, args)
	if got := str(one(t, rs, typeAlert, "payments-dead-letters").Inputs, "actions", 0, "actionGroupId"); got != group {
		t.Errorf("alert notifies %q, want the output's %q", got, group)
	}
	if got := str(one(t, rs, typeEndpoint, "payments-namespace-endpoint").Inputs, "subnet", "id"); got != testSubnet {
		t.Errorf("private endpoint in subnet %q, want the output's %q", got, testSubnet)
	}
	if preview := mustDeploy(t, true, args); len(preview) != len(rs) {
		t.Errorf("preview registers %d resources, update %d", len(preview), len(rs))
	}
}

func TestSecureQueue_outputResolvingToARefusedValueFailsWithTheFieldMessage(t *testing.T) {
	const card = "4111 1111 1111 1111"
	cases := []struct {
		name, field string
		edit        func(*SecureQueueArgs)
	}{
		{"action group name", "azure.alertActionGroupIds[0]", func(a *SecureQueueArgs) {
			a.AlertActionGroupIDs = pulumi.StringArray{enginetest.Later("payments-oncall")}
		}},
		{"card number as subnet", "azure.privateEndpointSubnetId", func(a *SecureQueueArgs) { a.PrivateEndpointSubnetID = enginetest.Later(card) }},
		{"storage account as workspace", "azure.workspaceId", func(a *SecureQueueArgs) {
			a.WorkspaceID = enginetest.Later(strings.Replace(testWorkspaceID, "Microsoft.OperationalInsights/workspaces", "Microsoft.Storage/storageAccounts", 1))
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			args := paymentsArgs()
			tc.edit(args)
			_, err := deploy(t, false, args)
			if err == nil {
				t.Fatal("a refused value from an output was deployed")
			}
			if msg := err.Error(); !strings.Contains(msg, tc.field) || !strings.Contains(msg, "use ") || strings.Contains(msg, card) {
				t.Errorf("error %q does not name %s and the fix, or echoes a card number", msg, tc.field)
			}
		})
	}
}
