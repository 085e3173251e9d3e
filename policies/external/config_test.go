package external

import (
	"strings"
	"testing"
)

const (
	awsKey             = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	azureKey           = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/keys/providers/Microsoft.KeyVault/vaults/Central-CMK/keys/queues"
	azureKeyIdentifier = "https://central-cmk.vault.azure.net/keys/queues"
	gcpKey             = "projects/central-keys/locations/europe-west1/keyRings/pciqueue/cryptoKeys/queues"
	trail              = "arn:aws:cloudtrail:eu-west-1:123456789012:trail/org-trail"
	workspace          = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/logs/providers/Microsoft.OperationalInsights/workspaces/central"
)

func list(s ...string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}

func TestParse_matchesEachCloudsReferences(t *testing.T) {
	c, err := Parse(map[string]any{
		KeyKeys: list(awsKey, azureKey, gcpKey), KeyTrails: list(trail), KeyWorkspaces: list(workspace),
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		got  bool
		want bool
	}{
		{"AWS key by ARN", ok(c.AWSKey(awsKey)), true},
		{"AWS key by key id", ok(c.AWSKey("1234abcd-12ab-34cd-56ef-1234567890ab")), true},
		{"AWS key of another account", ok(c.AWSKey(strings.Replace(awsKey, "123456789012", "210987654321", 1))), false},
		{"AWS alias is not the key", ok(c.AWSKey("alias/central")), false},
		{"Azure key by vault and name, any case", ok(c.AzureKey("central-cmk", "QUEUES")), true},
		{"Azure key of another vault", ok(c.AzureKey("other", "queues")), false},
		{"Azure key name without vault", ok(c.AzureKey("", "queues")), false},
		{"GCP key by name", ok(c.GCPKey(gcpKey)), true},
		{"GCP key of another ring", ok(c.GCPKey(strings.Replace(gcpKey, "pciqueue", "other", 1))), false},
		{"GCP key name is not an AWS key", ok(c.AWSKey(gcpKey)), false},
		{"workspace, any case", ok2(c.AzureWorkspace(strings.ToLower(workspace))), true},
		{"another workspace", ok2(c.AzureWorkspace(strings.Replace(workspace, "central", "other", 1))), false},
	} {
		if tt.got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.name, tt.got, tt.want)
		}
	}
	if len(c.Trails) != 1 || c.Empty() || len(c.IDs()) != 5 {
		t.Errorf("Parse = %+v", c)
	}
	uri, err := Parse(map[string]any{KeyKeys: list(azureKeyIdentifier)})
	if err != nil || !ok(uri.AzureKey("Central-CMK", "queues")) {
		t.Errorf("a key identifier must declare the same key: %+v, %v", uri, err)
	}
}

func ok(_ Key, found bool) bool     { return found }
func ok2(_ string, found bool) bool { return found }

func TestParse_malformedDeclarationsDeclareNothing(t *testing.T) {
	for name, props := range map[string]map[string]any{
		"alias":                {KeyKeys: list(awsKey, "alias/central")},
		"azure key version":    {KeyKeys: list(azureKey + "/0123456789abcdef0123456789abcdef")},
		"azure uri version":    {KeyKeys: list(azureKeyIdentifier + "/0123456789abcdef0123456789abcdef")},
		"gcp key version":      {KeyKeys: list(gcpKey + "/cryptoKeyVersions/1")},
		"not a list":           {KeyKeys: awsKey},
		"empty entry":          {KeyKeys: list("")},
		"number entry":         {KeyKeys: []any{3.0}},
		"trail name":           {KeyTrails: list("org-trail")},
		"workspace name":       {KeyWorkspaces: list("central")},
		"storage account sink": {KeyWorkspaces: list("/subscriptions/x/resourceGroups/logs/providers/Microsoft.Storage/storageAccounts/logs")},
	} {
		c, err := Parse(props)
		if err == nil {
			t.Errorf("%s: want an error", name)
		}
		if !c.Empty() {
			t.Errorf("%s: a malformed declaration must declare nothing, got %+v", name, c)
		}
	}
	if c, err := Parse(nil); err != nil || !c.Empty() {
		t.Errorf("no configuration: %+v, %v", c, err)
	}
}
