package azure

import (
	"net/netip"
	"strconv"
	"strings"

	"github.com/pciqueue/pciqueue/internal/props"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// NamespacePublicAccess requires Service Bus to refuse traffic from the
// internet: no public access, a network security perimeter, or "selected
// networks" (a network rule set that denies by default and allows only
// virtual networks and private addresses). The namespace and its rule set are
// separate resources, so this is a stack rule.
var NamespacePublicAccess = rule.Rule{
	Name:        "pci-1.4.4-servicebus-public-access",
	Requirement: "1.4.4",
	Description: "Service Bus namespaces holding cardholder data are not reachable from the internet: publicNetworkAccess is Disabled or SecuredByPerimeter, or the namespace keeps public access Enabled (the azure-native default) only behind a servicebus.NamespaceNetworkRuleSet with defaultAction Deny whose ipRules allow private (RFC 1918) addresses only (\"selected networks\"); every network rule set in the stack is held to the same. Fix: set publicNetworkAccess to Disabled and connect workloads through a private endpoint, or add a NamespaceNetworkRuleSet {defaultAction: Deny} with virtualNetworkRules for the workload subnets.",
	Types:       []string{Namespace, NamespaceNetworkRule},
	CheckStack: func(s *rule.Stack, _ rule.Config) (f rule.Findings) {
		sets := s.OfType(NamespaceNetworkRule)
		for _, rs := range sets {
			if s.InScope(rs) {
				checkRuleSet(&f, rs)
			}
		}
		for _, ns := range s.OfType(Namespace) {
			if s.InScope(ns) {
				checkNamespaceNetwork(&f, s, ns, sets)
			}
		}
		return f
	},
}

// closedAccess are the publicNetworkAccess values that refuse internet traffic.
var closedAccess = []string{"Disabled", "SecuredByPerimeter"}

func checkNamespaceNetwork(f *rule.Findings, s *rule.Stack, ns rule.Resource, sets []rule.Resource) {
	v, st := props.String(ns.Properties, "publicNetworkAccess")
	if f.UnreadableAt(ns.URN, st, "publicNetworkAccess") || stringIs(ns.Properties, "publicNetworkAccess", closedAccess...) {
		return
	}
	for _, rs := range sets {
		if ruleSetOf(s, rs, ns) && restricts(rs) {
			return
		}
	}
	if st == props.Absent {
		v = "not set, so Azure enables it"
	} else {
		v = strconv.Quote(v)
	}
	f.ViolationAt(ns.URN, "publicNetworkAccess", "namespace %s: publicNetworkAccess is %s and no network rule set of the stack denies by default; set it to Disabled and use a private endpoint, or add a NamespaceNetworkRuleSet with defaultAction Deny", ns.Name, v)
}

// ruleSetOf reports whether network rule set rs belongs to namespace ns.
func ruleSetOf(s *rule.Stack, rs, ns rule.Resource) bool {
	if hasURN(dependsOn(s, rs, "namespaceName", Namespace), ns.URN) {
		return true
	}
	a, ast := props.String(rs.Properties, "namespaceName")
	b, bst := props.String(ns.Properties, "namespaceName")
	ga, _ := props.String(rs.Properties, "resourceGroupName")
	gb, _ := props.String(ns.Properties, "resourceGroupName")
	return ast.Ok() && bst.Ok() && strings.EqualFold(a, b) && strings.EqualFold(ga, gb)
}

// restricts reports whether a network rule set keeps the internet out.
func restricts(rs rule.Resource) bool {
	var f rule.Findings
	checkRuleSet(&f, rs)
	return len(f) == 0
}

func checkRuleSet(f *rule.Findings, rs rule.Resource) {
	access, st := props.String(rs.Properties, "publicNetworkAccess")
	if f.UnreadableAt(rs.URN, st, "publicNetworkAccess") || stringIs(rs.Properties, "publicNetworkAccess", closedAccess...) {
		return
	}
	action, ast := props.String(rs.Properties, "defaultAction")
	switch {
	case f.UnreadableAt(rs.URN, ast, "defaultAction"):
		return
	case !stringIs(rs.Properties, "defaultAction", "Deny"):
		if ast == props.Absent {
			action = "not set"
		}
		f.ViolationAt(rs.URN, "defaultAction", "network rule set %s keeps public access %q with defaultAction %s, so every address reaches the namespace; set defaultAction to Deny or publicNetworkAccess to Disabled", rs.Name, access, strconv.Quote(action))
		return
	}
	rules, st := props.Array(rs.Properties, "ipRules")
	if f.UnreadableAt(rs.URN, st, "ipRules") {
		return
	}
	for i := range rules {
		p := "ipRules[" + strconv.Itoa(i) + "].ipMask"
		mask, st := props.String(rs.Properties, p)
		if f.UnreadableAt(rs.URN, st, p) {
			continue
		}
		if !privateRange(mask) {
			f.ViolationAt(rs.URN, p, "network rule set %s allows %q, which is not a private (RFC 1918) address range; reach the namespace from the internet through nothing, and list only virtual networks or private ranges", rs.Name, mask)
		}
	}
}

var privateRanges = []netip.Prefix{
	netip.MustParsePrefix("10.0.0.0/8"),
	netip.MustParsePrefix("172.16.0.0/12"),
	netip.MustParsePrefix("192.168.0.0/16"),
}

// privateRange reports whether an address or CIDR lies wholly inside a
// private range.
func privateRange(mask string) bool {
	mask = strings.TrimSpace(mask)
	p, err := netip.ParsePrefix(mask)
	if err != nil {
		a, aerr := netip.ParseAddr(mask)
		if aerr != nil {
			return false
		}
		p = netip.PrefixFrom(a, a.BitLen())
	}
	for _, r := range privateRanges {
		if r.Bits() <= p.Bits() && r.Contains(p.Masked().Addr()) {
			return true
		}
	}
	return false
}
