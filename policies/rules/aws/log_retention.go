package aws

import (
	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/pciqueue/pciqueue/internal/props"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// LogRetention requires CloudWatch log groups to keep logs at least a year.
var LogRetention = rule.Rule{
	Name:        "pci-10.5.1-log-retention",
	Requirement: "10.5.1",
	Description: "CloudWatch log groups keep audit logs for at least twelve months: retentionInDays is at least minDays (365), or 0 / unset, which means never expire. Fix: set retentionInDays to 365 or more (the automatic fix raises it to 365).",
	Types:       []string{LogGroup},
	Params: []rule.Param{{
		Name: "minDays", Description: "Shortest allowed retention in days.",
		Default: float64(365), Schema: map[string]any{"type": "number", "minimum": 365},
	}},
	Check: func(r rule.Resource, c rule.Config) (f rule.Findings) {
		days, st := props.Number(r.Properties, "retentionInDays")
		if f.Unreadable(st, "retentionInDays") {
			return f
		}
		if min := c.Number("minDays"); st.Ok() && days != 0 && days < min {
			f.Violation("retentionInDays", "retentionInDays is %g; PCI DSS keeps audit logs %g days or more", days, min)
		}
		return f
	},
	Remediate: func(r rule.Resource, c rule.Config) (property.Map, bool) {
		days, st := props.Number(r.Properties, "retentionInDays")
		if min := c.Number("minDays"); st.Ok() && days != 0 && days < min {
			return r.Properties.Set("retentionInDays", property.New(min)), true
		}
		return property.Map{}, false
	},
}
