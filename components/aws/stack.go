package aws

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/pciqueue/pciqueue/components"
	"github.com/pciqueue/pciqueue/providers"
)

// Cloud is the name the stack config selects AWS by.
const Cloud components.Cloud = "aws"

func init() { components.Register(driver{}) }

// driver puts AWS behind the portable contract.
type driver struct{}

func (driver) Cloud() components.Cloud   { return Cloud }
func (driver) Limits() components.Limits { return limits }

// queueOptions are a queue's AWS-only settings: pciqueue:queues[i].aws.
type queueOptions struct {
	KeyArn           string   `json:"keyArn"`
	VpcEndpointID    string   `json:"vpcEndpointId"`
	ExistingTrailArn string   `json:"existingTrailArn"`
	AdminRoleArns    []string `json:"adminRoleArns"`
	AlarmActions     []string `json:"alarmActions"`
}

// stackPlan is an AWS stack: the provider settings and every queue's args.
type stackPlan struct {
	config providers.AWSConfig
	queues components.QueuePlan[*SecureQueueArgs]
}

func (driver) Plan(ctx *pulumi.Context, queues []components.StackQueue) (components.Plan, error) {
	pc, err := providers.LoadAWSConfig(ctx)
	if err != nil {
		return nil, err
	}
	qs, err := components.PlanQueues(Cloud, queues, func(q components.StackQueue, o queueOptions) *SecureQueueArgs {
		return &SecureQueueArgs{
			Spec: q.Spec, KeyArn: o.KeyArn, VpcEndpointID: o.VpcEndpointID, ExistingTrailArn: o.ExistingTrailArn,
			AdminRoleArns: o.AdminRoleArns, AlarmActions: o.AlarmActions,
		}
	})
	return &stackPlan{config: pc, queues: qs}, err
}

func (p *stackPlan) Provider(ctx *pulumi.Context) (pulumi.ProviderResource, error) {
	return components.ProviderOf(providers.NewAWS(ctx, string(Cloud), p.config))
}

func (p *stackPlan) Deploy(ctx *pulumi.Context, provider pulumi.ResourceOption) ([]components.Export, error) {
	return components.DeployQueues(ctx, p.queues, NewSecureQueue, provider)
}
