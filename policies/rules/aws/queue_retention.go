package aws

import (
	"github.com/pciqueue/pciqueue/internal/level"
	"github.com/pciqueue/pciqueue/internal/props"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// QueueRetention requires an explicit, bounded message retention.
var QueueRetention = rule.Rule{
	Name:        "pci-3.2.1-queue-message-retention",
	Requirement: "3.2.1",
	Description: "An SQS queue states how long it keeps messages: messageRetentionSeconds is set explicitly and is at most maxSeconds (the retention policy; default 14 days, the SQS maximum), so cardholder data is not kept longer than the business needs. Fix: set messageRetentionSeconds to the retention your data-retention policy allows.",
	Types:       []string{Queue},
	Level:       level.Advisory,
	Params: []rule.Param{{
		Name: "maxSeconds", Description: "Longest allowed message retention in seconds.",
		Default: float64(1209600), Schema: map[string]any{"type": "number", "minimum": 60, "maximum": 1209600},
	}},
	Check: func(r rule.Resource, c rule.Config) (f rule.Findings) {
		n, st := props.Number(r.Properties, "messageRetentionSeconds")
		if f.Unreadable(st, "messageRetentionSeconds") {
			return f
		}
		switch limit := c.Number("maxSeconds"); {
		case st == props.Absent:
			f.Violation("messageRetentionSeconds", "messageRetentionSeconds is not set, so the queue keeps messages for the SQS default of 4 days whatever the retention policy says; set it explicitly")
		case n > limit:
			f.Violation("messageRetentionSeconds", "messageRetentionSeconds is %g, longer than the %g allowed; lower it", n, limit)
		}
		return f
	},
}
