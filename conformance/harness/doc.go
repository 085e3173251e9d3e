// Package harness holds one conformance harness per cloud. A harness deploys its cloud's SecureQueue under
// the recording engine and reads components.Guarantees back from the recorded resources alone: what the
// providers would receive, not what the component was asked for. That is what lets the suite catch a
// component that accepts a setting and then fails to apply it.
//
// # What differs by cloud
//
// Each harness knows where its cloud keeps a guarantee: AWS in queue, key and IAM policy documents,
// Azure in Service Bus, Key Vault and role-assignment properties, Google Cloud in Pub/Sub, Cloud KMS, IAM
// member and perimeter resources. The derived values are cloud-neutral.
package harness
