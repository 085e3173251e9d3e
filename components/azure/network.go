package azure

import (
	"fmt"

	"github.com/pulumi/pulumi-azure-native-sdk/network/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Private Link sub-resources of the namespace and the vault.
const (
	NamespaceGroupID = "namespace"
	VaultGroupID     = "vault"
)

type privateEndpoint struct {
	logical, name, groupID string
	dnsZoneID              pulumi.StringInput // nil registers the endpoint in no zone
	target                 pulumi.StringInput
}

// newPrivateEndpoint puts one private endpoint for the target in the subnet and, when a private DNS zone is
// given, registers it there so clients in the network resolve the service's name to the private address.
func newPrivateEndpoint(ctx *pulumi.Context, pe privateEndpoint, subnetID pulumi.StringInput, location string, group pulumi.StringInput,
	tags map[string]string, opts ...pulumi.ResourceOption) error {
	ep, err := network.NewPrivateEndpoint(ctx, pe.logical, &network.PrivateEndpointArgs{
		ResourceGroupName:   group,
		PrivateEndpointName: pulumi.String(pe.name),
		Location:            pulumi.String(location),
		Subnet:              network.SubnetTypeArgs{Id: subnetID},
		PrivateLinkServiceConnections: network.PrivateLinkServiceConnectionArray{network.PrivateLinkServiceConnectionArgs{
			Name:                 pulumi.String(pe.name),
			PrivateLinkServiceId: pe.target,
			GroupIds:             pulumi.StringArray{pulumi.String(pe.groupID)},
		}},
		Tags: pulumi.ToStringMap(tags),
	}, opts...)
	if err != nil {
		return fmt.Errorf("creating private endpoint %q: %w", pe.name, err)
	}
	if pe.dnsZoneID == nil {
		return nil
	}
	if _, err := network.NewPrivateDnsZoneGroup(ctx, pe.logical+"-dns", &network.PrivateDnsZoneGroupArgs{
		ResourceGroupName:       group,
		PrivateEndpointName:     ep.Name,
		PrivateDnsZoneGroupName: pulumi.String("default"),
		PrivateDnsZoneConfigs: network.PrivateDnsZoneConfigArray{network.PrivateDnsZoneConfigArgs{
			Name: pulumi.String(pe.groupID), PrivateDnsZoneId: pe.dnsZoneID,
		}},
	}, opts...); err != nil {
		return fmt.Errorf("registering private endpoint %q in DNS: %w", pe.name, err)
	}
	return nil
}
