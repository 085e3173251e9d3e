package azure

import (
	"github.com/pciqueue/pciqueue/internal/level"
	"github.com/pciqueue/pciqueue/internal/props"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// WorkspacePublicAccess recommends a private Log Analytics workspace.
var WorkspacePublicAccess = rule.Rule{
	Name:        "pci-1.4.4-log-workspace-public-access",
	Requirement: "1.4.4",
	Description: "the Log Analytics workspace holding the audit trail is reached only through Azure Monitor Private Link: publicNetworkAccessForIngestion and publicNetworkAccessForQuery are Disabled (both default to Enabled). Advisory because it needs an Azure Monitor Private Link Scope that many landing zones provide outside the queue's stack; diagnostic settings keep working either way. Fix: set both to Disabled and connect the workspace to your Azure Monitor Private Link Scope.",
	Types:       []string{Workspace},
	Level:       level.Advisory,
	Check: func(r rule.Resource, _ rule.Config) (f rule.Findings) {
		for _, p := range []string{"publicNetworkAccessForIngestion", "publicNetworkAccessForQuery"} {
			v, st := props.String(r.Properties, p)
			switch {
			case f.Unreadable(st, p):
			case !stringIs(r.Properties, p, "Disabled"):
				if st == props.Absent {
					v = "Enabled (the default)"
				}
				f.Violation(p, "%s is %s, so the workspace is reachable from the internet; set it to Disabled", p, v)
			}
		}
		return f
	},
}
