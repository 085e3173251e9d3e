package aws

import (
	"github.com/pciqueue/pciqueue/internal/props"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// DLQSameKey requires a dead-letter queue to be protected like its source.
var DLQSameKey = rule.Rule{
	Name:        "pci-3.5.1-dlq-same-key",
	Requirement: "3.5.1",
	Description: "A dead-letter queue protects the messages it receives as its source queue did: it is encrypted with the same customer-managed key, and keeps messages at least as long (messageRetentionSeconds not shorter, so nothing expires between the two). Fix: set the dead-letter queue's kmsMasterKeyId to the source queue's key and its messageRetentionSeconds to at least the source's.",
	Types:       []string{Queue, RedrivePolicyRes},
	CheckStack:  checkDLQSameKey,
}

// defaultRetention is SQS's message retention when none is set (4 days).
const defaultRetention = 345600

func checkDLQSameKey(s *rule.Stack, _ rule.Config) (f rule.Findings) {
	for _, q := range s.OfType(Queue) {
		if !s.InScope(q) {
			continue
		}
		dlqs, _ := deadLetterQueues(s, q)
		for _, d := range dlqs {
			same, ok := sameKey(queueKey(s, q), queueKey(s, d))
			switch {
			case !ok:
				f.UnverifiedAt(d.URN, "kmsMasterKeyId")
			case !same:
				f.ViolationAt(d.URN, "kmsMasterKeyId", "the dead-letter queue of %s is not encrypted with the same customer-managed key; set its kmsMasterKeyId to the source queue's key", q.Name)
			}
			src, sst := retention(q)
			dst, dstt := retention(d)
			switch {
			case sst == props.Unknown || dstt == props.Unknown:
				f.UnverifiedAt(d.URN, "messageRetentionSeconds")
			case sst.Ok() && dstt.Ok() && dst < src:
				f.ViolationAt(d.URN, "messageRetentionSeconds", "the dead-letter queue keeps messages %g s, less than its source %s (%g s); raise messageRetentionSeconds", dst, q.Name, src)
			}
		}
	}
	return f
}

// retention returns a queue's message retention, defaulting as SQS does.
func retention(q rule.Resource) (float64, props.Status) {
	n, st := props.Number(q.Properties, "messageRetentionSeconds")
	if st == props.Absent {
		return defaultRetention, props.Known
	}
	return n, st
}
