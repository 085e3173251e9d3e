package program

import (
	"errors"
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	awsq "github.com/pciqueue/pciqueue/components/aws"
	"github.com/pciqueue/pciqueue/providers"
)

// awsQueueOptions are a queue's AWS-only settings: pciqueue:queues[i].aws.
type awsQueueOptions struct {
	KeyArn        string   `json:"keyArn"`
	VpcEndpointID string   `json:"vpcEndpointId"`
	AdminRoleArns []string `json:"adminRoleArns"`
	AlarmActions  []string `json:"alarmActions"`
}

func deployAWS(ctx *pulumi.Context, st *Stack) error {
	pc, err := providers.LoadAWSConfig(ctx)
	if err != nil {
		return err
	}
	type planned struct {
		q    Queue
		args *awsq.SecureQueueArgs
	}
	plan := make([]planned, 0, len(st.Queues))
	var errs []error
	for _, q := range st.Queues {
		var o awsQueueOptions
		if err := DecodeStrict(q.Options, &o); err != nil {
			return fmt.Errorf("config %s.aws: %w", q.Key, err)
		}
		args := &awsq.SecureQueueArgs{
			Spec: q.Spec, KeyArn: o.KeyArn, VpcEndpointID: o.VpcEndpointID,
			AdminRoleArns: o.AdminRoleArns, AlarmActions: o.AlarmActions,
		}
		if err := args.Validate(); err != nil {
			errs = append(errs, fmt.Errorf("config %s: %w", q.Key, err))
		}
		plan = append(plan, planned{q, args})
	}
	audit := &awsq.AuditControlsArgs{
		ExistingTrailArn: pc.ExistingTrailArn, OrganizationRecordsManagementEvents: pc.OrganizationRecordsManagementEvents,
	}
	if err := audit.Validate(); err != nil {
		errs = append(errs, fmt.Errorf("config %s:aws: %w", Namespace, err))
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	provider, err := providers.NewAWS(ctx, "aws", pc)
	if err != nil {
		return err
	}
	for _, p := range plan {
		sq, err := awsq.NewSecureQueue(ctx, p.q.Spec.Name, p.args, pulumi.Provider(provider))
		if err != nil {
			return fmt.Errorf("config %s: %w", p.q.Key, err)
		}
		ctx.Export(p.q.Spec.Name, pulumi.Map{
			"queueUrl": sq.QueueURL, "queueArn": sq.QueueArn,
			"deadLetterQueueUrl": sq.DeadLetterURL, "deadLetterQueueArn": sq.DeadLetterArn,
			"keyArn": sq.KeyArn, "producerRoleArns": sq.ProducerRoleArns, "consumerRoleArns": sq.ConsumerRoleArns,
		})
		audit.Queues = append(audit.Queues, sq)
	}
	controls, err := awsq.NewAuditControls(ctx, "audit", audit, pulumi.Provider(provider))
	if err != nil {
		return fmt.Errorf("config %s:aws: %w", Namespace, err)
	}
	ctx.Export("audit", pulumi.Map{
		"trailArn": controls.TrailArn, "logGroupName": controls.LogGroupName, "auditKeyArn": controls.AuditKeyArn,
	})
	return nil
}
