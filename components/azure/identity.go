package azure

import (
	"fmt"

	"github.com/pulumi/pulumi-azure-native-sdk/authorization/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/pciqueue/pciqueue/components"
	"github.com/pciqueue/pciqueue/providers/azurenative"
)

// Built-in role definitions the component assigns, by their GUIDs (the same in every tenant).
const (
	// RoleServiceBusDataSender may send to the entity it is scoped to, nothing else.
	RoleServiceBusDataSender = "69a216fc-b8fb-44d8-bc22-1f3c2cd27a39"
	// RoleServiceBusDataReceiver may receive, complete, abandon and dead-letter on the entity it is scoped to,
	// including that queue's $DeadLetterQueue sub-queue.
	RoleServiceBusDataReceiver = "4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0"
	// RoleKeyVaultCryptoServiceEncryptionUser may read a key and wrap and unwrap with it: what a service needs
	// for customer-managed-key encryption.
	RoleKeyVaultCryptoServiceEncryptionUser = "e147488a-f6f5-4113-8e2d-b22465e65bf6"
)

// PrincipalTypeServicePrincipal is the principal type of every managed identity. Stating it lets Azure
// accept an assignment for an identity that Entra ID has not replicated yet.
const PrincipalTypeServicePrincipal = "ServicePrincipal"

type identity struct {
	name string
	res  *azurenative.UserAssignedIdentity
}

func (i identity) id() pulumi.StringOutput { return i.res.ID().ToStringOutput() }

func newIdentity(ctx *pulumi.Context, logical, physical, location string, group pulumi.StringInput,
	tags map[string]string, opts ...pulumi.ResourceOption) (*azurenative.UserAssignedIdentity, error) {
	id, err := azurenative.NewUserAssignedIdentity(ctx, logical, &azurenative.UserAssignedIdentityArgs{
		ResourceGroupName: group,
		ResourceName:      pulumi.String(physical),
		Location:          pulumi.String(location),
		Tags:              pulumi.ToStringMap(tags),
	}, opts...)
	if err != nil {
		return nil, fmt.Errorf("creating managed identity %q: %w", physical, err)
	}
	return id, nil
}

// newIdentities creates one user-assigned identity per declared name, tagged with the queue and role it was
// declared for.
func newIdentities(ctx *pulumi.Context, base string, spec components.QueueSpec, rn resourceNames, role string, names []string,
	location string, group pulumi.StringInput, opts ...pulumi.ResourceOption) ([]identity, error) {
	out := make([]identity, 0, len(names))
	for _, n := range names {
		physical := rn.local(spec.Name, role, n)
		res, err := newIdentity(ctx, fmt.Sprintf("%s-%s-%s", base, role, n), physical, location, group, spec.IdentityTags(role), opts...)
		if err != nil {
			return nil, err
		}
		out = append(out, identity{name: n, res: res})
	}
	return out, nil
}

// assignRole grants one built-in role to one managed identity on one scope.
func assignRole(ctx *pulumi.Context, logical string, e env, roleGUID string, principalID pulumi.StringInput,
	scope pulumi.StringInput, description string, opts ...pulumi.ResourceOption) (*authorization.RoleAssignment, error) {
	ra, err := authorization.NewRoleAssignment(ctx, logical, &authorization.RoleAssignmentArgs{
		PrincipalId:      principalID,
		PrincipalType:    pulumi.String(PrincipalTypeServicePrincipal),
		RoleDefinitionId: e.roleDefinitionID(roleGUID),
		Scope:            scope,
		Description:      pulumi.String(description),
	}, opts...)
	if err != nil {
		return nil, fmt.Errorf("creating role assignment %q: %w", logical, err)
	}
	return ra, nil
}

func identityMaps(ids []identity) (resourceIDs, principalIDs, clientIDs pulumi.StringMapOutput) {
	r, p, c := pulumi.StringMap{}, pulumi.StringMap{}, pulumi.StringMap{}
	for _, id := range ids {
		r[id.name], p[id.name], c[id.name] = id.id(), id.res.PrincipalID, id.res.ClientID
	}
	return r.ToStringMapOutput(), p.ToStringMapOutput(), c.ToStringMapOutput()
}
