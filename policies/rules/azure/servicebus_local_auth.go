package azure

import (
	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/pciqueue/pciqueue/internal/props"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// NamespaceLocalAuth forbids shared access signatures on Service Bus.
var NamespaceLocalAuth = rule.Rule{
	Name:        "pci-8.6.2-servicebus-local-auth",
	Requirement: "8.6.2",
	Description: "Service Bus namespaces accept only Microsoft Entra ID tokens: disableLocalAuth is true, so no shared access signature key (a shared secret that ends up in connection strings and code) can send or receive. Fix: set disableLocalAuth to true (the automatic fix does) and give each workload a managed identity with a data role on its queue.",
	Types:       []string{Namespace},
	Check: func(r rule.Resource, _ rule.Config) (f rule.Findings) {
		requireBool(&f, r.Properties, "disableLocalAuth", true, false,
			"shared access signature (SAS) authentication is on; set disableLocalAuth to true and use managed identities")
		return f
	},
	Remediate: func(r rule.Resource, _ rule.Config) (property.Map, bool) {
		v, st := props.Bool(r.Properties, "disableLocalAuth")
		if st == props.Unknown || (st.Ok() && v) {
			return property.Map{}, false
		}
		return r.Properties.Set("disableLocalAuth", property.New(true)), true
	},
}
