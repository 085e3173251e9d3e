package program

import (
	"errors"
	"fmt"
	"maps"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

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
		q    Queue
		args *azureq.SecureQueueArgs
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
		if err := args.Validate(); err != nil {
			errs = append(errs, fmt.Errorf("config %s (with %s:azure.defaultTags): %w", q.Key, Namespace, err))
		}
		plan = append(plan, planned{q, args})
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}

	provider, err := providers.NewAzure(ctx, "azure-native", pc)
	if err != nil {
		return err
	}
	for _, p := range plan {
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
