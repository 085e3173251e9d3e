package azure

import (
	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/pciqueue/pciqueue/internal/props"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// NamespaceTLS requires TLS 1.2 or later on Service Bus.
var NamespaceTLS = rule.Rule{
	Name:        "pci-4.2.1-servicebus-min-tls",
	Requirement: "4.2.1",
	Description: "Service Bus namespaces accept only strong cryptography in transit: minimumTlsVersion is set to \"1.2\" (or later), so clients cannot negotiate TLS 1.0 or 1.1. Fix: set minimumTlsVersion to \"1.2\" (the automatic fix does).",
	Types:       []string{Namespace},
	Check: func(r rule.Resource, _ rule.Config) (f rule.Findings) {
		v, st := props.String(r.Properties, "minimumTlsVersion")
		switch {
		case f.Unreadable(st, "minimumTlsVersion"):
		case st == props.Absent:
			f.Violation("minimumTlsVersion", "minimumTlsVersion is not set, so the namespace keeps whatever minimum Azure defaults to; set it to \"1.2\"")
		case !tlsAtLeast12(v):
			f.Violation("minimumTlsVersion", "minimumTlsVersion is %q, which allows TLS versions PCI DSS 4.2.1 no longer accepts; set it to \"1.2\"", v)
		}
		return f
	},
	Remediate: func(r rule.Resource, _ rule.Config) (property.Map, bool) {
		v, st := props.String(r.Properties, "minimumTlsVersion")
		if st == props.Unknown || (st.Ok() && tlsAtLeast12(v)) {
			return property.Map{}, false
		}
		return r.Properties.Set("minimumTlsVersion", property.New("1.2")), true
	},
}

func tlsAtLeast12(v string) bool {
	switch v {
	case "1.2", "1.3":
		return true
	default:
		return false
	}
}
