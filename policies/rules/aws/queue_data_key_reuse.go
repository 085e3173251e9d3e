package aws

import (
	"github.com/pciqueue/pciqueue/internal/level"
	"github.com/pciqueue/pciqueue/internal/props"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// QueueDataKeyReuse bounds how long SQS reuses a data key.
var QueueDataKeyReuse = rule.Rule{
	Name:        "pci-3.6.1-queue-data-key-reuse",
	Requirement: "3.6.1",
	Description: "An SQS queue reuses a KMS data key for a bounded period: kmsDataKeyReusePeriodSeconds is at most maxSeconds (300, the AWS default), so one data key protects a limited number of messages. Fix: set kmsDataKeyReusePeriodSeconds to 300 or less, or leave it unset.",
	Types:       []string{Queue},
	Level:       level.Advisory,
	Params: []rule.Param{{
		Name: "maxSeconds", Description: "Longest allowed data key reuse period in seconds.",
		Default: float64(300), Schema: map[string]any{"type": "number", "minimum": 60, "maximum": 86400},
	}},
	Check: func(r rule.Resource, c rule.Config) (f rule.Findings) {
		n, st := props.Number(r.Properties, "kmsDataKeyReusePeriodSeconds")
		if f.Unreadable(st, "kmsDataKeyReusePeriodSeconds") {
			return f
		}
		if limit := c.Number("maxSeconds"); st.Ok() && n > limit {
			f.Violation("kmsDataKeyReusePeriodSeconds", "kmsDataKeyReusePeriodSeconds is %g; set it to %g or less", n, limit)
		}
		return f
	},
}
