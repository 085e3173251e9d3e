package azure

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/pciqueue/pciqueue/components"
	"github.com/pciqueue/pciqueue/internal/cardnum"
)

// SecureQueueType is the component's type token.
const SecureQueueType = "pciqueue:azure:SecureQueue"

// SecureQueue is a PCI DSS 4.0 queue on Azure. It outputs no secret: with local authentication disabled the
// namespace has no connection string, and workloads act as their managed identity (the client IDs).
type SecureQueue struct {
	pulumi.ResourceState

	// NamespaceEndpoint is the namespace's data-plane endpoint (https://<namespace>.servicebus.windows.net:443/).
	NamespaceEndpoint pulumi.StringOutput
	NamespaceID       pulumi.StringOutput
	QueueName         pulumi.StringOutput
	QueueID           pulumi.StringOutput
	// DeadLetterQueuePath is the entity path consumers read dead-lettered messages from.
	DeadLetterQueuePath pulumi.StringOutput
	// KeyID is the key's resource ID; KeyURI is its versionless URI.
	KeyID  pulumi.StringOutput
	KeyURI pulumi.StringOutput
	// The declared identities by name: resource IDs (to attach to a function app), principal IDs (what role
	// assignments name) and client IDs (what the workload's credential names).
	ProducerIdentityIDs  pulumi.StringMapOutput
	ProducerPrincipalIDs pulumi.StringMapOutput
	ProducerClientIDs    pulumi.StringMapOutput
	ConsumerIdentityIDs  pulumi.StringMapOutput
	ConsumerPrincipalIDs pulumi.StringMapOutput
	ConsumerClientIDs    pulumi.StringMapOutput
	WorkspaceID          pulumi.StringOutput
	ResourceGroupName    pulumi.StringOutput
}

// NewSecureQueue validates args and creates the queue's resource group (unless given), workspace (unless
// given), vault and key (unless given), encryption identity and its key role, namespace, queue, producer and
// consumer identities with their queue roles, diagnostic settings, private endpoints and dead-letter alert,
// all parented to the component. Nothing is registered when args are invalid.
func NewSecureQueue(ctx *pulumi.Context, name string, args *SecureQueueArgs, opts ...pulumi.ResourceOption) (*SecureQueue, error) {
	if args == nil {
		return nil, fmt.Errorf("creating SecureQueue %q: args are required (at least Spec.Name and Location)", cardnum.Scrub(name))
	}
	spec, err := args.validate()
	if err != nil {
		return nil, fmt.Errorf("creating SecureQueue %q: %w", cardnum.Scrub(name), err)
	}

	c := &SecureQueue{}
	if err := ctx.RegisterComponentResource(SecureQueueType, name, c, opts...); err != nil {
		return nil, fmt.Errorf("registering SecureQueue %q: %w", name, err)
	}
	parent := pulumi.Parent(c)
	tags := spec.ResourceTags()
	e := lookupEnv(ctx, c)
	names := namesFor(ctx, spec, e.subscription)

	var shared *namespaceParts
	if args.Namespace != nil {
		shared = args.Namespace.parts
	} else {
		if shared, err = newNamespaceParts(ctx, name, e, spec, names, args, parent); err != nil {
			return nil, err
		}
	}
	group, workspaceID, key, ns, namespaceID := shared.group, shared.workspaceID, shared.key, shared.ns, shared.namespaceID

	queue, err := newQueueEntity(ctx, name+"-queue", spec, group, ns.Name, parent)
	if err != nil {
		return nil, err
	}
	queueID := queue.ID().ToStringOutput()

	producers, err := newIdentities(ctx, name, spec, names, components.RoleProducer, spec.Producers, args.Location, group, parent)
	if err != nil {
		return nil, err
	}
	consumers, err := newIdentities(ctx, name, spec, names, components.RoleConsumer, spec.Consumers, args.Location, group, parent)
	if err != nil {
		return nil, err
	}
	// Every grant is scoped to this queue: a receiver there reaches the queue's dead-letter sub-queue and no
	// other entity of the namespace.
	for _, grant := range []struct {
		ids        []identity
		role, verb string
		definition string
	}{
		{producers, components.RoleProducer, "sends to", RoleServiceBusDataSender},
		{consumers, components.RoleConsumer, "receives from", RoleServiceBusDataReceiver},
	} {
		for _, id := range grant.ids {
			logical := fmt.Sprintf("%s-%s-%s-queue-access", name, grant.role, id.name)
			if _, err := assignRole(ctx, logical, e, grant.definition, id.res.PrincipalID, queueID,
				fmt.Sprintf("pciqueue: %s %s queue %s", id.name, grant.verb, spec.Name), parent); err != nil {
				return nil, err
			}
		}
	}

	if err := newDeadLetterAlert(ctx, name+"-dead-letters", names.alert, group, namespaceID, queue.Name,
		args.AlertActionGroupIDs, tags, parent); err != nil {
		return nil, err
	}

	c.NamespaceEndpoint, c.NamespaceID = ns.ServiceBusEndpoint, namespaceID
	c.QueueName, c.QueueID = queue.Name, queueID
	c.DeadLetterQueuePath = pulumi.Sprintf("%s%s", queue.Name, DeadLetterSubQueue)
	c.KeyID, c.KeyURI = key.id, key.keyURI
	c.ProducerIdentityIDs, c.ProducerPrincipalIDs, c.ProducerClientIDs = identityMaps(producers)
	c.ConsumerIdentityIDs, c.ConsumerPrincipalIDs, c.ConsumerClientIDs = identityMaps(consumers)
	c.WorkspaceID, c.ResourceGroupName = workspaceID, group
	if err := ctx.RegisterResourceOutputs(c, c.Outputs()); err != nil {
		return nil, fmt.Errorf("registering outputs of SecureQueue %q: %w", name, err)
	}
	return c, nil
}

// Outputs declares the component's outputs once: it registers them and the stack program exports them.
func (c *SecureQueue) Outputs() pulumi.Map {
	return pulumi.Map{
		"namespaceEndpoint": c.NamespaceEndpoint, "namespaceId": c.NamespaceID,
		"queueName": c.QueueName, "queueId": c.QueueID, "deadLetterQueuePath": c.DeadLetterQueuePath,
		"keyId": c.KeyID, "keyUri": c.KeyURI,
		"producerIdentityIds": c.ProducerIdentityIDs, "producerPrincipalIds": c.ProducerPrincipalIDs, "producerClientIds": c.ProducerClientIDs,
		"consumerIdentityIds": c.ConsumerIdentityIDs, "consumerPrincipalIds": c.ConsumerPrincipalIDs, "consumerClientIds": c.ConsumerClientIDs,
		"workspaceId": c.WorkspaceID, "resourceGroupName": c.ResourceGroupName,
	}
}
