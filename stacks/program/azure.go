package program

import (
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/pciqueue/pciqueue/components"
	azureq "github.com/pciqueue/pciqueue/components/azure"
	"github.com/pciqueue/pciqueue/providers"
)

// azureQueueOptions are a queue's Azure-only settings: pciqueue:queues[i].azure.
type azureQueueOptions struct {
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

// deployAzure validates every queue, then builds the provider and the queues. azure-native has no default
// tags, so the stack's defaultTags are merged into each queue's tags (a queue's own tag wins) and the
// component puts them on every resource.
func deployAzure(ctx *pulumi.Context, st *Stack) error {
	pc, err := providers.LoadAzureConfig(ctx)
	if err != nil {
		return err
	}
	type planned struct {
		q        Queue
		args     *azureq.SecureQueueArgs
		isolated bool
	}
	nc := pc.Namespace
	nsArgs := &azureq.NamespaceArgs{
		Spec: sharedSpec(st.Queues, pc.DefaultTags), Location: pc.Location, ResourceGroupName: nc.ResourceGroupName,
		KeyID: nc.KeyID, WorkspaceID: nc.WorkspaceID, PrivateEndpointSubnetID: nc.PrivateEndpointSubnetID,
		ServiceBusPrivateDNSZoneID: nc.ServiceBusPrivateDNSZoneID, KeyVaultPrivateDNSZoneID: nc.KeyVaultPrivateDNSZoneID,
		ZoneRedundant: nc.ZoneRedundant,
	}
	plan := make([]planned, 0, len(st.Queues))
	var errs []error
	for _, q := range st.Queues {
		var o azureQueueOptions
		if err := DecodeStrict(q.Options, &o); err != nil {
			return fmt.Errorf("config %s.azure: %w", q.Key, err)
		}
		spec := q.Spec
		spec.Tags = maps.Clone(pc.DefaultTags)
		if spec.Tags == nil {
			spec.Tags = map[string]string{}
		}
		maps.Copy(spec.Tags, q.Spec.Tags)
		args := &azureq.SecureQueueArgs{
			Spec: spec, Location: pc.Location, ResourceGroupName: o.ResourceGroupName, KeyID: o.KeyID,
			WorkspaceID: o.WorkspaceID, PrivateEndpointSubnetID: o.PrivateEndpointSubnetID,
			ServiceBusPrivateDNSZoneID: o.ServiceBusPrivateDNSZoneID, KeyVaultPrivateDNSZoneID: o.KeyVaultPrivateDNSZoneID,
			AlertActionGroupIDs: o.AlertActionGroupIDs, ZoneRedundant: o.ZoneRedundant,
		}
		validate := args.Validate
		if !o.IsolatedNamespace {
			validate = func() error { return args.ValidateIn(nsArgs) }
		}
		if err := validate(); err != nil {
			errs = append(errs, fmt.Errorf("config %s (with %s:azure.defaultTags): %w", q.Key, Namespace, err))
		}
		plan = append(plan, planned{q, args, o.IsolatedNamespace})
	}
	shared := slices.ContainsFunc(plan, func(p planned) bool { return !p.isolated })
	if shared {
		if err := nsArgs.Validate(); err != nil {
			errs = append(errs, fmt.Errorf("config %s:azure.namespace: %w", Namespace, err))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}

	provider, err := providers.NewAzure(ctx, "azure-native", pc)
	if err != nil {
		return err
	}
	var ns *azureq.Namespace
	if shared {
		if ns, err = azureq.NewNamespace(ctx, "namespace", nsArgs, pulumi.Provider(provider)); err != nil {
			return fmt.Errorf("config %s:azure.namespace: %w", Namespace, err)
		}
		ctx.Export("namespace", pulumi.Map{
			"namespaceEndpoint": ns.NamespaceEndpoint, "namespaceId": ns.NamespaceID, "keyId": ns.KeyID, "keyUri": ns.KeyURI,
			"workspaceId": ns.WorkspaceID, "resourceGroupName": ns.ResourceGroupName,
		})
	}
	for _, p := range plan {
		if !p.isolated {
			p.args.Namespace = ns
		}
		sq, err := azureq.NewSecureQueue(ctx, p.q.Spec.Name, p.args, pulumi.Provider(provider))
		if err != nil {
			return fmt.Errorf("config %s: %w", p.q.Key, err)
		}
		ctx.Export(p.q.Spec.Name, pulumi.Map{
			"namespaceEndpoint": sq.NamespaceEndpoint, "namespaceId": sq.NamespaceID,
			"queueName": sq.QueueName, "queueId": sq.QueueID, "deadLetterQueuePath": sq.DeadLetterQueuePath,
			"keyId": sq.KeyID, "keyUri": sq.KeyURI,
			"producerIdentityIds": sq.ProducerIdentityIDs, "producerPrincipalIds": sq.ProducerPrincipalIDs, "producerClientIds": sq.ProducerClientIDs,
			"consumerIdentityIds": sq.ConsumerIdentityIDs, "consumerPrincipalIds": sq.ConsumerPrincipalIDs, "consumerClientIds": sq.ConsumerClientIDs,
			"workspaceId": sq.WorkspaceID, "resourceGroupName": sq.ResourceGroupName,
		})
	}
	return nil
}

// sharedSpec is what the shared namespace follows: the strictest retention, rotation, scope, classification
// and protection of the stack's queues, tagged with the stack's default tags and the tags every queue has.
// Its name names the shared resources.
func sharedSpec(queues []Queue, defaultTags map[string]string) components.QueueSpec {
	spec := components.QueueSpec{
		Name: "shared", KeyRotation: components.MaxKeyRotation, Scope: components.ScopeConnected,
		DataClassification: components.ClassTokenized, Tags: map[string]string{}, Protect: new(bool),
	}
	for i, q := range queues {
		tags := maps.Clone(defaultTags)
		if tags == nil {
			tags = map[string]string{}
		}
		maps.Copy(tags, q.Spec.Tags)
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
