package gcp

import (
	"fmt"
	"time"

	"github.com/pulumi/pulumi-gcp/sdk/v7/go/gcp/pubsub"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/pciqueue/pciqueue/components"
	"github.com/pciqueue/pciqueue/internal/duration"
)

// Redelivery backoff after a nack or an expired ack deadline: the Pub/Sub defaults, stated explicitly so a
// policy can verify them and a change of default cannot alter the queue.
const (
	MinRetryBackoff = 10 * time.Second
	MaxRetryBackoff = 600 * time.Second
)

// DeadLetterRetention is how long a dead-lettered message is kept: the Pub/Sub maximum, so an operator has
// the longest time to investigate.
const DeadLetterRetention = 7 * 24 * time.Hour

// subscriptionArgs are the settings both subscriptions of a queue share.
func subscriptionArgs(name string, project pulumi.StringInput, topic *pubsub.Topic, spec components.QueueSpec,
	retention time.Duration, labels pulumi.StringMap) *pubsub.SubscriptionArgs {
	return &pubsub.SubscriptionArgs{
		Project:                  project,
		Name:                     pulumi.String(name),
		Topic:                    topic.ID(),
		AckDeadlineSeconds:       pulumi.Int(int(spec.VisibilityTimeout.Seconds())),
		MessageRetentionDuration: pulumi.String(duration.FormatGoogle(retention)),
		RetainAckedMessages:      pulumi.Bool(false),
		// An empty TTL is how Pub/Sub spells "never expires": a quiet queue must not silently disappear
		// with its messages after 31 days of inactivity.
		ExpirationPolicy: &pubsub.SubscriptionExpirationPolicyArgs{Ttl: pulumi.String("")},
		RetryPolicy: &pubsub.SubscriptionRetryPolicyArgs{
			MinimumBackoff: pulumi.String(duration.FormatGoogle(MinRetryBackoff)),
			MaximumBackoff: pulumi.String(duration.FormatGoogle(MaxRetryBackoff)),
		},
		EnableMessageOrdering: pulumi.Bool(spec.Ordered),
		Labels:                labels,
	}
}

// newSubscription creates the queue's subscription: after spec.MaxDeliveries attempts a message moves to
// the dead-letter topic.
func newSubscription(ctx *pulumi.Context, logical, name string, project pulumi.StringInput, topic, deadLetter *pubsub.Topic,
	spec components.QueueSpec, labels pulumi.StringMap, opts ...pulumi.ResourceOption) (*pubsub.Subscription, error) {
	args := subscriptionArgs(name, project, topic, spec, spec.MessageRetention, labels)
	args.DeadLetterPolicy = &pubsub.SubscriptionDeadLetterPolicyArgs{
		DeadLetterTopic:     deadLetter.ID(),
		MaxDeliveryAttempts: pulumi.Int(spec.MaxDeliveries),
	}
	s, err := pubsub.NewSubscription(ctx, logical, args, opts...)
	if err != nil {
		return nil, fmt.Errorf("creating Pub/Sub subscription %q: %w", name, err)
	}
	return s, nil
}

// newDeadLetterSubscription keeps what is dead-lettered: a message published to a topic without a
// subscription is dropped.
func newDeadLetterSubscription(ctx *pulumi.Context, logical, name string, project pulumi.StringInput, deadLetter *pubsub.Topic,
	spec components.QueueSpec, labels pulumi.StringMap, opts ...pulumi.ResourceOption) (*pubsub.Subscription, error) {
	s, err := pubsub.NewSubscription(ctx, logical, subscriptionArgs(name, project, deadLetter, spec, DeadLetterRetention, labels), opts...)
	if err != nil {
		return nil, fmt.Errorf("creating Pub/Sub dead-letter subscription %q: %w", name, err)
	}
	return s, nil
}

// seconds writes a duration the way the Pub/Sub and Cloud KMS APIs read one: "600s".
