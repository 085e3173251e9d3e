// Package components holds the portable contract every pciqueue SecureQueue fulfils: the cloud-neutral
// QueueSpec with its PCI DSS 4.0 defaults and its single validation, the per-cloud service limits that
// validation consults, and Guarantees, the security properties of the contract (docs/contract.md) as data.
//
// A cloud package (components/aws, components/azure, components/gcp) maps a validated QueueSpec onto its
// resources; none of them re-implements a default or a check. Validation runs before any resource is
// registered, so bad input fails `pulumi preview` instead of a half-created stack. A name, an identity or a
// tag key or value holding a card number, as internal/cardnum defines it for the policy pack and the functions
// too, is refused first, and no error repeats a card number.
//
// # What differs by cloud
//
// The contract is the same everywhere; the ranges a service can honour are not. Limits holds them as data:
// SQS accepts 1–1000 receives before dead-lettering where Pub/Sub accepts 5–100, Service Bus caps the
// message lock at 5 minutes, CloudWatch accepts only a fixed list of retention periods, Log Analytics keeps
// interactive data for at most 730 days, and Google Cloud labels are lower-case only. Validate(cloud) applies
// the portable rules first and then that cloud's limits, naming the service limit in the error.
package components
