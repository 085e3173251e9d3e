package gcp

import (
	"errors"
	"fmt"
	"slices"

	"github.com/pciqueue/pciqueue/components"
	"github.com/pciqueue/pciqueue/internal/cloudid"
	"github.com/pciqueue/pciqueue/providers"
)

// SecureQueueArgs are the inputs of a SecureQueue: the portable spec plus what only Google Cloud has.
type SecureQueueArgs struct {
	// Spec is the portable queue description; defaults are applied and it is validated for Google Cloud.
	Spec components.QueueSpec
	// Controls are the controls of the project the queue lives in (NewProjectControls): its perimeter, its
	// audit configuration and its Pub/Sub service agent. Every resource of the queue is created in that
	// project, so the queue cannot land outside the perimeter. Required.
	Controls *ProjectControls
	// Region holds the key ring and the audit log bucket, e.g. europe-west1. Required.
	Region string
	// AllowedRegions are the only regions Pub/Sub may store the queue's messages in; default: Region.
	AllowedRegions []string
	// KeyName brings your own Cloud KMS key (projects/<p>/locations/<l>/keyRings/<r>/cryptoKeys/<k>) instead
	// of creating one. pciqueue grants on that key only; its rotation and destroy delay are its owner's.
	KeyName string
	// ProtectionLevel of a created key: SOFTWARE (default) or HSM (FIPS 140-2 Level 3).
	ProtectionLevel string
	// NotificationChannels (projects/<p>/notificationChannels/<id>) are told when a message is dead-lettered.
	NotificationChannels []string
	// LockLogBucket locks the audit log bucket: its retention can then never be shortened and the bucket can
	// be deleted only once empty. Irreversible, so off by default.
	LockLogBucket bool
}

// Protection levels a created key may have.
const (
	ProtectionSoftware = "SOFTWARE"
	ProtectionHSM      = "HSM"
)

// Validate reports whether args would be accepted, without registering anything: every check NewSecureQueue
// runs first except that Controls is set, so a program can check all its queues before it creates the
// project's controls.
func (a *SecureQueueArgs) Validate() error {
	_, err := a.validate()
	return err
}

// validate applies the spec defaults, validates the spec for Google Cloud and checks the Google Cloud inputs.
func (a *SecureQueueArgs) validate() (components.QueueSpec, error) {
	spec := a.Spec.WithDefaults()
	errs := []error{spec.Validate(Cloud)}
	field := func(name, value, allowed string) {
		errs = append(errs, &components.FieldError{Queue: spec.Name, Field: name, Value: value, Allowed: allowed})
	}
	if !providers.IsGCPRegion(a.Region) {
		field("gcp.region", fmt.Sprintf("%q", a.Region), "a Google Cloud region such as europe-west1 (the key ring and audit log bucket are regional)")
	}
	for i, r := range a.AllowedRegions {
		if !providers.IsGCPRegion(r) {
			field(fmt.Sprintf("gcp.allowedRegions[%d]", i), fmt.Sprintf("%q", r), "a Google Cloud region such as europe-west4")
		}
	}
	if len(a.AllowedRegions) > 0 && !slices.Contains(a.AllowedRegions, a.Region) {
		field("gcp.allowedRegions", fmt.Sprint(a.AllowedRegions), fmt.Sprintf("a list that includes the region %q, where the queue's key lives", a.Region))
	}
	if a.KeyName != "" && !cloudid.CryptoKey.Matches(a.KeyName) {
		field("gcp.keyName", fmt.Sprintf("%q", a.KeyName), "a Cloud KMS key name: projects/<project>/locations/<location>/keyRings/<ring>/cryptoKeys/<key> (not a key version)")
	}
	switch a.ProtectionLevel {
	case "", ProtectionSoftware, ProtectionHSM:
		if a.KeyName != "" && a.ProtectionLevel != "" {
			field("gcp.protectionLevel", fmt.Sprintf("%q", a.ProtectionLevel), "no value with gcp.keyName: a brought key keeps its own protection level")
		}
	default:
		field("gcp.protectionLevel", fmt.Sprintf("%q", a.ProtectionLevel), fmt.Sprintf("%q or %q (EXTERNAL keys are out of pciqueue's custody)", ProtectionSoftware, ProtectionHSM))
	}
	for i, c := range a.NotificationChannels {
		if !cloudid.NotificationChannel.Matches(c) {
			field(fmt.Sprintf("gcp.notificationChannels[%d]", i), fmt.Sprintf("%q", c), "a Cloud Monitoring notification channel: projects/<project>/notificationChannels/<id>")
		}
	}
	return spec, errors.Join(errs...)
}

// regions returns the regions Pub/Sub may store messages in.
func (a *SecureQueueArgs) regions() []string {
	if len(a.AllowedRegions) == 0 {
		return []string{a.Region}
	}
	return a.AllowedRegions
}

// protectionLevel returns the created key's protection level.
func (a *SecureQueueArgs) protectionLevel() string {
	if a.ProtectionLevel == "" {
		return ProtectionSoftware
	}
	return a.ProtectionLevel
}
