package aws

import (
	"strings"

	"github.com/pciqueue/pciqueue/internal/props"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// TrailLogging requires a trail that logs all management events everywhere.
var TrailLogging = rule.Rule{
	Name:        "pci-10.2.1-cloudtrail-logging",
	Requirement: "10.2.1",
	Description: "A CloudTrail trail keeps recording every management event it sees: enableLogging is not false, includeGlobalServiceEvents is not false, and its event selectors neither drop management events, nor restrict them to read-only or write-only, nor exclude kms.amazonaws.com (every use of a KMS key is a management event). Fix: keep logging on and management events All, including KMS.",
	Types:       []string{Trail},
	Check:       checkTrailLogging,
}

func checkTrailLogging(r rule.Resource, _ rule.Config) (f rule.Findings) {
	if on, st := props.Bool(r.Properties, "enableLogging"); !f.Unreadable(st, "enableLogging") && st.Ok() && !on {
		f.Violation("enableLogging", "the trail is stopped; set enableLogging to true")
	}
	if g, st := props.Bool(r.Properties, "includeGlobalServiceEvents"); !f.Unreadable(st, "includeGlobalServiceEvents") && st.Ok() && !g {
		f.Violation("includeGlobalServiceEvents", "the trail drops global service events (IAM, STS); set includeGlobalServiceEvents to true")
	}
	selectors, st := props.Array(r.Properties, "eventSelectors")
	if f.Unreadable(st, "eventSelectors") {
		return f
	}
	for i := range selectors {
		base := "eventSelectors[" + itoa(i) + "]"
		if inc, st := props.Bool(r.Properties, base+".includeManagementEvents"); !f.Unreadable(st, base+".includeManagementEvents") && st.Ok() && !inc {
			f.Violation(base+".includeManagementEvents", "event selector %d drops management events; set includeManagementEvents to true", i)
		}
		if rw, st := props.String(r.Properties, base+".readWriteType"); !f.Unreadable(st, base+".readWriteType") && st.Ok() && rw != "" && !strings.EqualFold(rw, "All") {
			f.Violation(base+".readWriteType", "event selector %d records %s events only; set readWriteType to All", i, rw)
		}
		if ex, st := props.Strings(r.Properties, base+".excludeManagementEventSources"); !f.Unreadable(st, base+".excludeManagementEventSources") {
			for _, src := range ex {
				if strings.EqualFold(src, "kms.amazonaws.com") {
					f.Violation(base+".excludeManagementEventSources", "event selector %d excludes KMS events, which record every use of the queue key; remove kms.amazonaws.com", i)
				}
			}
		}
	}
	return f
}
