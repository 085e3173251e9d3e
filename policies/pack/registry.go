package pack

import (
	"github.com/pciqueue/pciqueue/policies/rule"
	"github.com/pciqueue/pciqueue/policies/rules/aws"
	"github.com/pciqueue/pciqueue/policies/rules/common"
)

// Rules returns every rule of the pack.
func Rules() []rule.Rule {
	return []rule.Rule{
		// Cross-cloud.
		common.ScopeTags,

		// AWS resource rules.
		aws.QueueCMK,
		aws.KeyRotation,
	}
}
