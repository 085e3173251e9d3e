package azure

import (
	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/pciqueue/pciqueue/internal/props"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// WorkspaceLocalAuth forbids shared workspace keys on Log Analytics.
var WorkspaceLocalAuth = rule.Rule{
	Name:        "pci-8.6.2-log-workspace-local-auth",
	Requirement: "8.6.2",
	Description: "The Log Analytics workspace holding the audit trail accepts only Microsoft Entra ID: features.disableLocalAuth is true, so its shared workspace keys cannot be used to write forged records or read the trail. Diagnostic settings do not use those keys. Fix: set features.disableLocalAuth to true (the automatic fix does).",
	Types:       []string{Workspace},
	Check: func(r rule.Resource, _ rule.Config) (f rule.Findings) {
		requireBool(&f, r.Properties, "features.disableLocalAuth", true, false,
			"the workspace accepts its shared keys; set features.disableLocalAuth to true")
		return f
	},
	Remediate: func(r rule.Resource, _ rule.Config) (property.Map, bool) {
		v, st := props.Bool(r.Properties, "features.disableLocalAuth")
		if st == props.Unknown || st == props.WrongKind || (st.Ok() && v) {
			return property.Map{}, false
		}
		if _, fst := props.Map(r.Properties, "features"); fst == props.Unknown || fst == props.WrongKind {
			return property.Map{}, false
		}
		return setFix(r.Properties, "features.disableLocalAuth", property.New(true)), true
	},
}
