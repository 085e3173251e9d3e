package gcp

import (
	"strings"

	"github.com/pciqueue/pciqueue/internal/props"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// SubscriptionDeadLetter bounds the dead-letter policy of a subscription.
var SubscriptionDeadLetter = rule.Rule{
	Name:        "pci-10.7.2-pubsub-dead-letter",
	Requirement: "10.7.2",
	Description: "A Pub/Sub subscription's dead-letter policy works: deadLetterPolicy.deadLetterTopic names a topic and maxDeliveryAttempts (default 5) is between 5 and maxDeliveryAttempts (100). Whether every subscription has a dead-letter policy is judged with the whole stack (pci-10.7.2-pubsub-has-dlq), because a subscription on a dead-letter topic needs none. Fix: set deadLetterPolicy {deadLetterTopic: <dead-letter topic id>, maxDeliveryAttempts: 5}.",
	Types:       []string{Subscription},
	Params: []rule.Param{{
		Name: "maxDeliveryAttempts", Description: "Largest allowed maxDeliveryAttempts (Pub/Sub accepts 5 to 100).",
		Default: float64(100), Schema: map[string]any{"type": "number", "minimum": 5, "maximum": 100},
	}},
	Check: func(r rule.Resource, c rule.Config) (f rule.Findings) {
		_, st := props.Map(r.Properties, "deadLetterPolicy")
		if f.Unreadable(st, "deadLetterPolicy") || st == props.Absent {
			return f
		}
		topic, st := props.String(r.Properties, "deadLetterPolicy.deadLetterTopic")
		if !f.Unreadable(st, "deadLetterPolicy.deadLetterTopic") && strings.TrimSpace(topic) == "" {
			f.Violation("deadLetterPolicy.deadLetterTopic", "the dead-letter policy names no topic; set deadLetterTopic")
		}
		n, st := props.Number(r.Properties, "deadLetterPolicy.maxDeliveryAttempts")
		if limit := c.Number("maxDeliveryAttempts"); !f.Unreadable(st, "deadLetterPolicy.maxDeliveryAttempts") && st.Ok() && (n < 5 || n > limit) {
			f.Violation("deadLetterPolicy.maxDeliveryAttempts", "maxDeliveryAttempts is %g; set it between 5 and %g", n, limit)
		}
		return f
	},
}
