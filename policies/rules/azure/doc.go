// Package azure holds the PCI rules for Azure resources (azure-native type
// tokens and property names), one rule per file.
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
package azure
