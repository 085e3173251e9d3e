package gcp

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/pciqueue/pciqueue/components"
	"github.com/pciqueue/pciqueue/providers"
)

// Cloud is the name the stack config selects Google Cloud by.
const Cloud components.Cloud = "gcp"

func init() { components.Register(driver{}) }

// driver puts Google Cloud behind the portable contract.
type driver struct{}

func (driver) Cloud() components.Cloud   { return Cloud }
func (driver) Limits() components.Limits { return limits }

// queueOptions are a queue's Google Cloud-only settings: pciqueue:queues[i].gcp.
type queueOptions struct {
	KeyName              string   `json:"keyName"`
	ProtectionLevel      string   `json:"protectionLevel"`
	NotificationChannels []string `json:"notificationChannels"`
	LockLogBucket        bool     `json:"lockLogBucket"`
}

// stackPlan is a Google Cloud stack: the provider settings, the project's controls created once, and every
// queue's args.
type stackPlan struct {
	config   providers.GCPConfig
	controls *ProjectControlsArgs
	queues   components.QueuePlan[*SecureQueueArgs]
}

func (driver) Plan(ctx *pulumi.Context, queues []components.StackQueue) (components.Plan, error) {
	pc, err := providers.LoadGCPConfig(ctx)
	if err != nil {
		return nil, err
	}
	controls := &ProjectControlsArgs{
		AccessPolicy: pc.AccessPolicy, Perimeter: pc.Perimeter, DryRun: pc.PerimeterDryRun,
		AccessLevels: pc.AccessLevels, OrgDisablesServiceAccountKeys: pc.OrgDisablesServiceAccountKeys,
		OrgRestrictsTLSVersions: pc.OrgRestrictsTLSVersions,
	}
	if err := controls.Validate(); err != nil {
		return nil, fmt.Errorf("config pciqueue:%s: %w", Cloud, err)
	}
	qs, err := components.PlanQueues(Cloud, queues, func(q components.StackQueue, o queueOptions) *SecureQueueArgs {
		return &SecureQueueArgs{
			Spec: q.Spec, Region: pc.Region, AllowedRegions: pc.Regions(), KeyName: o.KeyName,
			ProtectionLevel: o.ProtectionLevel, NotificationChannels: o.NotificationChannels, LockLogBucket: o.LockLogBucket,
		}
	})
	return &stackPlan{config: pc, controls: controls, queues: qs}, err
}

func (p *stackPlan) Provider(ctx *pulumi.Context) (pulumi.ProviderResource, error) {
	return components.ProviderOf(providers.NewGCP(ctx, string(Cloud), p.config))
}

// Deploy creates the project's controls once and every queue inside them.
func (p *stackPlan) Deploy(ctx *pulumi.Context, provider pulumi.ResourceOption) ([]components.Export, error) {
	controls, err := NewProjectControls(ctx, "project", p.controls, provider)
	if err != nil {
		return nil, fmt.Errorf("config pciqueue:%s: %w", Cloud, err)
	}
	for _, q := range p.queues {
		q.Args.Controls = controls
	}
	_, queues, err := components.DeployQueues(ctx, p.queues, NewSecureQueue, provider)
	if err != nil {
		return nil, err
	}
	return append([]components.Export{components.ExportOf("project", controls)}, queues...), nil
}
