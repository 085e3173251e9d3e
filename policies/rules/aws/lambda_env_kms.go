package aws

import (
	"strings"

	"github.com/pciqueue/pciqueue/internal/props"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// LambdaEnvKMS requires functions with environment variables to encrypt them
// with a CMK.
var LambdaEnvKMS = rule.Rule{
	Name:        "pci-3.5.1-lambda-env-kms",
	Requirement: "3.5.1",
	Description: "A Lambda function that has environment variables encrypts them at rest with a customer-managed KMS key (kmsKeyArn set). Fix: set kmsKeyArn to an aws.kms.Key you manage, or remove the environment variables.",
	Types:       []string{Function},
	Check: func(r rule.Resource, _ rule.Config) (f rule.Findings) {
		vars, st := props.Map(r.Properties, "environment.variables")
		if f.Unreadable(st, "environment.variables") || !st.Ok() || vars.Len() == 0 {
			return f
		}
		if k, st := props.String(r.Properties, "kmsKeyArn"); !f.Unreadable(st, "kmsKeyArn") && strings.TrimSpace(k) == "" {
			f.Violation("kmsKeyArn", "the function's environment variables are encrypted with the AWS-managed key; set kmsKeyArn")
		}
		return f
	},
}
