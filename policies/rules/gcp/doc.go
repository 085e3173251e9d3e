// Package gcp holds the PCI rules for Google Cloud resources (pulumi-gcp v7
// type tokens and property names), one rule per file.
//
// Adding a rule here: define a rule.Rule value (see package rule for the
// guide), list it in pack.Rules, add the gcp types that carry labels to the
// taggable list in package scope, and add
// policies/testdata/<rule-name>/gcp-allowed-*.json and gcp-disallowed-*.json
// fixtures.
//
// # What differs from AWS
//
// Scope marking is labels, not tags: package scope merges the provider's
// defaultLabels with effectiveLabels, terraformLabels and labels. Durations
// are strings with an "s" suffix ("31536000s" for rotationPeriod), so parse
// them rather than compare strings. IAM is granted by separate member and
// binding resources (gcp:pubsub/topicIAMMember:TopicIAMMember, ...), which a
// stack rule relates to the topic or subscription through property
// dependencies (in a preview the topic name is computed).
package gcp
