package main

import (
	"errors"
	"fmt"
	"time"

	"github.com/pciqueue/pciqueue/components"
	"github.com/pciqueue/pciqueue/components/aws"
	"github.com/pciqueue/pciqueue/components/azure"
	"github.com/pciqueue/pciqueue/components/gcp"
	"github.com/pciqueue/pciqueue/internal/cardnum"
	"github.com/pciqueue/pciqueue/internal/duration"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// The inputs below are the Go args types with the property names the stack config already uses and the
// pulumi tags the provider protocol needs; a duration is a string in the stack config's form, which
// duration.ParseConfig reads. This file is the whole mapping: defaults and validation stay in the Go
// constructors.

// QueueSpecInputs is components.QueueSpec as a schema object.
type QueueSpecInputs struct {
	Name               string            `pulumi:"name"`
	Ordered            bool              `pulumi:"ordered,optional"`
	MessageRetention   string            `pulumi:"messageRetention,optional"`
	VisibilityTimeout  string            `pulumi:"visibilityTimeout,optional"`
	MaxDeliveries      int               `pulumi:"maxDeliveries,optional"`
	Producers          []string          `pulumi:"producers,optional"`
	Consumers          []string          `pulumi:"consumers,optional"`
	KeyRotation        string            `pulumi:"keyRotation,optional"`
	LogRetentionDays   int               `pulumi:"logRetentionDays,optional"`
	DataClassification string            `pulumi:"dataClassification,optional"`
	Scope              string            `pulumi:"scope,optional"`
	Tags               map[string]string `pulumi:"tags,optional"`
	Protect            *bool             `pulumi:"protect,optional"`
}

// spec returns the Go spec; a duration that does not parse is a *components.FieldError like every other
// bad value, so the caller sees field, value and fix in one list.
func (in QueueSpecInputs) spec() (components.QueueSpec, error) {
	s := components.QueueSpec{
		Name: in.Name, Ordered: in.Ordered, MaxDeliveries: in.MaxDeliveries,
		Producers: in.Producers, Consumers: in.Consumers, LogRetentionDays: in.LogRetentionDays,
		DataClassification: in.DataClassification, Scope: in.Scope, Tags: in.Tags, Protect: in.Protect,
	}
	var errs []error
	for _, d := range []struct {
		field, in string
		out       *time.Duration
	}{
		{"messageRetention", in.MessageRetention, &s.MessageRetention},
		{"visibilityTimeout", in.VisibilityTimeout, &s.VisibilityTimeout},
		{"keyRotation", in.KeyRotation, &s.KeyRotation},
	} {
		if d.in == "" {
			continue
		}
		v, err := duration.ParseConfig(d.in)
		if err != nil {
			errs = append(errs, &components.FieldError{Queue: cardnum.Scrub(in.Name), Field: d.field,
				Value: fmt.Sprintf("%q", cardnum.Scrub(d.in)), Allowed: `a duration such as "30s", "12h" or "14d"`})
			continue
		}
		*d.out = v
	}
	if err := errors.Join(errs...); err != nil {
		return components.QueueSpec{}, fmt.Errorf("creating SecureQueue %q: %w", cardnum.Scrub(in.Name), err)
	}
	return s, nil
}

// AWSSecureQueueInputs is aws.SecureQueueArgs.
type AWSSecureQueueInputs struct {
	Spec          QueueSpecInputs `pulumi:"spec"`
	KeyArn        string          `pulumi:"keyArn,optional"`
	VpcEndpointID string          `pulumi:"vpcEndpointId,optional"`
	AdminRoleArns []string        `pulumi:"adminRoleArns,optional"`
	AlarmActions  []string        `pulumi:"alarmActions,optional"`
}

func (in *AWSSecureQueueInputs) args() (*aws.SecureQueueArgs, error) {
	spec, err := in.Spec.spec()
	return &aws.SecureQueueArgs{
		Spec: spec, KeyArn: components.OptionalString(in.KeyArn), VpcEndpointID: components.OptionalString(in.VpcEndpointID),
		AdminRoleArns: pulumi.ToStringArray(in.AdminRoleArns), AlarmActions: pulumi.ToStringArray(in.AlarmActions),
	}, err
}

// AzureSecureQueueInputs is azure.SecureQueueArgs without Namespace: a queue served here has a namespace
// of its own (see the package doc).
type AzureSecureQueueInputs struct {
	Spec                       QueueSpecInputs `pulumi:"spec"`
	Location                   string          `pulumi:"location"`
	ResourceGroupName          string          `pulumi:"resourceGroupName,optional"`
	KeyID                      string          `pulumi:"keyId,optional"`
	WorkspaceID                string          `pulumi:"workspaceId,optional"`
	PrivateEndpointSubnetID    string          `pulumi:"privateEndpointSubnetId,optional"`
	ServiceBusPrivateDNSZoneID string          `pulumi:"serviceBusPrivateDnsZoneId,optional"`
	KeyVaultPrivateDNSZoneID   string          `pulumi:"keyVaultPrivateDnsZoneId,optional"`
	AlertActionGroupIDs        []string        `pulumi:"alertActionGroupIds,optional"`
	ZoneRedundant              *bool           `pulumi:"zoneRedundant,optional"`
}

func (in *AzureSecureQueueInputs) args() (*azure.SecureQueueArgs, error) {
	spec, err := in.Spec.spec()
	return &azure.SecureQueueArgs{
		Spec: spec, Location: in.Location, ResourceGroupName: in.ResourceGroupName, KeyID: in.KeyID,
		WorkspaceID: components.OptionalString(in.WorkspaceID), PrivateEndpointSubnetID: components.OptionalString(in.PrivateEndpointSubnetID),
		ServiceBusPrivateDNSZoneID: components.OptionalString(in.ServiceBusPrivateDNSZoneID),
		KeyVaultPrivateDNSZoneID:   components.OptionalString(in.KeyVaultPrivateDNSZoneID),
		AlertActionGroupIDs:        pulumi.ToStringArray(in.AlertActionGroupIDs), ZoneRedundant: in.ZoneRedundant,
	}, err
}

// GCPProjectControlsInputs is gcp.ProjectControlsArgs.
type GCPProjectControlsInputs struct {
	AccessPolicy                  string   `pulumi:"accessPolicy,optional"`
	Perimeter                     string   `pulumi:"perimeter,optional"`
	DryRun                        bool     `pulumi:"dryRun,optional"`
	AccessLevels                  []string `pulumi:"accessLevels,optional"`
	OrgDisablesServiceAccountKeys bool     `pulumi:"orgDisablesServiceAccountKeys,optional"`
	OrgRestrictsTLSVersions       bool     `pulumi:"orgRestrictsTlsVersions,optional"`
}

func (in *GCPProjectControlsInputs) args() *gcp.ProjectControlsArgs {
	return &gcp.ProjectControlsArgs{
		AccessPolicy: in.AccessPolicy, Perimeter: in.Perimeter, DryRun: in.DryRun, AccessLevels: in.AccessLevels,
		OrgDisablesServiceAccountKeys: in.OrgDisablesServiceAccountKeys, OrgRestrictsTLSVersions: in.OrgRestrictsTLSVersions,
	}
}
