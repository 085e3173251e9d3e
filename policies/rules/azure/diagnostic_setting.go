package azure

import (
	"slices"
	"strconv"
	"strings"

	"github.com/pciqueue/pciqueue/internal/props"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// DiagnosticLogs requires diagnostic settings to send audit logs to Log
// Analytics.
var DiagnosticLogs = rule.Rule{
	Name:        "pci-10.2.1-diagnostic-audit-logs",
	Requirement: "10.2.1",
	Description: "Diagnostic settings send the audit trail to a Log Analytics workspace: workspaceId is set and logs has an enabled entry with categoryGroup allLogs or audit, or enabled categories that cover the audit records of the resource (RuntimeAuditLogs and OperationalLogs for a Service Bus namespace, AuditEvent for a Key Vault). Fix: set workspaceId to the workspace's resource id and logs to [{categoryGroup: allLogs, enabled: true}].",
	Types:       []string{DiagnosticSetting},
	Check:       checkDiagnosticLogs,
}

// auditCategories are the log categories that carry the audit records of
// each resource type, keyed by the lower-case provider path in its id.
var auditCategories = map[string][]string{
	"/providers/microsoft.servicebus/namespaces/": {"RuntimeAuditLogs", "OperationalLogs"},
	"/providers/microsoft.keyvault/vaults/":       {"AuditEvent"},
}

func checkDiagnosticLogs(r rule.Resource, _ rule.Config) (f rule.Findings) {
	m := r.Properties
	ws, st := props.String(m, "workspaceId")
	if !f.Unreadable(st, "workspaceId") && strings.TrimSpace(ws) == "" {
		f.Violation("workspaceId", "the setting sends no logs to Log Analytics, where they are kept and searchable for a year; set workspaceId")
	}
	return append(f, auditLogFindings(r)...)
}

// auditLogFindings judges whether a diagnostic setting's logs cover the
// audit records of the resource it is attached to.
func auditLogFindings(r rule.Resource) (f rule.Findings) {
	m := r.Properties
	logs, st := props.Array(m, "logs")
	if f.Unreadable(st, "logs") {
		return f
	}
	var categories []string
	group, unknown := false, false
	for i := range logs {
		base := "logs[" + strconv.Itoa(i) + "]"
		on, st := props.Bool(m, base+".enabled")
		if st == props.Unknown {
			unknown = true
			continue
		}
		if !st.Ok() || !on {
			continue
		}
		g, gst := props.String(m, base+".categoryGroup")
		c, cst := props.String(m, base+".category")
		unknown = unknown || gst == props.Unknown || cst == props.Unknown
		if gst.Ok() && (strings.EqualFold(g, "allLogs") || strings.EqualFold(g, "audit")) {
			group = true
		}
		if cst.Ok() && c != "" {
			categories = append(categories, strings.ToLower(c))
		}
	}
	if group {
		return f
	}
	uri, ust := props.String(m, "resourceUri")
	want, known := requiredCategories(uri)
	switch {
	case unknown:
		f.Unverified("logs")
	case ust == props.Unknown && len(categories) > 0:
		f.Unverified("resourceUri")
	case len(categories) == 0:
		f.Violation("logs", "no log category is enabled; add {categoryGroup: allLogs, enabled: true}")
	case known:
		for _, c := range want {
			if !slices.Contains(categories, strings.ToLower(c)) {
				f.Violation("logs", "log category %s, which records access to the resource, is not enabled; enable it or use categoryGroup allLogs", c)
			}
		}
	}
	return f
}

// requiredCategories returns the audit categories for the resource a
// setting is attached to, and whether its type is one the rule knows.
func requiredCategories(resourceURI string) ([]string, bool) {
	uri := strings.ToLower(resourceURI)
	for provider, cats := range auditCategories {
		if strings.Contains(uri, provider) {
			return cats, true
		}
	}
	return nil, false
}
