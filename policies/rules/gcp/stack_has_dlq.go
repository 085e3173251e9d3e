package gcp

import (
	"github.com/pciqueue/pciqueue/policies/rule"
)

// HasDLQ requires every subscription to dead-letter, and every dead-letter
// topic to be read.
var HasDLQ = rule.Rule{
	Name:        "pci-10.7.2-pubsub-has-dlq",
	Requirement: "10.7.2",
	Description: "Nothing is lost: every Pub/Sub subscription in scope has a deadLetterPolicy, unless it reads a dead-letter topic, and every dead-letter topic of the stack has a subscription (Pub/Sub drops what is published to a topic nobody subscribes to). Fix: add deadLetterPolicy {deadLetterTopic, maxDeliveryAttempts: 5} to the subscription, and a subscription on the dead-letter topic.",
	Types:       []string{Subscription, Topic},
	CheckStack: func(st *rule.Stack, _ rule.Config) (f rule.Findings) {
		s := newGraph(st)
		dlts, literals := deadLetterTopics(s)
		for _, sub := range s.OfType(Subscription) {
			if !s.InScope(sub) {
				continue
			}
			st := hasDeadLetterPolicy(sub)
			if st.Ok() || f.UnreadableAt(sub.URN, st, "deadLetterPolicy") {
				continue
			}
			t := subscriptionTopic(s, sub)
			onDLT := false
			for _, x := range t.targets {
				onDLT = onDLT || hasURN(dlts, x.URN)
			}
			for _, l := range literals {
				onDLT = onDLT || (t.status.Ok() && sameName(l, t.literal))
			}
			switch {
			case onDLT:
			case t.unknown():
				f.UnverifiedAt(sub.URN, "topic")
			default:
				f.ViolationAt(sub.URN, "deadLetterPolicy", "subscription %s has no dead-letter topic, so a message that cannot be processed is redelivered forever or lost; set deadLetterPolicy", sub.Name)
			}
		}
		for _, d := range dlts {
			if !s.InScope(d) {
				continue
			}
			read, unknown := false, false
			for _, sub := range s.OfType(Subscription) {
				t := subscriptionTopic(s, sub)
				read = read || hasURN(t.targets, d.URN)
				unknown = unknown || t.unknown()
			}
			switch {
			case read:
			case unknown:
				f.UnverifiedAt(d.URN, "subscriptions")
			default:
				f.ViolationAt(d.URN, "", "dead-letter topic %s has no subscription, so everything dead-lettered to it is dropped; add a subscription", d.Name)
			}
		}
		return f
	},
}
