package azure

import (
	"github.com/pciqueue/pciqueue/internal/props"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// EntityDeadLetter requires queues and topic subscriptions to dead-letter.
var EntityDeadLetter = rule.Rule{
	Name:        "pci-10.7.2-servicebus-dead-letter",
	Requirement: "10.7.2",
	Description: "Service Bus queues and topic subscriptions keep what they cannot deliver: deadLetteringOnMessageExpiration is true (expired messages move to the dead-letter sub-queue instead of being dropped) and maxDeliveryCount, when set, is between 1 and maxDeliveryCount (100, the pciqueue contract's bound, as on AWS and Pub/Sub; unset is the Service Bus default of 10), so a poison message reaches the dead-letter sub-queue. Fix: set deadLetteringOnMessageExpiration to true and maxDeliveryCount to 100 or less.",
	Types:       []string{Queue, Subscription},
	Params: []rule.Param{{
		Name: "maxDeliveryCount", Description: "Largest allowed maxDeliveryCount.",
		Default: float64(100), Schema: map[string]any{"type": "number", "minimum": 1, "maximum": 2000},
	}},
	Check: func(r rule.Resource, c rule.Config) (f rule.Findings) {
		requireBool(&f, r.Properties, "deadLetteringOnMessageExpiration", true, false,
			"expired messages are dropped; set deadLetteringOnMessageExpiration to true so they move to the dead-letter sub-queue")
		n, st := props.Number(r.Properties, "maxDeliveryCount")
		if limit := c.Number("maxDeliveryCount"); !f.Unreadable(st, "maxDeliveryCount") && st.Ok() && (n < 1 || n > limit) {
			f.Violation("maxDeliveryCount", "maxDeliveryCount is %g; set it between 1 and %g so poison messages are dead-lettered", n, limit)
		}
		return f
	},
}
