package aws

import (
	"strings"

	"github.com/pciqueue/pciqueue/internal/props"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// Grant is the KMS grant type token.
const Grant = "aws:kms/grant:Grant"

// KeyGrant keeps KMS grants to a named grantee without re-delegation.
var KeyGrant = rule.Rule{
	Name:        "pci-7.2.2-kms-grant",
	Requirement: "7.2.2",
	Description: "A KMS grant names one grantee and does not let it pass the key on: granteePrincipal is not \"*\" and operations do not include CreateGrant. Fix: grant a specific role only the cryptographic operations it needs.",
	Types:       []string{Grant},
	Check: func(r rule.Resource, _ rule.Config) (f rule.Findings) {
		p, st := props.String(r.Properties, "granteePrincipal")
		if !f.Unreadable(st, "granteePrincipal") && st.Ok() && strings.Contains(p, "*") {
			f.Violation("granteePrincipal", "the grant's grantee is a wildcard; name one role")
		}
		ops, st := props.Strings(r.Properties, "operations")
		if f.Unreadable(st, "operations") {
			return f
		}
		for _, op := range ops {
			if strings.EqualFold(op, "CreateGrant") {
				f.Violation("operations", "the grant allows CreateGrant, so the grantee can hand the key to others; remove it")
			}
		}
		return f
	},
}
