package aws

import (
	"github.com/pciqueue/pciqueue/policies/props"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// KeyDeletion requires the longest deletion window and the protect option.
var KeyDeletion = rule.Rule{
	Name:        "pci-3.7.5-kms-key-deletion",
	Requirement: "3.7.5",
	Description: "Destroying a KMS key, which makes every message it protects unreadable, needs deliberate steps: deletionWindowInDays is 30 (the AWS maximum and default) and the resource has the protect option. Fix: remove deletionWindowInDays or set it to 30, and pass pulumi.Protect(true).",
	Types:       []string{Key},
	Check: func(r rule.Resource, _ rule.Config) (f rule.Findings) {
		days, st := props.Number(r.Properties, "deletionWindowInDays")
		if !f.Unreadable(st, "deletionWindowInDays") && st.Ok() && days != 30 {
			f.Violation("deletionWindowInDays", "deletionWindowInDays is %g; set it to 30 so a scheduled deletion can be noticed and cancelled", days)
		}
		if !r.Protect {
			f.Violation("", "the key is not protected; pass pulumi.Protect(true) so pulumi destroy cannot schedule its deletion")
		}
		return f
	},
}
