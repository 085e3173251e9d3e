// Package gcp holds the PCI rules for Google Cloud resources (pulumi-gcp v7
// type tokens and property names), one rule per file: Pub/Sub topics and
// subscriptions, Cloud KMS keys, IAM members, bindings and policies, service
// account keys and organization policies, VPC Service Controls perimeters,
// log buckets and IAM audit configs; and the stack rules that relate them
// (each topic's key, dead-letter parity, perimeter membership, data-access
// audit and its log bucket, and declared Pub/Sub and key access).
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
// are strings with an "s" suffix ("31536000s" for rotationPeriod), read with
// internal/duration rather than compared as strings. IAM is granted by separate member and
// binding resources (gcp:pubsub/topicIAMMember:TopicIAMMember, ...), which a
// stack rule relates to the topic or subscription through property
// dependencies (in a preview the topic name is computed).
//
// Service accounts carry no labels, so a service account declares the queue
// and part it serves in its description ("pciqueue-queue=<queue>
// pciqueue-role=producer"). Perimeters list projects by number while
// resources name them by id; the stack shows the number through the Pub/Sub
// service agent (service-<number>@gcp-sa-pubsub.iam.gserviceaccount.com), a
// ServiceIdentity or an organizations.Project.
package gcp
