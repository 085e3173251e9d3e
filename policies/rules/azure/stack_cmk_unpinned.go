package azure

import (
	"strconv"
	"strings"

	"github.com/pciqueue/pciqueue/internal/props"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// CMKUnpinned forbids pinning a Service Bus customer-managed key to a version.
var CMKUnpinned = rule.Rule{
	Name:        "pci-3.7.4-servicebus-cmk-unpinned",
	Requirement: "3.7.4",
	Description: "Every Service Bus namespace in scope follows its key's rotation: no encryption.keyVaultProperties entry sets keyVersion. A pinned version keeps encrypting with the old key after Key Vault rotates it, which silently defeats the rotation policy (and breaks the namespace when that version expires). Fix: remove keyVersion so the namespace always uses the key's current version.",
	Types:       []string{Namespace},
	CheckStack: func(s *rule.Stack, _ rule.Config) (f rule.Findings) {
		for _, ns := range s.OfType(Namespace) {
			if !s.InScope(ns) {
				continue
			}
			list, st := props.Array(ns.Properties, "encryption.keyVaultProperties")
			if f.UnreadableAt(ns.URN, st, "encryption.keyVaultProperties") {
				continue
			}
			for i := range list {
				p := "encryption.keyVaultProperties[" + strconv.Itoa(i) + "].keyVersion"
				v, st := props.String(ns.Properties, p)
				if !f.UnreadableAt(ns.URN, st, p) && strings.TrimSpace(v) != "" {
					f.ViolationAt(ns.URN, p, "namespace %s pins key version %q, so it ignores every rotation of the key; remove keyVersion", ns.Name, v)
				}
			}
		}
		return f
	},
}
