// Package azure implements the pciqueue contract on Azure: a Service Bus Premium namespace and queue
// encrypted with a customer-managed RSA key in Key Vault, read through a user-assigned managed identity;
// least-privilege producer and consumer identities with data-plane roles scoped to the one queue; diagnostic
// settings that send every log category and metric of the namespace and the vault to a Log Analytics
// workspace kept for at least a year; an optional private endpoint; and an alert on dead-lettered messages.
//
// NewSecureQueue validates its whole input before registering anything, parents every resource to the
// pciqueue:azure:SecureQueue component and tags every resource that takes tags with pci-scope and
// data-classification: azure-native has no provider-level default tags, so nothing is tagged unless the
// component tags it.
//
// # Keys
//
// The vault uses Azure RBAC, soft delete and purge protection, so a deleted key stays recoverable for 90
// days and nobody can shorten that. The key is RSA-HSM, 3072 bits, limited to wrap and unwrap, and rotates
// by the vault's own rotation policy; the namespace names it without a version, so Service Bus follows every
// rotation. The vault refuses public network traffic: Service Bus reaches it as a trusted Microsoft service,
// and creating keys goes through Azure Resource Manager, which the vault firewall does not govern. Only the
// namespace's encryption identity holds a role on the key ("Key Vault Crypto Service Encryption User"), and
// that assignment exists before the namespace is created, because a namespace cannot be created with a key it
// cannot read. A vault keeps its name for the 90 days after deletion, so a destroyed stack can only be
// recreated under another stack or queue name within that time.
//
// # Network
//
// The namespace refuses all public network traffic (PCI DSS 1.4): it is reached only through private
// endpoints. With a subnet the component creates the endpoints for the namespace and the vault itself (and
// registers them in the privatelink DNS zones when given); without one, the network team's own private
// endpoints connect to the namespace. On AWS the same boundary is optional (an SQS queue is reachable on
// its public endpoint unless a VPC endpoint condition is set); on Azure it is always closed.
//
// # Cost
//
// Customer-managed keys need the Premium tier, and each SecureQueue has its own namespace (one messaging
// unit), so that a key, its identity and its audit trail never span two queues.
package azure
