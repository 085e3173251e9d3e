package azure

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/pciqueue/pciqueue/providers/azurenative"
)

// Namespace settings every SecureQueue gets.
const (
	// NamespaceSku is the only tier that encrypts with a customer-managed key.
	NamespaceSku = "Premium"
	// NamespaceCapacity is the number of messaging units: the smallest Premium namespace.
	NamespaceCapacity = 1
	// MinimumTLSVersion is the oldest TLS version the namespace accepts (PCI DSS 4.2.1).
	MinimumTLSVersion = "1.2"
	// KeySourceKeyVault makes the namespace encrypt with the Key Vault key instead of a Microsoft-managed one.
	KeySourceKeyVault = "Microsoft.KeyVault"
)

type namespaceInputs struct {
	name          pulumi.StringOutput
	location      string
	group         pulumi.StringInput
	cmk           identity
	key           *dataKey
	zoneRedundant bool
	tags          map[string]string
}

// newNamespace creates a Premium namespace that encrypts with the customer-managed key through the
// encryption identity, on top of Azure's own infrastructure encryption, accepts only TLS 1.2 or later and
// Entra ID tokens (no shared access signatures), and refuses all public network traffic.
func newNamespace(ctx *pulumi.Context, logical string, in namespaceInputs, opts ...pulumi.ResourceOption) (*azurenative.ServiceBusNamespace, error) {
	cmkID := in.cmk.id()
	ns, err := azurenative.NewServiceBusNamespace(ctx, logical, &azurenative.ServiceBusNamespaceArgs{
		ResourceGroupName: in.group,
		NamespaceName:     in.name,
		Location:          pulumi.String(in.location),
		Sku: &azurenative.ServiceBusSkuArgs{
			Name: pulumi.String(NamespaceSku), Tier: pulumi.String(NamespaceSku), Capacity: pulumi.Int(NamespaceCapacity),
		},
		Identity: &azurenative.ServiceBusIdentityArgs{
			Type:                   pulumi.String("UserAssigned"),
			UserAssignedIdentities: pulumi.StringArray{cmkID},
		},
		Encryption: &azurenative.ServiceBusEncryptionArgs{
			KeySource: pulumi.String(KeySourceKeyVault),
			// No KeyVersion: the namespace uses the key's current version and follows its rotation.
			KeyVaultProperties: []azurenative.ServiceBusKeyVaultPropertiesArgs{{
				Identity:    &azurenative.ServiceBusUserAssignedIdentityPropertiesArgs{UserAssignedIdentity: cmkID},
				KeyName:     in.key.name,
				KeyVaultUri: in.key.vaultURI,
			}},
			RequireInfrastructureEncryption: pulumi.Bool(true),
		},
		MinimumTlsVersion:   pulumi.String(MinimumTLSVersion),
		DisableLocalAuth:    pulumi.Bool(true),
		PublicNetworkAccess: pulumi.String("Disabled"),
		ZoneRedundant:       pulumi.Bool(in.zoneRedundant),
		Tags:                pulumi.ToStringMap(in.tags),
	}, opts...)
	if err != nil {
		return nil, fmt.Errorf("creating Service Bus namespace %q: %w", logical, err)
	}
	return ns, nil
}
