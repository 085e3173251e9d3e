package azure

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi-azure-native-sdk/keyvault/v2"

	"github.com/pciqueue/pciqueue/components"
)

func ptr[T any](v T) *T { return &v }

func compliantBroughtKey() (keyvault.LookupVaultResult, keyvault.LookupKeyResult) {
	v := keyvault.LookupVaultResult{Properties: keyvault.VaultPropertiesResponse{
		EnableSoftDelete: ptr(true), EnablePurgeProtection: ptr(true), VaultUri: "https://corp.vault.azure.net/",
	}}
	k := keyvault.LookupKeyResult{Kty: ptr("RSA"), KeySize: ptr(4096), RotationPolicy: &keyvault.RotationPolicyResponse{
		LifetimeActions: []keyvault.LifetimeActionResponse{{
			Action: &keyvault.ActionResponse{Type: ptr("Rotate")}, Trigger: &keyvault.TriggerResponse{TimeAfterCreate: ptr("P90D")},
		}},
	}}
	return v, k
}

func TestCheckBroughtKey(t *testing.T) {
	spec := components.QueueSpec{Name: "payments", KeyRotation: 90 * day}.WithDefaults()
	cases := []struct {
		name string
		edit func(*keyvault.LookupVaultResult, *keyvault.LookupKeyResult)
		want string // empty: accepted
	}{
		{"compliant", func(*keyvault.LookupVaultResult, *keyvault.LookupKeyResult) {}, ""},
		{"rotation before expiry", func(_ *keyvault.LookupVaultResult, k *keyvault.LookupKeyResult) {
			k.RotationPolicy = &keyvault.RotationPolicyResponse{
				Attributes: &keyvault.KeyRotationPolicyAttributesResponse{ExpiryTime: ptr("P120D")},
				LifetimeActions: []keyvault.LifetimeActionResponse{{
					Action: &keyvault.ActionResponse{Type: ptr("rotate")}, Trigger: &keyvault.TriggerResponse{TimeBeforeExpiry: ptr("P30D")},
				}},
			}
		}, ""},
		{"soft delete off", func(v *keyvault.LookupVaultResult, _ *keyvault.LookupKeyResult) {
			v.Properties.EnableSoftDelete = ptr(false)
		}, "soft delete off"},
		{"purge protection unset", func(v *keyvault.LookupVaultResult, _ *keyvault.LookupKeyResult) {
			v.Properties.EnablePurgeProtection = nil
		}, "purge protection off"},
		{"elliptic curve key", func(_ *keyvault.LookupVaultResult, k *keyvault.LookupKeyResult) { k.Kty = ptr("EC") }, `key type is "EC"`},
		{"2048-bit key", func(_ *keyvault.LookupVaultResult, k *keyvault.LookupKeyResult) { k.KeySize = ptr(2048) }, "2048 bits"},
		{"no rotation policy", func(_ *keyvault.LookupVaultResult, k *keyvault.LookupKeyResult) { k.RotationPolicy = nil }, "no automatic rotation"},
		{"notify only", func(_ *keyvault.LookupVaultResult, k *keyvault.LookupKeyResult) {
			k.RotationPolicy.LifetimeActions[0].Action.Type = ptr("Notify")
		}, "no automatic rotation"},
		{"yearly rotation for a 90-day spec", func(_ *keyvault.LookupVaultResult, k *keyvault.LookupKeyResult) {
			k.RotationPolicy.LifetimeActions[0].Trigger.TimeAfterCreate = ptr("P1Y")
		}, "rotates every 365 days"},
		{"unreadable duration", func(_ *keyvault.LookupVaultResult, k *keyvault.LookupKeyResult) {
			k.RotationPolicy.LifetimeActions[0].Trigger.TimeAfterCreate = ptr("90 days")
		}, "ISO 8601"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v, k := compliantBroughtKey()
			tc.edit(&v, &k)
			err := checkBroughtKey(v, k, spec)
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("compliant key rejected: %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Fatalf("err = %v, want it to say %q", err, tc.want)
			}
		})
	}
}

func TestVaultOfKeyURI(t *testing.T) {
	got, err := vaultOfKeyURI("https://pq-payments-1a2b3c.vault.azure.cn/keys/payments-cmk")
	if err != nil || got != "https://pq-payments-1a2b3c.vault.azure.cn/" {
		t.Fatalf("vaultOfKeyURI = %q, %v", got, err)
	}
	if _, err := vaultOfKeyURI("https://example.com/"); err == nil {
		t.Fatal("a URI without /keys/ was accepted")
	}
}
