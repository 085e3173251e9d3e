package providers

import (
	"fmt"
	"regexp"

	azurenative "github.com/pulumi/pulumi-azure-native-sdk/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// AzureConfig is the pciqueue:azure stack config object.
type AzureConfig struct {
	// SubscriptionID pins the stack to one subscription: the provider never falls back to the ambient one.
	SubscriptionID string `json:"subscriptionId"`
	// TenantID, when set, pins the Entra ID tenant the provider authenticates against.
	TenantID string `json:"tenantId,omitempty"`
	// Location is the Azure region every resource is created in, e.g. westeurope.
	Location string `json:"location"`
	// DefaultTags are added to every queue's tags. azure-native has no provider-level default tags, so the
	// stack program merges them into each queue's spec and the component tags every resource with them.
	DefaultTags map[string]string `json:"defaultTags,omitempty"`
	// Namespace configures the Premium namespace the stack's queues share (components/azure.NamespaceArgs);
	// a queue with isolatedNamespace: true gets its own instead.
	Namespace AzureNamespaceConfig `json:"namespace,omitempty"`
}

// AzureNamespaceConfig is pciqueue:azure.namespace: where the shared namespace lives, which key and workspace
// it uses and how it is reached. Each key means what it means on a queue's azure: options.
type AzureNamespaceConfig struct {
	ResourceGroupName          string `json:"resourceGroupName,omitempty"`
	KeyID                      string `json:"keyId,omitempty"`
	WorkspaceID                string `json:"workspaceId,omitempty"`
	PrivateEndpointSubnetID    string `json:"privateEndpointSubnetId,omitempty"`
	ServiceBusPrivateDNSZoneID string `json:"serviceBusPrivateDnsZoneId,omitempty"`
	KeyVaultPrivateDNSZoneID   string `json:"keyVaultPrivateDnsZoneId,omitempty"`
	ZoneRedundant              *bool  `json:"zoneRedundant,omitempty"`
}

var (
	azureGUIDPattern     = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
	azureLocationPattern = regexp.MustCompile(`^[a-z][a-z0-9]{2,}$`)
)

// Validate checks the Azure config, naming the key of each problem.
func (c AzureConfig) Validate() error {
	if err := checkNoCardNumber("azure.defaultTags", c.DefaultTags); err != nil {
		return err
	}
	if !azureGUIDPattern.MatchString(c.SubscriptionID) {
		return fmt.Errorf("config pciqueue:azure.subscriptionId = %q is not a subscription ID: use the subscription's GUID, so credentials for another subscription cannot change the cardholder-data environment", c.SubscriptionID)
	}
	if c.TenantID != "" && !azureGUIDPattern.MatchString(c.TenantID) {
		return fmt.Errorf("config pciqueue:azure.tenantId = %q is not a tenant ID: use the Entra ID tenant's GUID or leave it out", c.TenantID)
	}
	if !azureLocationPattern.MatchString(c.Location) {
		return fmt.Errorf("config pciqueue:azure.location = %q is not an Azure location: use a location name such as westeurope (lower case, no spaces)", c.Location)
	}
	return nil
}

// LoadAzureConfig reads and validates pciqueue:azure.
func LoadAzureConfig(ctx *pulumi.Context) (AzureConfig, error) {
	var c AzureConfig
	if err := readObject(ctx, "azure", &c); err != nil {
		return c, err
	}
	return c, c.Validate()
}

// NewAzure builds the explicit azure-native provider every pciqueue resource of the stack uses.
func NewAzure(ctx *pulumi.Context, name string, c AzureConfig, opts ...pulumi.ResourceOption) (*azurenative.Provider, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	args := &azurenative.ProviderArgs{
		SubscriptionId: pulumi.StringPtr(c.SubscriptionID),
		Location:       pulumi.StringPtr(c.Location),
	}
	if c.TenantID != "" {
		args.TenantId = pulumi.StringPtr(c.TenantID)
	}
	p, err := azurenative.NewProvider(ctx, name, args, opts...)
	if err != nil {
		return nil, fmt.Errorf("creating azure-native provider %q: %w", name, err)
	}
	return p, nil
}
