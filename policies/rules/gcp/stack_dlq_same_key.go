package gcp

import (
	"github.com/pciqueue/pciqueue/policies/rule"
)

// DLQSameKey requires the dead-letter topic to use the source topic's key.
var DLQSameKey = rule.Rule{
	Name:        "pci-3.5.1-pubsub-dlq-same-key",
	Requirement: "3.5.1",
	Description: "Messages keep their protection when dead-lettered: for every subscription in scope with a deadLetterPolicy, the dead-letter topic is a topic of the stack encrypted with the same Cloud KMS key as the subscription's topic. Fix: set the dead-letter topic's kmsKeyName to the source topic's key.",
	Types:       []string{Subscription, Topic, CryptoKey},
	CheckStack: func(st *rule.Stack, _ rule.Config) (f rule.Findings) {
		s := newGraph(st)
		for _, sub := range s.OfType(Subscription) {
			if !s.InScope(sub) || !hasDeadLetterPolicy(sub).Ok() {
				continue
			}
			src, dlt := subscriptionTopic(s, sub), deadLetterTopic(s, sub)
			switch {
			case src.unknown():
				f.UnverifiedAt(sub.URN, "topic")
				continue
			case dlt.unknown():
				f.UnverifiedAt(sub.URN, "deadLetterPolicy.deadLetterTopic")
				continue
			case len(dlt.targets) == 0:
				f.ViolationAt(sub.URN, "deadLetterPolicy.deadLetterTopic", "subscription %s dead-letters to a topic this stack does not manage, so its encryption cannot be shown; manage the dead-letter topic in this stack", sub.Name)
				continue
			case len(src.targets) == 0:
				continue // reported by pci-3.6.1-pubsub-key-in-stack
			}
			for _, d := range dlt.targets {
				same, known := sameKey(topicKey(s, src.targets[0]), topicKey(s, d))
				switch {
				case !known:
					f.UnverifiedAt(d.URN, "kmsKeyName")
				case !same:
					f.ViolationAt(d.URN, "kmsKeyName", "dead-letter topic %s is not encrypted with the key of topic %s, whose messages it receives; set its kmsKeyName to that key", d.Name, src.targets[0].Name)
				}
			}
		}
		return f
	},
}

// sameKey reports whether two key references name the same key, and whether
// that can be told yet.
func sameKey(a, b ref) (same, known bool) {
	if len(a.targets) > 0 && len(b.targets) > 0 {
		for _, k := range a.targets {
			if hasURN(b.targets, k.URN) {
				return true, true
			}
		}
		return false, true
	}
	if a.status.Ok() && b.status.Ok() {
		return a.literal != "" && sameName(a.literal, b.literal), true
	}
	return false, false
}
