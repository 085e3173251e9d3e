package integration

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/pciqueue/pciqueue/lambdas/internal/pipelinetest"
	"github.com/pciqueue/pciqueue/lambdas/message"
	"gocloud.dev/pubsub"
)

// suiteTimeout bounds a scenario that would otherwise hang on a bug; it is
// a deadline, not a measurement.
const suiteTimeout = 30 * time.Second

// TestTransports runs the produce → queue → consume suite on every
// transport.
func TestTransports(t *testing.T) {
	for _, tr := range transports() {
		t.Run(tr.name, func(t *testing.T) {
			t.Run("round trip processes each event once", func(t *testing.T) { testRoundTrip(t, tr) })
			t.Run("tampered event is never lost", func(t *testing.T) { testTamperedNotLost(t, tr) })
			t.Run("failing processor dead-letters, others unaffected", func(t *testing.T) { testFailingProcessor(t, tr) })
		})
	}
}

// running starts the consumer on sub and returns a stop function that
// waits for it.
func running(t *testing.T, p *pipelinetest.Pipeline, sub *pubsub.Subscription) (context.Context, func()) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), suiteTimeout)
	done := make(chan error, 1)
	go func() { done <- p.Consumer.Receive(ctx, sub, 4) }()
	return ctx, func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Receive: %v", safe(err))
		}
	}
}

// waitFor polls cond until it holds or ctx ends.
func waitFor(t *testing.T, ctx context.Context, what string, cond func() bool) {
	t.Helper()
	for !cond() {
		select {
		case <-ctx.Done():
			t.Fatalf("gave up waiting for %s", what)
		case <-time.After(5 * time.Millisecond):
		}
	}
}

func testRoundTrip(t *testing.T, tr transport) {
	topic, sub := tr.open(t)
	p := pipelinetest.New(t, topic)
	ctx, stop := running(t, p, sub)
	defer stop()

	want := map[string]string{}
	for _, pan := range []string{pipelinetest.PAN, pipelinetest.PAN2, pipelinetest.PAN} {
		rc, err := p.Producer.Publish(ctx, pipelinetest.Request(pan))
		if err != nil {
			t.Fatalf("Publish: %v", safe(err))
		}
		want[rc.MessageID] = pan
	}
	// A producer retry re-sends an event it already sent.
	dup, _ := p.Event(t, pipelinetest.PAN2)
	for range 2 {
		if err := topic.Send(ctx, &pubsub.Message{Body: dup}); err != nil {
			t.Fatal(err)
		}
	}
	e, err := message.Decode(dup)
	if err != nil {
		t.Fatal(err)
	}
	want[e.ID] = pipelinetest.PAN2

	waitFor(t, ctx, "every event processed", func() bool { return len(p.Processor.Payments()) >= len(want) })
	waitFor(t, ctx, "the duplicate acknowledged", func() bool {
		return strings.Contains(p.Logs.String(), "already processed; acknowledging duplicate")
	})
	for _, pay := range p.Processor.Payments() {
		pan, ok := want[pay.ID]
		if !ok {
			t.Errorf("processed %s twice or unexpectedly", pay.ID)
			continue
		}
		delete(want, pay.ID)
		if pay.Card.PAN.Reveal() != pan {
			t.Errorf("event %s opened to %s", pay.ID, pay.Card.PAN)
		}
	}
	if leak := pipelinetest.LeakedCardData(p.Logs.String()); leak != "" {
		t.Errorf("card data in logs:\n%s", leak)
	}
}

func testTamperedNotLost(t *testing.T, tr transport) {
	topic, sub := tr.open(t)
	p := pipelinetest.New(t, topic)
	good, _ := p.Event(t, pipelinetest.PAN)
	tampered := pipelinetest.Tamper(good)
	ctx, stop := running(t, p, sub)
	defer stop()
	if err := topic.Send(ctx, &pubsub.Message{Body: tampered}); err != nil {
		t.Fatal(err)
	}
	expectDeadLettered(t, ctx, tr, p, tampered, "message authentication failed")
	if n := len(p.Processor.Payments()); n != 0 {
		t.Errorf("tampered event reached the processor %d times", n)
	}
}

func testFailingProcessor(t *testing.T, tr transport) {
	topic, sub := tr.open(t)
	p := pipelinetest.New(t, topic)
	poison, rc := p.Event(t, pipelinetest.PAN)
	p.Processor.SetBehave(func(pay message.Payment) error {
		if pay.ID == rc.MessageID {
			return errors.New("issuer rejects card " + pay.Card.PAN.Reveal())
		}
		return nil
	})
	ctx, stop := running(t, p, sub)
	defer stop()
	if err := topic.Send(ctx, &pubsub.Message{Body: poison}); err != nil {
		t.Fatal(err)
	}
	fine, err := p.Producer.Publish(ctx, pipelinetest.Request(pipelinetest.PAN2))
	if err != nil {
		t.Fatal(err)
	}
	expectDeadLettered(t, ctx, tr, p, poison, "issuer rejects card 411111******1111")
	waitFor(t, ctx, "the healthy event processed", func() bool {
		for _, pay := range p.Processor.Payments() {
			if pay.ID == fine.MessageID {
				return true
			}
		}
		return false
	})
}

// expectDeadLettered checks the failing message was not lost: it lands on
// the dead-letter topic unchanged where the transport has one, and is
// delivered again where it has not. Each failed delivery must log reason.
func expectDeadLettered(t *testing.T, ctx context.Context, tr transport, p *pipelinetest.Pipeline, body []byte, reason string) {
	t.Helper()
	dlq := tr.deadLetters(t)
	if dlq == nil {
		t.Logf("known gap: %s", tr.gap)
		waitFor(t, ctx, "two failed deliveries of the message", func() bool { return strings.Count(p.Logs.String(), reason) >= 2 })
		return
	}
	m, err := dlq.Receive(ctx)
	if err != nil {
		t.Fatalf("receiving from the dead-letter subscription: %v", safe(err))
	}
	m.Ack()
	if !bytes.Equal(m.Body, body) {
		t.Errorf("dead-lettered message differs from the one sent")
	}
	if n := strings.Count(p.Logs.String(), reason); n < maxDeliveryAttempts {
		t.Errorf("the message failed %d times before dead-lettering, want %d logged failures saying %q", n, maxDeliveryAttempts, reason)
	}
	if leak := pipelinetest.LeakedCardData(p.Logs.String()); leak != "" {
		t.Errorf("card data in logs:\n%s", leak)
	}
}
