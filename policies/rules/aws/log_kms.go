package aws

import (
	"strings"

	"github.com/pciqueue/pciqueue/internal/level"
	"github.com/pciqueue/pciqueue/internal/props"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// LogKMS requires CloudWatch log groups to be encrypted with a CMK.
var LogKMS = rule.Rule{
	Name:        "pci-10.3.2-log-group-kms",
	Requirement: "10.3.2",
	Description: "CloudWatch log groups holding audit or function logs are encrypted with a customer-managed KMS key (kmsKeyId set), so reading them needs a key permission that is itself logged. Fix: set kmsKeyId to the ARN of an aws.kms.Key whose policy lets logs.<region>.amazonaws.com use it.",
	Types:       []string{LogGroup},
	Level:       level.Advisory,
	Check: func(r rule.Resource, _ rule.Config) (f rule.Findings) {
		if k, st := props.String(r.Properties, "kmsKeyId"); !f.Unreadable(st, "kmsKeyId") && strings.TrimSpace(k) == "" {
			f.Violation("kmsKeyId", "the log group is not encrypted with a customer-managed key; set kmsKeyId")
		}
		return f
	},
}
