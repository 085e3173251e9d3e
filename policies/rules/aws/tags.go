package aws

import "github.com/pciqueue/pciqueue/policies/scope"

// An AWS resource's tags are the provider's defaultTags.tags, then the resource's tagsAll, then its tags.
func init() {
	scope.RegisterTags("aws:",
		scope.TagSource{Provider: true, Path: "defaultTags.tags"}, scope.TagSource{Path: "tagsAll"}, scope.TagSource{Path: "tags"})
}
