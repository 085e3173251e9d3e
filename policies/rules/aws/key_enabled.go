package aws

import (
	"github.com/pciqueue/pciqueue/internal/level"
	"github.com/pciqueue/pciqueue/internal/props"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// KeyEnabled requires KMS keys to be enabled.
var KeyEnabled = rule.Rule{
	Name:        "pci-3.6.1-kms-key-enabled",
	Requirement: "3.6.1",
	Description: "A KMS key in the cardholder-data environment is enabled (isEnabled is not false); a disabled key makes the queue unreadable and hides a key-management change. Fix: remove isEnabled or set it to true; retire a key by scheduling deletion through change control.",
	Types:       []string{Key},
	Level:       level.Advisory,
	Check: func(r rule.Resource, _ rule.Config) (f rule.Findings) {
		on, st := props.Bool(r.Properties, "isEnabled")
		if !f.Unreadable(st, "isEnabled") && st.Ok() && !on {
			f.Violation("isEnabled", "the key is disabled; set isEnabled to true")
		}
		return f
	},
}
