package aws

import (
	"strings"

	"github.com/pciqueue/pciqueue/internal/props"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// TrailIntegrity requires log file validation and CMK encryption.
var TrailIntegrity = rule.Rule{
	Name:        "pci-10.3.2-cloudtrail-integrity",
	Requirement: "10.3.2",
	Description: "CloudTrail audit logs are protected from undetected change and from reading: enableLogFileValidation is true and kmsKeyId names a customer-managed KMS key. Fix: set enableLogFileValidation to true and kmsKeyId to the ARN of an aws.kms.Key you manage.",
	Types:       []string{Trail},
	Check: func(r rule.Resource, _ rule.Config) (f rule.Findings) {
		if v, st := props.Bool(r.Properties, "enableLogFileValidation"); !f.Unreadable(st, "enableLogFileValidation") && !(st.Ok() && v) {
			f.Violation("enableLogFileValidation", "log file validation is off, so tampering with the logs goes unnoticed; set enableLogFileValidation to true")
		}
		if k, st := props.String(r.Properties, "kmsKeyId"); !f.Unreadable(st, "kmsKeyId") && strings.TrimSpace(k) == "" {
			f.Violation("kmsKeyId", "the trail's logs are not encrypted with a customer-managed key; set kmsKeyId")
		}
		return f
	},
}
