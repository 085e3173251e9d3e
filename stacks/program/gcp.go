package program

import (
	"errors"
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	gcpq "github.com/pciqueue/pciqueue/components/gcp"
	"github.com/pciqueue/pciqueue/providers"
)

// gcpQueueOptions are a queue's Google Cloud-only settings: pciqueue:queues[i].gcp.
type gcpQueueOptions struct {
	KeyName              string   `json:"keyName"`
	ProtectionLevel      string   `json:"protectionLevel"`
	NotificationChannels []string `json:"notificationChannels"`
	LockLogBucket        bool     `json:"lockLogBucket"`
}

// deployGCP creates the project's controls once and every queue inside them. Everything is validated before
// the provider is registered, so a config error leaves nothing half-created.
func deployGCP(ctx *pulumi.Context, st *Stack) error {
	pc, err := providers.LoadGCPConfig(ctx)
	if err != nil {
		return err
	}
	controlsArgs := &gcpq.ProjectControlsArgs{
		AccessPolicy: pc.AccessPolicy, Perimeter: pc.Perimeter, DryRun: pc.PerimeterDryRun,
		AccessLevels: pc.AccessLevels, OrgDisablesServiceAccountKeys: pc.OrgDisablesServiceAccountKeys,
		OrgRestrictsTLSVersions: pc.OrgRestrictsTLSVersions,
	}
	if err := controlsArgs.Validate(); err != nil {
		return fmt.Errorf("config %s:gcp: %w", Namespace, err)
	}
	type planned struct {
		q    Queue
		args *gcpq.SecureQueueArgs
	}
	plan := make([]planned, 0, len(st.Queues))
	var errs []error
	for _, q := range st.Queues {
		var o gcpQueueOptions
		if err := DecodeStrict(q.Options, &o); err != nil {
			return fmt.Errorf("config %s.gcp: %w", q.Key, err)
		}
		args := &gcpq.SecureQueueArgs{
			Spec: q.Spec, Region: pc.Region, AllowedRegions: pc.Regions(), KeyName: stringInput(o.KeyName),
			ProtectionLevel: o.ProtectionLevel, NotificationChannels: pulumi.ToStringArray(o.NotificationChannels), LockLogBucket: o.LockLogBucket,
		}
		if err := args.Validate(); err != nil {
			errs = append(errs, fmt.Errorf("config %s: %w", q.Key, err))
		}
		plan = append(plan, planned{q, args})
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}

	provider, err := providers.NewGCP(ctx, "gcp", pc)
	if err != nil {
		return err
	}
	controls, err := gcpq.NewProjectControls(ctx, "project", controlsArgs, pulumi.Provider(provider))
	if err != nil {
		return fmt.Errorf("config %s:gcp: %w", Namespace, err)
	}
	ctx.Export("project", pulumi.Map{
		"projectId": controls.ProjectID, "projectNumber": controls.ProjectNumber,
		"perimeterName": controls.PerimeterName, "perimeterEnforced": controls.PerimeterEnforced,
	})
	for _, p := range plan {
		p.args.Controls = controls
		sq, err := gcpq.NewSecureQueue(ctx, p.q.Spec.Name, p.args, pulumi.Provider(provider))
		if err != nil {
			return fmt.Errorf("config %s: %w", p.q.Key, err)
		}
		ctx.Export(p.q.Spec.Name, pulumi.Map{
			"topicId": sq.TopicID, "subscriptionId": sq.SubscriptionID,
			"deadLetterTopicId": sq.DeadLetterTopicID, "deadLetterSubscriptionId": sq.DeadLetterSubscriptionID,
			"keyId": sq.KeyID, "producerServiceAccounts": sq.ProducerServiceAccounts, "consumerServiceAccounts": sq.ConsumerServiceAccounts,
			"logBucketId": sq.LogBucketID, "perimeterName": sq.PerimeterName,
		})
	}
	return nil
}
