package azure

import (
	"strconv"
	"strings"

	"github.com/pciqueue/pciqueue/internal/props"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// VaultNetwork requires Key Vault to refuse public network traffic.
var VaultNetwork = rule.Rule{
	Name:        "pci-1.4.4-key-vault-network",
	Requirement: "1.4.4",
	Description: "A Key Vault holding a queue key is not open to the internet: properties.publicNetworkAccess is Disabled, or properties.networkAcls.defaultAction is Deny (trusted Azure services such as Service Bus still reach it with bypass AzureServices), and no IP rule allows every address. Fix: set properties.publicNetworkAccess to Disabled and properties.networkAcls {defaultAction: Deny, bypass: AzureServices}, and reach the vault through a private endpoint.",
	Types:       []string{Vault},
	Check: func(r rule.Resource, _ rule.Config) (f rule.Findings) {
		m := r.Properties
		pna, pst := props.String(m, "properties.publicNetworkAccess")
		def, dst := props.String(m, "properties.networkAcls.defaultAction")
		disabled := pst.Ok() && strings.EqualFold(pna, "Disabled")
		deny := dst.Ok() && strings.EqualFold(def, "Deny")
		switch {
		case disabled || deny:
		case pst == props.Unknown:
			f.Unverified("properties.publicNetworkAccess")
		case dst == props.Unknown:
			f.Unverified("properties.networkAcls.defaultAction")
		case pst == props.WrongKind || dst == props.WrongKind:
			f.Unreadable(props.WrongKind, "properties.networkAcls")
		default:
			f.Violation("properties.publicNetworkAccess", "the vault accepts traffic from any network; set properties.publicNetworkAccess to Disabled or properties.networkAcls.defaultAction to Deny")
		}
		rules, st := props.Array(m, "properties.networkAcls.ipRules")
		if f.Unreadable(st, "properties.networkAcls.ipRules") {
			return f
		}
		for i := range rules {
			p := "properties.networkAcls.ipRules[" + strconv.Itoa(i) + "].value"
			v, st := props.String(m, p)
			if !f.Unreadable(st, p) && st.Ok() && allAddresses(v) {
				f.Violation(p, "IP rule %q allows every address, which undoes the firewall; list only the addresses that need the vault", v)
			}
		}
		return f
	},
}

func allAddresses(cidr string) bool {
	switch strings.TrimSpace(cidr) {
	case "0.0.0.0/0", "0.0.0.0", "*", "::/0", "Internet":
		return true
	default:
		return false
	}
}
