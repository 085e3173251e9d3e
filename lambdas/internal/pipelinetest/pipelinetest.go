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
	"sync/atomic"
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

// CountingKeeper counts the key-service calls made through it.
type CountingKeeper struct {
	K        *secrets.Keeper
	encrypts atomic.Int64
	decrypts atomic.Int64
}

// Encrypt counts and wraps.
func (c *CountingKeeper) Encrypt(ctx context.Context, p []byte) ([]byte, error) {
	c.encrypts.Add(1)
	return c.K.Encrypt(ctx, p)
}

// Decrypt counts and unwraps.
func (c *CountingKeeper) Decrypt(ctx context.Context, b []byte) ([]byte, error) {
	c.decrypts.Add(1)
	return c.K.Decrypt(ctx, b)
}

// Calls returns the encrypt and decrypt calls so far.
func (c *CountingKeeper) Calls() (encrypts, decrypts int64) {
	return c.encrypts.Load(), c.decrypts.Load()
}

// Reset sets both counts to zero.
func (c *CountingKeeper) Reset() { c.encrypts.Store(0); c.decrypts.Store(0) }

// Pipeline is a producer and a consumer sharing a keeper.
type Pipeline struct {
	// Keeper is the key every part wraps with; KeyCalls counts its use by
	// the producer, the vault and the consumer.
	Keeper    *secrets.Keeper
	KeyCalls  *CountingKeeper
	Vault     *vault.Vault
	Producer  *producer.Producer
	Consumer  *consumer.Consumer
	Processor *Processor
	// Logs receives the output of both, through raw (unscrubbed) JSON
	// handlers that producer and consumer wrap themselves.
	Logs *Logs
}

// Discard is a producer.Sender that drops every message.
type Discard struct{}

// Send drops m.
func (Discard) Send(context.Context, *pubsub.Message) error { return nil }

// New returns a pipeline whose producer sends to topic (nowhere when nil).
func New(t testing.TB, topic producer.Sender) *Pipeline { return NewRouted(t, topic, nil) }

// NewRouted is New with a producer that routes each message with route.
func NewRouted(t testing.TB, topic producer.Sender, route producer.Router) *Pipeline {
	t.Helper()
	key, err := localsecrets.NewRandomKey()
	if err != nil {
		t.Fatal(err)
	}
	p := &Pipeline{Keeper: localsecrets.NewKeeper(key), Processor: &Processor{}, Logs: &Logs{}}
	t.Cleanup(func() { p.Keeper.Close() })
	p.KeyCalls = &CountingKeeper{K: p.Keeper}
	vc, err := memdocstore.OpenCollection(vault.KeyField, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { vc.Close() })
	if p.Vault, err = vault.New(vault.Config{Collection: vc, Keeper: p.KeyCalls, IndexKey: bytes.Repeat([]byte{9}, 32), Name: "cards"}); err != nil {
		t.Fatal(err)
	}
	if topic == nil {
		topic = Discard{}
	}
	logger := slog.New(slog.NewJSONHandler(p.Logs, nil))
	if p.Producer, err = producer.New(producer.Config{Queue: Queue, Keeper: p.KeyCalls, Tokenizer: p.Vault, Sender: topic, Route: route, Logger: logger}); err != nil {
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
	if p.Consumer, err = consumer.New(consumer.Config{Queue: Queue, Keeper: p.KeyCalls, Claims: claims, Processor: p.Processor, Logger: logger}); err != nil {
		t.Fatal(err)
	}
	return p
}

// Logger logs to p.Logs through a raw JSON handler, as New's parts do.
func Logger(p *Pipeline) *slog.Logger { return slog.New(slog.NewJSONHandler(p.Logs, nil)) }

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

// Scrubbed masks card numbers in s, for failure messages.
func Scrubbed(s string) string { return cardnum.Scrub(s) }

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
