package aws

import (
	"github.com/pciqueue/pciqueue/internal/props"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// KeyDeletion requires a deletion window AWS accepts; every one of them
// (7 to 30 days) leaves time to notice and cancel a scheduled deletion.
var KeyDeletion = rule.Rule{
	Name:        "pci-3.7.5-kms-key-deletion",
	Requirement: "3.7.5",
	Description: "Destroying a KMS key, which makes every message it protects unreadable, can be noticed and cancelled: deletionWindowInDays is between 7 and 30 days (unset is 30, the AWS default). Fix: remove deletionWindowInDays or set it to a value from 7 to 30.",
	Types:       []string{Key},
	Check: func(r rule.Resource, _ rule.Config) (f rule.Findings) {
		days, st := props.Number(r.Properties, "deletionWindowInDays")
		if !f.Unreadable(st, "deletionWindowInDays") && st.Ok() && !validDeletionWindow(days) {
			f.Violation("deletionWindowInDays", "deletionWindowInDays is %g; set it to a value from 7 to 30 so a scheduled deletion can be noticed and cancelled", days)
		}
		return f
	},
}

// validDeletionWindow reports whether a KMS key deletion window (days) is
// one AWS accepts, 7 to 30.
func validDeletionWindow(days float64) bool { return days >= 7 && days <= 30 }
