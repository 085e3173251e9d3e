package azurefunc_test

import (
	"errors"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/messaging/azservicebus"
	"github.com/pciqueue/pciqueue/lambdas/azurefunc"
	"github.com/pciqueue/pciqueue/lambdas/producer"
)

// TestRoute_setsSessionAndMessageIDOnTheServiceBusMessage hands Route the
// driver-level message the way gocloud's azuresb driver does in
// BeforeSend (Service Bus speaks AMQP, so no HTTP request can be recorded).
func TestRoute_setsSessionAndMessageIDOnTheServiceBusMessage(t *testing.T) {
	sbm := &azservicebus.Message{Body: []byte("{}")}
	as := func(i any) bool {
		if p, ok := i.(**azservicebus.Message); ok {
			*p = sbm
			return true
		}
		return false
	}
	r := producer.Routing{OrderingKey: "tok_01HZX", DedupID: "MSG1"}
	if err := azurefunc.Route(as, r); err != nil {
		t.Fatal(err)
	}
	if sbm.SessionID == nil || *sbm.SessionID != r.OrderingKey || sbm.MessageID == nil || *sbm.MessageID != r.DedupID {
		t.Errorf("Service Bus message session %v id %v, want %q and %q", sbm.SessionID, sbm.MessageID, r.OrderingKey, r.DedupID)
	}
	if err := azurefunc.Route(func(any) bool { return false }, r); !errors.Is(err, producer.ErrNoDriverMessage) {
		t.Errorf("Route without a Service Bus message = %v, want ErrNoDriverMessage", err)
	}
}
