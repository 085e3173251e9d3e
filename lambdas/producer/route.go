package producer

import "errors"

// Routing is what an ordered, deduplicating queue needs besides the body.
// Neither value is card data: the ordering key is the card token and the
// deduplication ID the message ID.
type Routing struct {
	// OrderingKey groups the messages that must be delivered in order (SQS
	// FIFO message group, Service Bus session, Pub/Sub ordering key): the
	// events of one card.
	OrderingKey string
	// DedupID identifies the message to the queue's duplicate detection
	// (SQS MessageDeduplicationId, Service Bus MessageId).
	DedupID string
}

// Router writes r onto the driver-level message that gocloud's BeforeSend
// hook exposes through as. Each cloud's package provides one; it returns
// ErrNoDriverMessage when as offers none of its driver's types, so a
// producer wired to the wrong cloud fails instead of sending unordered.
type Router func(as func(any) bool, r Routing) error

// ErrNoDriverMessage: the topic's driver is not the one the Router writes
// for.
var ErrNoDriverMessage = errors.New("the topic's driver message is not of the type this router writes; wire the router of the topic's cloud")
