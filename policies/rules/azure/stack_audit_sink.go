package azure

import (
	"github.com/pciqueue/pciqueue/internal/props"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// AuditSink requires every namespace and vault to send its audit logs to a
// workspace of the stack that keeps them a year.
var AuditSink = rule.Rule{
	Name:        "pci-10.2.1-servicebus-audit-sink",
	Requirement: "10.2.1",
	Description: "Every Service Bus namespace and Key Vault in scope has an insights DiagnosticSetting (resourceUri naming it) that sends its audit logs (categoryGroup allLogs or audit, or the audit categories) to a Log Analytics Workspace of the same stack whose retentionInDays is at least 365, so every access to the queue and its key is recorded and kept a year. A workspace outside the stack cannot be shown to keep a year and does not count, unless the pack configuration declares its resource ID in externalWorkspaces (on pci-12.5.2-scope-tags): then it passes with a notice from pci-evidence-outside-stack. Fix: add a DiagnosticSetting {resourceUri: <namespace or vault id>, workspaceId: <workspace id>, logs: [{categoryGroup: allLogs, enabled: true}]} and give the workspace retentionInDays 365; for a central workspace, declare its resource ID in externalWorkspaces and evidence its retention where it lives.",
	Types:       []string{Namespace, Vault, DiagnosticSetting, Workspace},
	CheckStack:  checkAuditSink,
}

func checkAuditSink(s *rule.Stack, _ rule.Config) (f rule.Findings) {
	for _, r := range s.OfType(Namespace, Vault) {
		if !s.InScope(r) {
			continue
		}
		covered, unknown, external, declared := false, false, "", ""
		for _, ds := range s.OfType(DiagnosticSetting) {
			on, u := refersTo(s, ds, "resourceUri", r)
			if !on {
				unknown = unknown || u
				continue
			}
			if logs := auditLogFindings(ds); len(logs) > 0 {
				unknown = unknown || (logs.Has(rule.Unverified) && !logs.Has(rule.Violation))
				continue
			}
			c, u, ext := keptAYear(s, ds)
			covered, unknown = covered || c, unknown || u
			if ext == "" {
				continue
			}
			if w, ok := s.External().AzureWorkspace(ext); ok {
				declared = w
			} else {
				external = ext
			}
		}
		switch {
		case covered:
		case declared != "":
			f.NoticeAt(r.URN, "", "%s sends its audit logs to workspace %s, declared managed outside the stack (externalWorkspaces); this stack cannot show its 365-day retention: evidence it where the workspace lives", r.Name, declared)
		case unknown:
			f.UnverifiedAt(r.URN, "diagnosticSettings")
		case external != "":
			f.ViolationAt(r.URN, "", "%s sends its audit logs to workspace %q, which this stack does not manage, so its 365-day retention cannot be shown; manage the workspace in this stack, or declare it in externalWorkspaces if it is managed and assessed elsewhere", r.Name, external)
		default:
			f.ViolationAt(r.URN, "", "no diagnostic setting of this stack sends %s's audit logs to a Log Analytics workspace kept 365 days or more; add one", r.Name)
		}
	}
	return f
}

// keptAYear reports whether diagnostic setting ds sends to a workspace of
// the stack that keeps logs 365 days, whether that is unknown yet, and the
// workspace id when it names one outside the stack.
func keptAYear(s *rule.Stack, ds rule.Resource) (covered, unknown bool, external string) {
	var workspaces []rule.Resource
	for _, w := range s.OfType(Workspace) {
		if yes, _ := refersTo(s, ds, "workspaceId", w); yes {
			workspaces = append(workspaces, w)
		}
	}
	id, st := props.String(ds.Properties, "workspaceId")
	switch {
	case len(workspaces) > 0:
	case st.Ok() && id != "":
		return false, false, id
	case st == props.Unknown:
		return false, true, ""
	}
	limit, _ := rule.NewConfig(WorkspaceRetention, nil)
	for _, w := range workspaces {
		fs := checkWorkspaceRetention(w, limit)
		switch {
		case len(fs) == 0:
			return true, false, ""
		case fs.Has(rule.Unverified) && !fs.Has(rule.Violation):
			unknown = true
		}
	}
	return false, unknown, ""
}
