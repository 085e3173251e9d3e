package aws

import (
	"errors"
	"fmt"

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
	KeyArn        string   `json:"keyArn"`
	VpcEndpointID string   `json:"vpcEndpointId"`
	AdminRoleArns []string `json:"adminRoleArns"`
	AlarmActions  []string `json:"alarmActions"`
}

// stackPlan is an AWS stack: the provider settings, every queue's args and the stack's audit controls.
type stackPlan struct {
	config providers.AWSConfig
	queues components.QueuePlan[*SecureQueueArgs]
	audit  *AuditControlsArgs
}

// Plan validates every queue and the stack's audit settings (pciqueue:aws) before anything is registered,
// reporting all their problems at once.
func (driver) Plan(ctx *pulumi.Context, queues []components.StackQueue) (components.Plan, error) {
	pc, err := providers.LoadAWSConfig(ctx)
	if err != nil {
		return nil, err
	}
	qs, err := components.PlanQueues(Cloud, queues, func(q components.StackQueue, o queueOptions) *SecureQueueArgs {
		return &SecureQueueArgs{
			Spec: q.Spec, KeyArn: o.KeyArn, VpcEndpointID: o.VpcEndpointID,
			AdminRoleArns: o.AdminRoleArns, AlarmActions: o.AlarmActions,
		}
	})
	audit := &AuditControlsArgs{
		ExistingTrailArn: pc.ExistingTrailArn, OrganizationRecordsManagementEvents: pc.OrganizationRecordsManagementEvents,
	}
	if aerr := audit.Validate(); aerr != nil {
		err = errors.Join(err, fmt.Errorf("config pciqueue:%s: %w", Cloud, aerr))
	}
	return &stackPlan{config: pc, queues: qs, audit: audit}, err
}

func (p *stackPlan) Provider(ctx *pulumi.Context) (pulumi.ProviderResource, error) {
	return components.ProviderOf(providers.NewAWS(ctx, string(Cloud), p.config))
}

// Deploy creates every queue, then the one trail, audit key and log group that audit them all.
func (p *stackPlan) Deploy(ctx *pulumi.Context, provider pulumi.ResourceOption) ([]components.Export, error) {
	queues, exports, err := components.DeployQueues(ctx, p.queues, NewSecureQueue, provider)
	if err != nil {
		return nil, err
	}
	p.audit.Queues = queues
	controls, err := NewAuditControls(ctx, "audit", p.audit, provider)
	if err != nil {
		return nil, fmt.Errorf("config pciqueue:%s: %w", Cloud, err)
	}
	return append(exports, components.ExportOf("audit", controls)), nil
}
