package azure

import (
	"errors"
	"fmt"
	"maps"
	"slices"

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
	// IsolatedNamespace gives the queue a Premium namespace, key and workspace of its own instead of the
	// stack's shared namespace: its own bill of one messaging unit.
	IsolatedNamespace bool `json:"isolatedNamespace"`
}

// plannedQueue is one queue's args and the shared namespace it joins, nil when it is isolated.
type plannedQueue struct {
	args   *SecureQueueArgs
	shared *NamespaceArgs
}

// Validate checks a queue of the shared namespace against it, and an isolated queue on its own.
func (q plannedQueue) Validate() error {
	if q.shared != nil {
		return q.args.ValidateIn(q.shared)
	}
	return q.args.Validate()
}

// stackPlan is an Azure stack: the provider settings, the shared namespace (nil when every queue is
// isolated) and every queue's args.
type stackPlan struct {
	config    providers.AzureConfig
	namespace *NamespaceArgs
	queues    components.QueuePlan[plannedQueue]
}

// Plan validates every queue and the shared namespace (pciqueue:azure.namespace) before anything is
// registered. azure-native has no default tags, so the stack's defaultTags are merged into each queue's tags
// (a queue's own tag wins) and the component puts them on every resource.
func (driver) Plan(ctx *pulumi.Context, queues []components.StackQueue) (components.Plan, error) {
	pc, err := providers.LoadAzureConfig(ctx)
	if err != nil {
		return nil, err
	}
	nc := pc.Namespace
	ns := &NamespaceArgs{
		Spec: sharedSpec(queues, pc.DefaultTags), Location: pc.Location, ResourceGroupName: nc.ResourceGroupName,
		KeyID: nc.KeyID, WorkspaceID: nc.WorkspaceID, PrivateEndpointSubnetID: nc.PrivateEndpointSubnetID,
		ServiceBusPrivateDNSZoneID: nc.ServiceBusPrivateDNSZoneID, KeyVaultPrivateDNSZoneID: nc.KeyVaultPrivateDNSZoneID,
		ZoneRedundant: nc.ZoneRedundant,
	}
	qs, err := components.PlanQueues(Cloud, queues, func(q components.StackQueue, o queueOptions) plannedQueue {
		p := plannedQueue{args: &SecureQueueArgs{
			Spec: withDefaultTags(q.Spec, pc.DefaultTags), Location: pc.Location, ResourceGroupName: o.ResourceGroupName,
			KeyID: o.KeyID, WorkspaceID: o.WorkspaceID, PrivateEndpointSubnetID: o.PrivateEndpointSubnetID,
			ServiceBusPrivateDNSZoneID: o.ServiceBusPrivateDNSZoneID, KeyVaultPrivateDNSZoneID: o.KeyVaultPrivateDNSZoneID,
			AlertActionGroupIDs: o.AlertActionGroupIDs, ZoneRedundant: o.ZoneRedundant,
		}}
		if !o.IsolatedNamespace {
			p.shared = ns
		}
		return p
	})
	if err != nil && len(pc.DefaultTags) > 0 {
		err = fmt.Errorf("%w\n(each queue's tags include pciqueue:azure.defaultTags)", err)
	}
	if !slices.ContainsFunc(qs, func(q components.PlannedQueue[plannedQueue]) bool { return q.Args.shared != nil }) {
		ns = nil
	} else if nerr := ns.Validate(); nerr != nil {
		err = errors.Join(err, fmt.Errorf("config pciqueue:%s.namespace: %w", Cloud, nerr))
	}
	return &stackPlan{config: pc, namespace: ns, queues: qs}, err
}

func withDefaultTags(spec components.QueueSpec, defaultTags map[string]string) components.QueueSpec {
	tags := maps.Clone(defaultTags)
	if tags == nil {
		tags = map[string]string{}
	}
	maps.Copy(tags, spec.Tags)
	spec.Tags = tags
	return spec
}

func (p *stackPlan) Provider(ctx *pulumi.Context) (pulumi.ProviderResource, error) {
	return components.ProviderOf(providers.NewAzure(ctx, "azure-native", p.config))
}

// Deploy creates the shared namespace once, when a queue uses it, and every queue, in it unless isolated.
func (p *stackPlan) Deploy(ctx *pulumi.Context, provider pulumi.ResourceOption) ([]components.Export, error) {
	var exports []components.Export
	var ns *Namespace
	if p.namespace != nil {
		var err error
		if ns, err = NewNamespace(ctx, "namespace", p.namespace, provider); err != nil {
			return nil, fmt.Errorf("config pciqueue:%s.namespace: %w", Cloud, err)
		}
		exports = append(exports, components.ExportOf("namespace", ns))
	}
	for _, q := range p.queues {
		if q.Args.shared != nil {
			q.Args.args.Namespace = ns
		}
	}
	_, queues, err := components.DeployQueues(ctx, p.queues, newPlannedQueue, provider)
	if err != nil {
		return nil, err
	}
	return append(exports, queues...), nil
}

func newPlannedQueue(ctx *pulumi.Context, name string, q plannedQueue, opts ...pulumi.ResourceOption) (*SecureQueue, error) {
	return NewSecureQueue(ctx, name, q.args, opts...)
}

// sharedSpec is what the shared namespace follows: the strictest retention, rotation, scope, classification
// and protection of the stack's queues, tagged with the stack's default tags and the tags every queue has.
// Its name names the shared resources.
func sharedSpec(queues []components.StackQueue, defaultTags map[string]string) components.QueueSpec {
	spec := components.QueueSpec{
		Name: "shared", KeyRotation: components.MaxKeyRotation, Scope: components.ScopeConnected,
		DataClassification: components.ClassTokenized, Tags: map[string]string{}, Protect: new(bool),
	}
	for i, q := range queues {
		tags := withDefaultTags(q.Spec, defaultTags).Tags
		if i == 0 {
			spec.Tags = tags
		}
		maps.DeleteFunc(spec.Tags, func(k, v string) bool { return tags[k] != v })
		spec.LogRetentionDays = max(spec.LogRetentionDays, q.Spec.LogRetentionDays)
		spec.KeyRotation = min(spec.KeyRotation, q.Spec.KeyRotation)
		if q.Spec.Scope == components.ScopeCDE {
			spec.Scope = components.ScopeCDE
		}
		if q.Spec.DataClassification == components.ClassCardholderData {
			spec.DataClassification = components.ClassCardholderData
		}
		*spec.Protect = *spec.Protect || q.Spec.Protected()
	}
	return spec
}
