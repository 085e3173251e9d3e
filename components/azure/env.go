package azure

import (
	"fmt"

	"github.com/pulumi/pulumi-azure-native-sdk/authorization/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// env is where the component deploys, read from the provider it inherits, so that the role definition IDs
// and the vault's tenant are those of the subscription the resources are created in.
type env struct {
	subscription, tenant pulumi.StringOutput
}

func lookupEnv(ctx *pulumi.Context, parent pulumi.Resource) env {
	cfg := authorization.GetClientConfigOutput(ctx, pulumi.Parent(parent))
	return env{subscription: cfg.SubscriptionId(), tenant: cfg.TenantId()}
}

// roleDefinitionID is the subscription-scoped ID of a built-in role, the form role assignments take.
func (e env) roleDefinitionID(roleGUID string) pulumi.StringOutput {
	return e.subscription.ApplyT(func(sub string) string {
		return fmt.Sprintf("/subscriptions/%s/providers/Microsoft.Authorization/roleDefinitions/%s", sub, roleGUID)
	}).(pulumi.StringOutput)
}
