// Package scope decides which resources are in the cardholder-data
// environment (CDE) that the PCI rules judge, and reads the scope marking
// (tags or labels) of a resource.
//
// # Default: everything is in scope
//
// With no configuration every resource of a stack the pack runs on is in the
// CDE. This is the safe default: a rule can only be switched off for a
// resource by explicit configuration.
//
// # Narrowing to marked resources
//
// Setting the pack configuration "cde" to "tagged" narrows the CDE to
// resources whose scope tag (AWS and Azure tags, Google Cloud labels; default
// key "pci-scope") carries one of the in-scope values (default "cde",
// "connected", "security-impacting": the three PCI DSS scope categories).
// Even then a resource stays in scope when its marking cannot be read: its
// type carries no tags or labels (policy attachments, queue policies, IAM
// members), its tags are computed in a preview, or they are malformed. A
// resource leaves the CDE only when it visibly says so.
//
// The configuration belongs to the policy named by [PolicyName] (see the rule
// package for why it is carried there). The same policy configuration also
// carries the declarations of keys and audit sinks managed outside the stack,
// which package external reads; they do not change what is in scope.
//
// # Tags by cloud
//
// Each policies/rules/<cloud> package registers where its resources keep
// their tags (RegisterTags), so this package names no cloud there. AWS: the
// provider's defaultTags.tags, then the resource's tagsAll, then tags (later
// wins). Azure (azure-native): tags. Google Cloud: the provider's
// defaultLabels, then effectiveLabels, terraformLabels and labels. The list of
// taggable types (taggable.go) is still kept here for the three clouds.
package scope
