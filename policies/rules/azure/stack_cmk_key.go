package azure

import (
	"github.com/pciqueue/pciqueue/policies/rule"
)

// CMKKeyInStack requires each namespace's key to be a rotating key of the
// stack.
var CMKKeyInStack = rule.Rule{
	Name:        "pci-3.7.4-servicebus-cmk-key-in-stack",
	Requirement: "3.7.4",
	Description: "Every Service Bus namespace in scope encrypts with a Key Vault key managed in the same stack (matched by keyName and the vault named in keyVaultUri, or through property dependencies in a preview), and that key has a rotation policy that rotates it at least every 365 days, so the key's lifecycle is visible and enforced here. A versionless key the pack configuration declares in externalKeys (on pci-12.5.2-scope-tags) is managed and assessed outside the stack: it passes with a notice from pci-evidence-outside-stack. Fix: create the azure-native keyvault Key in this stack with properties.rotationPolicy {lifetimeActions: [{action: {type: Rotate}, trigger: {timeAfterCreate: \"P90D\"}}]} and name it in the namespace's encryption.keyVaultProperties; or, for a key of a central key-management vault, declare its versionless key ID in externalKeys and evidence its rotation policy where it lives.",
	Types:       []string{Namespace, Key, Vault},
	CheckStack: func(s *rule.Stack, _ rule.Config) (f rule.Findings) {
		judged := map[string]bool{}
		for _, ns := range s.OfType(Namespace) {
			if !s.InScope(ns) {
				continue
			}
			entries, st := cmkEntries(s, ns)
			if f.UnreadableAt(ns.URN, st, "encryption.keyVaultProperties") {
				continue
			}
			for _, e := range entries {
				switch {
				case len(e.keys) > 0:
				case e.keyUnknown:
					f.UnverifiedAt(ns.URN, e.path+".keyName")
					continue
				default:
					if k, ok := s.External().AzureKey(e.vault, e.keyName); ok {
						f.NoticeAt(ns.URN, e.path+".keyName", "namespace %s encrypts with key %s, declared managed outside the stack (externalKeys); this stack cannot show its rotation policy, soft delete or purge protection: evidence them where the key lives", ns.Name, k.ID)
						continue
					}
					f.ViolationAt(ns.URN, e.path+".keyName", "namespace %s encrypts with key %q, which this stack does not manage, so its rotation cannot be shown; manage the key in this stack, or declare its versionless key ID in externalKeys if a key-management vault outside the stack manages it", ns.Name, e.keyName)
					continue
				}
				for _, k := range e.keys {
					if !judged[k.URN] {
						judged[k.URN] = true
						judgeRotation(&f, k.URN, k.Properties, 365)
					}
				}
			}
		}
		return f
	},
}
