package gcp

import (
	"fmt"
	"time"

	"github.com/pulumi/pulumi-gcp/sdk/v7/go/gcp/kms"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/pciqueue/pciqueue/components"
	"github.com/pciqueue/pciqueue/internal/duration"
)

// KeyDestroyScheduledSeconds is how long a destroyed key version stays recoverable: 30 days, as long as the
// AWS deletion window, so destroying the key (and every message and log it protects) is never one step.
const KeyDestroyScheduledSeconds = 30 * 24 * 60 * 60

// KeyAlgorithm is the algorithm of every version of a created key: 256-bit AES-GCM.
const KeyAlgorithm = "GOOGLE_SYMMETRIC_ENCRYPTION"

// newKey creates the queue's key ring and symmetric key, rotating every spec.KeyRotation and protected
// from `pulumi destroy` unless the spec says otherwise.
func newKey(ctx *pulumi.Context, base string, project pulumi.StringInput, region string, spec components.QueueSpec,
	names resourceNames, protectionLevel string, labels pulumi.StringMap, opts ...pulumi.ResourceOption) (*kms.CryptoKey, error) {
	ring, err := kms.NewKeyRing(ctx, base+"-keyring", &kms.KeyRingArgs{
		Project:  project,
		Location: pulumi.String(region),
	}, opts...)
	if err != nil {
		return nil, fmt.Errorf("creating Cloud KMS key ring for queue %q: %w", spec.Name, err)
	}
	key, err := kms.NewCryptoKey(ctx, base+"-key", &kms.CryptoKeyArgs{
		Name:                     pulumi.String(names.key),
		KeyRing:                  ring.ID(),
		Purpose:                  pulumi.String("ENCRYPT_DECRYPT"),
		RotationPeriod:           pulumi.String(duration.FormatGoogle(spec.KeyRotation)),
		DestroyScheduledDuration: pulumi.String(duration.FormatGoogle(KeyDestroyScheduledSeconds * time.Second)),
		VersionTemplate: &kms.CryptoKeyVersionTemplateArgs{
			Algorithm:       pulumi.String(KeyAlgorithm),
			ProtectionLevel: pulumi.String(protectionLevel),
		},
		Labels: labels,
	}, append(opts, pulumi.Protect(spec.Protected()))...)
	if err != nil {
		return nil, fmt.Errorf("creating Cloud KMS key %q: %w", names.key, err)
	}
	return key, nil
}
