package idempotency

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gocloud.dev/docstore"
	"gocloud.dev/gcerrors"
)

// KeyField is the name of the key field of the store's collection.
const KeyField = "key"

// Outcome is the result of a Claim.
type Outcome int

const (
	// Acquired: the caller holds the claim and should process the message,
	// then call Complete or Release.
	Acquired Outcome = iota + 1
	// Done: the message was processed already; acknowledge it without
	// processing it again.
	Done
	// Busy: another consumer holds a live claim; report the message failed
	// so it is delivered again later.
	Busy
)

func (o Outcome) String() string {
	switch o {
	case Acquired:
		return "acquired"
	case Done:
		return "done"
	case Busy:
		return "busy"
	}
	return fmt.Sprintf("Outcome(%d)", int(o))
}

const (
	stateProcessing = "processing"
	stateDone       = "done"
)

type record struct {
	Key              string `docstore:"key"`
	State            string `docstore:"state"`
	LeaseUntil       int64  `docstore:"leaseUntil"` // Unix milliseconds
	ExpiresAt        int64  `docstore:"expiresAt"`  // Unix seconds, for the store's TTL
	DocstoreRevision any
}

// Config configures a Store.
type Config struct {
	// Collection holds one record per message ID; its key field is KeyField.
	Collection *docstore.Collection
	// Lease is how long a claim stays exclusive; longer than the function's
	// timeout.
	Lease time.Duration
	// Retain is how long a record is kept for the store's TTL; at least the
	// queue's message retention.
	Retain time.Duration
	// Now returns the current time; nil means time.Now.
	Now func() time.Time
}

// Store tracks message IDs.
type Store struct {
	coll   *docstore.Collection
	lease  time.Duration
	retain time.Duration
	now    func() time.Time
}

// New checks cfg and returns a Store.
func New(cfg Config) (*Store, error) {
	var errs []error
	if cfg.Collection == nil {
		errs = append(errs, errors.New("Collection is nil; open one with docstore.OpenCollection"))
	}
	if cfg.Lease <= 0 {
		errs = append(errs, fmt.Errorf("Lease is %v; set it longer than the function timeout", cfg.Lease))
	}
	if cfg.Retain < cfg.Lease {
		errs = append(errs, fmt.Errorf("Retain (%v) is shorter than Lease (%v); keep records at least as long as the queue keeps messages", cfg.Retain, cfg.Lease))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("creating idempotency store: %w", err)
	}
	now := cfg.Now
	if now == nil {
		now = time.Now
	}
	return &Store{coll: cfg.Collection, lease: cfg.Lease, retain: cfg.Retain, now: now}, nil
}

// maxClaimRounds bounds the create/get/replace loop when records vanish or
// change between steps.
const maxClaimRounds = 3

// Claim tries to take the claim on id.
func (s *Store) Claim(ctx context.Context, id string) (Outcome, error) {
	for range maxClaimRounds {
		now := s.now()
		err := s.coll.Create(ctx, s.processing(id, now))
		if err == nil {
			return Acquired, nil
		}
		if gcerrors.Code(err) != gcerrors.AlreadyExists {
			return 0, fmt.Errorf("claiming message %q: %w", id, err)
		}
		cur := &record{Key: id}
		if err := s.coll.Get(ctx, cur); err != nil {
			if gcerrors.Code(err) == gcerrors.NotFound {
				continue // released between our create and get
			}
			return 0, fmt.Errorf("claiming message %q: reading claim: %w", id, err)
		}
		if cur.State == stateDone {
			return Done, nil
		}
		if now.UnixMilli() < cur.LeaseUntil {
			return Busy, nil
		}
		next := s.processing(id, now)
		next.DocstoreRevision = cur.DocstoreRevision
		switch err := s.coll.Replace(ctx, next); gcerrors.Code(err) {
		case gcerrors.OK:
			return Acquired, nil
		case gcerrors.FailedPrecondition:
			return Busy, nil // another consumer took the expired claim first
		case gcerrors.NotFound:
			continue
		default:
			return 0, fmt.Errorf("claiming message %q: taking over expired claim: %w", id, err)
		}
	}
	return Busy, nil
}

// Complete marks id processed.
func (s *Store) Complete(ctx context.Context, id string) error {
	now := s.now()
	err := s.coll.Put(ctx, &record{Key: id, State: stateDone, ExpiresAt: now.Add(s.retain).Unix()})
	if err != nil {
		return fmt.Errorf("marking message %q processed: %w", id, err)
	}
	return nil
}

// Release gives up a claim after a failure, so the next delivery may retry
// at once. A record already marked done is left alone.
func (s *Store) Release(ctx context.Context, id string) error {
	cur := &record{Key: id}
	if err := s.coll.Get(ctx, cur); err != nil {
		if gcerrors.Code(err) == gcerrors.NotFound {
			return nil
		}
		return fmt.Errorf("releasing claim on message %q: %w", id, err)
	}
	if cur.State != stateProcessing {
		return nil
	}
	err := s.coll.Delete(ctx, cur)
	if err != nil && gcerrors.Code(err) != gcerrors.FailedPrecondition && gcerrors.Code(err) != gcerrors.NotFound {
		return fmt.Errorf("releasing claim on message %q: %w", id, err)
	}
	return nil
}

func (s *Store) processing(id string, now time.Time) *record {
	return &record{
		Key:        id,
		State:      stateProcessing,
		LeaseUntil: now.Add(s.lease).UnixMilli(),
		ExpiresAt:  now.Add(s.retain).Unix(),
	}
}
