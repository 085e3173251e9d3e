package aws

import (
	"slices"

	"github.com/pciqueue/pciqueue/internal/props"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// QueueTLSPolicyPresent requires every queue to have a TLS-only policy.
var QueueTLSPolicyPresent = rule.Rule{
	Name:        "pci-4.2.1-queue-tls-policy-present",
	Requirement: "4.2.1",
	Description: "Every SQS queue in scope has a queue policy (its policy property or an aws.sqs.QueuePolicy whose queueUrl names it) that denies requests without TLS (Deny, Principal \"*\", sqs:*, Bool aws:SecureTransport = false). Fix: add an aws.sqs.QueuePolicy for the queue with that statement.",
	Types:       []string{Queue, QueuePolicy},
	CheckStack: func(s *rule.Stack, _ rule.Config) (f rule.Findings) {
		for _, q := range s.OfType(Queue) {
			if !s.InScope(q) {
				continue
			}
			carriers := []rule.Resource{q}
			for _, p := range s.OfType(QueuePolicy) {
				if slices.ContainsFunc(s.Refs(p, "queueUrl", Queue), func(x rule.Resource) bool { return x.URN == q.URN }) {
					carriers = append(carriers, p)
				}
			}
			unknown := false
			denied := false
			for _, c := range carriers {
				var cf rule.Findings
				doc, st := document(c, "policy", &cf)
				unknown = unknown || st == props.Unknown
				denied = denied || (st.Ok() && DeniesInsecureTransport(doc))
			}
			switch {
			case denied:
			case unknown:
				f.UnverifiedAt(q.URN, "policy")
			default:
				f.ViolationAt(q.URN, "policy", "no queue policy of this queue denies requests without TLS; add an aws.sqs.QueuePolicy with a Deny on aws:SecureTransport = false")
			}
		}
		return f
	},
}
