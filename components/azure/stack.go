package azure

import (
	"fmt"
	"maps"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/pciqueue/pciqueue/components"
	"github.com/pciqueue/pciqueue/providers"
)

// Cloud is the name the stack config selects Azure by.
const Cloud components.Cloud = "azure"

func init() { components.Register(driver{}) }

// driver puts Azure behind the portable contract.
type driver struct{}

func (driver) Cloud() components.Cloud   { return Cloud }
func (driver) Limits() components.Limits { return limits }

// queueOptions are a queue's Azure-only settings: pciqueue:queues[i].azure.
type queueOptions struct {
	ResourceGroupName          string   `json:"resourceGroupName"`
	KeyID                      string   `json:"keyId"`
	WorkspaceID                string   `json:"workspaceId"`
	PrivateEndpointSubnetID    string   `json:"privateEndpointSubnetId"`
	ServiceBusPrivateDNSZoneID string   `json:"serviceBusPrivateDnsZoneId"`
	KeyVaultPrivateDNSZoneID   string   `json:"keyVaultPrivateDnsZoneId"`
	AlertActionGroupIDs        []string `json:"alertActionGroupIds"`
	ZoneRedundant              *bool    `json:"zoneRedundant"`
}

// stackPlan is an Azure stack: the provider settings and every queue's args.
type stackPlan struct {
	config providers.AzureConfig
	queues components.QueuePlan[*SecureQueueArgs]
}

// Plan validates every queue before anything is registered. azure-native has no default tags, so the
// stack's defaultTags are merged into each queue's tags (a queue's own tag wins) and the component puts them
// on every resource.
func (driver) Plan(ctx *pulumi.Context, queues []components.StackQueue) (components.Plan, error) {
	pc, err := providers.LoadAzureConfig(ctx)
	if err != nil {
		return nil, err
	}
	qs, err := components.PlanQueues(Cloud, queues, func(q components.StackQueue, o queueOptions) *SecureQueueArgs {
		spec := q.Spec
		spec.Tags = maps.Clone(pc.DefaultTags)
		if spec.Tags == nil {
			spec.Tags = map[string]string{}
		}
		maps.Copy(spec.Tags, q.Spec.Tags)
		return &SecureQueueArgs{
			Spec: spec, Location: pc.Location, ResourceGroupName: o.ResourceGroupName, KeyID: o.KeyID,
			WorkspaceID: o.WorkspaceID, PrivateEndpointSubnetID: o.PrivateEndpointSubnetID,
			ServiceBusPrivateDNSZoneID: o.ServiceBusPrivateDNSZoneID, KeyVaultPrivateDNSZoneID: o.KeyVaultPrivateDNSZoneID,
			AlertActionGroupIDs: o.AlertActionGroupIDs, ZoneRedundant: o.ZoneRedundant,
		}
	})
	if err != nil && len(pc.DefaultTags) > 0 {
		err = fmt.Errorf("%w\n(each queue's tags include pciqueue:azure.defaultTags)", err)
	}
	return &stackPlan{config: pc, queues: qs}, err
}

func (p *stackPlan) Provider(ctx *pulumi.Context) (pulumi.ProviderResource, error) {
	return components.ProviderOf(providers.NewAzure(ctx, "azure-native", p.config))
}

func (p *stackPlan) Deploy(ctx *pulumi.Context, provider pulumi.ResourceOption) ([]components.Export, error) {
	return components.DeployQueues(ctx, p.queues, NewSecureQueue, provider)
}
