// Package azure holds the PCI rules for Azure resources (azure-native type
// tokens and property names), one rule per file: Service Bus namespaces,
// queues and authorization rules; Key Vault vaults and keys; role
// assignments and definitions; diagnostic settings and Log Analytics; and
// the stack rules that relate them (the namespace's customer-managed key and
// the identity that reads it, the audit sink of every namespace and vault,
// and declared data-plane access to each queue).
//
// Adding a rule here: define a rule.Rule value (see package rule for the
// guide), list it in pack.Rules, add the azure-native types that carry tags to
// the taggable list in package scope, and add
// policies/testdata/<rule-name>/azure-allowed-*.json and
// azure-disallowed-*.json fixtures.
//
// # What differs from AWS
//
// azure-native nests most settings under "properties" only in the ARM API;
// the Pulumi resource properties the engine sends are flat as the
// azure-native schema spells them (for example "encryption.keySource",
// "minimumTlsVersion", "disableLocalAuth" on
// azure-native:servicebus:Namespace, "properties.enablePurgeProtection" on
// azure-native:keyvault:Vault). Read the schema names from the SDK source or
// the providers/ bindings, never from ARM templates. servicebus and
// managedidentity have no Go SDK here; their property names come from the
// providers/ bindings.
//
// Durations are ISO 8601 ("P90D", "P1Y"; read with internal/duration, a year
// counting 365 days and a month 30), resource ids are compared without
// regard to case, and built-in roles are recognised by the GUID that ends
// their roleDefinitionId. Stack rules link resources by known values first
// (an id, a principal id, a vault URI) and follow property dependencies only
// where a value is computed, as it is in a preview. Identities declare the
// queue and part they serve with the tags pciqueue-queue and pciqueue-role.
package azure
