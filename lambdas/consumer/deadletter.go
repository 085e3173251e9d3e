package consumer

import (
	"context"
	"errors"
	"fmt"
	"github.com/pciqueue/pciqueue/internal/cardnum"

	"github.com/pciqueue/pciqueue/lambdas/envelope"
	"github.com/pciqueue/pciqueue/lambdas/message"
	"gocloud.dev/pubsub"
)

// Dead-letter reason codes: machine-readable, stable, never card data.
const (
	ReasonMalformed         = "malformed"          // not a payment event
	ReasonUnsupportedSchema = "unsupported-schema" // a schema this build does not read
	ReasonInvalid           = "invalid"            // a field breaks the schema's rules
	ReasonNotAuthentic      = "not-authentic"      // tampered, or sealed for another queue or ID
	ReasonMaxDeliveries     = "max-deliveries"     // failed on the queue's last delivery
	ReasonRejected          = "rejected"           // any other permanent failure
)

// maxReasonDescription bounds the description, counted after scrubbing.
const maxReasonDescription = 1024

// Reason says why a message was dead-lettered.
type Reason struct {
	// Code is one of the Reason* constants.
	Code string
	// Description is the error text, scrubbed of card numbers, then cut
	// to at most 1,024 bytes.
	Description string
}

// DeadLetterer moves a delivery to the dead-letter queue with a reason. It
// returns nil only once the message is safely there; the consumer then
// acknowledges the delivery.
type DeadLetterer interface {
	DeadLetter(ctx context.Context, d Delivery, r Reason) error
}

// Metadata keys of a dead-lettered message.
const (
	MetadataDeadLetterReason      = "pciqueue-dead-letter-reason"
	MetadataDeadLetterDescription = "pciqueue-dead-letter-description"
	MetadataPlatformID            = "pciqueue-platform-id"
)

// TopicDeadLetter sends dead-lettered messages to a topic opened on the
// dead-letter queue: the original body (sealed, as it arrived) with the
// reason in metadata. SQS: an awssqs topic on the DLQ (the Lambda then
// reports the record done and SQS deletes it); Pub/Sub: a gcppubsub topic
// on the dead-letter topic, then ack.
type TopicDeadLetter struct{ Topic *pubsub.Topic }

// DeadLetter sends d with r.
func (t TopicDeadLetter) DeadLetter(ctx context.Context, d Delivery, r Reason) error {
	return t.Topic.Send(ctx, &pubsub.Message{Body: d.Body, Metadata: map[string]string{
		MetadataDeadLetterReason:      r.Code,
		MetadataDeadLetterDescription: r.Description,
		MetadataPlatformID:            d.PlatformID,
	}})
}

// deadLetterReason says whether err ends the message's life now, and why:
// a permanent failure at once, a transient one on the last delivery.
func deadLetterReason(err error, attempt, maxDeliveries int) (Reason, bool) {
	var code string
	switch {
	case errors.Is(err, ErrBusy):
		return Reason{}, false // another delivery is processing it
	case errors.Is(err, message.ErrUnsupportedSchema):
		code = ReasonUnsupportedSchema
	case errors.Is(err, message.ErrMalformed):
		code = ReasonMalformed
	case errors.Is(err, message.ErrInvalid):
		code = ReasonInvalid
	case errors.Is(err, envelope.ErrAuthentication), errors.Is(err, envelope.ErrMalformed), errors.Is(err, envelope.ErrUnsupportedVersion):
		code = ReasonNotAuthentic
	case errors.Is(err, ErrRejected):
		code = ReasonRejected
	case maxDeliveries > 0 && attempt >= maxDeliveries:
		code = ReasonMaxDeliveries
	default:
		return Reason{}, false
	}
	return Reason{Code: code, Description: truncate(cardnum.Scrub(err.Error()), maxReasonDescription)}, true
}

// truncate cuts s to at most n bytes on a rune boundary. Callers scrub
// first: cutting first could leave the head of a card number that the
// scrubber no longer recognizes as one.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n] + fmt.Sprintf("…[%d bytes cut]", len(s)-n)
}
