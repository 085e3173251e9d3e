package aws

import (
	"github.com/pciqueue/pciqueue/internal/level"
	"github.com/pciqueue/pciqueue/internal/props"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// TrailMultiRegion asks for multi-region trails. It is advisory: the account's
// security trail, usually an organization trail outside the stack, is where
// every region is recorded, while a trail a queue stack declares for its own
// region already records every event on its queue and its (regional) key.
// Make it mandatory where the stack owns the account's security trail.
var TrailMultiRegion = rule.Rule{
	Name:        "pci-10.2.1-cloudtrail-multi-region",
	Requirement: "10.2.1",
	Description: "A CloudTrail trail records activity in every region (isMultiRegionTrail true), so actions taken in an unused region are not invisible. Fix: set isMultiRegionTrail to true, or rely on an organization trail and keep this policy advisory.",
	Types:       []string{Trail},
	Level:       level.Advisory,
	Check: func(r rule.Resource, _ rule.Config) (f rule.Findings) {
		if multi, st := props.Bool(r.Properties, "isMultiRegionTrail"); !f.Unreadable(st, "isMultiRegionTrail") && !(st.Ok() && multi) {
			f.Violation("isMultiRegionTrail", "the trail records one region only; set isMultiRegionTrail to true")
		}
		return f
	},
}
