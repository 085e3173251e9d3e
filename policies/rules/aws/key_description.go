package aws

import (
	"strings"

	"github.com/pciqueue/pciqueue/internal/level"
	"github.com/pciqueue/pciqueue/internal/props"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// KeyDescription asks for a description on every key, for the key inventory.
var KeyDescription = rule.Rule{
	Name:        "pci-12.5.1-kms-key-description",
	Requirement: "12.5.1",
	Description: "Every KMS key says what it protects (a non-empty description), which the inventory of system components and keys relies on. Fix: set description, e.g. \"pciqueue orders queue CMK\".",
	Types:       []string{Key},
	Level:       level.Advisory,
	Check: func(r rule.Resource, _ rule.Config) (f rule.Findings) {
		d, st := props.String(r.Properties, "description")
		if !f.Unreadable(st, "description") && strings.TrimSpace(d) == "" {
			f.Violation("description", "the key has no description; say which queue and data it protects")
		}
		return f
	},
}
