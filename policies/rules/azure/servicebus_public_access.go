package azure

import (
	"github.com/pciqueue/pciqueue/internal/props"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// NamespacePublicAccess requires Service Bus to refuse public network traffic.
var NamespacePublicAccess = rule.Rule{
	Name:        "pci-1.4.4-servicebus-public-access",
	Requirement: "1.4.4",
	Description: "Service Bus namespaces holding cardholder data are not reachable from the internet: publicNetworkAccess is Disabled on the namespace (azure-native defaults it to Enabled) and on any servicebus.NamespaceNetworkRuleSet, so clients reach the namespace only through a private endpoint. Fix: set publicNetworkAccess to Disabled and connect workloads through an azure-native network PrivateEndpoint.",
	Types:       []string{Namespace, NamespaceNetworkRule},
	Check: func(r rule.Resource, _ rule.Config) (f rule.Findings) {
		v, st := props.String(r.Properties, "publicNetworkAccess")
		switch {
		case f.Unreadable(st, "publicNetworkAccess"):
		case st == props.Absent:
			f.Violation("publicNetworkAccess", "publicNetworkAccess is not set, so Azure enables public access; set it to Disabled and use a private endpoint")
		case !stringIs(r.Properties, "publicNetworkAccess", "Disabled"):
			f.Violation("publicNetworkAccess", "publicNetworkAccess is %q; set it to Disabled and use a private endpoint", v)
		}
		return f
	},
}
