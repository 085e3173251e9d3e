package awslambda

import (
	"fmt"

	snstypes "github.com/aws/aws-sdk-go-v2/service/sns/types"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/pciqueue/pciqueue/lambdas/producer"
)

// Route is the producer.Router for FIFO queues and topics: it sets
// MessageGroupId (events of one card stay in order) and
// MessageDeduplicationId (SQS drops a resend of the same message ID within
// five minutes) on the entry gocloud's awssnssqs driver sends. Standard
// queues refuse both fields; wire Route for FIFO queues only.
func Route(as func(any) bool, r producer.Routing) error {
	var sqsEntry *sqstypes.SendMessageBatchRequestEntry
	if as(&sqsEntry) {
		sqsEntry.MessageGroupId = &r.OrderingKey
		sqsEntry.MessageDeduplicationId = &r.DedupID
		return nil
	}
	var snsEntry *snstypes.PublishBatchRequestEntry
	if as(&snsEntry) {
		snsEntry.MessageGroupId = &r.OrderingKey
		snsEntry.MessageDeduplicationId = &r.DedupID
		return nil
	}
	return fmt.Errorf("routing message %q for SQS or SNS FIFO: %w", r.DedupID, producer.ErrNoDriverMessage)
}
