// Package providers builds the explicit provider instance of each cloud from stack config, so that every
// resource pciqueue creates goes to the account, subscription or project the stack names and nowhere else,
// and holds typed bindings for resources whose generated Go SDK module cannot be obtained here.
//
// It guarantees that a provider is never built from ambient credentials alone: the stack must name where it
// deploys (allowed AWS account IDs, the Azure subscription, the Google Cloud project), and a wrong or missing
// value fails at preview with the config key to fix.
//
// # What differs by cloud
//
// AWS pins the allowed account IDs and the region and applies default tags. Azure pins the subscription and
// location and tags each resource itself (azure-native has no provider-level default tags). Google Cloud
// pins the project and region and applies default labels. The Azure Service Bus and managed identity
// resources are registered through the bindings in providers/azurenative, because
// pulumi-azure-native-sdk/servicebus and managedidentity are refused by the module proxy these machines use.
package providers
