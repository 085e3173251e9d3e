package cloudid

import (
	"slices"
	"strings"
	"testing"
)

func TestParseARN(t *testing.T) {
	for _, tc := range []struct {
		name    string
		in      string
		kind    AWSKind
		wantID  string
		wantErr string
	}{
		{name: "kms key", in: "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab", kind: KMSKey, wantID: "1234abcd-12ab-34cd-56ef-1234567890ab"},
		{name: "kms key in GovCloud", in: "arn:aws-us-gov:kms:us-gov-west-1:123456789012:key/mrk-1", kind: KMSKey, wantID: "mrk-1"},
		{name: "kms key in China", in: "arn:aws-cn:kms:cn-north-1:123456789012:key/abc", kind: KMSKey, wantID: "abc"},
		{name: "trail", in: "arn:aws:cloudtrail:eu-west-1:123456789012:trail/org.trail_1", kind: CloudTrailTrail, wantID: "org.trail_1"},
		{name: "role with path", in: "arn:aws:iam::123456789012:role/admins/break-glass+ops", kind: IAMRole, wantID: "admins/break-glass+ops"},
		{name: "sns topic", in: "arn:aws:sns:eu-west-1:123456789012:pci-alerts", kind: SNSTopic, wantID: "pci-alerts"},
		{name: "sns fifo topic", in: "arn:aws:sns:eu-west-1:123456789012:pci-alerts.fifo", kind: SNSTopic, wantID: "pci-alerts.fifo"},
		{name: "kms alias", in: "arn:aws:kms:eu-west-1:123456789012:alias/aws/sqs", kind: KMSKey, wantErr: `resource "alias/aws/sqs" is not a key`},
		{name: "bare alias", in: "alias/aws/sqs", kind: KMSKey, wantErr: `parsing ARN "alias/aws/sqs": it is not an ARN; want arn:aws:kms:<region>:<account>:key/<key-id>`},
		{name: "key id only", in: "1234abcd-12ab", kind: KMSKey, wantErr: "it is not an ARN"},
		{name: "wrong service", in: "arn:aws:sqs:eu-west-1:123456789012:key/x", kind: KMSKey, wantErr: `service "sqs" is not kms`},
		{name: "wrong partition", in: "arn:gcp:kms:eu-west-1:123456789012:key/x", kind: KMSKey, wantErr: `partition "gcp" is not an AWS partition`},
		{name: "short account", in: "arn:aws:kms:eu-west-1:12345:key/x", kind: KMSKey, wantErr: `account "12345" is not 12 digits`},
		{name: "no region", in: "arn:aws:kms::123456789012:key/x", kind: KMSKey, wantErr: `region "" is not a region name`},
		{name: "upper-case region", in: "arn:aws:kms:EU-WEST-1:123456789012:key/x", kind: KMSKey, wantErr: `region "EU-WEST-1"`},
		{name: "role with region", in: "arn:aws:iam:eu-west-1:123456789012:role/x", kind: IAMRole, wantErr: `iam ARNs carry no region`},
		{name: "user instead of role", in: "arn:aws:iam::123456789012:user/alice", kind: IAMRole, wantErr: `resource "user/alice" is not a role`},
		{name: "role wildcard", in: "arn:aws:iam::123456789012:role/*", kind: IAMRole, wantErr: `resource ID "*" is empty or holds characters`},
		{name: "empty key id", in: "arn:aws:kms:eu-west-1:123456789012:key/", kind: KMSKey, wantErr: `resource ID "" is empty`},
		{name: "sns topic with slash", in: "arn:aws:sns:eu-west-1:123456789012:a/b", kind: SNSTopic, wantErr: `resource ID "a/b"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseARN(tc.in, tc.kind)
			if parsed(t, "ParseARN", tc.in, err, tc.wantErr) && got.ID != tc.wantID {
				t.Errorf("ParseARN(%q).ID = %q, want %q", tc.in, got.ID, tc.wantID)
			}
		})
	}
}

func TestParseAzureID(t *testing.T) {
	const sub = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-pci"
	for _, tc := range []struct {
		name             string
		in               string
		kind             AzureKind
		wantName, parent string
		wantErr          string
	}{
		{name: "key", in: sub + "/providers/Microsoft.KeyVault/vaults/kv-pci/keys/sb-cmk", kind: KeyVaultKey, wantName: "sb-cmk", parent: "kv-pci"},
		{name: "key in other case", in: "/SUBSCRIPTIONS/00000000-0000-0000-0000-000000000000/resourcegroups/rg/providers/microsoft.keyvault/Vaults/kv-pci/Keys/k", kind: KeyVaultKey, wantName: "k", parent: "kv-pci"},
		{name: "vault", in: sub + "/providers/Microsoft.KeyVault/vaults/kv-pci", kind: KeyVault, wantName: "kv-pci", parent: "rg-pci"},
		{name: "key version", in: sub + "/providers/Microsoft.KeyVault/vaults/kv/keys/k/versions/0123456789abcdef0123456789abcdef", kind: KeyVaultKeyVersion, wantName: "0123456789abcdef0123456789abcdef", parent: "k"},
		{name: "workspace", in: sub + "/providers/Microsoft.OperationalInsights/workspaces/law-pci", kind: LogAnalyticsWorkspace, wantName: "law-pci", parent: "rg-pci"},
		{name: "subnet", in: sub + "/providers/Microsoft.Network/virtualNetworks/vnet/subnets/endpoints", kind: Subnet, wantName: "endpoints", parent: "vnet"},
		{name: "action group", in: sub + "/providers/microsoft.insights/actionGroups/oncall", kind: ActionGroup, wantName: "oncall", parent: "rg-pci"},
		{name: "private dns zone", in: sub + "/providers/Microsoft.Network/privateDnsZones/privatelink.servicebus.windows.net", kind: PrivateDNSZone, wantName: "privatelink.servicebus.windows.net", parent: "rg-pci"},
		{name: "key version as a key", in: sub + "/providers/Microsoft.KeyVault/vaults/kv/keys/k/versions/abc", kind: KeyVaultKey, wantErr: "it names a Microsoft.KeyVault/vaults/keys/versions"},
		{name: "vault as a key", in: sub + "/providers/Microsoft.KeyVault/vaults/kv", kind: KeyVaultKey, wantErr: "it names a Microsoft.KeyVault/vaults"},
		{name: "subscription not a guid", in: "/subscriptions/prod/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/w", kind: LogAnalyticsWorkspace, wantErr: `subscription "prod" is not a GUID`},
		{name: "no resource group", in: "/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.OperationalInsights/workspaces/w", kind: LogAnalyticsWorkspace, wantErr: "it names no resource group"},
		{name: "trailing slash", in: sub + "/providers/Microsoft.OperationalInsights/workspaces/w/", kind: LogAnalyticsWorkspace, wantErr: "empty segment"},
		{name: "double slash", in: sub + "/providers/Microsoft.OperationalInsights//workspaces/w", kind: LogAnalyticsWorkspace, wantErr: "empty segment"},
		{name: "relative", in: "subscriptions/x", kind: LogAnalyticsWorkspace, wantErr: `parsing Azure resource ID "subscriptions/x": it is not a resource ID; want /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.OperationalInsights/workspaces/<name>`},
		{name: "empty", in: "", kind: Subnet, wantErr: "it is not a resource ID"},
		{name: "vault name too short", in: sub + "/providers/Microsoft.KeyVault/vaults/kv/keys/k", kind: KeyVaultKey, wantErr: `"kv" is not a valid name here`},
		{name: "vault name starting with a digit", in: sub + "/providers/Microsoft.KeyVault/vaults/1kv/keys/k", kind: KeyVaultKey, wantErr: `"1kv" is not a valid name here`},
		{name: "key name with underscore", in: sub + "/providers/Microsoft.KeyVault/vaults/kv-pci/keys/sb_cmk", kind: KeyVaultKey, wantErr: `"sb_cmk" is not a valid name here`},
		{name: "workspace name too short", in: sub + "/providers/Microsoft.OperationalInsights/workspaces/law", kind: LogAnalyticsWorkspace, wantErr: `"law" is not a valid name here`},
		{name: "key URI", in: "https://kv.vault.azure.net/keys/k", kind: KeyVaultKey, wantErr: "parsing Azure resource ID"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseAzureID(tc.in, tc.kind)
			if parsed(t, "ParseAzureID", tc.in, err, tc.wantErr) && (got.Name != tc.wantName || got.Parent.Name != tc.parent) {
				t.Errorf("ParseAzureID(%q) = name %q parent %q, want %q, %q", tc.in, got.Name, got.Parent.Name, tc.wantName, tc.parent)
			}
		})
	}
}

func TestParseKeyVaultKeyURI(t *testing.T) {
	for _, tc := range []struct {
		in      string
		want    KeyVaultKeyURI
		wantErr string
	}{
		{in: "https://kv-pci.vault.azure.net/keys/sb-cmk", want: KeyVaultKeyURI{Vault: "kv-pci", Key: "sb-cmk"}},
		{in: "https://KV.vault.azure.net/keys/k/", want: KeyVaultKeyURI{Vault: "kv", Key: "k"}},
		{in: "https://kv.vault.azure.cn/keys/k/0123abcd", want: KeyVaultKeyURI{Vault: "kv", Key: "k", Version: "0123abcd"}},
		{in: "http://kv.vault.azure.net/keys/k", wantErr: "it is not an https URL"},
		{in: "https://kv.example.com/keys/k", wantErr: "its host is not <vault>.vault.<domain>"},
		{in: "https://kv.vault.azure.net/secrets/k", wantErr: "its path is not /keys/<key>[/<version>]"},
		{in: "https://kv.vault.azure.net/keys/k/v/extra", wantErr: "its path is not"},
		{in: "/subscriptions/x", wantErr: "it is not an https URL"},
	} {
		got, err := ParseKeyVaultKeyURI(tc.in)
		if parsed(t, "ParseKeyVaultKeyURI", tc.in, err, tc.wantErr) && got != tc.want {
			t.Errorf("ParseKeyVaultKeyURI(%q) = %+v, want %+v", tc.in, got, tc.want)
		}
	}
}

func TestParseGoogleName(t *testing.T) {
	for _, tc := range []struct {
		name    string
		in      string
		kind    GoogleKind
		want    []string
		wantErr string
	}{
		{name: "crypto key", in: "projects/pci-prod/locations/europe-west1/keyRings/ring_1/cryptoKeys/topic-cmk", kind: CryptoKey, want: []string{"pci-prod", "europe-west1", "ring_1", "topic-cmk"}},
		{name: "domain-scoped project", in: "projects/example.com:pci-prod/locations/global/keyRings/r/cryptoKeys/k", kind: CryptoKey, want: []string{"example.com:pci-prod", "global", "r", "k"}},
		{name: "key version", in: "projects/pci-prod/locations/eu/keyRings/r/cryptoKeys/k/cryptoKeyVersions/3", kind: CryptoKeyVersion, want: []string{"pci-prod", "eu", "r", "k", "3"}},
		{name: "notification channel", in: "projects/pci-prod/notificationChannels/1234567890", kind: NotificationChannel, want: []string{"pci-prod", "1234567890"}},
		{name: "access policy", in: "accessPolicies/123", kind: AccessPolicy, want: []string{"123"}},
		{name: "perimeter", in: "accessPolicies/123/servicePerimeters/pci_perimeter", kind: ServicePerimeter, want: []string{"123", "pci_perimeter"}},
		{name: "access level", in: "accessPolicies/123/accessLevels/corp", kind: AccessLevel, want: []string{"123", "corp"}},
		{name: "key version as a key", in: "projects/pci-prod/locations/eu/keyRings/r/cryptoKeys/k/cryptoKeyVersions/3", kind: CryptoKey, wantErr: "it has 10 segments; want projects/<project>/locations/<location>/keyRings/<keyRing>/cryptoKeys/<cryptoKey>"},
		{name: "key ring as a key", in: "projects/pci-prod/locations/eu/keyRings/r", kind: CryptoKey, wantErr: "it has 6 segments"},
		{name: "wrong collection", in: "projects/pci-prod/regions/eu/keyRings/r/cryptoKeys/k", kind: CryptoKey, wantErr: `segment "regions" is not "locations"`},
		{name: "project too short", in: "projects/pci/locations/eu/keyRings/r/cryptoKeys/k", kind: CryptoKey, wantErr: `"pci" is not a valid ID in projects`},
		{name: "project upper case", in: "projects/PCI-prod/locations/eu/keyRings/r/cryptoKeys/k", kind: CryptoKey, wantErr: `"PCI-prod" is not a valid ID in projects`},
		{name: "key name with dot", in: "projects/pci-prod/locations/eu/keyRings/r/cryptoKeys/k.1", kind: CryptoKey, wantErr: `"k.1" is not a valid ID in cryptoKeys`},
		{name: "empty key", in: "projects/pci-prod/locations/eu/keyRings/r/cryptoKeys/", kind: CryptoKey, wantErr: `"" is not a valid ID in cryptoKeys`},
		{name: "channel not numeric", in: "projects/pci-prod/notificationChannels/email", kind: NotificationChannel, wantErr: `"email" is not a valid ID`},
		{name: "perimeter with hyphen", in: "accessPolicies/123/servicePerimeters/pci-perimeter", kind: ServicePerimeter, wantErr: `"pci-perimeter" is not a valid ID`},
		{name: "leading slash", in: "/projects/pci-prod/notificationChannels/1", kind: NotificationChannel, wantErr: "segments"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseGoogleName(tc.in, tc.kind)
			if parsed(t, "ParseGoogleName", tc.in, err, tc.wantErr) && !slices.Equal(got.IDs, tc.want) {
				t.Errorf("ParseGoogleName(%q) = %v, want %v", tc.in, got.IDs, tc.want)
			}
		})
	}
}

// parsed checks err against wantErr (empty for none, else a part of the message) and reports whether the
// parse succeeded as expected, so that the caller checks the value.
func parsed(t *testing.T, fn, in string, err error, wantErr string) bool {
	t.Helper()
	switch {
	case wantErr != "" && (err == nil || !strings.Contains(err.Error(), wantErr)):
		t.Errorf("%s(%q) error = %v, want one containing %q", fn, in, err, wantErr)
	case wantErr == "" && err != nil:
		t.Errorf("%s(%q): %v", fn, in, err)
	default:
		return wantErr == ""
	}
	return false
}
