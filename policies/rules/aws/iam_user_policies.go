package aws

import (
	"github.com/pciqueue/pciqueue/internal/props"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// NoUserPolicies forbids attaching policies to users.
var NoUserPolicies = rule.Rule{
	Name:        "pci-7.2.4-no-user-policies",
	Requirement: "7.2.4",
	Description: "Privileges are assigned to roles, never directly to users: no aws.iam.UserPolicy or UserPolicyAttachment exists and no PolicyAttachment lists users. Fix: attach the policy to a role the user or workload assumes.",
	Types:       []string{UserPolicy, UserPolicyAtt, PolicyAtt},
	Check: func(r rule.Resource, _ rule.Config) (f rule.Findings) {
		if r.Type != PolicyAtt {
			f.Violation("", "a policy is attached directly to a user; attach it to a role")
			return f
		}
		users, st := props.Strings(r.Properties, "users")
		if !f.Unreadable(st, "users") && len(users) > 0 {
			f.Violation("users", "the policy attachment lists users; attach the policy to roles only")
		}
		return f
	},
}
