package azure

import (
	"fmt"

	"github.com/pulumi/pulumi-azure-native-sdk/resources/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/pciqueue/pciqueue/components"
	"github.com/pciqueue/pciqueue/providers/azurenative"
)

// namespaceParts are what the queues of one namespace share: its resource group, audit workspace, key,
// encryption identity, the namespace itself, its diagnostics and private endpoints.
type namespaceParts struct {
	location           string
	group, workspaceID pulumi.StringOutput
	key                *dataKey
	ns                 *azurenative.ServiceBusNamespace
	namespaceID        pulumi.StringOutput
}

// newNamespaceParts creates a namespace's resources, named after spec and parented by opts.
func newNamespaceParts(ctx *pulumi.Context, name string, e env, spec components.QueueSpec, names resourceNames,
	args *SecureQueueArgs, parent pulumi.ResourceOrInvokeOption) (*namespaceParts, error) {
	var err error
	tags := spec.ResourceTags()
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

	return &namespaceParts{location: args.Location, group: group, workspaceID: workspaceID, key: key, ns: ns, namespaceID: namespaceID}, nil
}
