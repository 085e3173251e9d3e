package azure

import (
	"strconv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/pciqueue/pciqueue/internal/duration"
	"github.com/pciqueue/pciqueue/internal/props"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// KeyRotation requires a Key Vault rotation policy that rotates at least
// yearly.
var KeyRotation = rule.Rule{
	Name:        "pci-3.7.4-key-vault-key-rotation",
	Requirement: "3.7.4",
	Description: "Key Vault keys rotate automatically at the end of a cryptoperiod of at most maxRotationDays (365): properties.rotationPolicy.lifetimeActions has an action of type Rotate whose trigger is timeAfterCreate (ISO 8601, e.g. P90D or P1Y) at most that long, or timeBeforeExpiry such that rotationPolicy.attributes.expiryTime minus it is at most that long. Fix: add rotationPolicy {lifetimeActions: [{action: {type: Rotate}, trigger: {timeAfterCreate: \"P90D\"}}], attributes: {expiryTime: \"P120D\"}}, and leave keyVersion empty wherever the key is used so the new version is picked up.",
	Types:       []string{Key},
	Params: []rule.Param{{
		Name: "maxRotationDays", Description: "Longest allowed rotation period in days (the organisation's cryptoperiod).",
		Default: float64(365), Schema: map[string]any{"type": "number", "minimum": 7, "maximum": 365},
	}},
	Check: func(r rule.Resource, c rule.Config) (f rule.Findings) {
		judgeRotation(&f, "", r.Properties, c.Number("maxRotationDays"))
		return f
	},
}

const rotationPath = "properties.rotationPolicy"

// judgeRotation reports on a key's rotation policy, about the resource urn
// ("" for the judged resource).
func judgeRotation(f *rule.Findings, urn string, m property.Map, maxDays float64) {
	actions, st := props.Array(m, rotationPath+".lifetimeActions")
	if f.UnreadableAt(urn, st, rotationPath+".lifetimeActions") {
		return
	}
	best, unknown := 0.0, false
	for i := range actions {
		base := rotationPath + ".lifetimeActions[" + strconv.Itoa(i) + "]"
		typ, st := props.String(m, base+".action.type")
		if st == props.Unknown {
			unknown = true
			continue
		}
		if !st.Ok() || !strings.EqualFold(typ, "Rotate") {
			continue
		}
		days, ok, u := rotationTrigger(f, urn, m, base)
		unknown = unknown || u
		if ok && (best == 0 || days < best) {
			best = days
		}
	}
	switch {
	case best > 0 && best <= maxDays:
	case best > 0:
		f.ViolationAt(urn, rotationPath+".lifetimeActions", "the key rotates every %.4g days, longer than the %g-day cryptoperiod; rotate at most every %g days", best, maxDays, maxDays)
	case unknown:
		f.UnverifiedAt(urn, rotationPath+".lifetimeActions")
	default:
		f.ViolationAt(urn, rotationPath, "the key has no automatic rotation; add a rotationPolicy with a Rotate lifetime action at most every %g days", maxDays)
	}
}

// rotationTrigger returns how many days after creation a Rotate action
// fires.
func rotationTrigger(f *rule.Findings, urn string, m property.Map, base string) (days float64, ok, unknown bool) {
	after, st := props.String(m, base+".trigger.timeAfterCreate")
	switch {
	case st == props.Unknown:
		return 0, false, true
	case st.Ok():
		d, err := duration.ISO8601Days(after)
		if err != nil || d <= 0 {
			f.ViolationAt(urn, base+".trigger.timeAfterCreate", "timeAfterCreate %q is not an ISO 8601 duration such as P90D", after)
			return 0, false, false
		}
		return d, true, false
	}
	before, bst := props.String(m, base+".trigger.timeBeforeExpiry")
	expiry, est := props.String(m, rotationPath+".attributes.expiryTime")
	switch {
	case bst == props.Unknown || est == props.Unknown:
		return 0, false, true
	case !bst.Ok() || !est.Ok():
		return 0, false, false
	}
	b, errB := duration.ISO8601Days(before)
	e, errE := duration.ISO8601Days(expiry)
	if errB != nil || errE != nil || e-b <= 0 {
		f.ViolationAt(urn, base+".trigger.timeBeforeExpiry", "timeBeforeExpiry %q with expiryTime %q gives no rotation time; use ISO 8601 durations with expiryTime longer than timeBeforeExpiry", before, expiry)
		return 0, false, false
	}
	return e - b, true, false
}
