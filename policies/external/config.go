package external

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pciqueue/pciqueue/internal/cloudid"
)

// Configuration keys, as they appear in the policy configuration.
const (
	KeyKeys       = "externalKeys"
	KeyTrails     = "externalTrails"
	KeyWorkspaces = "externalWorkspaces"
)

// Config is the set of declarations. The zero value declares nothing.
type Config struct {
	Keys       []Key
	Trails     []string
	Workspaces []string
}

// Key is one declared key.
type Key struct {
	// Cloud is "aws", "azure" or "gcp".
	Cloud string
	// ID is the key as declared.
	ID string
	// ref is what a reference must equal besides ID: the AWS key id, or the
	// Azure "<vault>/<key>" (lower case).
	ref string
}

// Schema is the JSON schema of the declaration properties.
func Schema() map[string]map[string]any {
	list := func(desc string) map[string]any {
		return map[string]any{"type": "array", "items": map[string]any{"type": "string"}, "default": []any{}, "description": desc}
	}
	return map[string]map[string]any{
		KeyKeys:       list("Customer-managed keys managed and assessed outside the stack (a central key-management account, project or vault): AWS KMS key ARNs, versionless Azure Key Vault key IDs or key identifiers, Cloud KMS key names. A queue encrypted with one passes the key-in-stack rules with a notice that the key's rotation and deletion guard must be evidenced where it lives."),
		KeyTrails:     list("AWS CloudTrail trail ARNs (such as an organization trail) managed outside the stack that record the SQS data events of its queues into a sink kept a year; declared trails pass pci-10.2.1-queue-audit-trail with a notice that they must be evidenced where they live."),
		KeyWorkspaces: list("Azure Log Analytics workspace resource IDs managed outside the stack that keep audit logs a year; diagnostic settings sending to one pass pci-10.2.1-servicebus-audit-sink with a notice that the retention must be evidenced where it lives."),
	}
}

// Parse reads the declarations from policy configuration properties (as
// encoding/json decodes them). A malformed value is an error naming it and
// the accepted forms, and then nothing is declared.
func Parse(props map[string]any) (Config, error) {
	var c Config
	keys, err := stringList(props, KeyKeys)
	if err != nil {
		return Config{}, err
	}
	for _, k := range keys {
		key, err := parseKey(k)
		if err != nil {
			return Config{}, err
		}
		c.Keys = append(c.Keys, key)
	}
	if c.Trails, err = stringList(props, KeyTrails); err != nil {
		return Config{}, err
	}
	for _, t := range c.Trails {
		if !cloudid.CloudTrailTrail.Matches(t) {
			return Config{}, fmt.Errorf("reading %s: %q is not a CloudTrail trail ARN; write it as arn:aws:cloudtrail:<region>:<account>:trail/<name>", KeyTrails, t)
		}
	}
	if c.Workspaces, err = stringList(props, KeyWorkspaces); err != nil {
		return Config{}, err
	}
	for _, w := range c.Workspaces {
		if !cloudid.LogAnalyticsWorkspace.Matches(w) {
			return Config{}, fmt.Errorf("reading %s: %q is not a Log Analytics workspace resource ID; write it as /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.OperationalInsights/workspaces/<name>", KeyWorkspaces, w)
		}
	}
	return c, nil
}

// stringList reads a list of non-empty strings; absent is an empty list.
func stringList(props map[string]any, key string) ([]string, error) {
	v, ok := props[key]
	if !ok || v == nil {
		return nil, nil
	}
	list, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("reading %s: it is %v; set it to a list of strings", key, v)
	}
	out := make([]string, 0, len(list))
	for _, e := range list {
		s, ok := e.(string)
		if !ok || strings.TrimSpace(s) == "" {
			return nil, fmt.Errorf("reading %s: it holds %v; every entry must be a non-empty string", key, e)
		}
		out = append(out, strings.TrimSpace(s))
	}
	return out, nil
}

func parseKey(s string) (Key, error) {
	if a, err := cloudid.ParseARN(s, cloudid.KMSKey); err == nil {
		return Key{Cloud: "aws", ID: s, ref: a.ID}, nil
	}
	if k, err := cloudid.ParseAzureID(s, cloudid.KeyVaultKey); err == nil {
		return Key{Cloud: "azure", ID: s, ref: strings.ToLower(k.Parent.Name + "/" + k.Name)}, nil
	}
	if v, err := cloudid.ParseAzureID(s, cloudid.KeyVaultKeyVersion); err == nil {
		return Key{}, pinnedVersion(s, v.Parent.Name)
	}
	if k, err := cloudid.ParseKeyVaultKeyURI(s); err == nil {
		if k.Version != "" {
			return Key{}, pinnedVersion(s, k.Key)
		}
		return Key{Cloud: "azure", ID: s, ref: strings.ToLower(k.Vault + "/" + k.Key)}, nil
	}
	if cloudid.CryptoKey.Matches(s) {
		return Key{Cloud: "gcp", ID: s}, nil
	}
	if cloudid.CryptoKeyVersion.Matches(s) {
		return Key{}, fmt.Errorf("reading %s: %q names more than a key; declare the key name projects/<p>/locations/<l>/keyRings/<r>/cryptoKeys/<k>", KeyKeys, s)
	}
	return Key{}, fmt.Errorf("reading %s: %q is not a key this pack knows how to match; declare an AWS KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>), a versionless Azure Key Vault key ID (/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.KeyVault/vaults/<vault>/keys/<key>) or a Cloud KMS key name (projects/<p>/locations/<l>/keyRings/<r>/cryptoKeys/<k>)", KeyKeys, s)
}

func pinnedVersion(s, key string) error {
	return fmt.Errorf("reading %s: %q names a key version; declare the versionless key (ending in /keys/%s), because a pinned version defeats rotation", KeyKeys, s, key)
}

// Empty reports whether nothing is declared.
func (c Config) Empty() bool {
	return len(c.Keys) == 0 && len(c.Trails) == 0 && len(c.Workspaces) == 0
}

// Equal reports whether two configurations declare the same.
func (c Config) Equal(o Config) bool {
	return slices.Equal(c.Keys, o.Keys) && slices.Equal(c.Trails, o.Trails) && slices.Equal(c.Workspaces, o.Workspaces)
}

// IDs returns every declaration, for the record.
func (c Config) IDs() []string {
	var out []string
	for _, k := range c.Keys {
		out = append(out, k.ID)
	}
	out = append(out, c.Trails...)
	return append(out, c.Workspaces...)
}

// AWSKey returns the declared AWS key that a queue's kmsMasterKeyId names:
// the key ARN itself or the key id it ends with.
func (c Config) AWSKey(ref string) (Key, bool) {
	ref = strings.TrimSpace(ref)
	for _, k := range c.Keys {
		if k.Cloud == "aws" && ref != "" && (ref == k.ID || ref == k.ref) {
			return k, true
		}
	}
	return Key{}, false
}

// AzureKey returns the declared Azure key named keyName in the vault named
// vault (Key Vault names are global and case-insensitive).
func (c Config) AzureKey(vault, keyName string) (Key, bool) {
	want := strings.ToLower(strings.TrimSpace(vault) + "/" + strings.TrimSpace(keyName))
	for _, k := range c.Keys {
		if k.Cloud == "azure" && vault != "" && keyName != "" && k.ref == want {
			return k, true
		}
	}
	return Key{}, false
}

// GCPKey returns the declared Cloud KMS key a topic's kmsKeyName names.
func (c Config) GCPKey(name string) (Key, bool) {
	name = strings.TrimSpace(name)
	for _, k := range c.Keys {
		if k.Cloud == "gcp" && name == k.ID {
			return k, true
		}
	}
	return Key{}, false
}

// AzureWorkspace returns the declared workspace a diagnostic setting's
// workspaceId names (resource IDs compare without regard to case).
func (c Config) AzureWorkspace(id string) (string, bool) {
	id = strings.TrimSuffix(strings.TrimSpace(id), "/")
	for _, w := range c.Workspaces {
		if strings.EqualFold(w, id) {
			return w, true
		}
	}
	return "", false
}
