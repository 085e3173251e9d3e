// Package aws implements the pciqueue contract on AWS: an SQS queue and dead-letter queue encrypted with a
// KMS customer-managed key, least-privilege producer and consumer IAM roles, queue policies that refuse
// plain-text transport and foreign principals, CloudTrail data-event auditing into a KMS-encrypted
// CloudWatch log group kept for at least a year, and an alarm on dead-lettered messages.
//
// NewSecureQueue validates its whole input before registering anything, parents every resource to the
// pciqueue:aws:SecureQueue component, and tags every taggable resource with pci-scope and
// data-classification.
//
// # Keys
//
// The data key's policy separates custody (PCI DSS 3.6.1.3): the account root may administer the key but
// holds no cryptographic permission, and only the queue's roles may use it, and only through SQS
// (kms:ViaService). Audit logs are encrypted with a second key, so a principal that can read card data
// cannot also rewrite or read the trail of that access with the same grant.
package aws
