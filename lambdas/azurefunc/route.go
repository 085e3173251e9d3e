package azurefunc

import (
	"fmt"

	"github.com/Azure/azure-sdk-for-go/sdk/messaging/azservicebus"
	"github.com/pciqueue/pciqueue/lambdas/producer"
)

// Route is the producer.Router for Service Bus: it sets SessionId (a
// session queue delivers the events of one card in order, to one receiver
// at a time) and MessageId (duplicate detection matches on it) on the
// message gocloud's azuresb driver sends.
func Route(as func(any) bool, r producer.Routing) error {
	var m *azservicebus.Message
	if !as(&m) {
		return fmt.Errorf("routing message %q for Service Bus: %w", r.DedupID, producer.ErrNoDriverMessage)
	}
	m.SessionID = &r.OrderingKey
	m.MessageID = &r.DedupID
	return nil
}
