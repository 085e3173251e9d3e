package gcpfunc

import (
	"fmt"

	"cloud.google.com/go/pubsub/apiv1/pubsubpb"
	"github.com/pciqueue/pciqueue/lambdas/producer"
)

// Route is the producer.Router for Pub/Sub: it sets the ordering key, so a
// subscription with message ordering delivers the events of one card in
// order. Pub/Sub has no publisher-side deduplication; the consumer's claims
// drop duplicates by message ID.
func Route(as func(any) bool, r producer.Routing) error {
	var m *pubsubpb.PubsubMessage
	if !as(&m) {
		return fmt.Errorf("routing message %q for Pub/Sub: %w", r.DedupID, producer.ErrNoDriverMessage)
	}
	m.OrderingKey = r.OrderingKey
	return nil
}
