package aws

import (
	"encoding/json"
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sqs"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/pciqueue/pciqueue/components"
	"github.com/pciqueue/pciqueue/internal/cardnum"
)

// SecureQueueType is the component's type token.
const SecureQueueType = "pciqueue:aws:SecureQueue"

// DataKeyReuseSeconds bounds how long SQS reuses a data key before asking KMS again: the SQS default,
// stated explicitly so a policy can verify it.
const DataKeyReuseSeconds = 300

// DeadLetterRetention is how long a dead-lettered message is kept: the SQS maximum, so that an operator has
// the longest time to investigate and because SQS keeps a message's original enqueue time when it moves.
const DeadLetterRetention = 14 * 24 * 60 * 60

// SecureQueue is a PCI DSS 4.0 queue on AWS.
type SecureQueue struct {
	pulumi.ResourceState

	QueueURL         pulumi.StringOutput
	QueueArn         pulumi.StringOutput
	DeadLetterURL    pulumi.StringOutput
	DeadLetterArn    pulumi.StringOutput
	KeyArn           pulumi.StringOutput
	ProducerRoleArns pulumi.StringMapOutput
	ConsumerRoleArns pulumi.StringMapOutput

	spec components.QueueSpec
}

// NewSecureQueue validates args and creates the queue, its dead-letter queue, key, roles, policies and alarm,
// all parented to the component. Nothing is registered when args are invalid. Its audit trail is shared by
// every queue of the stack: pass the queues to NewAuditControls.
func NewSecureQueue(ctx *pulumi.Context, name string, args *SecureQueueArgs, opts ...pulumi.ResourceOption) (*SecureQueue, error) {
	if args == nil {
		return nil, fmt.Errorf("creating SecureQueue %q: args are required (at least Spec.Name)", cardnum.Scrub(name))
	}
	spec, err := args.validate()
	if err != nil {
		return nil, fmt.Errorf("creating SecureQueue %q: %w", cardnum.Scrub(name), err)
	}
	names, err := namesFor(ctx, spec)
	if err != nil {
		return nil, err
	}

	c := &SecureQueue{spec: spec}
	if err := ctx.RegisterComponentResource(SecureQueueType, name, c, opts...); err != nil {
		return nil, fmt.Errorf("registering SecureQueue %q: %w", name, err)
	}
	parent := pulumi.Parent(c)
	tags := pulumi.ToStringMap(spec.ResourceTags())
	e := lookupEnv(ctx, c)

	producers, err := newRoles(ctx, name, e, spec, components.RoleProducer, spec.Producers, parent)
	if err != nil {
		return nil, err
	}
	consumers, err := newRoles(ctx, name, e, spec, components.RoleConsumer, spec.Consumers, parent)
	if err != nil {
		return nil, err
	}

	keyArn := pulumi.String(args.KeyArn).ToStringOutput()
	if args.KeyArn == "" {
		key, err := newKey(ctx, name+"-key", names.keyAlias, fmt.Sprintf("pciqueue data key of queue %s", spec.Name),
			int(spec.KeyRotation.Hours()/24), dataKeyPolicy(e, arns(producers), arns(consumers)),
			spec.ResourceTags(), spec.Protected(), parent)
		if err != nil {
			return nil, err
		}
		keyArn = key.Arn
	}
	// The redrive-allow policy names the source queue by its ARN, built from its known name, because the
	// source queue's own ARN output does not exist until after the dead-letter queue it points to.
	redriveAllow := pulumi.All(e.partition, e.region, e.account).ApplyT(func(v []any) (string, error) {
		w := where{partition: v[0].(string), region: v[1].(string), account: v[2].(string)}
		return encodeJSON(map[string]any{"redrivePermission": "byQueue", "sourceQueueArns": []string{w.sqsArn(names.queue)}})
	}).(pulumi.StringOutput)
	dlq, err := sqs.NewQueue(ctx, name+"-dlq", &sqs.QueueArgs{
		Name:                         pulumi.String(names.dlq),
		FifoQueue:                    pulumi.Bool(spec.Ordered),
		KmsMasterKeyId:               keyArn,
		KmsDataKeyReusePeriodSeconds: pulumi.Int(DataKeyReuseSeconds),
		SqsManagedSseEnabled:         pulumi.Bool(false),
		MessageRetentionSeconds:      pulumi.Int(DeadLetterRetention),
		VisibilityTimeoutSeconds:     pulumi.Int(int(spec.VisibilityTimeout.Seconds())),
		RedriveAllowPolicy:           redriveAllow,
		Tags:                         tags,
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("creating SQS dead-letter queue %q: %w", names.dlq, err)
	}

	queueArgs := &sqs.QueueArgs{
		Name:                         pulumi.String(names.queue),
		FifoQueue:                    pulumi.Bool(spec.Ordered),
		KmsMasterKeyId:               keyArn,
		KmsDataKeyReusePeriodSeconds: pulumi.Int(DataKeyReuseSeconds),
		SqsManagedSseEnabled:         pulumi.Bool(false),
		MessageRetentionSeconds:      pulumi.Int(int(spec.MessageRetention.Seconds())),
		VisibilityTimeoutSeconds:     pulumi.Int(int(spec.VisibilityTimeout.Seconds())),
		RedrivePolicy: dlq.Arn.ApplyT(func(arn string) (string, error) {
			return encodeJSON(map[string]any{"deadLetterTargetArn": arn, "maxReceiveCount": spec.MaxDeliveries})
		}).(pulumi.StringOutput),
		Tags: tags,
	}
	if spec.Ordered {
		// Every envelope-encrypted message is unique (fresh data key and nonce), so content-based
		// deduplication would never match: producers send the message ID as MessageDeduplicationId.
		queueArgs.ContentBasedDeduplication = pulumi.Bool(false)
		queueArgs.DeduplicationScope = pulumi.String("messageGroup")
		queueArgs.FifoThroughputLimit = pulumi.String("perMessageGroupId")
	}
	queue, err := sqs.NewQueue(ctx, name+"-queue", queueArgs, parent)
	if err != nil {
		return nil, fmt.Errorf("creating SQS queue %q: %w", names.queue, err)
	}

	// Producers reach only the queue; consumers reach the queue and its dead-letter queue, as a Service Bus
	// receiver reaches its queue's dead-letter sub-queue, so dead letters can be inspected and settled.
	producerQueues := pulumi.StringArray{queue.Arn}.ToStringArrayOutput()
	consumerQueues := pulumi.StringArray{queue.Arn, dlq.Arn}.ToStringArrayOutput()
	for _, p := range producers {
		if err := grant(ctx, p, ProducerQueueActions, ProducerKeyActions, producerQueues, keyArn, parent); err != nil {
			return nil, err
		}
	}
	for _, cr := range consumers {
		if err := grant(ctx, cr, ConsumerQueueActions, ConsumerKeyActions, consumerQueues, keyArn, parent); err != nil {
			return nil, err
		}
	}

	everyone := pulumi.All(arns(producers), arns(consumers)).ApplyT(func(v []any) []string {
		return append(toStrings(v[0]), toStrings(v[1])...)
	}).(pulumi.StringArrayOutput)
	if err := newQueuePolicy(ctx, name+"-queue-policy", queue, queuePolicy(e, queuePolicyInputs{
		queueArn: queue.Arn, allowed: everyone, senders: arns(producers), admins: args.AdminRoleArns, vpcEndpointID: args.VpcEndpointID,
	}), parent); err != nil {
		return nil, err
	}
	if err := newQueuePolicy(ctx, name+"-dlq-policy", dlq, queuePolicy(e, queuePolicyInputs{
		queueArn: dlq.Arn, allowed: arns(consumers), senders: pulumi.StringArray{}.ToStringArrayOutput(),
		admins: args.AdminRoleArns, vpcEndpointID: args.VpcEndpointID,
	}), parent); err != nil {
		return nil, err
	}

	if err := newDeadLetterAlarm(ctx, name, names.dlq, args.AlarmActions, tags, parent); err != nil {
		return nil, err
	}

	c.QueueURL, c.QueueArn = queue.Url, queue.Arn
	c.DeadLetterURL, c.DeadLetterArn = dlq.Url, dlq.Arn
	c.KeyArn = keyArn
	c.ProducerRoleArns, c.ConsumerRoleArns = arnMap(producers), arnMap(consumers)
	if err := ctx.RegisterResourceOutputs(c, c.Outputs()); err != nil {
		return nil, fmt.Errorf("registering outputs of SecureQueue %q: %w", name, err)
	}
	return c, nil
}

// Outputs declares the component's outputs once: it registers them and the stack program exports them.
func (c *SecureQueue) Outputs() pulumi.Map {
	return pulumi.Map{
		"queueUrl": c.QueueURL, "queueArn": c.QueueArn,
		"deadLetterQueueUrl": c.DeadLetterURL, "deadLetterQueueArn": c.DeadLetterArn,
		"keyArn": c.KeyArn, "producerRoleArns": c.ProducerRoleArns, "consumerRoleArns": c.ConsumerRoleArns,
	}
}

func encodeJSON(v any) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("encoding %T: %w", v, err)
	}
	return string(b), nil
}
