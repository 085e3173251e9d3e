package producer

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/pciqueue/pciqueue/lambdas/card"
	"github.com/pciqueue/pciqueue/lambdas/envelope"
	"github.com/pciqueue/pciqueue/lambdas/logscrub"
	"github.com/pciqueue/pciqueue/lambdas/message"
	"gocloud.dev/pubsub"
)

// Metadata keys set on every sent message. Neither value is sensitive; they
// let operators and filters see the schema and ID without decoding the body.
const (
	MetadataSchema    = "pciqueue-schema"
	MetadataMessageID = "pciqueue-message-id"
)

// ErrInvalidRequest is wrapped by every error caused by the request itself.
var ErrInvalidRequest = errors.New("invalid payment request")

// Sender sends one message; *pubsub.Topic implements it.
type Sender interface {
	Send(ctx context.Context, m *pubsub.Message) error
}

// Tokenizer replaces a PAN with a token; *vault.Vault implements it.
type Tokenizer interface {
	Tokenize(ctx context.Context, pan card.PAN) (card.Token, error)
}

// Config wires a Producer.
type Config struct {
	// Queue is the logical queue name the consumer is configured with too;
	// events are bound to it.
	Queue string
	// Keeper wraps message data keys; the producer only encrypts with it.
	Keeper envelope.Keeper
	// KeyRef is the key version Keeper encrypts with, recorded in every
	// envelope, for key services whose ciphertext does not name it (Azure
	// Key Vault). Empty elsewhere.
	KeyRef string
	// Cache bounds how many messages and how long one data key serves; nil
	// means envelope.DefaultCachePolicy.
	Cache     *envelope.CachePolicy
	Tokenizer Tokenizer
	// Route writes the ordering key and deduplication ID onto the driver's
	// message (awslambda.Route, azurefunc.Route, gcpfunc.Route); nil sends
	// without them.
	Route  Router
	Sender Sender
	// Logger receives one line per event; it is wrapped in a scrubbing
	// handler. Nil logs JSON to stderr.
	Logger *slog.Logger
	// Now returns the event creation time; nil means time.Now.
	Now func() time.Time
}

// Producer builds and sends payment events.
type Producer struct {
	queue  string
	sealer *envelope.Sealer
	route  Router
	tok    Tokenizer
	send   Sender
	log    *slog.Logger
	now    func() time.Time
}

// New checks cfg and returns a Producer.
func New(cfg Config) (*Producer, error) {
	var errs []error
	if cfg.Queue == "" {
		errs = append(errs, errors.New("Queue is empty; set the queue name the consumer expects"))
	}
	if cfg.Keeper == nil {
		errs = append(errs, errors.New("Keeper is nil; open one with secrets.OpenKeeper"))
	}
	if cfg.Tokenizer == nil {
		errs = append(errs, errors.New("Tokenizer is nil; use a *vault.Vault"))
	}
	if cfg.Sender == nil {
		errs = append(errs, errors.New("Sender is nil; open one with pubsub.OpenTopic"))
	}
	var sealer *envelope.Sealer
	if cfg.Keeper != nil {
		policy := envelope.DefaultCachePolicy()
		if cfg.Cache != nil {
			policy = *cfg.Cache
		}
		var err error
		if sealer, err = envelope.NewSealer(envelope.SealerConfig{Keeper: cfg.Keeper, KeyRef: cfg.KeyRef, Policy: policy}); err != nil {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("creating producer for queue %q: %w", cfg.Queue, err)
	}
	p := &Producer{queue: cfg.Queue, sealer: sealer, route: cfg.Route, tok: cfg.Tokenizer, send: cfg.Sender, now: cfg.Now}
	p.log = scrubbed(cfg.Logger).With("queue", cfg.Queue)
	if p.now == nil {
		p.now = time.Now
	}
	return p, nil
}

// scrubbed returns l, or a JSON logger on stderr, behind a scrubbing handler.
func scrubbed(l *slog.Logger) *slog.Logger {
	if l == nil {
		l = slog.New(slog.NewJSONHandler(os.Stderr, nil))
	}
	return slog.New(logscrub.NewHandler(l.Handler()))
}

// Receipt tells the caller what was sent, without card data.
type Receipt struct {
	MessageID string
	Token     card.Token
	MaskedPAN string
}

// Build validates r, tokenizes the PAN and returns the message to send.
func (p *Producer) Build(ctx context.Context, r Request) (*pubsub.Message, Receipt, error) {
	pan, err := card.ParsePAN(r.PAN)
	if err != nil {
		return nil, Receipt{}, fmt.Errorf("building payment event: %w: %w", ErrInvalidRequest, err)
	}
	h := message.Header{
		Schema:      message.SchemaV1,
		ID:          message.NewID(),
		CreatedAt:   p.now().UTC(),
		AmountMinor: r.AmountMinor,
		Currency:    r.Currency,
		MerchantRef: r.MerchantRef,
	}
	c := message.CardData{PAN: pan, Expiry: r.Expiry, Holder: r.Holder}
	// Check everything the request controls before the vault stores the PAN.
	if err := message.Validate(h, c); err != nil {
		return nil, Receipt{}, fmt.Errorf("building payment event: %w: %w", ErrInvalidRequest, err)
	}
	if h.Token, err = p.tok.Tokenize(ctx, pan); err != nil {
		return nil, Receipt{}, fmt.Errorf("building payment event %q: %w", h.ID, err)
	}
	e, err := message.Seal(ctx, p.sealer, p.queue, h, c)
	if err != nil {
		return nil, Receipt{}, fmt.Errorf("building payment event %q: %w", h.ID, err)
	}
	body, err := message.Encode(e)
	if err != nil {
		return nil, Receipt{}, fmt.Errorf("building payment event %q: %w", h.ID, err)
	}
	m := &pubsub.Message{
		Body:     body,
		Metadata: map[string]string{MetadataSchema: message.SchemaV1, MetadataMessageID: h.ID},
	}
	if p.route != nil {
		r := Routing{OrderingKey: string(e.Token), DedupID: h.ID}
		m.BeforeSend = func(as func(any) bool) error { return p.route(as, r) }
	}
	return m, Receipt{MessageID: h.ID, Token: e.Token, MaskedPAN: e.MaskedPAN}, nil
}

// Close wipes the producer's cached data key.
func (p *Producer) Close() { p.sealer.Close() }

// Publish builds the event for r and sends it.
func (p *Producer) Publish(ctx context.Context, r Request) (Receipt, error) {
	m, rc, err := p.Build(ctx, r)
	if err != nil {
		p.log.WarnContext(ctx, "payment event not built", "request", r, "error", err)
		return Receipt{}, err
	}
	if err := p.send.Send(ctx, m); err != nil {
		err = fmt.Errorf("sending payment event %q to queue %q: %w", rc.MessageID, p.queue, err)
		p.log.ErrorContext(ctx, "payment event not sent", "message_id", rc.MessageID, "token", rc.Token, "error", err)
		return Receipt{}, err
	}
	p.log.InfoContext(ctx, "payment event sent", "message_id", rc.MessageID, "token", rc.Token, "masked_pan", rc.MaskedPAN)
	return rc, nil
}
