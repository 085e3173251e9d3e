// Package gcp implements the pciqueue contract on Google Cloud: a Pub/Sub topic and subscription with a
// dead-letter topic and subscription, encrypted with a Cloud KMS customer-managed key, least-privilege
// producer and consumer service accounts without keys, an audit trail kept for at least a year, an alert on
// dead-lettered messages, all inside a VPC Service Controls perimeter.
//
// NewSecureQueue validates its whole input before registering anything, parents every resource to the
// pciqueue:gcp:SecureQueue component, creates every resource in the project of its ProjectControls, and
// labels every resource type that has labels with pci-scope and data-classification.
//
// # Per project and per queue
//
// A service perimeter holds whole projects, a project sits in at most one regular perimeter, and an
// IAMAuditConfig is authoritative for its service on the project. These are therefore created once per
// project by NewProjectControls (pciqueue:gcp:ProjectControls), together with the policy that forbids service
// account keys and the Pub/Sub service agent; each SecureQueue takes the controls and creates its own key,
// topics, subscriptions, identities, grants, log bucket, sink and alert.
//
// # Keys
//
// Pub/Sub encrypts with the queue key through its service agent, which is granted
// roles/cloudkms.cryptoKeyEncrypterDecrypter on that key alone before any topic exists. Producers may only
// encrypt and consumers only decrypt with it, for the data keys of the messages they envelope-encrypt; each
// such call is a Cloud KMS Data Access audit log entry naming the service account.
//
// # Identities
//
// Service accounts carry no labels. The declaration the other clouds put in the pciqueue-queue and
// pciqueue-role tags is the account's description, written and read by IdentityDeclaration; the account ID
// is derived from it and cannot carry it whole (30 characters).
//
// # Audit
//
// Pub/Sub writes no Data Access audit log for Publish, Pull or Acknowledge, only for reads of configuration
// and IAM policy. Access to the messages themselves is audited through the key: every wrap and unwrap of a
// message's data key by a producer or consumer is logged by Cloud KMS, and the queue's sink keeps those
// entries in its bucket.
package gcp
