package azure

import "github.com/pciqueue/pciqueue/policies/rule"

// NoSASRules forbids shared access authorization rules.
var NoSASRules = rule.Rule{
	Name:        "pci-7.2.2-servicebus-no-sas-rules",
	Requirement: "7.2.2",
	Description: "No shared access authorization rule is declared on a Service Bus namespace, queue or topic: each one mints shared keys that are not bound to a person or workload and grant access beyond least privilege. Fix: delete the NamespaceAuthorizationRule, QueueAuthorizationRule or TopicAuthorizationRule and grant a managed identity Azure Service Bus Data Sender or Receiver on the queue instead.",
	Types:       []string{NamespaceAuthRule, QueueAuthRule, TopicAuthRule},
	Check: func(r rule.Resource, _ rule.Config) (f rule.Findings) {
		f.Violation("", "%s declares a shared access authorization rule; remove it and grant a managed identity a data role scoped to the queue", r.Name)
		return f
	},
}
