package aws

import (
	"slices"

	"github.com/pciqueue/pciqueue/policies/rule"
)

// IAMEscalation forbids permissions-management actions on every resource.
var IAMEscalation = rule.Rule{
	Name:        "pci-7.2.2-iam-privilege-escalation",
	Requirement: "7.2.2",
	Description: "Identity policies cannot be used to grant themselves more: no Allow statement applies iam:PassRole, iam:Put*Policy, iam:Attach*Policy, iam:CreatePolicyVersion, iam:SetDefaultPolicyVersion, iam:UpdateAssumeRolePolicy, iam:CreateAccessKey, iam:CreateLoginProfile, iam:UpdateLoginProfile or sts:AssumeRole to Resource \"*\". Fix: name the specific role ARNs these actions may act on, or remove them from workload roles.",
	Types:       []string{Policy, RolePolicy, Role},
	Check: func(r rule.Resource, _ rule.Config) (f rule.Findings) {
		for _, d := range documents(r, &f) {
			for i, s := range d.doc.Statements {
				if !s.IsAllow() || !s.WildcardResource() {
					continue
				}
				if j := slices.IndexFunc(escalationActions, s.AllowsAction); j >= 0 {
					f.Violation(d.path, "statement %d allows %s on every resource, which lets the holder escalate its own privileges; name the resources", i, escalationActions[j])
				}
			}
		}
		return f
	},
}

var escalationActions = []string{
	"iam:PassRole", "iam:PutRolePolicy", "iam:PutUserPolicy", "iam:PutGroupPolicy", "iam:AttachRolePolicy",
	"iam:AttachUserPolicy", "iam:AttachGroupPolicy", "iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion",
	"iam:UpdateAssumeRolePolicy", "iam:CreateAccessKey", "iam:CreateLoginProfile", "iam:UpdateLoginProfile",
	"sts:AssumeRole",
}
