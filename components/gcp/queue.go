package gcp

import (
	"errors"
	"fmt"

	"github.com/pulumi/pulumi-gcp/sdk/v7/go/gcp/pubsub"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/pciqueue/pciqueue/components"
	"github.com/pciqueue/pciqueue/internal/cardnum"
)

// SecureQueueType is the component's type token.
const SecureQueueType = "pciqueue:gcp:SecureQueue"

// SecureQueue is a PCI DSS 4.0 queue on Google Cloud: a Pub/Sub topic and subscription with a dead-letter
// topic and subscription, encrypted with a Cloud KMS key, inside the project's service perimeter.
type SecureQueue struct {
	pulumi.ResourceState

	TopicID                  pulumi.StringOutput
	SubscriptionID           pulumi.StringOutput
	DeadLetterTopicID        pulumi.StringOutput
	DeadLetterSubscriptionID pulumi.StringOutput
	KeyID                    pulumi.StringOutput
	ProducerServiceAccounts  pulumi.StringMapOutput
	ConsumerServiceAccounts  pulumi.StringMapOutput
	LogBucketID              pulumi.StringOutput
	PerimeterName            pulumi.StringOutput
}

// NewSecureQueue validates args and creates the queue's key, topics, subscriptions, service accounts,
// grants, audit sink and alert, all parented to the component and all in the project of args.Controls.
// Nothing is registered when args are invalid.
func NewSecureQueue(ctx *pulumi.Context, name string, args *SecureQueueArgs, opts ...pulumi.ResourceOption) (*SecureQueue, error) {
	if args == nil {
		return nil, fmt.Errorf("creating SecureQueue %q: args are required (at least Spec.Name, Controls and Region)", cardnum.Scrub(name))
	}
	spec, err := args.validate()
	if args.Controls == nil {
		err = errors.Join(err, &components.FieldError{Queue: spec.Name, Field: "gcp.controls", Value: "nil",
			Allowed: "the project's controls from NewProjectControls (one per project: its perimeter and audit configuration)"})
	}
	if err != nil {
		return nil, fmt.Errorf("creating SecureQueue %q: %w", cardnum.Scrub(name), err)
	}
	names, err := namesFor(ctx, spec)
	if err != nil {
		return nil, err
	}

	c := &SecureQueue{}
	if err := ctx.RegisterComponentResource(SecureQueueType, name, c, opts...); err != nil {
		return nil, fmt.Errorf("registering SecureQueue %q: %w", name, err)
	}
	parent := pulumi.Parent(c)
	labels := pulumi.ToStringMap(spec.ResourceTags())
	controls := args.Controls
	project := controls.ProjectID

	keyID := pulumi.String(args.KeyName).ToStringOutput()
	if args.KeyName == "" {
		key, err := newKey(ctx, name, project, args.Region, spec, names, args.protectionLevel(), labels, parent)
		if err != nil {
			return nil, err
		}
		keyID = key.ID().ToStringOutput()
	}

	// Pub/Sub checks its service agent's access to the key when a topic is created with it, so the grant
	// comes first; it names this key only, never the key ring or the project.
	agentKeyGrant, err := grantKey(ctx, name+"-pubsub-agent-key", keyID, RoleKeyEncrypterDecrypter, controls.PubSubServiceAgent,
		parent, pulumi.DependsOn([]pulumi.Resource{controls.agent}))
	if err != nil {
		return nil, err
	}
	afterKeyGrant := pulumi.DependsOn([]pulumi.Resource{agentKeyGrant})
	regions := args.regions()
	dlqTopic, err := newTopic(ctx, name+"-dlq-topic", names.deadLetterTopic, project, keyID, regions, labels, parent, afterKeyGrant)
	if err != nil {
		return nil, err
	}
	topic, err := newTopic(ctx, name+"-topic", names.topic, project, keyID, regions, labels, parent, afterKeyGrant)
	if err != nil {
		return nil, err
	}

	// The service agent forwards a message to the dead-letter topic and then acknowledges it on the source
	// subscription: it needs exactly those two grants, on those two resources.
	agentPublish, err := pubsub.NewTopicIAMMember(ctx, name+"-pubsub-agent-dlq-publish", &pubsub.TopicIAMMemberArgs{
		Project: project, Topic: dlqTopic.ID(), Role: pulumi.String(RolePublisher), Member: controls.PubSubServiceAgent,
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("granting the Pub/Sub service agent %s on dead-letter topic %q: %w", RolePublisher, names.deadLetterTopic, err)
	}
	dlqSub, err := newDeadLetterSubscription(ctx, name+"-dlq-subscription", names.deadLetterSubscription, project, dlqTopic, spec, labels, parent)
	if err != nil {
		return nil, err
	}
	sub, err := newSubscription(ctx, name+"-subscription", names.subscription, project, topic, dlqTopic, spec, labels,
		parent, pulumi.DependsOn([]pulumi.Resource{agentPublish, dlqSub}))
	if err != nil {
		return nil, err
	}
	if _, err := pubsub.NewSubscriptionIAMMember(ctx, name+"-pubsub-agent-ack", &pubsub.SubscriptionIAMMemberArgs{
		Project: project, Subscription: sub.ID(), Role: pulumi.String(RoleSubscriber), Member: controls.PubSubServiceAgent,
	}, parent); err != nil {
		return nil, fmt.Errorf("granting the Pub/Sub service agent %s on subscription %q: %w", RoleSubscriber, names.subscription, err)
	}

	producers, err := newServiceAccounts(ctx, name, project, spec, components.RoleProducer, spec.Producers, parent)
	if err != nil {
		return nil, err
	}
	consumers, err := newServiceAccounts(ctx, name, project, spec, components.RoleConsumer, spec.Consumers, parent)
	if err != nil {
		return nil, err
	}
	for _, p := range producers {
		if err := grantPublish(ctx, p, project, topic, keyID, parent); err != nil {
			return nil, err
		}
	}
	// Consumers reach the subscription and the dead-letter subscription, as a Service Bus receiver reaches
	// its queue's dead-letter sub-queue, so dead letters can be inspected and settled.
	consumerSubs := []namedSubscription{{"subscribe", sub}, {"dlq-subscribe", dlqSub}}
	for _, cs := range consumers {
		if err := grantSubscribe(ctx, cs, project, consumerSubs, keyID, parent); err != nil {
			return nil, err
		}
	}

	bucket, err := newAuditSink(ctx, name, project, args.Region, spec, names, keyID, args.LockLogBucket, controls.audit, parent)
	if err != nil {
		return nil, err
	}
	if err := newDeadLetterAlert(ctx, name, project, names.deadLetterSubscription, args.NotificationChannels, labels,
		parent, pulumi.DependsOn([]pulumi.Resource{dlqSub})); err != nil {
		return nil, err
	}

	c.TopicID, c.SubscriptionID = topic.ID().ToStringOutput(), sub.ID().ToStringOutput()
	c.DeadLetterTopicID, c.DeadLetterSubscriptionID = dlqTopic.ID().ToStringOutput(), dlqSub.ID().ToStringOutput()
	c.KeyID = keyID
	c.ProducerServiceAccounts, c.ConsumerServiceAccounts = emailMap(producers), emailMap(consumers)
	c.LogBucketID = bucket.ID().ToStringOutput()
	c.PerimeterName = controls.PerimeterName
	if err := ctx.RegisterResourceOutputs(c, c.Outputs()); err != nil {
		return nil, fmt.Errorf("registering outputs of SecureQueue %q: %w", name, err)
	}
	return c, nil
}

// Outputs declares the component's outputs once: it registers them and the stack program exports them.
func (c *SecureQueue) Outputs() pulumi.Map {
	return pulumi.Map{
		"topicId": c.TopicID, "subscriptionId": c.SubscriptionID,
		"deadLetterTopicId": c.DeadLetterTopicID, "deadLetterSubscriptionId": c.DeadLetterSubscriptionID,
		"keyId": c.KeyID, "producerServiceAccounts": c.ProducerServiceAccounts, "consumerServiceAccounts": c.ConsumerServiceAccounts,
		"logBucketId": c.LogBucketID, "perimeterName": c.PerimeterName,
	}
}
