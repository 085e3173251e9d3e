package gcp

import (
	"slices"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/pciqueue/pciqueue/internal/props"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// Perimeter requires an enforced VPC Service Controls perimeter around the
// queue's services.
var Perimeter = rule.Rule{
	Name:        "pci-1.3.1-gcp-vpc-sc-perimeter",
	Requirement: "1.3.1",
	Description: "A VPC Service Controls perimeter is an enforced network boundary around the queue: perimeterType is PERIMETER_TYPE_REGULAR (not a bridge), its configuration is in status (enforced), not only in a dry-run spec, status.restrictedServices includes requiredServices (pubsub.googleapis.com and cloudkms.googleapis.com; logging.googleapis.com is recommended), status.vpcAccessibleServices.enableRestriction is true, and no ingress or egress policy admits ANY_IDENTITY. Fix: set status {resources: [projects/<number>], restrictedServices: [pubsub.googleapis.com, cloudkms.googleapis.com, logging.googleapis.com], vpcAccessibleServices: {enableRestriction: true, allowedServices: [RESTRICTED-SERVICES]}} and name identities in ingress and egress rules.",
	Types:       []string{ServicePerimeter},
	Params: []rule.Param{{
		Name: "requiredServices", Description: "Services every perimeter must restrict.",
		Default: []any{servicePubSub, serviceKMS},
		Schema:  map[string]any{"type": "array", "items": map[string]any{"type": "string"}, "minItems": 1},
	}},
	Check: func(r rule.Resource, c rule.Config) (f rule.Findings) {
		judgePerimeter(&f, "", r.Properties, c.Strings("requiredServices"))
		return f
	},
}

// judgePerimeter reports on a perimeter's enforced configuration, about urn.
func judgePerimeter(f *rule.Findings, urn string, m property.Map, required []string) {
	if t, st := props.String(m, "perimeterType"); !f.UnreadableAt(urn, st, "perimeterType") && st.Ok() && t != "" && t != "PERIMETER_TYPE_REGULAR" {
		f.ViolationAt(urn, "perimeterType", "perimeterType is %s; a bridge shares resources between perimeters and restricts nothing, use PERIMETER_TYPE_REGULAR", t)
	}
	status, st := props.Map(m, "status")
	if f.UnreadableAt(urn, st, "status") {
		return
	}
	if st == props.Absent || status.Len() == 0 {
		msg := "the perimeter has no enforced configuration (status)"
		if _, sst := props.Map(m, "spec"); sst.Ok() {
			msg = "the perimeter is dry-run only: its configuration is in spec, which logs violations but blocks nothing"
		}
		f.ViolationAt(urn, "status", "%s; move the configuration to status", msg)
		return
	}
	services, st := props.Strings(m, "status.restrictedServices")
	if !f.UnreadableAt(urn, st, "status.restrictedServices") {
		for _, want := range required {
			if !slices.Contains(services, want) {
				f.ViolationAt(urn, "status.restrictedServices", "the perimeter does not restrict %s, so it can be called from outside; add it to status.restrictedServices", want)
			}
		}
	}
	on, st := props.Bool(m, "status.vpcAccessibleServices.enableRestriction")
	if !f.UnreadableAt(urn, st, "status.vpcAccessibleServices.enableRestriction") && !(st.Ok() && on) {
		f.ViolationAt(urn, "status.vpcAccessibleServices.enableRestriction", "networks inside the perimeter may call any Google API, so data can leave through an unrestricted one; set status.vpcAccessibleServices {enableRestriction: true, allowedServices: [RESTRICTED-SERVICES]}")
	}
	for _, dir := range []string{"ingress", "egress"} {
		list, st := props.Array(m, "status."+dir+"Policies")
		if f.UnreadableAt(urn, st, "status."+dir+"Policies") {
			continue
		}
		for i := range list {
			p := "status." + dir + "Policies[" + strconv.Itoa(i) + "]." + dir + "From.identityType"
			t, st := props.String(m, p)
			if !f.UnreadableAt(urn, st, p) && strings.EqualFold(t, "ANY_IDENTITY") {
				f.ViolationAt(urn, p, "an %s rule admits ANY_IDENTITY, which opens the perimeter to everyone; name the identities", dir)
			}
		}
	}
}
