package gcp

import (
	"slices"
	"strings"

	"github.com/pciqueue/pciqueue/internal/props"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// DataAccessAudit requires Data Access audit logs for the queue's services.
var DataAccessAudit = rule.Rule{
	Name:        "pci-10.2.1-gcp-data-access-audit",
	Requirement: "10.2.1",
	Description: "Every read and write of the queue and use of its key is recorded: the project of every Pub/Sub topic in scope has an IAM audit config (projects.IAMAuditConfig, a folder or organization IamAuditConfig, or auditConfigs in a projects.IAMPolicy) for pubsub.googleapis.com or allServices, and the project of every CryptoKey in scope one for cloudkms.googleapis.com or allServices, enabling DATA_READ and DATA_WRITE. Both are off by default. Fix: add projects.IAMAuditConfig {service: pubsub.googleapis.com, auditLogConfigs: [{logType: ADMIN_READ}, {logType: DATA_READ}, {logType: DATA_WRITE}]} and the same for cloudkms.googleapis.com.",
	Types:       []string{Topic, CryptoKey, ProjectAuditConfig, FolderAuditConfig, OrgAuditConfig, ProjectIAMPolicy},
	CheckStack:  checkDataAccessAudit,
}

// auditEntry is one service's audit settings, wherever they are declared.
type auditEntry struct {
	// project is "" for folder and organization configs, which cover every
	// project below them.
	project       string
	projectStatus props.Status
	service       string
	types         []string
	complete      bool
}

func auditEntries(s *graph) (out []auditEntry, unknown bool) {
	for _, r := range s.OfType(ProjectAuditConfig, FolderAuditConfig, OrgAuditConfig) {
		svc, st := props.String(r.Properties, "service")
		if st == props.Unknown {
			unknown = true
			continue
		}
		var f rule.Findings
		types, complete, _ := auditLogTypesOf(&f, r.URN, r)
		e := auditEntry{service: svc, types: types, complete: complete, projectStatus: props.Known}
		if r.Type == ProjectAuditConfig {
			e.project, e.projectStatus = projectOf(r)
		}
		out = append(out, e)
	}
	for _, r := range s.OfType(ProjectIAMPolicy) {
		doc, st := props.JSON(r.Properties, "policyData")
		if st == props.Unknown {
			unknown = true
			continue
		}
		obj, _ := doc.(map[string]any)
		configs, _ := obj["auditConfigs"].([]any)
		project, pst := projectOf(r)
		for _, c := range configs {
			cm, _ := c.(map[string]any)
			svc, _ := cm["service"].(string)
			e := auditEntry{project: project, projectStatus: pst, service: svc, complete: true}
			logs, _ := cm["auditLogConfigs"].([]any)
			for _, l := range logs {
				lm, _ := l.(map[string]any)
				if t, ok := lm["logType"].(string); ok {
					e.types = append(e.types, strings.ToUpper(t))
				}
			}
			out = append(out, e)
		}
	}
	return out, unknown
}

// covers reports whether an entry enables data reads and writes of service
// in project, and whether that is not known yet.
func (e auditEntry) covers(service, project string, projectKnown bool) (yes, unknown bool) {
	if e.service != service && e.service != serviceAll {
		return false, false
	}
	if !slices.Contains(e.types, "DATA_READ") || !slices.Contains(e.types, "DATA_WRITE") {
		return false, !e.complete
	}
	switch {
	case e.project == "" && e.projectStatus.Ok():
		return true, false
	case !e.projectStatus.Ok() || !projectKnown:
		return false, true
	default:
		return e.project == project, false
	}
}

// keyProject returns the project of a CryptoKey, read from its key ring id,
// or from the key ring it depends on in a preview.
func keyProject(s *graph, k rule.Resource) (string, bool) {
	ring, st := props.String(k.Properties, "keyRing")
	if st.Ok() {
		parts := strings.Split(ring, "/")
		if len(parts) < 2 || parts[0] != "projects" {
			return "", false
		}
		return parts[1], true
	}
	for _, r := range dependsOn(s, k, "keyRing", KeyRing) {
		if p, pst := projectOf(r); pst.Ok() {
			return p, true
		}
	}
	return "", false
}

func checkDataAccessAudit(st *rule.Stack, _ rule.Config) (f rule.Findings) {
	s := newGraph(st)
	entries, unknown := auditEntries(s)
	judge := func(r rule.Resource, service, project string, projectKnown bool) {
		covered, maybe := false, unknown
		for _, e := range entries {
			y, u := e.covers(service, project, projectKnown)
			covered, maybe = covered || y, maybe || u
		}
		switch {
		case covered:
		case maybe:
			f.UnverifiedAt(r.URN, "auditConfig")
		default:
			f.ViolationAt(r.URN, "", "no IAM audit config of this stack turns on DATA_READ and DATA_WRITE audit logs for %s in the project of %s, so reads and writes go unrecorded; add one", service, r.Name)
		}
	}
	for _, t := range s.OfType(Topic) {
		if s.InScope(t) {
			p, st := projectOf(t)
			judge(t, servicePubSub, p, st.Ok())
		}
	}
	for _, k := range s.OfType(CryptoKey) {
		if s.InScope(k) {
			p, ok := keyProject(s, k)
			judge(k, serviceKMS, p, ok)
		}
	}
	return f
}
