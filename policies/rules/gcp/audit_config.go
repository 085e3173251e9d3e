package gcp

import (
	"slices"
	"strconv"
	"strings"

	"github.com/pciqueue/pciqueue/internal/props"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// auditLogTypes are the Cloud Audit Logs types PCI DSS 10.2 needs for the
// queue's services: configuration reads and every data read and write.
var auditLogTypes = []string{"ADMIN_READ", "DATA_READ", "DATA_WRITE"}

// AuditConfig requires complete Data Access audit logs for Pub/Sub and KMS.
var AuditConfig = rule.Rule{
	Name:        "pci-10.2.1-gcp-audit-config",
	Requirement: "10.2.1",
	Description: "IAM audit configs record every access: one for pubsub.googleapis.com, cloudkms.googleapis.com or allServices enables ADMIN_READ, DATA_READ and DATA_WRITE (Data Access logs are off by default), and no audit config exempts members, whose access would then go unrecorded. Fix: set auditLogConfigs to [{logType: ADMIN_READ}, {logType: DATA_READ}, {logType: DATA_WRITE}] without exemptedMembers.",
	Types:       []string{ProjectAuditConfig, FolderAuditConfig, OrgAuditConfig},
	Check: func(r rule.Resource, _ rule.Config) (f rule.Findings) {
		svc, st := props.String(r.Properties, "service")
		if f.Unreadable(st, "service") {
			return f
		}
		types, complete, exempt := auditLogTypesOf(&f, "", r)
		for _, p := range exempt {
			f.Violation(p, "%s exempts members from audit logging for %s, so their access goes unrecorded; remove exemptedMembers", p, svc)
		}
		if !complete || !auditedService(svc) {
			return f
		}
		for _, want := range auditLogTypes {
			if !slices.Contains(types, want) {
				f.Violation("auditLogConfigs", "the audit config for %s does not enable %s; add {logType: %s}", svc, want, want)
			}
		}
		return f
	},
}

func auditedService(svc string) bool {
	return svc == serviceAll || svc == servicePubSub || svc == serviceKMS
}

// auditLogTypesOf returns the log types an audit config enables, whether all
// could be read (unreadable ones are reported through f, about urn), and the
// paths of entries that exempt members.
func auditLogTypesOf(f *rule.Findings, urn string, r rule.Resource) (types []string, complete bool, exempt []string) {
	list, st := props.Array(r.Properties, "auditLogConfigs")
	if f.UnreadableAt(urn, st, "auditLogConfigs") {
		return nil, false, nil
	}
	complete = true
	for i := range list {
		base := "auditLogConfigs[" + strconv.Itoa(i) + "]"
		t, st := props.String(r.Properties, base+".logType")
		if f.UnreadableAt(urn, st, base+".logType") {
			complete = false
			continue
		}
		types = append(types, strings.ToUpper(t))
		m, st := props.Strings(r.Properties, base+".exemptedMembers")
		if !f.UnreadableAt(urn, st, base+".exemptedMembers") && len(m) > 0 {
			exempt = append(exempt, base+".exemptedMembers")
		}
	}
	return types, complete, exempt
}
