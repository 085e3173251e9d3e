package azure

import "github.com/pciqueue/pciqueue/policies/scope"

// azure-native has no provider-level default tags: a resource's tags are its own.
func init() { scope.RegisterTags("azure-native:", scope.TagSource{Path: "tags"}) }
