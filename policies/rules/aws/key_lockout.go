package aws

import (
	"github.com/pciqueue/pciqueue/internal/level"
	"github.com/pciqueue/pciqueue/internal/props"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// KeyLockout forbids bypassing the key policy lockout safety check.
var KeyLockout = rule.Rule{
	Name:        "pci-3.6.1-kms-key-lockout-check",
	Requirement: "3.6.1",
	Description: "A KMS key keeps the key policy lockout safety check: bypassPolicyLockoutSafetyCheck is not true, so a policy that locks every administrator out of the key is refused. Fix: remove bypassPolicyLockoutSafetyCheck or set it to false.",
	Types:       []string{Key, KeyPolicy},
	Level:       level.Advisory,
	Check: func(r rule.Resource, _ rule.Config) (f rule.Findings) {
		on, st := props.Bool(r.Properties, "bypassPolicyLockoutSafetyCheck")
		if !f.Unreadable(st, "bypassPolicyLockoutSafetyCheck") && st.Ok() && on {
			f.Violation("bypassPolicyLockoutSafetyCheck", "bypassPolicyLockoutSafetyCheck is true; set it to false")
		}
		return f
	},
}
