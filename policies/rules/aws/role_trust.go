package aws

import (
	"strings"

	"github.com/pciqueue/pciqueue/policies/rule"
)

// RoleTrust requires role trust policies to name who may assume the role.
var RoleTrust = rule.Rule{
	Name:        "pci-7.2.1-role-trust-policy",
	Requirement: "7.2.1",
	Description: "Only a named service or account can assume a role: assumeRolePolicy has no Allow statement with Principal \"*\" (or an AWS principal containing a wildcard) unless a condition pins the caller (aws:SourceArn, aws:SourceAccount, aws:PrincipalOrgID, ...). Fix: set Principal to the service (lambda.amazonaws.com) or account ARN, optionally with aws:SourceArn.",
	Types:       []string{Role},
	Check: func(r rule.Resource, _ rule.Config) (f rule.Findings) {
		doc, st := document(r, "assumeRolePolicy", &f)
		if !st.Ok() {
			return f
		}
		for i, s := range doc.Statements {
			if !s.IsAllow() || restricted(s) {
				continue
			}
			open := openPrincipal(s)
			if s.Principal != nil {
				for _, p := range s.Principal.AWS {
					open = open || strings.Contains(p, "*")
				}
			}
			if open {
				f.Violation("assumeRolePolicy", "statement %d lets any principal assume the role; name the service or account", i)
			}
		}
		return f
	},
}
