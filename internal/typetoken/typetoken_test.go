package typetoken

import "testing"

func TestCanonical(t *testing.T) {
	for in, want := range map[string]string{
		"azure-native:keyvault/v20230701:Vault":                 "azure-native:keyvault:Vault",
		"azure-native:servicebus/v20221001preview:Namespace":    "azure-native:servicebus:Namespace",
		"azure-native:authorization/v20220401:RoleAssignment":   "azure-native:authorization:RoleAssignment",
		"azure-native:keyvault:Vault":                           "azure-native:keyvault:Vault",
		"aws:sqs/queue:Queue":                                   "aws:sqs/queue:Queue",
		"gcp:pubsub/topic:Topic":                                "gcp:pubsub/topic:Topic",
		"azure-native:keyvault/vault:Vault":                     "azure-native:keyvault/vault:Vault",
		"pciqueue:azure:SecureQueue":                            "pciqueue:azure:SecureQueue",
		"azure-native:operationalinsights/v20230901:Workspace":  "azure-native:operationalinsights:Workspace",
		"azure-native:servicebus/v20230101privatepreview:Queue": "azure-native:servicebus:Queue",
	} {
		if got := Canonical(in); got != want {
			t.Errorf("Canonical(%q) = %q, want %q", in, got, want)
		}
	}
}
