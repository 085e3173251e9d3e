package azure

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/pulumi/pulumi-azure-native-sdk/keyvault/v2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/pciqueue/pciqueue/components"
	"github.com/pciqueue/pciqueue/internal/cardnum"
	"github.com/pciqueue/pciqueue/internal/duration"
)

// Key and vault settings of the data key.
const (
	// KeySizeBits is the RSA modulus of the data key: 128-bit security strength (NIST SP 800-57).
	KeySizeBits = 3072
	// KeyType keeps the key in the vault's HSMs; Service Bus accepts RSA and RSA-HSM keys.
	KeyType = "RSA-HSM"
	// SoftDeleteRetentionDays is the longest time Key Vault keeps a deleted vault or key recoverable.
	SoftDeleteRetentionDays = 90
	// KeyExpiryAfterRotationDays is how long a key version stays valid after it should have been replaced:
	// long enough for Service Bus to pick up the new version, short enough that a rotation that never
	// happens is noticed.
	KeyExpiryAfterRotationDays = 30
)

// KeyOperations are the only operations the data key allows: Service Bus wraps and unwraps its own
// encryption keys with it and needs nothing else.
var KeyOperations = []string{"wrapKey", "unwrapKey"}

// dataKey is the customer-managed key the namespace encrypts with, created here or brought.
type dataKey struct {
	// id is the key's resource ID: the scope of the encryption identity's role assignment.
	id pulumi.StringOutput
	// vaultID is the vault's resource ID, for its diagnostic setting and private endpoint.
	vaultID pulumi.StringOutput
	name    pulumi.StringOutput
	// vaultURI and keyURI are versionless, so the namespace follows every rotation.
	vaultURI, keyURI pulumi.StringOutput
	created          bool
}

// newKey creates a vault that keeps deleted keys recoverable and refuses public traffic, and an HSM-backed
// RSA key in it that rotates by the vault's own policy.
func newKey(ctx *pulumi.Context, base string, e env, spec components.QueueSpec, names resourceNames,
	location string, group pulumi.StringInput, opts ...pulumi.ResourceOption) (*dataKey, error) {
	tags := pulumi.ToStringMap(spec.ResourceTags())
	protect := append(slices.Clone(opts), pulumi.Protect(spec.Protected()))
	vault, err := keyvault.NewVault(ctx, base+"-vault", &keyvault.VaultArgs{
		ResourceGroupName: group,
		VaultName:         names.vault,
		Location:          pulumi.String(location),
		Properties: keyvault.VaultPropertiesArgs{
			TenantId:                     e.tenant,
			Sku:                          keyvault.SkuArgs{Family: pulumi.String("A"), Name: keyvault.SkuNamePremium},
			EnableRbacAuthorization:      pulumi.Bool(true),
			EnableSoftDelete:             pulumi.Bool(true),
			SoftDeleteRetentionInDays:    pulumi.Int(SoftDeleteRetentionDays),
			EnablePurgeProtection:        pulumi.Bool(true),
			EnabledForDeployment:         pulumi.Bool(false),
			EnabledForDiskEncryption:     pulumi.Bool(false),
			EnabledForTemplateDeployment: pulumi.Bool(false),
			// Service Bus reaches the key as a trusted Microsoft service and keys are created through
			// Azure Resource Manager, so nothing this queue needs crosses the public endpoint.
			PublicNetworkAccess: pulumi.String("Disabled"),
			NetworkAcls: keyvault.NetworkRuleSetArgs{
				DefaultAction: pulumi.String(string(keyvault.NetworkRuleActionDeny)),
				Bypass:        pulumi.String("AzureServices"),
			},
		},
		Tags: tags,
	}, protect...)
	if err != nil {
		return nil, fmt.Errorf("creating Key Vault for queue %q: %w", spec.Name, err)
	}

	rotationDays := int(spec.KeyRotation / (24 * time.Hour))
	key, err := keyvault.NewKey(ctx, base+"-key", &keyvault.KeyArgs{
		ResourceGroupName: group,
		VaultName:         vault.Name,
		KeyName:           pulumi.String(names.key),
		Properties: keyvault.KeyPropertiesArgs{
			Kty:        pulumi.String(KeyType),
			KeySize:    pulumi.Int(KeySizeBits),
			KeyOps:     pulumi.ToStringArray(KeyOperations),
			Attributes: keyvault.KeyAttributesArgs{Enabled: pulumi.Bool(true)},
			RotationPolicy: keyvault.RotationPolicyArgs{
				LifetimeActions: keyvault.LifetimeActionArray{keyvault.LifetimeActionArgs{
					Action:  keyvault.ActionArgs{Type: keyvault.KeyRotationPolicyActionTypeRotate},
					Trigger: keyvault.TriggerArgs{TimeAfterCreate: pulumi.String(duration.FormatISO8601(time.Duration(rotationDays) * duration.Day))},
				}},
				Attributes: keyvault.KeyRotationPolicyAttributesArgs{
					ExpiryTime: pulumi.String(duration.FormatISO8601(time.Duration(rotationDays+KeyExpiryAfterRotationDays) * duration.Day)),
				},
			},
		},
		Tags: tags,
	}, protect...)
	if err != nil {
		return nil, fmt.Errorf("creating Key Vault key %q: %w", names.key, err)
	}
	return &dataKey{
		id:      key.ID().ToStringOutput(),
		vaultID: vault.ID().ToStringOutput(),
		name:    pulumi.String(names.key).ToStringOutput(),
		// The vault URI is read off the key's URI, a top-level output that stays unknown until the key exists,
		// so it carries the cloud's own DNS suffix and the namespace waits for the key.
		vaultURI: key.KeyUri.ApplyT(vaultOfKeyURI).(pulumi.StringOutput),
		keyURI:   key.KeyUri,
		created:  true,
	}, nil
}

// vaultOfKeyURI turns https://<vault>.vault.azure.net/keys/<key> into https://<vault>.vault.azure.net/.
func vaultOfKeyURI(keyURI string) (string, error) {
	i := strings.Index(keyURI, "/keys/")
	if i < 0 {
		return "", fmt.Errorf("reading vault URI from key URI %q: want https://<vault>.<suffix>/keys/<key>", cardnum.Scrub(keyURI))
	}
	return keyURI[:i+1], nil
}

// existingKey reads a brought key and its vault and fails the deployment unless they give the same
// guarantees as a created one: soft delete, purge protection, RSA of at least KeySizeBits, and a rotation
// policy at least as frequent as the spec asks.
func existingKey(ctx *pulumi.Context, k byoKey, spec components.QueueSpec, opts ...pulumi.InvokeOption) *dataKey {
	vault := keyvault.LookupVaultOutput(ctx, keyvault.LookupVaultOutputArgs{
		ResourceGroupName: pulumi.String(k.resourceGroup), VaultName: pulumi.String(k.vault),
	}, opts...)
	key := keyvault.LookupKeyOutput(ctx, keyvault.LookupKeyOutputArgs{
		ResourceGroupName: pulumi.String(k.resourceGroup), VaultName: pulumi.String(k.vault), KeyName: pulumi.String(k.name),
	}, opts...)
	checked := pulumi.All(vault, key).ApplyT(func(v []any) (keyvault.LookupKeyResult, error) {
		vr, kr := v[0].(keyvault.LookupVaultResult), v[1].(keyvault.LookupKeyResult)
		if err := checkBroughtKey(vr, kr, spec); err != nil {
			return kr, fmt.Errorf("using key %s for queue %q: %w", k.id, spec.Name, err)
		}
		return kr, nil
	}).(keyvault.LookupKeyResultOutput)
	// Everything the component uses of the key waits for the check, so nothing is granted on or encrypted
	// with a key that failed it.
	afterCheck := func(get func(keyvault.LookupVaultResult, keyvault.LookupKeyResult) string) pulumi.StringOutput {
		return pulumi.All(vault, checked).ApplyT(func(v []any) string {
			return get(v[0].(keyvault.LookupVaultResult), v[1].(keyvault.LookupKeyResult))
		}).(pulumi.StringOutput)
	}
	return &dataKey{
		id:       afterCheck(func(keyvault.LookupVaultResult, keyvault.LookupKeyResult) string { return k.id }),
		vaultID:  afterCheck(func(v keyvault.LookupVaultResult, _ keyvault.LookupKeyResult) string { return v.Id }),
		name:     afterCheck(func(keyvault.LookupVaultResult, keyvault.LookupKeyResult) string { return k.name }),
		vaultURI: afterCheck(func(v keyvault.LookupVaultResult, _ keyvault.LookupKeyResult) string { return v.Properties.VaultUri }),
		keyURI:   afterCheck(func(_ keyvault.LookupVaultResult, kr keyvault.LookupKeyResult) string { return kr.KeyUri }),
	}
}

// checkBroughtKey judges a brought vault and key against the guarantees of a created one.
func checkBroughtKey(v keyvault.LookupVaultResult, k keyvault.LookupKeyResult, spec components.QueueSpec) error {
	var problems []string
	if v.Properties.EnableSoftDelete == nil || !*v.Properties.EnableSoftDelete {
		problems = append(problems, "the vault has soft delete off: turn it on")
	}
	if v.Properties.EnablePurgeProtection == nil || !*v.Properties.EnablePurgeProtection {
		problems = append(problems, "the vault has purge protection off: turn it on, or a deleted key can be destroyed at once (PCI DSS 3.6)")
	}
	kty := ""
	if k.Kty != nil {
		kty = *k.Kty
	}
	if kty != "RSA" && kty != "RSA-HSM" {
		problems = append(problems, fmt.Sprintf("the key type is %q: Service Bus needs RSA or RSA-HSM", kty))
	}
	if k.KeySize == nil || *k.KeySize < KeySizeBits {
		size := 0
		if k.KeySize != nil {
			size = *k.KeySize
		}
		problems = append(problems, fmt.Sprintf("the key has %d bits: use at least %d", size, KeySizeBits))
	}
	want := int(spec.KeyRotation / (24 * time.Hour))
	switch days, err := rotationDays(k.RotationPolicy); {
	case err != nil:
		problems = append(problems, err.Error())
	case days == 0:
		problems = append(problems, fmt.Sprintf("the key has no automatic rotation: add a rotation policy that rotates at most every %d days", want))
	case days > want:
		problems = append(problems, fmt.Sprintf("the key rotates every %d days: keyRotation asks for at most %d", days, want))
	}
	if len(problems) > 0 {
		return fmt.Errorf("the brought key does not meet the queue's guarantees: %s", strings.Join(problems, "; "))
	}
	return nil
}

// rotationDays is how often a rotation policy creates a new key version, or 0 when it never does.
func rotationDays(p *keyvault.RotationPolicyResponse) (int, error) {
	if p == nil {
		return 0, nil
	}
	best := 0
	for _, a := range p.LifetimeActions {
		if a.Action == nil || a.Action.Type == nil || !strings.EqualFold(*a.Action.Type, "rotate") || a.Trigger == nil {
			continue
		}
		// A part day counts as a whole one, so a period just over the limit is judged over it.
		var days int
		switch {
		case a.Trigger.TimeAfterCreate != nil:
			d, err := duration.ISO8601Days(*a.Trigger.TimeAfterCreate)
			if err != nil {
				return 0, fmt.Errorf("reading the key's rotation policy: %w", err)
			}
			days = int(math.Ceil(d))
		case a.Trigger.TimeBeforeExpiry != nil && p.Attributes != nil && p.Attributes.ExpiryTime != nil:
			before, err := duration.ISO8601Days(*a.Trigger.TimeBeforeExpiry)
			if err != nil {
				return 0, fmt.Errorf("reading the key's rotation policy: %w", err)
			}
			expiry, err := duration.ISO8601Days(*p.Attributes.ExpiryTime)
			if err != nil {
				return 0, fmt.Errorf("reading the key's rotation policy: %w", err)
			}
			days = int(math.Ceil(expiry - before))
		default:
			continue
		}
		if days > 0 && (best == 0 || days < best) {
			best = days
		}
	}
	return best, nil
}
