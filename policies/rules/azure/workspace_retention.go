package azure

import (
	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/pciqueue/pciqueue/internal/props"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// minHotDays is PCI DSS 10.5.1's "at least the most recent three months
// immediately available for analysis".
const minHotDays = 90

// WorkspaceRetention requires a year of audit history in Log Analytics.
var WorkspaceRetention = rule.Rule{
	Name:        "pci-10.5.1-log-workspace-retention",
	Requirement: "10.5.1",
	Description: "Log Analytics keeps the audit trail for at least minRetentionDays (365): a Workspace sets retentionInDays to at least that (the workspace default is 30), keeping the whole year immediately searchable; an operationalinsights Table that overrides it keeps at least 90 days interactive (retentionInDays, -1 meaning the workspace's) and totalRetentionInDays of at least minRetentionDays. Fix: set the workspace's retentionInDays to 365 (the automatic fix does; it also raises a table's totalRetentionInDays to 365).",
	Types:       []string{Workspace, Table},
	Params: []rule.Param{{
		Name: "minRetentionDays", Description: "Shortest allowed total retention in days; PCI DSS 10.5.1 requires 365, so it cannot be lowered.",
		Default: float64(365), Schema: map[string]any{"type": "number", "minimum": 365, "maximum": 4383},
	}},
	Check:     checkWorkspaceRetention,
	Remediate: fixWorkspaceRetention,
}

func checkWorkspaceRetention(r rule.Resource, c rule.Config) (f rule.Findings) {
	limit := c.Number("minRetentionDays")
	days, st := props.Number(r.Properties, "retentionInDays")
	if r.Type == Workspace {
		switch {
		case f.Unreadable(st, "retentionInDays"):
		case st == props.Absent:
			f.Violation("retentionInDays", "retentionInDays is not set, so the workspace keeps logs for 30 days; set it to at least %g", limit)
		case days < limit:
			f.Violation("retentionInDays", "the workspace keeps logs for %g days; set retentionInDays to at least %g", days, limit)
		}
		return f
	}
	if f.Unreadable(st, "retentionInDays") {
		return f
	}
	interactive := st.Ok() && days >= 0
	if interactive && days < minHotDays {
		f.Violation("retentionInDays", "the table keeps logs searchable for %g days; PCI DSS 10.5.1 wants the last %d days immediately available", days, minHotDays)
	}
	total, tst := props.Number(r.Properties, "totalRetentionInDays")
	switch {
	case f.Unreadable(tst, "totalRetentionInDays"):
	case tst.Ok() && total >= 0 && total < limit:
		f.Violation("totalRetentionInDays", "the table keeps logs for %g days in total; set totalRetentionInDays to at least %g", total, limit)
	case !(tst.Ok() && total >= 0) && interactive && days < limit:
		f.Violation("totalRetentionInDays", "the table overrides retention with %g days and no longer total retention; set totalRetentionInDays to at least %g", days, limit)
	}
	return f
}

// fixWorkspaceRetention raises exactly the retention the check flags: the
// workspace's retentionInDays or a table's totalRetentionInDays. A table whose
// interactive retention is too short is left alone, because raising it
// changes what the table costs, not only how long it keeps.
func fixWorkspaceRetention(r rule.Resource, c rule.Config) (property.Map, bool) {
	prop := "retentionInDays"
	if r.Type == Table {
		prop = "totalRetentionInDays"
	}
	for _, f := range checkWorkspaceRetention(r, c) {
		if f.Kind == rule.Violation && f.Path == prop {
			return r.Properties.Set(prop, property.New(c.Number("minRetentionDays"))), true
		}
	}
	return property.Map{}, false
}
