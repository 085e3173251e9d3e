package azure

import (
	"github.com/pciqueue/pciqueue/internal/level"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// VaultRBAC requires Azure RBAC, not access policies, on Key Vault.
var VaultRBAC = rule.Rule{
	Name:        "pci-7.2.4-key-vault-rbac",
	Requirement: "7.2.4",
	Description: "Access to Key Vault keys is granted with Azure role assignments that can be scoped to one key and reviewed with every other assignment: properties.enableRbacAuthorization is true (azure-native defaults it to false, which authorizes by vault-wide access policies instead). Fix: set properties.enableRbacAuthorization to true and grant Key Vault data roles with authorization.RoleAssignment.",
	Types:       []string{Vault},
	Level:       level.Advisory,
	Check: func(r rule.Resource, _ rule.Config) (f rule.Findings) {
		requireBool(&f, r.Properties, "properties.enableRbacAuthorization", true, false,
			"the vault authorizes data access with access policies; set properties.enableRbacAuthorization to true")
		return f
	},
}
