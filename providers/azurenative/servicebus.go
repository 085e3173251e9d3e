package azurenative

import (
	"errors"
	"reflect"

	"github.com/pulumi/pulumi-azure-native-sdk/v2/utilities"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// The Service Bus namespace and queue are registered through these bindings because
// github.com/pulumi/pulumi-azure-native-sdk/servicebus/v2 cannot be fetched from the module proxy these
// machines use. Type tokens and property names are those of the azure-native v2 schema (Service Bus API
// 2022-01-01-preview, the default of azure-native v2.90.0), so the engine and the provider receive the same
// registration the generated SDK would send: only the Go types are ours. Each Args struct marshals through
// its unexported twin, as generated SDKs do, which gives the engine the schema's property names.

// Type tokens of the Service Bus resources.
const (
	ServiceBusNamespaceType = "azure-native:servicebus:Namespace"
	ServiceBusQueueType     = "azure-native:servicebus:Queue"
)

// ServiceBusNamespace is a Service Bus namespace as azure-native reports it.
type ServiceBusNamespace struct {
	pulumi.CustomResourceState

	Name pulumi.StringOutput `pulumi:"name"`
	// ServiceBusEndpoint is the namespace's data-plane endpoint, e.g. https://<name>.servicebus.windows.net:443/.
	ServiceBusEndpoint pulumi.StringOutput `pulumi:"serviceBusEndpoint"`
	MetricID           pulumi.StringOutput `pulumi:"metricId"`
	Location           pulumi.StringOutput `pulumi:"location"`
}

// ServiceBusNamespaceArgs are the inputs of a namespace.
type ServiceBusNamespaceArgs struct {
	ResourceGroupName   pulumi.StringInput
	NamespaceName       pulumi.StringPtrInput
	Location            pulumi.StringPtrInput
	Sku                 *ServiceBusSkuArgs
	Identity            *ServiceBusIdentityArgs
	Encryption          *ServiceBusEncryptionArgs
	MinimumTlsVersion   pulumi.StringPtrInput
	DisableLocalAuth    pulumi.BoolPtrInput
	PublicNetworkAccess pulumi.StringPtrInput
	ZoneRedundant       pulumi.BoolPtrInput
	Tags                pulumi.StringMapInput
}

type serviceBusNamespaceArgs struct {
	ResourceGroupName   string                `pulumi:"resourceGroupName"`
	NamespaceName       *string               `pulumi:"namespaceName"`
	Location            *string               `pulumi:"location"`
	Sku                 *serviceBusSku        `pulumi:"sku"`
	Identity            *serviceBusIdentity   `pulumi:"identity"`
	Encryption          *serviceBusEncryption `pulumi:"encryption"`
	MinimumTlsVersion   *string               `pulumi:"minimumTlsVersion"`
	DisableLocalAuth    *bool                 `pulumi:"disableLocalAuth"`
	PublicNetworkAccess *string               `pulumi:"publicNetworkAccess"`
	ZoneRedundant       *bool                 `pulumi:"zoneRedundant"`
	Tags                map[string]string     `pulumi:"tags"`
}

// ElementType implements pulumi.Input.
func (ServiceBusNamespaceArgs) ElementType() reflect.Type {
	return reflect.TypeOf((*serviceBusNamespaceArgs)(nil)).Elem()
}

// ServiceBusSkuArgs is the namespace SKU: name and tier Basic, Standard or Premium; capacity is the number
// of Premium messaging units.
type ServiceBusSkuArgs struct {
	Name     pulumi.StringInput
	Tier     pulumi.StringPtrInput
	Capacity pulumi.IntPtrInput
}

type serviceBusSku struct {
	Name     string  `pulumi:"name"`
	Tier     *string `pulumi:"tier"`
	Capacity *int    `pulumi:"capacity"`
}

// ElementType implements pulumi.Input.
func (ServiceBusSkuArgs) ElementType() reflect.Type {
	return reflect.TypeOf((*serviceBusSku)(nil)).Elem()
}

// ServiceBusIdentityArgs are the managed identities of a namespace. azure-native takes the user-assigned
// identities as a list of resource IDs (the REST API's map keys).
type ServiceBusIdentityArgs struct {
	Type                   pulumi.StringPtrInput
	UserAssignedIdentities pulumi.StringArrayInput
}

type serviceBusIdentity struct {
	Type                   *string  `pulumi:"type"`
	UserAssignedIdentities []string `pulumi:"userAssignedIdentities"`
}

// ElementType implements pulumi.Input.
func (ServiceBusIdentityArgs) ElementType() reflect.Type {
	return reflect.TypeOf((*serviceBusIdentity)(nil)).Elem()
}

// ServiceBusEncryptionArgs is customer-managed-key encryption of a Premium namespace.
type ServiceBusEncryptionArgs struct {
	KeySource                       pulumi.StringPtrInput
	KeyVaultProperties              []ServiceBusKeyVaultPropertiesArgs
	RequireInfrastructureEncryption pulumi.BoolPtrInput
}

type serviceBusEncryption struct {
	KeySource                       *string                        `pulumi:"keySource"`
	KeyVaultProperties              []serviceBusKeyVaultProperties `pulumi:"keyVaultProperties"`
	RequireInfrastructureEncryption *bool                          `pulumi:"requireInfrastructureEncryption"`
}

// ElementType implements pulumi.Input.
func (ServiceBusEncryptionArgs) ElementType() reflect.Type {
	return reflect.TypeOf((*serviceBusEncryption)(nil)).Elem()
}

// ServiceBusKeyVaultPropertiesArgs names one Key Vault key and the identity the namespace reads it with.
// Leaving KeyVersion empty makes the namespace follow the key's current version, so rotation takes effect.
type ServiceBusKeyVaultPropertiesArgs struct {
	Identity    *ServiceBusUserAssignedIdentityPropertiesArgs
	KeyName     pulumi.StringPtrInput
	KeyVaultUri pulumi.StringPtrInput
	KeyVersion  pulumi.StringPtrInput
}

type serviceBusKeyVaultProperties struct {
	Identity    *serviceBusUserAssignedIdentityProperties `pulumi:"identity"`
	KeyName     *string                                   `pulumi:"keyName"`
	KeyVaultUri *string                                   `pulumi:"keyVaultUri"`
	KeyVersion  *string                                   `pulumi:"keyVersion"`
}

// ElementType implements pulumi.Input.
func (ServiceBusKeyVaultPropertiesArgs) ElementType() reflect.Type {
	return reflect.TypeOf((*serviceBusKeyVaultProperties)(nil)).Elem()
}

// ServiceBusUserAssignedIdentityPropertiesArgs is the resource ID of the identity that reads the key.
type ServiceBusUserAssignedIdentityPropertiesArgs struct {
	UserAssignedIdentity pulumi.StringPtrInput
}

type serviceBusUserAssignedIdentityProperties struct {
	UserAssignedIdentity *string `pulumi:"userAssignedIdentity"`
}

// ElementType implements pulumi.Input.
func (ServiceBusUserAssignedIdentityPropertiesArgs) ElementType() reflect.Type {
	return reflect.TypeOf((*serviceBusUserAssignedIdentityProperties)(nil)).Elem()
}

// NewServiceBusNamespace registers an azure-native:servicebus:Namespace.
func NewServiceBusNamespace(ctx *pulumi.Context, name string, args *ServiceBusNamespaceArgs, opts ...pulumi.ResourceOption) (*ServiceBusNamespace, error) {
	if args == nil || args.ResourceGroupName == nil {
		return nil, errors.New("registering Service Bus namespace: resourceGroupName is required")
	}
	var res ServiceBusNamespace
	if err := ctx.RegisterResource(ServiceBusNamespaceType, name, args, &res, utilities.PkgResourceDefaultOpts(opts)...); err != nil {
		return nil, err
	}
	return &res, nil
}

// ServiceBusQueue is a queue in a Service Bus namespace.
type ServiceBusQueue struct {
	pulumi.CustomResourceState

	Name pulumi.StringOutput `pulumi:"name"`
}

// ServiceBusQueueArgs are the inputs of a queue. Durations are ISO 8601 (PT1M, P4D).
type ServiceBusQueueArgs struct {
	ResourceGroupName                   pulumi.StringInput
	NamespaceName                       pulumi.StringInput
	QueueName                           pulumi.StringPtrInput
	MaxDeliveryCount                    pulumi.IntPtrInput
	DeadLetteringOnMessageExpiration    pulumi.BoolPtrInput
	RequiresSession                     pulumi.BoolPtrInput
	RequiresDuplicateDetection          pulumi.BoolPtrInput
	DuplicateDetectionHistoryTimeWindow pulumi.StringPtrInput
	DefaultMessageTimeToLive            pulumi.StringPtrInput
	LockDuration                        pulumi.StringPtrInput
	EnablePartitioning                  pulumi.BoolPtrInput
	MaxSizeInMegabytes                  pulumi.IntPtrInput
}

type serviceBusQueueArgs struct {
	ResourceGroupName                   string  `pulumi:"resourceGroupName"`
	NamespaceName                       string  `pulumi:"namespaceName"`
	QueueName                           *string `pulumi:"queueName"`
	MaxDeliveryCount                    *int    `pulumi:"maxDeliveryCount"`
	DeadLetteringOnMessageExpiration    *bool   `pulumi:"deadLetteringOnMessageExpiration"`
	RequiresSession                     *bool   `pulumi:"requiresSession"`
	RequiresDuplicateDetection          *bool   `pulumi:"requiresDuplicateDetection"`
	DuplicateDetectionHistoryTimeWindow *string `pulumi:"duplicateDetectionHistoryTimeWindow"`
	DefaultMessageTimeToLive            *string `pulumi:"defaultMessageTimeToLive"`
	LockDuration                        *string `pulumi:"lockDuration"`
	EnablePartitioning                  *bool   `pulumi:"enablePartitioning"`
	MaxSizeInMegabytes                  *int    `pulumi:"maxSizeInMegabytes"`
}

// ElementType implements pulumi.Input.
func (ServiceBusQueueArgs) ElementType() reflect.Type {
	return reflect.TypeOf((*serviceBusQueueArgs)(nil)).Elem()
}

// NewServiceBusQueue registers an azure-native:servicebus:Queue.
func NewServiceBusQueue(ctx *pulumi.Context, name string, args *ServiceBusQueueArgs, opts ...pulumi.ResourceOption) (*ServiceBusQueue, error) {
	if args == nil || args.ResourceGroupName == nil || args.NamespaceName == nil {
		return nil, errors.New("registering Service Bus queue: resourceGroupName and namespaceName are required")
	}
	var res ServiceBusQueue
	if err := ctx.RegisterResource(ServiceBusQueueType, name, args, &res, utilities.PkgResourceDefaultOpts(opts)...); err != nil {
		return nil, err
	}
	return &res, nil
}
