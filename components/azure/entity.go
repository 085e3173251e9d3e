package azure

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/pciqueue/pciqueue/components"
	"github.com/pciqueue/pciqueue/internal/duration"
	"github.com/pciqueue/pciqueue/providers/azurenative"
)

// Queue settings every SecureQueue gets.
const (
	// DuplicateDetectionWindow is how long Service Bus remembers a message ID to drop a resend: producers send
	// the message ID, so a retried send after a timeout does not charge a card twice.
	DuplicateDetectionWindow = "PT10M"
	// QueueMaxSizeMegabytes is the queue's capacity, room for a long consumer outage.
	QueueMaxSizeMegabytes = 5120
)

// DeadLetterSubQueue is the path suffix of a queue's dead-letter sub-queue, which receivers of the queue
// may read.
const DeadLetterSubQueue = "/$DeadLetterQueue"

// newQueueEntity creates the queue: messages that expire or are delivered spec.MaxDeliveries times move to
// its dead-letter sub-queue, where they do not expire; sessions give first-in-first-out order when asked.
func newQueueEntity(ctx *pulumi.Context, logical string, spec components.QueueSpec, group, namespace pulumi.StringInput,
	opts ...pulumi.ResourceOption) (*azurenative.ServiceBusQueue, error) {
	q, err := azurenative.NewServiceBusQueue(ctx, logical, &azurenative.ServiceBusQueueArgs{
		ResourceGroupName:                   group,
		NamespaceName:                       namespace,
		QueueName:                           pulumi.String(spec.Name),
		MaxDeliveryCount:                    pulumi.Int(spec.MaxDeliveries),
		DeadLetteringOnMessageExpiration:    pulumi.Bool(true),
		RequiresSession:                     pulumi.Bool(spec.Ordered),
		RequiresDuplicateDetection:          pulumi.Bool(true),
		DuplicateDetectionHistoryTimeWindow: pulumi.String(DuplicateDetectionWindow),
		DefaultMessageTimeToLive:            pulumi.String(duration.FormatISO8601(spec.MessageRetention)),
		LockDuration:                        pulumi.String(duration.FormatISO8601(spec.VisibilityTimeout)),
		// Premium namespaces partition at the namespace level; a partitioned queue is a Standard-tier feature.
		EnablePartitioning: pulumi.Bool(false),
		MaxSizeInMegabytes: pulumi.Int(QueueMaxSizeMegabytes),
	}, opts...)
	if err != nil {
		return nil, fmt.Errorf("creating Service Bus queue %q: %w", spec.Name, err)
	}
	return q, nil
}
