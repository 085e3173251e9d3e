package consumer_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"gocloud.dev/docstore/memdocstore"
	"gocloud.dev/pubsub"
	"gocloud.dev/pubsub/mempubsub"
	"gocloud.dev/secrets"
	"gocloud.dev/secrets/localsecrets"

	"github.com/pciqueue/pciqueue/internal/cardnum"
	"github.com/pciqueue/pciqueue/lambdas/consumer"
	"github.com/pciqueue/pciqueue/lambdas/envelope"
	"github.com/pciqueue/pciqueue/lambdas/idempotency"
	"github.com/pciqueue/pciqueue/lambdas/internal/pipelinetest"
	"github.com/pciqueue/pciqueue/lambdas/message"
	"github.com/pciqueue/pciqueue/lambdas/producer"
	"github.com/pciqueue/pciqueue/lambdas/vault"
)

const (
	testPAN = "4111111111111111"
	queue   = "payments"
)

type env struct {
	keeper   *secrets.Keeper
	producer *producer.Producer
	claims   *idempotency.Store
	proc     *pipelinetest.Processor
	consumer *consumer.Consumer
	logs     *pipelinetest.Logs
}

func newKeeper(t testing.TB) *secrets.Keeper {
	t.Helper()
	key, err := localsecrets.NewRandomKey()
	if err != nil {
		t.Fatal(err)
	}
	k := localsecrets.NewKeeper(key)
	t.Cleanup(func() { k.Close() })
	return k
}

// newEnv wires a producer (sending to topic, or nowhere when nil) and a
// consumer sharing a keeper, with in-memory stores.
func newEnv(t *testing.T, topic producer.Sender) *env {
	t.Helper()
	e := &env{keeper: newKeeper(t), proc: &pipelinetest.Processor{}, logs: &pipelinetest.Logs{}}
	vc, err := memdocstore.OpenCollection(vault.KeyField, nil)
	if err != nil {
		t.Fatal(err)
	}
	v, err := vault.New(vault.Config{Collection: vc, Keeper: e.keeper, IndexKey: bytes.Repeat([]byte{1}, 32), Name: "cards"})
	if err != nil {
		t.Fatal(err)
	}
	if topic == nil {
		topic = mempubsub.NewTopic()
	}
	e.producer, err = producer.New(producer.Config{Queue: queue, Keeper: e.keeper, Tokenizer: v, Sender: topic, Logger: slog.New(slog.NewJSONHandler(e.logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	cc, err := memdocstore.OpenCollection(idempotency.KeyField, nil)
	if err != nil {
		t.Fatal(err)
	}
	if e.claims, err = idempotency.New(idempotency.Config{Collection: cc, Lease: time.Minute, Retain: time.Hour}); err != nil {
		t.Fatal(err)
	}
	e.consumer = e.newConsumer(t, queue, e.keeper, e.claims)
	return e
}

func (e *env) newConsumer(t *testing.T, q string, k envelope.Keeper, c consumer.Claims) *consumer.Consumer {
	t.Helper()
	// A raw (non-scrubbing) handler: New wraps it, and the tests check that
	// nothing reaches it in clear.
	cons, err := consumer.New(consumer.Config{Queue: q, Keeper: k, Claims: c, Processor: e.proc, Logger: slog.New(slog.NewJSONHandler(e.logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	return cons
}

// body builds an encoded event for a valid request.
func (e *env) body(t *testing.T) ([]byte, producer.Receipt) {
	t.Helper()
	m, rc, err := e.producer.Build(context.Background(), producer.Request{
		PAN: testPAN, Expiry: "12/30", Holder: "JANE Q CARDHOLDER", AmountMinor: 1999, Currency: "EUR", MerchantRef: "order-42",
	})
	if err != nil {
		t.Fatal(err)
	}
	return m.Body, rc
}

func noPAN(t *testing.T, what, s string) {
	t.Helper()
	if strings.Contains(s, testPAN) || cardnum.Contains(s) {
		t.Errorf("%s holds a PAN: %s", what, cardnum.Scrub(s))
	}
}

func TestHandle_processesOnceAndAcksDuplicates(t *testing.T) {
	e := newEnv(t, nil)
	b, rc := e.body(t)
	for i := range 3 {
		if err := e.consumer.Handle(context.Background(), consumer.Delivery{Body: b, PlatformID: fmt.Sprintf("p-%d", i), Attempt: i + 1}); err != nil {
			t.Fatalf("delivery %d: %v", i+1, safe(err))
		}
	}
	calls := e.proc.Payments()
	if len(calls) != 1 {
		t.Fatalf("processor called %d times for one message delivered 3 times", len(calls))
	}
	p := calls[0]
	if p.Card.PAN.Reveal() != testPAN || p.ID != rc.MessageID || p.Token != rc.Token || p.AmountMinor != 1999 {
		t.Errorf("processor got %+v, want the produced payment", p)
	}
	logs := e.logs.String()
	if !strings.Contains(logs, `"msg":"payment event processed"`) || !strings.Contains(logs, "already processed; acknowledging duplicate") {
		t.Errorf("logs lack the processed and duplicate lines: %s", cardnum.Scrub(logs))
	}
	noPAN(t, "logs", logs)
}

func TestHandle_failuresAreReportedNotDropped(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name      string
		setup     func(t *testing.T, e *env, body []byte) (*consumer.Consumer, []byte)
		want      error
		reason    string
		processed bool
	}{
		{"not an event", func(t *testing.T, e *env, b []byte) (*consumer.Consumer, []byte) {
			return e.consumer, []byte("pan=" + testPAN)
		}, consumer.ErrRejected, "not valid JSON", false},
		{"unknown schema", func(t *testing.T, e *env, b []byte) (*consumer.Consumer, []byte) {
			return e.consumer, bytes.Replace(b, []byte(message.SchemaV1), []byte("pciqueue.payment.v9"), 1)
		}, message.ErrUnsupportedSchema, "pciqueue.payment.v9", false},
		{"amount altered in transit", func(t *testing.T, e *env, b []byte) (*consumer.Consumer, []byte) {
			return e.consumer, bytes.Replace(b, []byte(`"amountMinor":1999`), []byte(`"amountMinor":1`), 1)
		}, envelope.ErrAuthentication, "message authentication failed", false},
		{"GCM tag altered", func(t *testing.T, e *env, b []byte) (*consumer.Consumer, []byte) {
			// A full data character of the last base64 quartets (not a
			// padding one), swapped for another valid base64 character.
			i := bytes.LastIndex(b, []byte(`"}`)) - 8
			t2 := bytes.Clone(b)
			if t2[i] == 'A' {
				t2[i] = 'B'
			} else {
				t2[i] = 'A'
			}
			return e.consumer, t2
		}, envelope.ErrAuthentication, "", false},
		{"sealed for another queue", func(t *testing.T, e *env, b []byte) (*consumer.Consumer, []byte) {
			return e.newConsumer(t, "refunds", e.keeper, e.claims), b
		}, envelope.ErrAuthentication, `queue "refunds"`, false},
		{"other key", func(t *testing.T, e *env, b []byte) (*consumer.Consumer, []byte) {
			return e.newConsumer(t, queue, newKeeper(t), e.claims), b
		}, consumer.ErrFailed, "data key could not be unwrapped", false},
		{"processor error naming the card", func(t *testing.T, e *env, b []byte) (*consumer.Consumer, []byte) {
			e.proc.SetBehave(func(p message.Payment) error { return fmt.Errorf("issuer declined card %s", p.Card.PAN.Reveal()) })
			return e.consumer, b
		}, consumer.ErrFailed, "issuer declined card 411111******1111", true},
		{"processor panic with the card", func(t *testing.T, e *env, b []byte) (*consumer.Consumer, []byte) {
			e.proc.SetBehave(func(p message.Payment) error { panic("bad card " + p.Card.PAN.Reveal()) })
			return e.consumer, b
		}, consumer.ErrFailed, "processor panicked: bad card 411111******1111", true},
		{"claim store down", func(t *testing.T, e *env, b []byte) (*consumer.Consumer, []byte) {
			return e.newConsumer(t, queue, e.keeper, failingClaims{}), b
		}, consumer.ErrFailed, "store unavailable", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, nil)
			b, _ := e.body(t)
			c, delivered := tt.setup(t, e, b)
			err := c.Handle(ctx, consumer.Delivery{Body: delivered, PlatformID: "p-1", Attempt: 1})
			if err == nil || !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.reason) {
				t.Fatalf("Handle error = %v, want %v saying %q", cardnum.Scrub(fmt.Sprint(err)), tt.want, tt.reason)
			}
			if processed := len(e.proc.Payments()) > 0; processed != tt.processed {
				t.Errorf("processor called = %v, want %v", processed, tt.processed)
			}
			noPAN(t, "error", err.Error())
			noPAN(t, "logs", e.logs.String())
			if !strings.Contains(e.logs.String(), `"reason"`) {
				t.Errorf("failure logged without a reason: %s", cardnum.Scrub(e.logs.String()))
			}
		})
	}
}

type failingClaims struct{}

func (failingClaims) Claim(context.Context, string) (idempotency.Outcome, error) {
	return 0, errors.New("store unavailable")
}
func (failingClaims) Complete(context.Context, string) error { return errors.New("store unavailable") }
func (failingClaims) Release(context.Context, string) error  { return errors.New("store unavailable") }

func TestHandle_failedProcessingIsRetriedOnRedelivery(t *testing.T) {
	e := newEnv(t, nil)
	b, _ := e.body(t)
	e.proc.SetBehave(func(message.Payment) error { return errors.New("issuer timeout") })
	if err := e.consumer.Handle(context.Background(), consumer.Delivery{Body: b, Attempt: 1}); !errors.Is(err, consumer.ErrFailed) {
		t.Fatalf("first delivery: %v, want consumer.ErrFailed", safe(err))
	}
	e.proc.SetBehave(nil)
	if err := e.consumer.Handle(context.Background(), consumer.Delivery{Body: b, Attempt: 2}); err != nil {
		t.Fatalf("redelivery after a released claim: %v", safe(err))
	}
	if n := len(e.proc.Payments()); n != 2 {
		t.Errorf("processor called %d times, want 2 (failed, then retried)", n)
	}
}

func TestHandle_concurrentDuplicateIsBusy(t *testing.T) {
	e := newEnv(t, nil)
	b, _ := e.body(t)
	started, release := make(chan struct{}), make(chan struct{})
	e.proc.SetBehave(func(message.Payment) error { close(started); <-release; return nil })
	first := make(chan error, 1)
	go func() {
		first <- e.consumer.Handle(context.Background(), consumer.Delivery{Body: b, PlatformID: "p-1"})
	}()
	<-started
	err := e.consumer.Handle(context.Background(), consumer.Delivery{Body: b, PlatformID: "p-2"})
	close(release)
	if !errors.Is(err, consumer.ErrBusy) {
		t.Errorf("duplicate during processing: %v, want consumer.ErrBusy", safe(err))
	}
	if err := <-first; err != nil {
		t.Errorf("first delivery: %v", safe(err))
	}
	if n := len(e.proc.Payments()); n != 1 {
		t.Errorf("processor called %d times", n)
	}
}

type completeFails struct{ *idempotency.Store }

func (completeFails) Complete(context.Context, string) error { return errors.New("store timeout") }

func TestHandle_completeFailureStillAcks(t *testing.T) {
	e := newEnv(t, nil)
	b, _ := e.body(t)
	c := e.newConsumer(t, queue, e.keeper, completeFails{e.claims})
	if err := c.Handle(context.Background(), consumer.Delivery{Body: b}); err != nil {
		t.Fatalf("Handle = %v; processed work must be acknowledged", safe(err))
	}
	if !strings.Contains(e.logs.String(), "processed but not recorded") {
		t.Errorf("missing log line: %s", cardnum.Scrub(e.logs.String()))
	}
}

func TestReceive_roundTripThroughMempubsub(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	topic := mempubsub.NewTopic()
	defer topic.Shutdown(context.Background())
	sub := mempubsub.NewSubscription(topic, time.Minute)
	defer sub.Shutdown(context.Background())
	e := newEnv(t, topic)

	const n = 5
	want := map[string]bool{}
	for range n {
		rc, err := e.producer.Publish(ctx, producer.Request{PAN: testPAN, Expiry: "12/30", AmountMinor: 100, Currency: "EUR"})
		if err != nil {
			t.Fatal(err)
		}
		want[rc.MessageID] = true
	}
	if err := topic.Send(ctx, &pubsub.Message{Body: []byte(`{"schema":"pciqueue.payment.v1","tampered":true}`)}); err != nil {
		t.Fatal(err)
	}

	// Stop once the good events are processed and the bad one has been
	// delivered again (nacked, not dropped).
	done := make(chan error, 1)
	go func() { done <- e.consumer.Receive(ctx, sub, 4) }()
	for !(len(e.proc.Payments()) == n && strings.Count(e.logs.String(), "payment event rejected") >= 2) {
		select {
		case err := <-done:
			t.Fatalf("Receive returned early: %v", safe(err))
		case <-time.After(10 * time.Millisecond):
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Receive: %v", safe(err))
	}
	for _, p := range e.proc.Payments() {
		if !want[p.ID] {
			t.Errorf("processed unexpected message %q", p.ID)
		}
		delete(want, p.ID)
	}
	if len(want) != 0 {
		t.Errorf("messages not processed: %v", want)
	}
	noPAN(t, "logs", e.logs.String())
}

func TestNew_rejectsIncompleteConfig(t *testing.T) {
	_, err := consumer.New(consumer.Config{})
	for _, want := range []string{`Queue "" must have`, "Keeper is nil", "Claims is nil", "Processor is nil"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("New error %v does not say %q", safe(err), want)
		}
	}
}

func TestHandle_processorErrorKeepsChainLosesCardData(t *testing.T) {
	e := newEnv(t, nil)
	b, _ := e.body(t)
	declined := errors.New("declined")
	e.proc.SetBehave(func(p message.Payment) error {
		return fmt.Errorf("card %s of %s expiring %s: %w", p.Card.PAN.Reveal(), p.Card.Holder, p.Card.Expiry, declined)
	})
	err := e.consumer.Handle(context.Background(), consumer.Delivery{Body: b})
	if !errors.Is(err, declined) || !errors.Is(err, consumer.ErrFailed) {
		t.Fatalf("Handle error %v lost the processor's error chain", cardnum.Scrub(fmt.Sprint(err)))
	}
	want := "card 411111******1111 of [cardholder] expiring [expiry]: declined"
	if !strings.Contains(err.Error(), want) {
		t.Errorf("error %q, want it to say %q", cardnum.Scrub(err.Error()), want)
	}
	for _, s := range []string{err.Error(), e.logs.String()} {
		if strings.Contains(s, "JANE Q CARDHOLDER") || strings.Contains(s, "12/30") {
			t.Errorf("cardholder name or expiry leaked: %s", cardnum.Scrub(s))
		}
	}
}

type strangeClaims struct{ *idempotency.Store }

func (strangeClaims) Claim(context.Context, string) (idempotency.Outcome, error) { return 0, nil }

func TestHandle_unknownClaimOutcomeIsNotProcessed(t *testing.T) {
	e := newEnv(t, nil)
	b, _ := e.body(t)
	err := e.newConsumer(t, queue, e.keeper, strangeClaims{e.claims}).Handle(context.Background(), consumer.Delivery{Body: b})
	if !errors.Is(err, consumer.ErrFailed) || !strings.Contains(err.Error(), "claim store answered Outcome(0)") {
		t.Fatalf("Handle = %v, want consumer.ErrFailed naming the outcome", safe(err))
	}
	if n := len(e.proc.Payments()); n != 0 {
		t.Errorf("processor called %d times without a claim", n)
	}
}
