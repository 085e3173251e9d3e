package gcp

import (
	"github.com/pciqueue/pciqueue/internal/duration"
	"github.com/pciqueue/pciqueue/internal/props"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// KeyDestruction requires a delay before Cloud KMS key versions are destroyed.
var KeyDestruction = rule.Rule{
	Name:        "pci-3.7.5-gcp-kms-key-destruction",
	Requirement: "3.7.5",
	Description: "Destroying a Cloud KMS key, which makes every message it protects unreadable, can be noticed and cancelled: destroyScheduledDuration (default 30 days) is at least minDestroyDays (30, as long as the AWS deletion window). Fix: leave destroyScheduledDuration unset or set it to at least \"2592000s\".",
	Types:       []string{CryptoKey},
	Params: []rule.Param{{
		Name: "minDestroyDays", Description: "Shortest allowed destroyScheduledDuration in days (Cloud KMS accepts up to 120).",
		Default: float64(30), Schema: map[string]any{"type": "number", "minimum": 1, "maximum": 120},
	}},
	Check: func(r rule.Resource, c rule.Config) (f rule.Findings) {
		v, st := props.String(r.Properties, "destroyScheduledDuration")
		limit := c.Number("minDestroyDays")
		if !f.Unreadable(st, "destroyScheduledDuration") && st.Ok() {
			switch n, err := duration.ParseGoogle(v); {
			case err != nil:
				f.Violation("destroyScheduledDuration", "destroyScheduledDuration %q is not a duration in seconds such as \"2592000s\"", v)
			case n < limit*86400:
				f.Violation("destroyScheduledDuration", "a destroyed key version is gone after %g days; set destroyScheduledDuration to at least %gs (%g days)", n/86400, limit*86400, limit)
			}
		}
		return f
	},
}
