package azure

import (
	"strings"

	"github.com/pciqueue/pciqueue/internal/props"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// KeyStrength requires Key Vault keys of at least 112-bit security strength,
// the floor PCI DSS sets for strong cryptography.
var KeyStrength = rule.Rule{
	Name:        "pci-3.6.1-key-vault-key-strength",
	Requirement: "3.6.1",
	Description: "Key Vault keys are strong: RSA and RSA-HSM keys have at least minRsaBits (2048, 112-bit strength, the PCI DSS floor for strong cryptography; unset keySize is Key Vault's 2048; set 3072 for 128-bit strength), EC and EC-HSM keys use a NIST curve (P-256, P-384 or P-521, not P-256K), and properties.kty is set. Fix: create RSA-HSM keys with keySize 2048 or more, 3072 or 4096 for keys meant to outlive 2030 (Service Bus needs RSA).",
	Types:       []string{Key},
	Params: []rule.Param{{
		Name: "minRsaBits", Description: "Smallest allowed RSA modulus in bits.",
		Default: float64(2048), Schema: map[string]any{"type": "number", "minimum": 2048, "maximum": 4096},
	}},
	Check: func(r rule.Resource, c rule.Config) (f rule.Findings) {
		m := r.Properties
		kty, st := props.String(m, "properties.kty")
		if f.Unreadable(st, "properties.kty") {
			return f
		}
		switch strings.ToUpper(strings.TrimSpace(kty)) {
		case "RSA", "RSA-HSM":
			bits, st := props.Number(m, "properties.keySize")
			switch limit := c.Number("minRsaBits"); {
			case f.Unreadable(st, "properties.keySize"):
			case st == props.Absent:
				if limit > keyVaultDefaultRSABits {
					f.Violation("properties.keySize", "keySize is not set, so Key Vault creates a %d-bit key; set properties.keySize to at least %g", keyVaultDefaultRSABits, limit)
				}
			case bits < limit:
				f.Violation("properties.keySize", "the RSA key has %g bits; set properties.keySize to at least %g", bits, limit)
			}
		case "EC", "EC-HSM":
			curve, st := props.String(m, "properties.curveName")
			if !f.Unreadable(st, "properties.curveName") && st.Ok() && !approvedCurve(curve) {
				f.Violation("properties.curveName", "curve %q is not an approved NIST curve; use P-256, P-384 or P-521", curve)
			}
		case "OCT", "OCT-HSM":
			bits, st := props.Number(m, "properties.keySize")
			if !f.Unreadable(st, "properties.keySize") && st.Ok() && bits < 256 {
				f.Violation("properties.keySize", "the symmetric key has %g bits; use 256", bits)
			}
		case "":
			f.Violation("properties.kty", "the key type is not set; set properties.kty to RSA-HSM")
		default:
			f.Violation("properties.kty", "key type %q is not one Key Vault documents; use RSA-HSM", kty)
		}
		return f
	},
}

// keyVaultDefaultRSABits is the size of an RSA key created without keySize.
const keyVaultDefaultRSABits = 2048

func approvedCurve(c string) bool {
	switch strings.ToUpper(strings.TrimSpace(c)) {
	case "P-256", "P-384", "P-521":
		return true
	default:
		return false
	}
}
