package azure

import (
	"strings"

	"github.com/pciqueue/pciqueue/internal/props"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// CMKIdentity requires the identity that reads a namespace's key to hold
// exactly the key-wrapping role on that key.
var CMKIdentity = rule.Rule{
	Name:        "pci-3.6.1.3-servicebus-cmk-identity",
	Requirement: "3.6.1.3",
	Description: "The managed identity a Service Bus namespace reads its customer-managed key with is a user-assigned identity of the stack attached to the namespace (identity.userAssignedIdentities), or the namespace's system-assigned identity, and it holds Key Vault Crypto Service Encryption User on that key or its vault and no other role anywhere, so the key is usable only to wrap and unwrap the namespace's data keys. Fix: attach the identity to the namespace and grant it only Key Vault Crypto Service Encryption User with scope set to the key's resource id.",
	Types:       []string{Namespace, UserAssignedIdentity, RoleAssignment, Key, Vault},
	CheckStack:  checkCMKIdentity,
}

func checkCMKIdentity(s *rule.Stack, _ rule.Config) (f rule.Findings) {
	for _, ns := range s.OfType(Namespace) {
		if !s.InScope(ns) {
			continue
		}
		entries, st := cmkEntries(s, ns)
		if f.UnreadableAt(ns.URN, st, "encryption.keyVaultProperties") {
			continue
		}
		for _, e := range entries {
			p := e.path + ".identity.userAssignedIdentity"
			if !e.identityFound {
				switch {
				case e.identityStatus == props.Unknown:
					f.UnverifiedAt(ns.URN, p)
				case e.identityStatus.Ok() && e.identityRef != "":
					f.ViolationAt(ns.URN, p, "namespace %s reads its key with identity %q, which this stack does not manage, so its roles cannot be shown; manage the identity in this stack", ns.Name, e.identityRef)
				default:
					f.ViolationAt(ns.URN, p, "namespace %s names no identity to read its key with; set a user-assigned identity", ns.Name)
				}
				continue
			}
			if e.identity.URN != ns.URN {
				judgeAttached(s, &f, ns, e)
			}
			judgeKeyRole(s, &f, ns, e)
		}
	}
	return f
}

// judgeAttached requires the user-assigned identity to be attached to the
// namespace, without which Service Bus cannot use it.
func judgeAttached(s *rule.Stack, f *rule.Findings, ns rule.Resource, e cmkEntry) {
	attached, st := props.Strings(ns.Properties, "identity.userAssignedIdentities")
	id, ist := props.String(e.identity.Properties, "id")
	if (st == props.Unknown || !ist.Ok()) && hasURN(dependsOn(s, ns, "identity", UserAssignedIdentity), e.identity.URN) {
		return
	}
	if st == props.WrongKind {
		// azure-native v1 programs give the identities as a map keyed by id.
		if m, mst := props.Map(ns.Properties, "identity.userAssignedIdentities"); mst.Ok() {
			attached, st = nil, mst
			for id := range m.AllStable {
				attached = append(attached, id)
			}
		}
	}
	if f.UnreadableAt(ns.URN, st, "identity.userAssignedIdentities") {
		return
	}
	for _, a := range attached {
		if (ist.Ok() && sameID(a, id)) || (e.identityStatus.Ok() && sameID(a, e.identityRef)) {
			return
		}
	}
	f.ViolationAt(ns.URN, "identity.userAssignedIdentities", "the identity %s that reads namespace %s's key is not attached to the namespace; add it to identity.userAssignedIdentities", e.identity.Name, ns.Name)
}

// judgeKeyRole requires Key Vault Crypto Service Encryption User on the key
// or its vault, and nothing else, for the identity of e.
func judgeKeyRole(s *rule.Stack, f *rule.Findings, ns rule.Resource, e cmkEntry) {
	targets := append([]rule.Resource{}, e.keys...)
	for _, k := range e.keys {
		targets = append(targets, vaultsOf(s, k)...)
	}
	assignments, unknown := assignmentsTo(s, e.identity)
	granted := false
	for _, ra := range assignments {
		def, st := props.String(ra.Properties, "roleDefinitionId")
		if f.UnreadableAt(ra.URN, st, "roleDefinitionId") {
			continue
		}
		guid := roleGUID(def)
		if guid != roleKeyVaultCryptoServiceEncUse {
			f.ViolationAt(ra.URN, "roleDefinitionId", "the identity %s that reads namespace %s's key also holds %s; it may hold only Key Vault Crypto Service Encryption User on the key", e.identity.Name, ns.Name, roleName(guid))
			continue
		}
		onTarget, scopeUnknown := false, false
		for _, t := range targets {
			yes, u := refersTo(s, ra, "scope", t)
			onTarget, scopeUnknown = onTarget || yes, scopeUnknown || u
		}
		scope, _ := props.String(ra.Properties, "scope")
		switch {
		case onTarget:
			granted = true
		case scopeUnknown:
			f.UnverifiedAt(ra.URN, "scope")
		case len(targets) == 0 && vaultScopeRE.MatchString(scope):
			// Without the key in the stack only the shape of the scope can
			// be judged: one key or vault.
			granted = true
		default:
			f.ViolationAt(ra.URN, "scope", "Key Vault Crypto Service Encryption User for namespace %s's identity is scoped to %q, not to the namespace's key or its vault; scope it to the key", ns.Name, strings.TrimSpace(scope))
		}
	}
	switch {
	case granted:
	case unknown:
		f.UnverifiedAt(ns.URN, e.path+".identity")
	default:
		f.ViolationAt(ns.URN, e.path+".identity", "the identity %s that reads namespace %s's key holds no Key Vault Crypto Service Encryption User role on it in this stack; grant it, scoped to the key", e.identity.Name, ns.Name)
	}
}
