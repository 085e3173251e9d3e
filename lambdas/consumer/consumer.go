package consumer

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"

	"github.com/pciqueue/pciqueue/internal/cardnum"
	"github.com/pciqueue/pciqueue/lambdas/envelope"
	"github.com/pciqueue/pciqueue/lambdas/idempotency"
	"github.com/pciqueue/pciqueue/lambdas/logscrub"
	"github.com/pciqueue/pciqueue/lambdas/message"
)

// Processor does the business work for one opened payment.
type Processor interface {
	Process(ctx context.Context, p message.Payment) error
}

// ProcessorFunc adapts a function to Processor.
type ProcessorFunc func(ctx context.Context, p message.Payment) error

// Process calls f.
func (f ProcessorFunc) Process(ctx context.Context, p message.Payment) error { return f(ctx, p) }

// Claims records processed message IDs; *idempotency.Store implements it.
type Claims interface {
	Claim(ctx context.Context, id string) (idempotency.Outcome, error)
	Complete(ctx context.Context, id string) error
	Release(ctx context.Context, id string) error
}

// Config wires a Consumer.
type Config struct {
	// Queue is the logical queue name events were sealed for.
	Queue     string
	Keeper    envelope.Keeper
	Claims    Claims
	Processor Processor
	// Logger is wrapped in a scrubbing handler; nil logs JSON to stderr.
	Logger *slog.Logger
}

// Consumer handles deliveries.
type Consumer struct {
	queue  string
	keeper envelope.Keeper
	claims Claims
	proc   Processor
	log    *slog.Logger
}

// New checks cfg and returns a Consumer.
func New(cfg Config) (*Consumer, error) {
	var errs []error
	if cfg.Queue == "" {
		errs = append(errs, errors.New("Queue is empty; set the queue name producers seal events for"))
	}
	if cfg.Keeper == nil {
		errs = append(errs, errors.New("Keeper is nil; open one with secrets.OpenKeeper"))
	}
	if cfg.Claims == nil {
		errs = append(errs, errors.New("Claims is nil; use an *idempotency.Store"))
	}
	if cfg.Processor == nil {
		errs = append(errs, errors.New("Processor is nil; supply the business logic"))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("creating consumer for queue %q: %w", cfg.Queue, err)
	}
	l := cfg.Logger
	if l == nil {
		l = slog.New(slog.NewJSONHandler(os.Stderr, nil))
	}
	return &Consumer{
		queue: cfg.Queue, keeper: cfg.Keeper, claims: cfg.Claims, proc: cfg.Processor,
		log: slog.New(logscrub.NewHandler(l.Handler())).With("queue", cfg.Queue),
	}, nil
}

// Logger returns the consumer's scrubbing logger, for entry points to log
// platform-level problems through the same handler.
func (c *Consumer) Logger() *slog.Logger { return c.log }

// Delivery is one message as a platform delivered it.
type Delivery struct {
	// Body is the message body: an encoded payment event.
	Body []byte
	// PlatformID is the platform's ID for this delivery (SQS messageId,
	// Service Bus MessageId, Pub/Sub messageId), for logs.
	PlatformID string
	// Attempt is the platform's delivery count, 0 when unknown.
	Attempt int
}

// Handle processes one delivery. It returns nil when the message may be
// acknowledged and an error wrapping ErrRejected, ErrFailed or ErrBusy when
// it must be reported failed. Panics are recovered into ErrFailed.
func (c *Consumer) Handle(ctx context.Context, d Delivery) (err error) {
	log := c.log.With("platform_id", d.PlatformID, "attempt", d.Attempt)
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: handling delivery %q: panic: %s", ErrFailed, d.PlatformID, cardnum.Scrub(fmt.Sprint(r)))
			log.ErrorContext(ctx, "payment event failed", "reason", err)
		}
	}()

	e, err := message.Decode(d.Body)
	if err != nil {
		err = fmt.Errorf("%w: %w", ErrRejected, err)
		log.WarnContext(ctx, "payment event rejected", "reason", err)
		return err
	}
	log = log.With("message_id", e.ID, "token", e.Token, "masked_pan", e.MaskedPAN)
	p, err := message.Open(ctx, c.keeper, c.queue, e)
	if err != nil {
		if errors.Is(err, envelope.ErrUnwrapKey) {
			// The key service may be throttling or briefly unreachable; a
			// wrong key ends in the dead-letter queue all the same.
			err = fmt.Errorf("%w: %w", ErrFailed, err)
			log.ErrorContext(ctx, "payment event failed", "reason", err)
			return err
		}
		err = fmt.Errorf("%w: %w", ErrRejected, err)
		log.WarnContext(ctx, "payment event rejected", "reason", err)
		return err
	}

	claimID := c.queue + "/" + e.ID
	outcome, err := c.claims.Claim(ctx, claimID)
	switch {
	case err != nil:
		err = fmt.Errorf("%w: %w", ErrFailed, err)
		log.ErrorContext(ctx, "payment event failed", "reason", err)
		return err
	case outcome == idempotency.Done:
		log.InfoContext(ctx, "payment event already processed; acknowledging duplicate")
		return nil
	case outcome == idempotency.Busy:
		err = fmt.Errorf("%w: message %q", ErrBusy, e.ID)
		log.InfoContext(ctx, "payment event busy", "reason", err)
		return err
	case outcome != idempotency.Acquired:
		err = fmt.Errorf("%w: message %q: claim store answered %v", ErrFailed, e.ID, outcome)
		log.ErrorContext(ctx, "payment event failed", "reason", err)
		return err
	}

	if err := c.process(ctx, p); err != nil {
		if rerr := c.claims.Release(ctx, claimID); rerr != nil {
			err = errors.Join(err, rerr)
		}
		err = fmt.Errorf("%w: message %q: %w", ErrFailed, e.ID, err)
		log.ErrorContext(ctx, "payment event failed", "reason", err)
		return err
	}
	if err := c.claims.Complete(ctx, claimID); err != nil {
		// The work is done: acknowledging is right. Reporting failure would
		// redeliver and process the payment twice once the lease expires.
		log.ErrorContext(ctx, "payment event processed but not recorded; a duplicate delivery may be processed again", "reason", err)
		return nil
	}
	log.InfoContext(ctx, "payment event processed")
	return nil
}

// process runs the processor, turning a panic into an error and redacting
// the message's card data from whatever text comes back.
func (c *Consumer) process(ctx context.Context, p message.Payment) (err error) {
	red := newRedactor(p.Card)
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("processor panicked: %s", red.redact(fmt.Sprint(r)))
		}
	}()
	if err := c.proc.Process(ctx, p); err != nil {
		return redactedError{err: err, r: red}
	}
	return nil
}
