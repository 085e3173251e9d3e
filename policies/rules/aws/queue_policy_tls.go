package aws

import (
	"strings"

	"github.com/pciqueue/pciqueue/internal/iamdoc"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// QueuePolicyTLS requires queue policies to deny requests without TLS.
var QueuePolicyTLS = rule.Rule{
	Name:        "pci-4.2.1-queue-policy-tls",
	Requirement: "4.2.1",
	Description: "An SQS queue policy (aws.sqs.QueuePolicy, or the queue's own policy property) denies every request that does not use TLS: a Deny statement for Principal \"*\" on sqs:* (or *) with the condition Bool aws:SecureTransport = false. Fix: add that statement to the queue policy.",
	Types:       []string{QueuePolicy, Queue},
	Check: func(r rule.Resource, _ rule.Config) (f rule.Findings) {
		doc, st := document(r, "policy", &f)
		if !st.Ok() {
			// A queue without its own policy gets one from a QueuePolicy
			// resource; the stack rule pci-4.2.1-queue-tls-policy-present
			// checks that one exists.
			if r.Type == QueuePolicy && len(f) == 0 {
				f.Violation("policy", "the queue policy is empty; add a Deny statement for aws:SecureTransport = false")
			}
			return f
		}
		if !DeniesInsecureTransport(doc) {
			f.Violation("policy", "the queue policy does not deny requests without TLS; add {\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"sqs:*\",\"Resource\":<queue ARN>,\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"false\"}}}")
		}
		return f
	},
}

// DeniesInsecureTransport reports whether a document denies every principal
// all SQS actions when aws:SecureTransport is false.
func DeniesInsecureTransport(doc iamdoc.Document) bool {
	for _, s := range doc.Statements {
		if !s.IsDeny() || s.Principal == nil || !s.Principal.Wildcard || !s.WildcardAction("sqs") {
			continue
		}
		for _, v := range s.ConditionValues("Bool", "aws:SecureTransport") {
			if strings.EqualFold(v, "false") {
				return true
			}
		}
	}
	return false
}
