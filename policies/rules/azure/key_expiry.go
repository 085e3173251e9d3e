package azure

import (
	"github.com/pciqueue/pciqueue/internal/duration"
	"github.com/pciqueue/pciqueue/internal/props"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// KeyExpiry requires Key Vault key versions to expire.
var KeyExpiry = rule.Rule{
	Name:        "pci-3.6.1-key-vault-key-expiry",
	Requirement: "3.6.1",
	Description: "Key Vault key versions have an end of life, so a version whose rotation failed stops being usable instead of protecting data indefinitely: properties.rotationPolicy.attributes.expiryTime (an ISO 8601 duration stamped on every version the policy creates) or properties.attributes.expires (a fixed expiry, seconds since 1970) is set. Fix: set rotationPolicy.attributes.expiryTime a little longer than the rotation trigger, e.g. P120D for a P90D rotation.",
	Types:       []string{Key},
	Check: func(r rule.Resource, _ rule.Config) (f rule.Findings) {
		m := r.Properties
		rel, rst := props.String(m, rotationPath+".attributes.expiryTime")
		abs, ast := props.Number(m, "properties.attributes.expires")
		switch {
		case rst.Ok() && rel != "":
			if d, err := duration.ISO8601Days(rel); err != nil || d <= 0 {
				f.Violation(rotationPath+".attributes.expiryTime", "expiryTime %q is not an ISO 8601 duration such as P120D", rel)
			}
		case ast.Ok() && abs > 0:
		case rst == props.Unknown:
			f.Unverified(rotationPath + ".attributes.expiryTime")
		case ast == props.Unknown:
			f.Unverified("properties.attributes.expires")
		case rst == props.WrongKind:
			f.Unreadable(rst, rotationPath+".attributes.expiryTime")
		case ast == props.WrongKind:
			f.Unreadable(ast, "properties.attributes.expires")
		default:
			f.Violation(rotationPath+".attributes.expiryTime", "key versions never expire; set properties.rotationPolicy.attributes.expiryTime (or properties.attributes.expires)")
		}
		return f
	},
}
