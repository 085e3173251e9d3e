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
	Queue string
	// Keeper unwraps message data keys; the consumer only decrypts with it.
	Keeper envelope.Keeper
	// KeeperFor returns the keeper of the key version a version-2 envelope
	// names (Azure Key Vault, where old versions keep decrypting after a
	// rotation); nil unwraps every envelope with Keeper.
	KeeperFor func(ref string) (envelope.Keeper, error)
	// Cache bounds how many messages and how long an unwrapped data key
	// serves; nil means envelope.DefaultCachePolicy.
	Cache     *envelope.CachePolicy
	Claims    Claims
	Processor Processor
	// DeadLetter moves a message that can never succeed to the dead-letter
	// queue at once, with its reason; nil leaves it to the platform's
	// delivery limit.
	DeadLetter DeadLetterer
	// MaxDeliveries is the queue's delivery limit; a transient failure on
	// that delivery is dead-lettered with reason "max-deliveries". Zero
	// leaves it to the platform.
	MaxDeliveries int
	// Logger is wrapped in a scrubbing handler; nil logs JSON to stderr.
	Logger *slog.Logger
}

// Consumer handles deliveries.
type Consumer struct {
	queue  string
	opener *envelope.Opener
	claims Claims
	proc   Processor
	dead   DeadLetterer
	maxDel int
	log    *slog.Logger
}

// New checks cfg and returns a Consumer.
func New(cfg Config) (*Consumer, error) {
	var errs []error
	if !validQueueName(cfg.Queue) {
		errs = append(errs, fmt.Errorf("Queue %q must have 1 to %d of A-Z a-z 0-9 . _ - (it names claims in stores that forbid \"/\")", cardnum.Scrub(cfg.Queue), maxQueueNameLen))
	}
	policy := envelope.DefaultCachePolicy()
	if cfg.Cache != nil {
		policy = *cfg.Cache
	}
	opener, err := envelope.NewOpener(envelope.OpenerConfig{Keeper: cfg.Keeper, KeeperFor: cfg.KeeperFor, Policy: policy})
	if err != nil {
		errs = append(errs, err)
	}
	if cfg.Claims == nil {
		errs = append(errs, errors.New("Claims is nil; use an *idempotency.Store"))
	}
	if cfg.Processor == nil {
		errs = append(errs, errors.New("Processor is nil; supply the business logic"))
	}
	if cfg.MaxDeliveries < 0 {
		errs = append(errs, fmt.Errorf("MaxDeliveries is %d; use the queue's delivery limit, or 0 to leave it to the platform", cfg.MaxDeliveries))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("creating consumer for queue %q: %w", cfg.Queue, err)
	}
	l := cfg.Logger
	if l == nil {
		l = slog.New(slog.NewJSONHandler(os.Stderr, nil))
	}
	return &Consumer{
		queue: cfg.Queue, opener: opener, claims: cfg.Claims, proc: cfg.Processor, dead: cfg.DeadLetter, maxDel: cfg.MaxDeliveries,
		log: slog.New(logscrub.NewHandler(l.Handler())).With("queue", cfg.Queue),
	}, nil
}

// Close wipes the consumer's cached data keys.
func (c *Consumer) Close() { c.opener.Close() }

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
// acknowledged: processed now or before, or moved to the dead-letter queue
// with its reason. Otherwise it returns an error wrapping ErrRejected,
// ErrFailed or ErrBusy, and the message must be reported failed. Panics are
// recovered into ErrFailed.
func (c *Consumer) Handle(ctx context.Context, d Delivery) error {
	d.PlatformID = cardnum.Scrub(d.PlatformID)
	log := c.log.With("platform_id", d.PlatformID, "attempt", d.Attempt)
	err := c.handle(ctx, d, log)
	if err == nil || c.dead == nil {
		return err
	}
	reason, ok := deadLetterReason(err, d.Attempt, c.maxDel)
	if !ok {
		return err
	}
	if dlErr := c.dead.DeadLetter(ctx, d, reason); dlErr != nil {
		err = errors.Join(err, fmt.Errorf("dead-lettering delivery %q: %w", d.PlatformID, dlErr))
		log.ErrorContext(ctx, "payment event not dead-lettered; it will be delivered again", "reason", err)
		return err
	}
	log.WarnContext(ctx, "payment event dead-lettered", "dead_letter_reason", reason.Code, "description", reason.Description)
	return nil
}

func (c *Consumer) handle(ctx context.Context, d Delivery, log *slog.Logger) (err error) {
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
	p, err := message.Open(ctx, c.opener, c.queue, e)
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

	claimID := ClaimID(c.queue, e.ID)
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
