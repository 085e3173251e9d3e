// Package common holds the rules that judge resources of every cloud the
// same way: scope marking and card numbers in resource metadata. The card
// number rule judges every resource type of the three clouds (rule.Rule
// EveryType): a description is metadata on any type.
//
// # What differs by cloud
//
// Only where the marking lives: AWS and Azure tags, Google Cloud labels, each
// merged with the provider's defaults as package scope reads them. A rule here
// covers a cloud as soon as one of its types does, and then needs an allowed
// and a disallowed fixture for that cloud.
package common
