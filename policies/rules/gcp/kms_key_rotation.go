package gcp

import (
	"strconv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/pciqueue/pciqueue/internal/duration"
	"github.com/pciqueue/pciqueue/internal/props"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// KeyRotation requires Cloud KMS encryption keys to rotate at least yearly.
var KeyRotation = rule.Rule{
	Name:        "pci-3.7.4-gcp-kms-key-rotation",
	Requirement: "3.7.4",
	Description: "Cloud KMS symmetric encryption keys (purpose ENCRYPT_DECRYPT, the default) rotate automatically at the end of a cryptoperiod of at most maxRotationDays (365): rotationPeriod is set and at most that many seconds (31536000s). Asymmetric and MAC keys, which Cloud KMS cannot rotate automatically, are not judged. Fix: set rotationPeriod, e.g. \"7776000s\" for 90 days (the automatic fix sets the longest allowed period when it is missing or longer).",
	Types:       []string{CryptoKey},
	Params: []rule.Param{{
		Name: "maxRotationDays", Description: "Longest allowed rotation period in days (the organisation's cryptoperiod).",
		Default: float64(365), Schema: map[string]any{"type": "number", "minimum": 1, "maximum": 365},
	}},
	Check:     checkKeyRotation,
	Remediate: fixKeyRotation,
}

// rotatable reports whether Cloud KMS rotates a key of this purpose; a
// computed purpose counts as rotatable so that the key is judged.
func rotatable(r rule.Resource) bool {
	p, st := props.String(r.Properties, "purpose")
	return !st.Ok() || p == "" || strings.EqualFold(p, "ENCRYPT_DECRYPT")
}

// judgeKeyRotation reports on key k's rotation period, about urn.
func judgeKeyRotation(f *rule.Findings, urn string, k rule.Resource, maxDays float64) {
	if !rotatable(k) {
		return
	}
	v, st := props.String(k.Properties, "rotationPeriod")
	if f.UnreadableAt(urn, st, "rotationPeriod") {
		return
	}
	limit := maxDays * 86400
	if st == props.Absent || strings.TrimSpace(v) == "" {
		f.ViolationAt(urn, "rotationPeriod", "the key never rotates; set rotationPeriod to at most %gs (%g days)", limit, maxDays)
		return
	}
	switch n, err := duration.ParseGoogle(v); {
	case err != nil:
		f.ViolationAt(urn, "rotationPeriod", "rotationPeriod %q is not a duration in seconds such as \"7776000s\"", v)
	case n > limit:
		f.ViolationAt(urn, "rotationPeriod", "the key rotates every %g days, longer than the %g-day cryptoperiod; set rotationPeriod to at most %gs", n/86400, maxDays, limit)
	}
}

func checkKeyRotation(r rule.Resource, c rule.Config) (f rule.Findings) {
	judgeKeyRotation(&f, "", r, c.Number("maxRotationDays"))
	return f
}

func fixKeyRotation(r rule.Resource, c rule.Config) (property.Map, bool) {
	if !checkKeyRotation(r, c).Has(rule.Violation) {
		return property.Map{}, false
	}
	period := strconv.FormatFloat(c.Number("maxRotationDays")*86400, 'f', 0, 64) + "s"
	return r.Properties.Set("rotationPeriod", property.New(period)), true
}
