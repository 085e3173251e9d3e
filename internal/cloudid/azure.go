package cloudid

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/arm"
)

// AzureKind is a kind of Azure resource: its full resource type, as arm.ResourceType writes it.
type AzureKind struct {
	// Type is "<namespace>/<type>[/<child type>...]", compared without regard to case.
	Type string
	// Form is the ID's shape for error messages.
	Form string
	// name and parent, where set, are the naming rules of the resource and of its parent resource.
	name, parent func(string) bool
}

// The kinds pciqueue accepts from users or compares.
var (
	KeyVault              = AzureKind{Type: "Microsoft.KeyVault/vaults", Form: "/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.KeyVault/vaults/<vault>", name: vaultName}
	KeyVaultKey           = AzureKind{Type: "Microsoft.KeyVault/vaults/keys", Form: "/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.KeyVault/vaults/<vault>/keys/<key>", name: keyName, parent: vaultName}
	KeyVaultKeyVersion    = AzureKind{Type: "Microsoft.KeyVault/vaults/keys/versions", Form: "/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.KeyVault/vaults/<vault>/keys/<key>/versions/<version>"}
	LogAnalyticsWorkspace = AzureKind{Type: "Microsoft.OperationalInsights/workspaces", Form: "/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.OperationalInsights/workspaces/<name>", name: workspaceName}
	Subnet                = AzureKind{Type: "Microsoft.Network/virtualNetworks/subnets", Form: "/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>"}
	ActionGroup           = AzureKind{Type: "Microsoft.Insights/actionGroups", Form: "/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Insights/actionGroups/<name>"}
	PrivateDNSZone        = AzureKind{Type: "Microsoft.Network/privateDnsZones", Form: "/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Network/privateDnsZones/<zone>"}
)

// ParseAzureID parses s as the ID of a resource of the given kind in a resource group.
func ParseAzureID(s string, kind AzureKind) (*arm.ResourceID, error) {
	fail := func(why string) (*arm.ResourceID, error) {
		return nil, fmt.Errorf("parsing Azure resource ID %q: %s; want %s", s, why, kind.Form)
	}
	if strings.Contains(s, "//") || strings.HasSuffix(s, "/") || strings.TrimSpace(s) != s {
		return fail("it has an empty segment or surrounding spaces")
	}
	id, err := arm.ParseResourceID(s)
	if err != nil {
		return fail("it is not a resource ID")
	}
	switch {
	case !strings.EqualFold(id.ResourceType.String(), kind.Type):
		return fail(fmt.Sprintf("it names a %s", id.ResourceType.String()))
	case !guid(id.SubscriptionID):
		return fail(fmt.Sprintf("subscription %q is not a GUID", id.SubscriptionID))
	case id.ResourceGroupName == "":
		return fail("it names no resource group")
	case id.Name == "":
		return fail("it names no resource")
	case kind.name != nil && !kind.name(id.Name):
		return fail(fmt.Sprintf("%q is not a valid name here", id.Name))
	case kind.parent != nil && !kind.parent(id.Parent.Name):
		return fail(fmt.Sprintf("%q is not a valid name here", id.Parent.Name))
	}
	return id, nil
}

// vaultName: 3–24 letters, digits and hyphens, starting with a letter and ending with a letter or digit.
func vaultName(s string) bool {
	return len(s) >= 3 && len(s) <= 24 && chars(s, "-") && !strings.HasPrefix(s, "-") && !strings.HasSuffix(s, "-") &&
		!('0' <= s[0] && s[0] <= '9')
}

// keyName: 1–127 letters, digits and hyphens.
func keyName(s string) bool { return s != "" && len(s) <= 127 && chars(s, "-") }

// workspaceName: 4–63 letters, digits and hyphens, starting and ending with a letter or digit.
func workspaceName(s string) bool {
	return len(s) >= 4 && len(s) <= 63 && chars(s, "-") && !strings.HasPrefix(s, "-") && !strings.HasSuffix(s, "-")
}

// guid reports whether s is a GUID in its 8-4-4-4-12 hexadecimal form.
func guid(s string) bool {
	parts := strings.Split(s, "-")
	if len(parts) != 5 {
		return false
	}
	for i, n := range []int{8, 4, 4, 4, 12} {
		if len(parts[i]) != n || strings.Trim(strings.ToLower(parts[i]), "0123456789abcdef") != "" {
			return false
		}
	}
	return true
}

// KeyVaultKeyURI is a parsed Key Vault key identifier.
type KeyVaultKeyURI struct {
	Vault, Key, Version string
}

// ParseKeyVaultKeyURI parses a key identifier, https://<vault>.vault.azure.net/keys/<key>[/<version>] (or the
// vault domain of a national cloud).
func ParseKeyVaultKeyURI(s string) (KeyVaultKeyURI, error) {
	fail := func(why string) (KeyVaultKeyURI, error) {
		return KeyVaultKeyURI{}, fmt.Errorf("parsing Key Vault key identifier %q: %s; want https://<vault>.vault.azure.net/keys/<key>", s, why)
	}
	u, err := url.Parse(s)
	if err != nil || !strings.EqualFold(u.Scheme, "https") || u.RawQuery != "" || u.Fragment != "" {
		return fail("it is not an https URL")
	}
	vault, domain, _ := strings.Cut(strings.ToLower(u.Hostname()), ".")
	if vault == "" || !chars(vault, "-") || !strings.HasPrefix(domain, "vault.") {
		return fail("its host is not <vault>.vault.<domain>")
	}
	parts := strings.Split(strings.Trim(u.Path, "/"), "/")
	if len(parts) < 2 || len(parts) > 3 || !strings.EqualFold(parts[0], "keys") || parts[1] == "" {
		return fail("its path is not /keys/<key>[/<version>]")
	}
	k := KeyVaultKeyURI{Vault: vault, Key: parts[1]}
	if len(parts) == 3 {
		k.Version = parts[2]
	}
	return k, nil
}

// Matches reports whether s is an identifier of this kind (see ParseAzureID).
func (k AzureKind) Matches(s string) bool {
	_, err := ParseAzureID(s, k)
	return err == nil
}
