package aws

import (
	"github.com/pciqueue/pciqueue/policies/rule"
)

// QueuePolicyAccess forbids open principals and wildcard actions in queue
// policies.
var QueuePolicyAccess = rule.Rule{
	Name:        "pci-7.2.2-queue-policy-access",
	Requirement: "7.2.2",
	Description: "An SQS queue policy grants access only to named principals and named actions: no Allow statement has Principal \"*\" (or {\"AWS\": \"*\"}, or NotPrincipal) without a condition pinning the caller (aws:SourceArn, aws:SourceAccount, aws:PrincipalOrgID, aws:PrincipalAccount, aws:SourceVpce, ...), and none allows \"*\", \"sqs:*\" or NotAction. Fix: name the producer and consumer roles as principals and list the SQS actions they need.",
	Types:       []string{QueuePolicy, Queue},
	Check: func(r rule.Resource, _ rule.Config) (f rule.Findings) {
		doc, st := document(r, "policy", &f)
		if !st.Ok() {
			return f
		}
		for i, s := range doc.Statements {
			if !s.IsAllow() {
				continue
			}
			if openPrincipal(s) {
				f.Violation("policy", "statement %d allows any principal without a condition that pins the caller; name the principals or add aws:SourceArn / aws:PrincipalOrgID", i)
			}
			if s.WildcardAction("sqs") {
				f.Violation("policy", "statement %d allows every SQS action; list only the actions the principal needs", i)
			}
		}
		return f
	},
}
