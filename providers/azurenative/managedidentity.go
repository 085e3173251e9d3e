package azurenative

import (
	"errors"
	"reflect"

	"github.com/pulumi/pulumi-azure-native-sdk/v2/utilities"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// The user-assigned managed identity is registered through this binding because
// github.com/pulumi/pulumi-azure-native-sdk/managedidentity/v2 cannot be fetched from the module proxy these
// machines use. Token and property names are those of the azure-native v2 schema (Managed Identity API
// 2023-01-31, the default of azure-native v2.90.0), so the engine receives what the generated SDK would send.

// UserAssignedIdentityType is the type token of a user-assigned managed identity.
const UserAssignedIdentityType = "azure-native:managedidentity:UserAssignedIdentity"

// UserAssignedIdentity is a user-assigned managed identity: a service principal without any secret the
// workload could leak, which role assignments are granted to.
type UserAssignedIdentity struct {
	pulumi.CustomResourceState

	Name pulumi.StringOutput `pulumi:"name"`
	// PrincipalID is the object ID of the identity's service principal: what role assignments name.
	PrincipalID pulumi.StringOutput `pulumi:"principalId"`
	// ClientID is what a workload passes to its credential (AZURE_CLIENT_ID) to act as the identity.
	ClientID pulumi.StringOutput `pulumi:"clientId"`
	TenantID pulumi.StringOutput `pulumi:"tenantId"`
}

// UserAssignedIdentityArgs are the inputs of an identity.
type UserAssignedIdentityArgs struct {
	ResourceGroupName pulumi.StringInput
	ResourceName      pulumi.StringPtrInput
	Location          pulumi.StringPtrInput
	Tags              pulumi.StringMapInput
}

type userAssignedIdentityArgs struct {
	ResourceGroupName string            `pulumi:"resourceGroupName"`
	ResourceName      *string           `pulumi:"resourceName"`
	Location          *string           `pulumi:"location"`
	Tags              map[string]string `pulumi:"tags"`
}

// ElementType implements pulumi.Input.
func (UserAssignedIdentityArgs) ElementType() reflect.Type {
	return reflect.TypeOf((*userAssignedIdentityArgs)(nil)).Elem()
}

// NewUserAssignedIdentity registers an azure-native:managedidentity:UserAssignedIdentity.
func NewUserAssignedIdentity(ctx *pulumi.Context, name string, args *UserAssignedIdentityArgs, opts ...pulumi.ResourceOption) (*UserAssignedIdentity, error) {
	if args == nil || args.ResourceGroupName == nil {
		return nil, errors.New("registering user-assigned identity: resourceGroupName is required")
	}
	var res UserAssignedIdentity
	if err := ctx.RegisterResource(UserAssignedIdentityType, name, args, &res, utilities.PkgResourceDefaultOpts(opts)...); err != nil {
		return nil, err
	}
	return &res, nil
}
