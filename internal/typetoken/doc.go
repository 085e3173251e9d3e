// Package typetoken holds the Pulumi resource type tokens pciqueue registers
// and judges, and the one normalisation of tokens: [Canonical].
//
// A type token is "<package>:<module>:<Type>". Components register resources
// under these tokens, the policy pack matches rules against them, and the
// conformance harnesses look resources up by them, so each token is spelled
// once, here.
//
// # Azure
//
// The azure-native provider registers every resource twice: under the default
// API version ("azure-native:servicebus:Namespace") and under each explicit
// version ("azure-native:servicebus/v20221001preview:Namespace"). Both create
// the same Azure resource with the same property names, so [Canonical] maps
// the versioned token onto the plain one before anything is judged.
package typetoken
