package azure

import (
	"github.com/pciqueue/pciqueue/internal/duration"
	"github.com/pciqueue/pciqueue/internal/props"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// EntityMessageTTL bounds how long Service Bus keeps a message.
var EntityMessageTTL = rule.Rule{
	Name:        "pci-3.2.1-servicebus-message-ttl",
	Requirement: "3.2.1",
	Description: "Service Bus queues and topics state how long a message may rest: defaultMessageTimeToLive is an ISO 8601 duration of at most maxDays (14) days. Left unset it is practically unlimited (about 29,000 years), so cardholder data would be kept with no end. A topic subscription may set a shorter time-to-live and otherwise inherits its topic's. Fix: set defaultMessageTimeToLive, e.g. \"P4D\", within your data-retention policy.",
	Types:       []string{Queue, Topic, Subscription},
	Params: []rule.Param{{
		Name: "maxDays", Description: "Longest allowed defaultMessageTimeToLive in days.",
		Default: float64(14), Schema: map[string]any{"type": "number", "minimum": 1, "maximum": 14},
	}},
	Check: func(r rule.Resource, c rule.Config) (f rule.Findings) {
		const path = "defaultMessageTimeToLive"
		v, st := props.String(r.Properties, path)
		limit := c.Number("maxDays")
		switch {
		case f.Unreadable(st, path):
		case st == props.Absent:
			if r.Type != Subscription {
				f.Violation(path, "defaultMessageTimeToLive is not set, so messages never expire; set it to at most P%gD", limit)
			}
		default:
			days, err := duration.ISO8601Days(v)
			switch {
			case err != nil:
				f.Violation(path, "defaultMessageTimeToLive %q is not an ISO 8601 duration; write it like \"P4D\"", v)
			case days > limit:
				f.Violation(path, "defaultMessageTimeToLive %q keeps messages %.4g days, longer than the %g allowed; lower it", v, days, limit)
			}
		}
		return f
	},
}
