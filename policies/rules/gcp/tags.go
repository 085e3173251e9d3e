package gcp

import "github.com/pciqueue/pciqueue/policies/scope"

// A Google Cloud resource's labels are the provider's defaultLabels, then the resource's effectiveLabels,
// terraformLabels and labels.
func init() {
	scope.RegisterTags("gcp:", scope.TagSource{Provider: true, Path: "defaultLabels"},
		scope.TagSource{Path: "effectiveLabels"}, scope.TagSource{Path: "terraformLabels"}, scope.TagSource{Path: "labels"})
}
