package aws

import (
	"github.com/pciqueue/pciqueue/internal/level"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// KeyProtect asks for the protect option on KMS keys. It is advisory because
// the deletion window (pci-3.7.5-kms-key-deletion) is what keeps a
// deletion recoverable; protect guards against an unintended pulumi destroy,
// which development stacks may want. Make it mandatory for production.
var KeyProtect = rule.Rule{
	Name:        "pci-3.7.5-kms-key-protect",
	Requirement: "3.7.5",
	Description: "A KMS key in the cardholder-data environment has the protect resource option, so pulumi destroy or a replacement cannot schedule its deletion without a deliberate change. Fix: pass pulumi.Protect(true) (the pciqueue components do unless the stack config sets protect: false).",
	Types:       []string{Key},
	Level:       level.Advisory,
	Check: func(r rule.Resource, _ rule.Config) (f rule.Findings) {
		if !r.Protect {
			f.Violation("", "the key is not protected; pass pulumi.Protect(true)")
		}
		return f
	},
}
