package azure

import (
	"strconv"
	"strings"

	"github.com/pciqueue/pciqueue/internal/props"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// RoleDefinitionWildcards forbids custom roles that grant whole services.
var RoleDefinitionWildcards = rule.Rule{
	Name:        "pci-7.2.2-role-definition-wildcards",
	Requirement: "7.2.2",
	Description: "Custom role definitions list the operations they grant: no permissions[].actions or dataActions entry is \"*\" or a whole provider (\"Microsoft.ServiceBus/*\", \"Microsoft.KeyVault/*\"), which would make a custom owner. Fix: list the exact operations, or use a built-in data role such as Azure Service Bus Data Sender.",
	Types:       []string{RoleDefinition},
	Check: func(r rule.Resource, _ rule.Config) (f rule.Findings) {
		perms, st := props.Array(r.Properties, "permissions")
		if f.Unreadable(st, "permissions") {
			return f
		}
		for i := range perms {
			for _, kind := range []string{"actions", "dataActions"} {
				p := "permissions[" + strconv.Itoa(i) + "]." + kind
				list, st := props.Strings(r.Properties, p)
				if f.Unreadable(st, p) {
					continue
				}
				for _, a := range list {
					if wildcardOperation(a) {
						f.Violation(p, "%s grants %q, every operation of %s; list the operations the role needs", p, a, strings.TrimSuffix(a, "/*"))
					}
				}
			}
		}
		return f
	},
}

// wildcardOperation reports whether an operation pattern grants everything or
// a whole resource provider.
func wildcardOperation(a string) bool {
	a = strings.TrimSpace(a)
	if a == "*" || a == "*/*" {
		return true
	}
	provider, rest, ok := strings.Cut(a, "/")
	return ok && !strings.Contains(provider, "*") && rest == "*"
}
