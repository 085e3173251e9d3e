package azure

import (
	"strconv"
	"strings"

	"github.com/pciqueue/pciqueue/internal/props"
	"github.com/pciqueue/pciqueue/policies/rule"
)

// cmkEntry is one encryption.keyVaultProperties entry of a namespace, with
// what it resolves to in the stack.
type cmkEntry struct {
	path string
	// keys are the stack's Key Vault keys the entry names.
	keys []rule.Resource
	// keyUnknown is true when the key name or vault URI is computed and no
	// property dependency names a key.
	keyUnknown bool
	keyName    string
	// vault is the name of the vault keyVaultUri names, when known.
	vault string
	// identity is the resource whose identity reads the key: a user-assigned
	// identity, or the namespace itself for its system-assigned identity.
	identity      rule.Resource
	identityFound bool
	// identityRef is the user-assigned identity's resource id, when known.
	identityRef    string
	identityStatus props.Status
}

// cmkEntries resolves the customer-managed-key entries of namespace ns.
func cmkEntries(s *rule.Stack, ns rule.Resource) ([]cmkEntry, props.Status) {
	list, st := props.Array(ns.Properties, "encryption.keyVaultProperties")
	if !st.Ok() {
		return nil, st
	}
	depKeys := dependsOn(s, ns, "encryption", Key)
	depIDs := dependsOn(s, ns, "encryption", UserAssignedIdentity)
	out := make([]cmkEntry, 0, len(list))
	for i := range list {
		e := cmkEntry{path: "encryption.keyVaultProperties[" + strconv.Itoa(i) + "]"}
		name, nst := props.String(ns.Properties, e.path+".keyName")
		uri, ust := props.String(ns.Properties, e.path+".keyVaultUri")
		e.keyName = name
		if nst.Ok() && ust.Ok() {
			e.vault = vaultNameOfURI(uri)
			e.keys = keysNamed(s, name, e.vault)
		}
		if len(e.keys) == 0 && (nst == props.Unknown || ust == props.Unknown) {
			e.keys = depKeys
			e.keyUnknown = len(depKeys) == 0
		}
		e.identityRef, e.identityStatus = props.String(ns.Properties, e.path+".identity.userAssignedIdentity")
		switch {
		case e.identityStatus.Ok() && e.identityRef != "":
			if ids := byID(s, e.identityRef, UserAssignedIdentity); len(ids) > 0 {
				e.identity, e.identityFound = ids[0], true
			}
		case e.identityStatus == props.Unknown:
			if len(depIDs) == 1 {
				e.identity, e.identityFound = depIDs[0], true
			}
		default:
			if namespaceHasSystemIdentity(ns.Properties) {
				e.identity, e.identityFound = ns, true
			}
		}
		out = append(out, e)
	}
	return out, st
}

// keysNamed returns the stack's keys named name in the vault named vault.
func keysNamed(s *rule.Stack, name, vault string) []rule.Resource {
	var out []rule.Resource
	for _, k := range s.OfType(Key) {
		kn := firstString(k, "keyName", "name")
		vn := firstString(k, "vaultName")
		if strings.EqualFold(kn, name) && (vault == "" || strings.EqualFold(vn, vault)) {
			out = append(out, k)
		}
	}
	return out
}

// vaultsOf returns the stack's vaults that key k lives in.
func vaultsOf(s *rule.Stack, k rule.Resource) []rule.Resource {
	out := dependsOn(s, k, "vaultName", Vault)
	if vn := firstString(k, "vaultName"); vn != "" {
		for _, v := range s.OfType(Vault) {
			if strings.EqualFold(firstString(v, "vaultName", "name"), vn) && !hasURN(out, v.URN) {
				out = append(out, v)
			}
		}
	}
	return out
}
