package azure

import (
	"github.com/pciqueue/pciqueue/internal/level"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// KeyProtect asks for the protect option on Key Vault vaults and keys. It is
// advisory, as on AWS, because soft delete with purge protection
// (pci-3.7.5-key-vault-deletion) is what keeps a deleted key recoverable;
// protect guards against an unintended pulumi destroy, which development
// stacks may want.
var KeyProtect = rule.Rule{
	Name:        "pci-3.7.5-key-vault-protect",
	Requirement: "3.7.5",
	Description: "a Key Vault and its keys in the cardholder-data environment have the protect resource option, so pulumi destroy or a replacement cannot delete them without a deliberate change. Make it mandatory for production stacks. Fix: pass pulumi.Protect(true) (the pciqueue components do unless the stack config sets protect: false).",
	Types:       []string{Vault, Key},
	Level:       level.Advisory,
	Check: func(r rule.Resource, _ rule.Config) (f rule.Findings) {
		if !r.Protect {
			f.Violation("", "%s is not protected; pass pulumi.Protect(true)", r.Name)
		}
		return f
	},
}
