package aws

import (
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/pciqueue/pciqueue/internal/props"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// KeyRotation requires automatic rotation, at most yearly, on symmetric
// encryption keys.
var KeyRotation = rule.Rule{
	Name:        "pci-3.7.4-kms-key-rotation",
	Requirement: "3.7.4",
	Description: "Symmetric KMS encryption keys rotate automatically at the end of a cryptoperiod of at most one year: enableKeyRotation is true and rotationPeriodInDays is at most maxRotationDays (365). Fix: set enableKeyRotation to true and rotationPeriodInDays to 365 or less (the automatic fix does both).",
	Types:       []string{Key},
	Params: []rule.Param{{
		Name:        "maxRotationDays",
		Description: "Longest allowed rotation period in days (the organisation's cryptoperiod).",
		Default:     float64(365),
		Schema:      map[string]any{"type": "number", "minimum": 90, "maximum": 365},
	}},
	Check:     checkKeyRotation,
	Remediate: fixKeyRotation,
}

// rotatable reports whether a key supports automatic rotation: symmetric
// encryption keys do, asymmetric and HMAC keys do not. A computed spec or
// usage counts as rotatable so that the key is judged rather than skipped.
func rotatable(r rule.Resource) bool {
	if spec, st := props.String(r.Properties, "customerMasterKeySpec"); st.Ok() && spec != "" && !strings.EqualFold(spec, "SYMMETRIC_DEFAULT") {
		return false
	}
	usage, st := props.String(r.Properties, "keyUsage")
	return !st.Ok() || usage == "" || strings.EqualFold(usage, "ENCRYPT_DECRYPT")
}

func checkKeyRotation(r rule.Resource, c rule.Config) (f rule.Findings) {
	if !rotatable(r) {
		return f
	}
	on, st := props.Bool(r.Properties, "enableKeyRotation")
	if !f.Unreadable(st, "enableKeyRotation") && !(st.Ok() && on) {
		f.Violation("enableKeyRotation", "automatic key rotation is off; set enableKeyRotation to true")
	}
	limit := c.Number("maxRotationDays")
	days, st := props.Number(r.Properties, "rotationPeriodInDays")
	if !f.Unreadable(st, "rotationPeriodInDays") && st.Ok() && days > limit {
		f.Violation("rotationPeriodInDays", "rotationPeriodInDays is %g, longer than the %g-day cryptoperiod; set it to %g or less", days, limit, limit)
	}
	return f
}

func fixKeyRotation(r rule.Resource, c rule.Config) (property.Map, bool) {
	if !rotatable(r) {
		return property.Map{}, false
	}
	m := r.Properties
	changed := false
	if on, st := props.Bool(m, "enableKeyRotation"); st == props.Absent || (st.Ok() && !on) {
		m = m.Set("enableKeyRotation", property.New(true))
		changed = true
	}
	limit := c.Number("maxRotationDays")
	if days, st := props.Number(m, "rotationPeriodInDays"); st.Ok() && days > limit {
		m = m.Set("rotationPeriodInDays", property.New(limit))
		changed = true
	}
	return m, changed
}
