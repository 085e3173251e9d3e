package azure

import (
	"github.com/pciqueue/pciqueue/internal/props"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// VaultDeletion requires a Key Vault whose deleted keys stay recoverable.
var VaultDeletion = rule.Rule{
	Name:        "pci-3.7.5-key-vault-deletion",
	Requirement: "3.7.5",
	Description: "A Key Vault holding a queue key cannot lose it by accident or malice: properties.enableSoftDelete is not false, properties.softDeleteRetentionInDays (default 90) is at least minSoftDeleteDays (90, the Azure maximum), and properties.enablePurgeProtection is true, so a deleted key cannot be purged before the retention ends. Fix: set properties.enableSoftDelete true, properties.softDeleteRetentionInDays 90 and properties.enablePurgeProtection true (purge protection cannot be turned off again).",
	Types:       []string{Vault},
	Params: []rule.Param{{
		Name: "minSoftDeleteDays", Description: "Shortest allowed soft-delete retention in days (Azure accepts 7 to 90).",
		Default: float64(90), Schema: map[string]any{"type": "number", "minimum": 7, "maximum": 90},
	}},
	Check: func(r rule.Resource, c rule.Config) (f rule.Findings) {
		m := r.Properties
		requireBool(&f, m, "properties.enableSoftDelete", true, true,
			"soft delete is off, so a deleted key is gone at once; set properties.enableSoftDelete to true")
		days, st := props.Number(m, "properties.softDeleteRetentionInDays")
		if limit := c.Number("minSoftDeleteDays"); !f.Unreadable(st, "properties.softDeleteRetentionInDays") && st.Ok() && days < limit {
			f.Violation("properties.softDeleteRetentionInDays", "deleted keys stay recoverable for %g days; set properties.softDeleteRetentionInDays to at least %g", days, limit)
		}
		requireBool(&f, m, "properties.enablePurgeProtection", true, false,
			"purge protection is off, so a deleted key can be purged at once; set properties.enablePurgeProtection to true")
		return f
	},
}
