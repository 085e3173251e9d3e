package aws

import (
	"github.com/pciqueue/pciqueue/policies/rule"
)

// IAM user credential type tokens.
const (
	UserLoginProfile = "aws:iam/userLoginProfile:UserLoginProfile"
	UserPolicy       = "aws:iam/userPolicy:UserPolicy"
	UserPolicyAtt    = "aws:iam/userPolicyAttachment:UserPolicyAttachment"
	PolicyAtt        = "aws:iam/policyAttachment:PolicyAttachment"
)

// NoIAMUsers forbids long-lived IAM users and their credentials.
var NoIAMUsers = rule.Rule{
	Name:        "pci-8.6.2-no-iam-users",
	Requirement: "8.6.2",
	Description: "Workloads authenticate with IAM roles only, never with shared or long-lived secrets: the stack declares no IAM user, access key or login profile. Fix: give the function or service an IAM role and remove the user and its keys.",
	Types:       []string{User, AccessKey, UserLoginProfile},
	Check: func(r rule.Resource, _ rule.Config) (f rule.Findings) {
		switch r.Type {
		case AccessKey:
			f.Violation("", "an IAM access key is a long-lived shared secret; use an IAM role instead")
		case UserLoginProfile:
			f.Violation("", "an IAM user password is a long-lived shared secret; use federated access or an IAM role instead")
		default:
			f.Violation("", "an IAM user carries long-lived credentials; use an IAM role instead")
		}
		return f
	},
}
