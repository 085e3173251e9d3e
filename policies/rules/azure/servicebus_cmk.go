package azure

import (
	"strconv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/pciqueue/pciqueue/internal/props"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// keySourceKeyVault is the encryption key source of a customer-managed key.
const keySourceKeyVault = "Microsoft.KeyVault"

// NamespaceCMK requires a Premium namespace encrypted with a Key Vault key.
var NamespaceCMK = rule.Rule{
	Name:        "pci-3.5.1-servicebus-cmk",
	Requirement: "3.5.1",
	Description: "Service Bus namespaces encrypt messages at rest with a customer-managed key: sku Premium (the only tier that supports it), encryption.keySource Microsoft.KeyVault with at least one encryption.keyVaultProperties entry naming keyName and keyVaultUri, read through a managed identity (keyVaultProperties[].identity.userAssignedIdentity, or a system-assigned namespace identity), and encryption.requireInfrastructureEncryption true for a second layer. Fix: use sku {name: Premium, tier: Premium}, a user-assigned identity on the namespace, and encryption {keySource: Microsoft.KeyVault, keyVaultProperties: [{keyName, keyVaultUri, identity: {userAssignedIdentity}}], requireInfrastructureEncryption: true}.",
	Types:       []string{Namespace},
	Check:       checkNamespaceCMK,
}

func checkNamespaceCMK(r rule.Resource, _ rule.Config) (f rule.Findings) {
	m := r.Properties
	for _, p := range []string{"sku.name", "sku.tier"} {
		v, st := props.String(m, p)
		switch {
		case f.Unreadable(st, p):
		case st == props.Absent && p == "sku.name":
			f.Violation(p, "the namespace has no sku, so Azure creates a Standard namespace, which cannot use a customer-managed key; set sku.name to Premium")
		case st.Ok() && !strings.EqualFold(v, "Premium"):
			f.Violation(p, "%s is %q; only Premium namespaces encrypt with a customer-managed key, set it to Premium", p, v)
		}
	}
	enc, st := props.Map(m, "encryption")
	if f.Unreadable(st, "encryption") {
		return f
	}
	if st == props.Absent || enc.Len() == 0 {
		f.Violation("encryption", "the namespace is encrypted with a Microsoft-managed key; set encryption with keySource Microsoft.KeyVault and keyVaultProperties naming your Key Vault key")
		return f
	}
	if src, st := props.String(m, "encryption.keySource"); !f.Unreadable(st, "encryption.keySource") && st.Ok() && !strings.EqualFold(src, keySourceKeyVault) {
		f.Violation("encryption.keySource", "encryption.keySource is %q; set it to %s", src, keySourceKeyVault)
	}
	if on, st := props.Bool(m, "encryption.requireInfrastructureEncryption"); !f.Unreadable(st, "encryption.requireInfrastructureEncryption") && !(st.Ok() && on) {
		f.Violation("encryption.requireInfrastructureEncryption", "infrastructure (double) encryption is off; set encryption.requireInfrastructureEncryption to true")
	}
	kvps, st := props.Array(m, "encryption.keyVaultProperties")
	if f.Unreadable(st, "encryption.keyVaultProperties") {
		return f
	}
	if len(kvps) == 0 {
		f.Violation("encryption.keyVaultProperties", "encryption names no Key Vault key; add a keyVaultProperties entry with keyName and keyVaultUri")
		return f
	}
	systemAssigned := namespaceHasSystemIdentity(m)
	for i := range kvps {
		base := "encryption.keyVaultProperties[" + strconv.Itoa(i) + "]"
		for _, p := range []string{".keyName", ".keyVaultUri"} {
			v, st := props.String(m, base+p)
			if !f.Unreadable(st, base+p) && strings.TrimSpace(v) == "" {
				f.Violation(base+p, "%s is empty; name the Key Vault key the namespace encrypts with", base+p)
			}
		}
		uai, st := props.String(m, base+".identity.userAssignedIdentity")
		if f.Unreadable(st, base+".identity.userAssignedIdentity") {
			continue
		}
		if strings.TrimSpace(uai) == "" && !systemAssigned {
			f.Violation(base+".identity.userAssignedIdentity", "no managed identity reads the key; set identity.userAssignedIdentity to a user-assigned identity attached to the namespace")
		}
	}
	return f
}

// namespaceHasSystemIdentity reports whether the namespace has a
// system-assigned identity, which can read the key when no user-assigned one
// is named.
func namespaceHasSystemIdentity(m property.Map) bool {
	t, st := props.String(m, "identity.type")
	return st.Ok() && strings.Contains(strings.ToLower(t), "systemassigned")
}
