package azure

import (
	"fmt"

	"github.com/pulumi/pulumi-azure-native-sdk/resources/v2"
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

	group := pulumi.String(args.ResourceGroupName).ToStringOutput()
	if args.ResourceGroupName == "" {
		rg, err := resources.NewResourceGroup(ctx, name+"-rg", &resources.ResourceGroupArgs{
			ResourceGroupName: pulumi.String(names.group),
			Location:          pulumi.String(args.Location),
			Tags:              pulumi.ToStringMap(tags),
		}, parent)
		if err != nil {
			return nil, fmt.Errorf("creating resource group %q: %w", names.group, err)
		}
		group = rg.Name
	}

	workspaceID := pulumi.String(args.WorkspaceID).ToStringOutput()
	if args.WorkspaceID == "" {
		if workspaceID, err = newWorkspace(ctx, name+"-audit", spec, names.workspace, args.Location, group, parent); err != nil {
			return nil, err
		}
	}

	var key *dataKey
	if byo, ok := parseKeyID(args.KeyID); ok {
		key = existingKey(ctx, byo, spec, parent)
	} else if key, err = newKey(ctx, name, e, spec, names, args.Location, group, parent); err != nil {
		return nil, err
	}
	if err := newDiagnostics(ctx, name+"-vault-audit", names.diagnostics, key.vaultID, workspaceID, parent); err != nil {
		return nil, err
	}

	cmkRes, err := newIdentity(ctx, name+"-cmk", names.cmkIdentity, args.Location, group, tags, parent)
	if err != nil {
		return nil, err
	}
	cmk := identity{name: names.cmkIdentity, res: cmkRes}
	cmkGrant, err := assignRole(ctx, name+"-cmk-key-access", e, RoleKeyVaultCryptoServiceEncryptionUser, cmkRes.PrincipalID, key.id,
		fmt.Sprintf("pciqueue: Service Bus namespace of queue %s encrypts with this key", spec.Name), parent)
	if err != nil {
		return nil, err
	}

	// The namespace checks at creation that its identity can read the key, so the grant must exist first.
	ns, err := newNamespace(ctx, name+"-namespace", namespaceInputs{
		name: names.namespace, location: args.Location, group: group, cmk: cmk, key: key,
		zoneRedundant: args.zoneRedundant(), tags: tags,
	}, parent, pulumi.DependsOn([]pulumi.Resource{cmkGrant}))
	if err != nil {
		return nil, err
	}
	namespaceID := ns.ID().ToStringOutput()
	if err := newDiagnostics(ctx, name+"-namespace-audit", names.diagnostics, namespaceID, workspaceID, parent); err != nil {
		return nil, err
	}

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

	if args.private() {
		endpoints := []privateEndpoint{{
			logical: name + "-namespace-endpoint", name: names.local(spec.Name, "namespace"), groupID: NamespaceGroupID,
			dnsZoneID: args.ServiceBusPrivateDNSZoneID, target: namespaceID,
		}}
		if key.created {
			endpoints = append(endpoints, privateEndpoint{
				logical: name + "-vault-endpoint", name: names.local(spec.Name, "vault"), groupID: VaultGroupID,
				dnsZoneID: args.KeyVaultPrivateDNSZoneID, target: key.vaultID,
			})
		}
		for _, pe := range endpoints {
			if err := newPrivateEndpoint(ctx, pe, args.PrivateEndpointSubnetID, args.Location, group, tags, parent); err != nil {
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
