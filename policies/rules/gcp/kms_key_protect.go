package gcp

import (
	enforcement "github.com/pciqueue/pciqueue/internal/level"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// KeyProtect asks for the protect option on Cloud KMS keys. It is advisory,
// as on AWS, because the destruction delay (pci-3.7.5-gcp-kms-key-destruction)
// is what keeps a destroyed key recoverable; protect guards against an
// unintended pulumi destroy, which development stacks may want.
var KeyProtect = rule.Rule{
	Name:        "pci-3.7.5-gcp-kms-key-protect",
	Requirement: "3.7.5",
	Description: "a Cloud KMS key in the cardholder-data environment has the protect resource option, so pulumi destroy or a replacement cannot schedule its destruction without a deliberate change. Make it mandatory for production stacks. Fix: pass pulumi.Protect(true) (the pciqueue components do unless the stack config sets protect: false).",
	Types:       []string{CryptoKey},
	Level:       enforcement.Advisory,
	Check: func(r rule.Resource, _ rule.Config) (f rule.Findings) {
		if !r.Protect {
			f.Violation("", "the key is not protected; pass pulumi.Protect(true)")
		}
		return f
	},
}
