package typetoken

import "regexp"

// azureVersioned matches an azure-native type token of an explicit API
// version: the versioned modules of the azure-native SDK register
// "azure-native:<module>/v<yyyymmdd>[preview]:<Type>".
var azureVersioned = regexp.MustCompile(`^(azure-native:[^/:]+)/v[0-9]{8}[a-z]*(:[^:]+)$`)

// Canonical returns the type token rules are written against: an
// azure-native token of an explicit API version becomes the default-version
// token (azure-native:keyvault/v20230701:Vault is judged as
// azure-native:keyvault:Vault), because both create the same Azure resource
// with the same property names. Every other token is returned unchanged.
func Canonical(typ string) string {
	if m := azureVersioned.FindStringSubmatch(typ); m != nil {
		return m[1] + m[2]
	}
	return typ
}
