package azure

import (
	"errors"
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/pciqueue/pciqueue/components"
	"github.com/pciqueue/pciqueue/internal/cardnum"
)

// NamespaceType is the type token of a Premium namespace shared by several queues of a stack.
const NamespaceType = "pciqueue:azure:Namespace"

// NamespaceArgs configure a shared namespace. Spec names its resources (vault, namespace, workspace,
// encryption identity) and sets what they follow: KeyRotation, LogRetentionDays, Scope, DataClassification,
// Tags and Protect; give it the strictest values of the queues it will hold. The Azure fields are those of
// SecureQueueArgs and mean the same.
type NamespaceArgs struct {
	Spec                       components.QueueSpec
	Location                   string
	ResourceGroupName          string
	KeyID                      string
	WorkspaceID                string
	PrivateEndpointSubnetID    string
	ServiceBusPrivateDNSZoneID string
	KeyVaultPrivateDNSZoneID   string
	ZoneRedundant              *bool
}

func (a *NamespaceArgs) queueArgs() *SecureQueueArgs {
	return &SecureQueueArgs{
		Spec: a.Spec, Location: a.Location, ResourceGroupName: a.ResourceGroupName, KeyID: a.KeyID,
		WorkspaceID: a.WorkspaceID, PrivateEndpointSubnetID: a.PrivateEndpointSubnetID,
		ServiceBusPrivateDNSZoneID: a.ServiceBusPrivateDNSZoneID, KeyVaultPrivateDNSZoneID: a.KeyVaultPrivateDNSZoneID,
		ZoneRedundant: a.ZoneRedundant,
	}
}

// Validate checks the whole input without registering anything.
func (a *NamespaceArgs) Validate() error { return a.queueArgs().Validate() }

// Namespace is a Premium Service Bus namespace with its key, encryption identity, audit workspace,
// diagnostics and private endpoints, shared by the queues of a stack: a Premium messaging unit is billed
// whether one queue or a hundred use it. Queues that need their own key or network boundary leave
// SecureQueueArgs.Namespace nil and get a namespace of their own.
type Namespace struct {
	pulumi.ResourceState

	NamespaceEndpoint pulumi.StringOutput
	NamespaceID       pulumi.StringOutput
	KeyID             pulumi.StringOutput
	KeyURI            pulumi.StringOutput
	WorkspaceID       pulumi.StringOutput
	ResourceGroupName pulumi.StringOutput

	parts *namespaceParts
}

// NewNamespace validates args and creates the shared namespace. Nothing is registered when args are invalid.
func NewNamespace(ctx *pulumi.Context, name string, args *NamespaceArgs, opts ...pulumi.ResourceOption) (*Namespace, error) {
	if args == nil {
		return nil, fmt.Errorf("creating Namespace %q: args are required (at least Spec.Name and Location)", cardnum.Scrub(name))
	}
	qa := args.queueArgs()
	spec, err := qa.validate()
	if err != nil {
		return nil, fmt.Errorf("creating Namespace %q: %w", cardnum.Scrub(name), err)
	}
	c := &Namespace{}
	if err := ctx.RegisterComponentResource(NamespaceType, name, c, opts...); err != nil {
		return nil, fmt.Errorf("registering Namespace %q: %w", name, err)
	}
	e := lookupEnv(ctx, c)
	parts, err := newNamespaceParts(ctx, name, e, spec, namesFor(ctx, spec, e.subscription), qa, pulumi.Parent(c))
	if err != nil {
		return nil, err
	}
	c.parts = parts
	c.NamespaceEndpoint, c.NamespaceID = parts.ns.ServiceBusEndpoint, parts.namespaceID
	c.KeyID, c.KeyURI = parts.key.id, parts.key.keyURI
	c.WorkspaceID, c.ResourceGroupName = parts.workspaceID, parts.group
	if err := ctx.RegisterResourceOutputs(c, c.Outputs()); err != nil {
		return nil, fmt.Errorf("registering outputs of Namespace %q: %w", name, err)
	}
	return c, nil
}

// Outputs declares the component's outputs once: it registers them and the stack program exports them.
func (c *Namespace) Outputs() pulumi.Map {
	return pulumi.Map{
		"namespaceEndpoint": c.NamespaceEndpoint, "namespaceId": c.NamespaceID, "keyId": c.KeyID, "keyUri": c.KeyURI,
		"workspaceId": c.WorkspaceID, "resourceGroupName": c.ResourceGroupName,
	}
}

// validateShared refuses namespace-level settings on a queue that joins a shared namespace: they belong to
// the namespace, and silently ignoring them would deploy something other than what was asked.
func (a *SecureQueueArgs) validateShared(queue string) error {
	if a.Namespace == nil {
		return nil
	}
	return a.sharedErrors(queue, a.Namespace.parts.location)
}

// ValidateIn checks the args of a queue that will join a namespace created from ns, before either exists.
func (a *SecureQueueArgs) ValidateIn(ns *NamespaceArgs) error {
	spec, err := a.validate()
	return errors.Join(err, a.sharedErrors(spec.Name, ns.Location))
}

func (a *SecureQueueArgs) sharedErrors(queue, location string) error {
	var errs []error
	for _, f := range []struct{ field, value string }{
		{"azure.resourceGroupName", a.ResourceGroupName}, {"azure.keyId", a.KeyID}, {"azure.workspaceId", a.WorkspaceID},
		{"azure.privateEndpointSubnetId", a.PrivateEndpointSubnetID},
		{"azure.serviceBusPrivateDnsZoneId", a.ServiceBusPrivateDNSZoneID}, {"azure.keyVaultPrivateDnsZoneId", a.KeyVaultPrivateDNSZoneID},
	} {
		if f.value != "" {
			errs = append(errs, &components.FieldError{Queue: queue, Field: f.field, Value: fmt.Sprintf("%q", f.value),
				Allowed: "it on the shared namespace, or give this queue a namespace of its own (isolatedNamespace: true)"})
		}
	}
	if a.ZoneRedundant != nil {
		errs = append(errs, &components.FieldError{Queue: queue, Field: "azure.zoneRedundant", Value: fmt.Sprint(*a.ZoneRedundant),
			Allowed: "it on the shared namespace, or give this queue a namespace of its own (isolatedNamespace: true)"})
	}
	if a.Location != location {
		errs = append(errs, &components.FieldError{Queue: queue, Field: "azure.location", Value: fmt.Sprintf("%q", a.Location),
			Allowed: fmt.Sprintf("%q, the shared namespace's location", location)})
	}
	return errors.Join(errs...)
}
