// Package pipelinetest wires a producer and a consumer with in-memory stores
// (localsecrets, memdocstore) for the tests of the entry points and the
// integration suite. It is test support, not production code.
package pipelinetest

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"gocloud.dev/docstore/memdocstore"
	"gocloud.dev/pubsub"
	"gocloud.dev/secrets"
	"gocloud.dev/secrets/localsecrets"

	"github.com/pciqueue/pciqueue/internal/cardnum"
	"github.com/pciqueue/pciqueue/lambdas/consumer"
	"github.com/pciqueue/pciqueue/lambdas/idempotency"
	"github.com/pciqueue/pciqueue/lambdas/message"
	"github.com/pciqueue/pciqueue/lambdas/producer"
	"github.com/pciqueue/pciqueue/lambdas/vault"
)

// Well-known test card data, used so leak checks know what to look for.
const (
	PAN    = "4111111111111111"
	PAN2   = "5555555555554444"
	Holder = "JANE Q CARDHOLDER"
	Expiry = "12/30"
	Queue  = "payments"
)

// Logs is a log sink safe to read while handlers write to it.
type Logs struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *Logs) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

// String returns everything logged so far.
func (l *Logs) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// Processor records payments and behaves as Behave says.
type Processor struct {
	mu       sync.Mutex
	payments []message.Payment
	Behave   func(message.Payment) error
}

// Process implements consumer.Processor.
func (p *Processor) Process(_ context.Context, pay message.Payment) error {
	p.mu.Lock()
	p.payments = append(p.payments, pay)
	behave := p.Behave
	p.mu.Unlock()
	if behave != nil {
		return behave(pay)
	}
	return nil
}

// SetBehave replaces Behave safely while handlers run.
func (p *Processor) SetBehave(f func(message.Payment) error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.Behave = f
}

// Payments returns the payments processed so far.
func (p *Processor) Payments() []message.Payment {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]message.Payment(nil), p.payments...)
}

// Pipeline is a producer and a consumer sharing a keeper.
type Pipeline struct {
	Keeper    *secrets.Keeper
	Vault     *vault.Vault
	Producer  *producer.Producer
	Consumer  *consumer.Consumer
	Processor *Processor
	// Logs receives the output of both, through raw (unscrubbed) JSON
	// handlers that producer and consumer wrap themselves.
	Logs *Logs
}

type nowhere struct{}

func (nowhere) Send(context.Context, *pubsub.Message) error { return nil }

// New returns a pipeline whose producer sends to topic (nowhere when nil).
func New(t testing.TB, topic producer.Sender) *Pipeline {
	t.Helper()
	key, err := localsecrets.NewRandomKey()
	if err != nil {
		t.Fatal(err)
	}
	p := &Pipeline{Keeper: localsecrets.NewKeeper(key), Processor: &Processor{}, Logs: &Logs{}}
	t.Cleanup(func() { p.Keeper.Close() })
	vc, err := memdocstore.OpenCollection(vault.KeyField, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { vc.Close() })
	if p.Vault, err = vault.New(vault.Config{Collection: vc, Keeper: p.Keeper, IndexKey: bytes.Repeat([]byte{9}, 32), Name: "cards"}); err != nil {
		t.Fatal(err)
	}
	if topic == nil {
		topic = nowhere{}
	}
	logger := slog.New(slog.NewJSONHandler(p.Logs, nil))
	if p.Producer, err = producer.New(producer.Config{Queue: Queue, Keeper: p.Keeper, Tokenizer: p.Vault, Sender: topic, Logger: logger}); err != nil {
		t.Fatal(err)
	}
	cc, err := memdocstore.OpenCollection(idempotency.KeyField, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cc.Close() })
	claims, err := idempotency.New(idempotency.Config{Collection: cc, Lease: time.Minute, Retain: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	if p.Consumer, err = consumer.New(consumer.Config{Queue: Queue, Keeper: p.Keeper, Claims: claims, Processor: p.Processor, Logger: logger}); err != nil {
		t.Fatal(err)
	}
	return p
}

// Request returns a valid payment request for pan.
func Request(pan string) producer.Request {
	return producer.Request{PAN: pan, Expiry: Expiry, Holder: Holder, AmountMinor: 1999, Currency: "EUR", MerchantRef: "order-42"}
}

// Event builds the encoded event the producer would send for pan.
func (p *Pipeline) Event(t testing.TB, pan string) ([]byte, producer.Receipt) {
	t.Helper()
	m, rc, err := p.Producer.Build(context.Background(), Request(pan))
	if err != nil {
		t.Fatal(err)
	}
	return m.Body, rc
}

// Tamper returns body with one character of the sealed envelope's GCM tag
// changed: still a well-formed event, no longer authentic.
func Tamper(body []byte) []byte {
	out := bytes.Clone(body)
	i := bytes.LastIndex(out, []byte(`"}`)) - 8
	if out[i] == 'A' {
		out[i] = 'B'
	} else {
		out[i] = 'A'
	}
	return out
}

// LeakedCardData returns a scrubbed description of any card data found in
// the texts, or "" when there is none.
func LeakedCardData(texts ...string) string {
	var found []string
	for _, s := range texts {
		if strings.Contains(s, PAN) || strings.Contains(s, PAN2) || cardnum.Contains(s) ||
			strings.Contains(s, Holder) || strings.Contains(s, Expiry) {
			found = append(found, cardnum.Scrub(s))
		}
	}
	return strings.Join(found, "\n")
}
