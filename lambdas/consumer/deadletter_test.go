package consumer_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/pciqueue/pciqueue/lambdas/consumer"
	"github.com/pciqueue/pciqueue/lambdas/idempotency"
	"github.com/pciqueue/pciqueue/lambdas/internal/pipelinetest"
	"github.com/pciqueue/pciqueue/lambdas/message"
	"gocloud.dev/docstore/memdocstore"
	"gocloud.dev/pubsub/mempubsub"
)

type deadLetters struct {
	mu   sync.Mutex
	got  []consumer.Reason
	fail error
}

func (d *deadLetters) DeadLetter(_ context.Context, _ consumer.Delivery, r consumer.Reason) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.fail != nil {
		return d.fail
	}
	d.got = append(d.got, r)
	return nil
}

func newDeadLetteringConsumer(t *testing.T, p *pipelinetest.Pipeline, dl consumer.DeadLetterer) *consumer.Consumer {
	t.Helper()
	coll, err := memdocstore.OpenCollection(idempotency.KeyField, nil)
	if err != nil {
		t.Fatal(err)
	}
	claims, err := idempotency.New(idempotency.Config{Collection: coll, Lease: time.Minute, Retain: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	c, err := consumer.New(consumer.Config{Queue: pipelinetest.Queue, Keeper: p.Keeper, Claims: claims, Processor: p.Processor,
		DeadLetter: dl, MaxDeliveries: 3, Logger: pipelinetest.Logger(p)})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestHandle_deadLettersPermanentFailuresAtOnceWithAReason(t *testing.T) {
	p := pipelinetest.New(t, nil)
	good, _ := p.Event(t, pipelinetest.PAN)
	p.Processor.SetBehave(func(message.Payment) error { return errors.New("acquirer unreachable") })
	tests := []struct {
		name    string
		body    []byte
		attempt int
		code    string // "" means not dead-lettered
	}{
		{"not JSON, card number inside", []byte("pan=" + pipelinetest.PAN), 1, consumer.ReasonMalformed},
		{"unknown schema", []byte(`{"schema":"pciqueue.payment.v9"}`), 1, consumer.ReasonUnsupportedSchema},
		{"tampered", pipelinetest.Tamper(good), 1, consumer.ReasonNotAuthentic},
		{"transient failure, first delivery", good, 1, ""},
		{"transient failure, last delivery", good, 3, consumer.ReasonMaxDeliveries},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dl := &deadLetters{}
			c := newDeadLetteringConsumer(t, p, dl)
			err := c.Handle(context.Background(), consumer.Delivery{Body: tt.body, PlatformID: "m-1", Attempt: tt.attempt})
			if tt.code == "" {
				if err == nil || len(dl.got) != 0 {
					t.Fatalf("Handle = %v with %d dead letters; want a retry", err, len(dl.got))
				}
				return
			}
			if err != nil {
				t.Fatalf("Handle = %v, want nil once dead-lettered", safe(err))
			}
			if len(dl.got) != 1 || dl.got[0].Code != tt.code {
				t.Fatalf("dead letters %+v, want one with code %q", dl.got, tt.code)
			}
			if leak := pipelinetest.LeakedCardData(dl.got[0].Description); leak != "" || dl.got[0].Description == "" {
				t.Errorf("reason description %q is empty or carries card data", leak)
			}
		})
	}
}

func TestHandle_failedDeadLetterIsReportedFailed(t *testing.T) {
	p := pipelinetest.New(t, nil)
	c := newDeadLetteringConsumer(t, p, &deadLetters{fail: errors.New("DLQ unavailable")})
	if err := c.Handle(context.Background(), consumer.Delivery{Body: []byte("{"), PlatformID: "m-1", Attempt: 1}); err == nil {
		t.Fatal("Handle acknowledged a message it could not dead-letter")
	}
}

func TestTopicDeadLetter_sendsBodyAndReasonMetadata(t *testing.T) {
	topic := mempubsub.NewTopic()
	defer topic.Shutdown(context.Background())
	sub := mempubsub.NewSubscription(topic, time.Minute)
	defer sub.Shutdown(context.Background())
	r := consumer.Reason{Code: consumer.ReasonMalformed, Description: "decoding payment event: malformed"}
	if err := (consumer.TopicDeadLetter{Topic: topic}).DeadLetter(context.Background(), consumer.Delivery{Body: []byte("x"), PlatformID: "m-7"}, r); err != nil {
		t.Fatal(err)
	}
	m, err := sub.Receive(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	m.Ack()
	got := fmt.Sprintln(string(m.Body), m.Metadata[consumer.MetadataDeadLetterReason], m.Metadata[consumer.MetadataDeadLetterDescription], m.Metadata[consumer.MetadataPlatformID])
	if got != "x malformed decoding payment event: malformed m-7\n" {
		t.Errorf("dead letter = %q", got)
	}
}
