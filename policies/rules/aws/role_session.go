package aws

import (
	"github.com/pciqueue/pciqueue/internal/level"
	"github.com/pciqueue/pciqueue/internal/props"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// RoleSession bounds role session duration.
var RoleSession = rule.Rule{
	Name:        "pci-8.2.8-role-session-duration",
	Requirement: "8.2.8",
	Description: "Role sessions end within maxSeconds (3600, the AWS default): maxSessionDuration is at most that. Fix: remove maxSessionDuration or set it to 3600 or less.",
	Types:       []string{Role},
	Level:       level.Advisory,
	Params: []rule.Param{{
		Name: "maxSeconds", Description: "Longest allowed role session in seconds.",
		Default: float64(3600), Schema: map[string]any{"type": "number", "minimum": 900, "maximum": 43200},
	}},
	Check: func(r rule.Resource, c rule.Config) (f rule.Findings) {
		n, st := props.Number(r.Properties, "maxSessionDuration")
		if !f.Unreadable(st, "maxSessionDuration") && st.Ok() && n > c.Number("maxSeconds") {
			f.Violation("maxSessionDuration", "maxSessionDuration is %g seconds; set it to %g or less", n, c.Number("maxSeconds"))
		}
		return f
	},
}
