package envelope

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Default bounds of a cached data key, as the AWS Encryption SDK's caching
// materials manager recommends them: far below AES-GCM's limit of 2^32
// random nonces per key, and short enough that a revoked key-service grant
// takes effect within minutes.
const (
	DefaultMaxMessages = 10_000
	DefaultMaxAge      = 5 * time.Minute
	DefaultMaxKeys     = 1_000
)

// CachePolicy bounds how long one data key serves. A key is used for at
// most MaxMessages messages and MaxAge, whichever ends first, then wiped.
type CachePolicy struct {
	// MaxMessages is how many messages one data key seals or opens; 1
	// means a key per message.
	MaxMessages int
	// MaxAge is how long a data key stays usable after it was drawn or
	// unwrapped.
	MaxAge time.Duration
	// MaxKeys is how many unwrapped data keys an Opener holds at once
	// (each producer process has its own current key).
	MaxKeys int

	// now and afterFunc are the clock; tests replace them.
	now       func() time.Time
	afterFunc func(time.Duration, func()) func() bool
}

// DefaultCachePolicy returns 10,000 messages, 5 minutes and 1,000 keys.
func DefaultCachePolicy() CachePolicy {
	return CachePolicy{MaxMessages: DefaultMaxMessages, MaxAge: DefaultMaxAge, MaxKeys: DefaultMaxKeys}
}

func (p CachePolicy) validate() error {
	var errs []error
	if p.MaxMessages < 1 {
		errs = append(errs, fmt.Errorf("MaxMessages is %d; use at least 1 (1 draws a data key per message)", p.MaxMessages))
	}
	if p.MaxAge <= 0 {
		errs = append(errs, fmt.Errorf("MaxAge is %v; use a positive duration such as %v", p.MaxAge, DefaultMaxAge))
	}
	if p.MaxKeys < 1 {
		errs = append(errs, fmt.Errorf("MaxKeys is %d; use at least 1", p.MaxKeys))
	}
	return errors.Join(errs...)
}

func (p *CachePolicy) setClock() {
	if p.now == nil {
		p.now = time.Now
	}
	if p.afterFunc == nil {
		p.afterFunc = func(d time.Duration, f func()) func() bool { return time.AfterFunc(d, f).Stop }
	}
}

// dataKey is a clear data key, its wrapped form and its use so far. The
// clear key is the only copy the package keeps; ciphers built from it live
// for one message.
type dataKey struct {
	raw     [dataKeyLen]byte
	wrapped []byte
	uses    int
	born    time.Time
	stop    func() bool
}

// wipe overwrites the clear key (best effort: Go cannot erase the expanded
// AES key schedules of ciphers already built from it).
func (k *dataKey) wipe() {
	clear(k.raw[:])
	if k.stop != nil {
		k.stop()
	}
}

// usable reports whether k may serve one more message at now.
func (k *dataKey) usable(p CachePolicy, now time.Time) bool {
	return k.uses < p.MaxMessages && now.Sub(k.born) < p.MaxAge
}

// Sealer seals envelopes for a producer process, sharing one data key
// between messages within its CachePolicy: at the defaults one key-service
// call per 10,000 messages or 5 minutes. Every message gets a fresh random
// nonce. Sealing needs only the key service's encrypt permission. Safe for
// concurrent use.
type Sealer struct {
	keeper Keeper
	keyRef string
	policy CachePolicy

	mu  sync.Mutex
	cur *dataKey
}

// SealerConfig configures a Sealer.
type SealerConfig struct {
	Keeper Keeper
	// KeyRef names the key version the Keeper encrypts with, for key
	// services whose ciphertext does not (Azure Key Vault); envelopes then
	// use wire-format version 2 and record it. Empty writes version 1.
	KeyRef string
	Policy CachePolicy
}

// NewSealer checks cfg and returns a Sealer.
func NewSealer(cfg SealerConfig) (*Sealer, error) {
	var errs []error
	if cfg.Keeper == nil {
		errs = append(errs, errors.New("Keeper is nil; open one with secrets.OpenKeeper"))
	}
	if len(cfg.KeyRef) > MaxKeyRefLen {
		errs = append(errs, fmt.Errorf("KeyRef has %d bytes, at most %d allowed", len(cfg.KeyRef), MaxKeyRefLen))
	}
	if err := errors.Join(append(errs, cfg.Policy.validate())...); err != nil {
		return nil, fmt.Errorf("creating envelope sealer: %w", err)
	}
	cfg.Policy.setClock()
	return &Sealer{keeper: cfg.Keeper, keyRef: cfg.KeyRef, policy: cfg.Policy}, nil
}

// Seal encrypts plaintext bound to c under the current data key, drawing
// and wrapping a new one when the current key is spent or too old.
func (s *Sealer) Seal(ctx context.Context, c Context, plaintext []byte) ([]byte, error) {
	if err := c.validate(); err != nil {
		return nil, fmt.Errorf("sealing %s: %w", c.describe(), err)
	}
	s.mu.Lock()
	now := s.policy.now()
	if s.cur == nil || !s.cur.usable(s.policy, now) {
		if s.cur != nil {
			s.cur.wipe()
			s.cur = nil
		}
		k, err := newDataKey(ctx, s.keeper)
		if err != nil {
			s.mu.Unlock()
			return nil, fmt.Errorf("sealing %s: %w", c.describe(), err)
		}
		k.born = now
		k.stop = s.policy.afterFunc(s.policy.MaxAge, func() { s.expire(k) })
		s.cur = k
	}
	s.cur.uses++
	aead, err := newGCM(s.cur.raw[:])
	wrapped := s.cur.wrapped
	s.mu.Unlock()
	if err != nil {
		return nil, fmt.Errorf("sealing %s: %w", c.describe(), err)
	}
	return sealWith(aead, c, s.keyRef, wrapped, plaintext), nil
}

// expire wipes k if it is still the current key.
func (s *Sealer) expire(k *dataKey) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cur == k {
		s.cur = nil
	}
	clear(k.raw[:])
}

// Close wipes the current data key.
func (s *Sealer) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cur != nil {
		s.cur.wipe()
		s.cur = nil
	}
}

// Opener opens envelopes for a consumer process, caching unwrapped data
// keys by their wrapped form under its CachePolicy, so a data key that
// sealed many messages is unwrapped once. Opening needs only the key
// service's decrypt permission. Safe for concurrent use.
type Opener struct {
	keeper    Keeper
	keeperFor func(ref string) (Keeper, error)
	policy    CachePolicy

	mu   sync.Mutex
	keys map[string]*dataKey
}

// OpenerConfig configures an Opener.
type OpenerConfig struct {
	// Keeper unwraps the data keys of version-1 envelopes.
	Keeper Keeper
	// KeeperFor returns the keeper for the key version a version-2 envelope
	// names. Nil uses Keeper for every envelope.
	KeeperFor func(ref string) (Keeper, error)
	Policy    CachePolicy
}

// NewOpener checks cfg and returns an Opener.
func NewOpener(cfg OpenerConfig) (*Opener, error) {
	var errs []error
	if cfg.Keeper == nil {
		errs = append(errs, errors.New("Keeper is nil; open one with secrets.OpenKeeper"))
	}
	if err := errors.Join(append(errs, cfg.Policy.validate())...); err != nil {
		return nil, fmt.Errorf("creating envelope opener: %w", err)
	}
	cfg.Policy.setClock()
	return &Opener{keeper: cfg.Keeper, keeperFor: cfg.KeeperFor, policy: cfg.Policy, keys: map[string]*dataKey{}}, nil
}

// Open checks that envelope was sealed for c and returns the plaintext,
// failing closed as the package's Open does.
func (o *Opener) Open(ctx context.Context, c Context, envelope []byte) ([]byte, error) {
	if err := c.validate(); err != nil {
		return nil, fmt.Errorf("opening envelope for %s: %w", c.describe(), err)
	}
	s, err := parse(envelope)
	if err != nil {
		return nil, fmt.Errorf("opening envelope for %s: %w", c.describe(), err)
	}
	var key [dataKeyLen]byte
	defer clear(key[:])
	if err := o.dataKey(ctx, s, &key); err != nil {
		return nil, fmt.Errorf("opening envelope for %s: %w", c.describe(), err)
	}
	return openWith(key[:], c, s)
}

// dataKey copies the clear data key of s into dst, from the cache or from
// the key service.
func (o *Opener) dataKey(ctx context.Context, s sealed, dst *[dataKeyLen]byte) error {
	id := s.keyRef + "\x00" + string(s.wrappedKey)
	o.mu.Lock()
	if k, ok := o.keys[id]; ok {
		if k.usable(o.policy, o.policy.now()) {
			k.uses++
			*dst = k.raw
			o.mu.Unlock()
			return nil
		}
		o.drop(id, k)
	}
	o.mu.Unlock()

	keeper := o.keeper
	if s.keyRef != "" && o.keeperFor != nil {
		var err error
		if keeper, err = o.keeperFor(s.keyRef); err != nil {
			return fmt.Errorf("%w: key version %q: %w", ErrUnwrapKey, s.keyRef, err)
		}
	}
	raw, err := unwrap(ctx, keeper, s.wrappedKey)
	if err != nil {
		return err
	}
	k := &dataKey{uses: 1}
	copy(k.raw[:], raw)
	clear(raw)
	*dst = k.raw

	o.mu.Lock()
	defer o.mu.Unlock()
	if old, ok := o.keys[id]; ok {
		o.drop(id, old) // a concurrent miss unwrapped it too
	}
	for len(o.keys) >= o.policy.MaxKeys {
		o.dropOldest()
	}
	k.born = o.policy.now()
	k.stop = o.policy.afterFunc(o.policy.MaxAge, func() { o.expire(id, k) })
	o.keys[id] = k
	return nil
}

// drop wipes and forgets k; the caller holds o.mu.
func (o *Opener) drop(id string, k *dataKey) {
	k.wipe()
	if o.keys[id] == k {
		delete(o.keys, id)
	}
}

func (o *Opener) dropOldest() {
	var oldestID string
	var oldest *dataKey
	for id, k := range o.keys {
		if oldest == nil || k.born.Before(oldest.born) {
			oldestID, oldest = id, k
		}
	}
	o.drop(oldestID, oldest)
}

// expire wipes k when its age runs out.
func (o *Opener) expire(id string, k *dataKey) {
	o.mu.Lock()
	defer o.mu.Unlock()
	clear(k.raw[:])
	if o.keys[id] == k {
		delete(o.keys, id)
	}
}

// Close wipes every cached data key.
func (o *Opener) Close() {
	o.mu.Lock()
	defer o.mu.Unlock()
	for id, k := range o.keys {
		o.drop(id, k)
	}
}
