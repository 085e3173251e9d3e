package envelope

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// countingKeeper counts the key-service calls made through it.
type countingKeeper struct {
	Keeper
	encrypts, decrypts atomic.Int64
}

func (k *countingKeeper) Encrypt(ctx context.Context, p []byte) ([]byte, error) {
	k.encrypts.Add(1)
	return k.Keeper.Encrypt(ctx, p)
}

func (k *countingKeeper) Decrypt(ctx context.Context, c []byte) ([]byte, error) {
	k.decrypts.Add(1)
	return k.Keeper.Decrypt(ctx, c)
}

// fakeClock is a settable clock whose timers fire only when told to.
type fakeClock struct {
	mu     sync.Mutex
	t      time.Time
	timers []func()
}

func (c *fakeClock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}
func (c *fakeClock) afterFunc(_ time.Duration, f func()) func() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.timers = append(c.timers, f)
	return func() bool { return true }
}

// fire runs every timer set so far, as if their time had come.
func (c *fakeClock) fire() {
	c.mu.Lock()
	ts := c.timers
	c.timers = nil
	c.mu.Unlock()
	for _, f := range ts {
		f()
	}
}

func policy(msgs int, age time.Duration, keys int, clk *fakeClock) CachePolicy {
	p := CachePolicy{MaxMessages: msgs, MaxAge: age, MaxKeys: keys}
	if clk != nil {
		p.now, p.afterFunc = clk.now, clk.afterFunc
	}
	return p
}

func newSealer(t testing.TB, k Keeper, ref string, p CachePolicy) *Sealer {
	t.Helper()
	s, err := NewSealer(SealerConfig{Keeper: k, KeyRef: ref, Policy: p})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func newOpener(t testing.TB, k Keeper, p CachePolicy) *Opener {
	t.Helper()
	o, err := NewOpener(OpenerConfig{Keeper: k, Policy: p})
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func sealN(t testing.TB, s *Sealer, n int) [][]byte {
	t.Helper()
	out := make([][]byte, n)
	for i := range out {
		env, err := s.Seal(context.Background(), testContext, plaintext)
		if err != nil {
			t.Fatalf("Seal: %v", safe(err))
		}
		out[i] = env
	}
	return out
}

func TestSealer_newDataKeyAfterMaxMessages(t *testing.T) {
	k := &countingKeeper{Keeper: newKeeper(t)}
	s := newSealer(t, k, "", policy(3, time.Hour, 1, &fakeClock{}))
	envs := sealN(t, s, 7)
	if got := k.encrypts.Load(); got != 3 {
		t.Errorf("7 messages with MaxMessages 3 made %d wrap calls, want 3", got)
	}
	wrapped := func(i int) []byte { p, _ := parse(envs[i]); return p.wrappedKey }
	if !bytes.Equal(wrapped(0), wrapped(2)) || bytes.Equal(wrapped(2), wrapped(3)) || bytes.Equal(wrapped(5), wrapped(6)) {
		t.Error("data keys do not change exactly every 3 messages")
	}
	for i, env := range envs {
		if got, err := Open(context.Background(), k, testContext, env); err != nil || !bytes.Equal(got, plaintext) {
			t.Errorf("envelope %d does not open: %v", i, safe(err))
		}
	}
}

func TestSealer_newDataKeyAfterMaxAge(t *testing.T) {
	k := &countingKeeper{Keeper: newKeeper(t)}
	clk := &fakeClock{t: time.Unix(1_800_000_000, 0)}
	s := newSealer(t, k, "", policy(1000, time.Minute, 1, clk))
	sealN(t, s, 2)
	clk.advance(59 * time.Second)
	sealN(t, s, 1)
	if got := k.encrypts.Load(); got != 1 {
		t.Fatalf("3 messages within MaxAge made %d wrap calls, want 1", got)
	}
	clk.advance(time.Second)
	sealN(t, s, 1)
	if got := k.encrypts.Load(); got != 2 {
		t.Errorf("a message at MaxAge made %d wrap calls in all, want 2", got)
	}
}

func TestSealer_freshNonceEveryMessage(t *testing.T) {
	s := newSealer(t, newKeeper(t), "", DefaultCachePolicy())
	seen := map[string]bool{}
	for _, env := range sealN(t, s, 500) {
		p, err := parse(env)
		if err != nil {
			t.Fatal(err)
		}
		if seen[string(p.nonce)] {
			t.Fatal("two messages under one data key share a nonce")
		}
		seen[string(p.nonce)] = true
	}
}

func TestSealer_concurrentProducersShareBoundedKeys(t *testing.T) {
	k := &countingKeeper{Keeper: newKeeper(t)}
	s := newSealer(t, k, "", policy(1000, time.Hour, 1, &fakeClock{}))
	const workers, each = 8, 500
	envs := make(chan []byte, workers*each)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for range each {
				env, err := s.Seal(context.Background(), testContext, plaintext)
				if err != nil {
					t.Error(safe(err))
					return
				}
				envs <- env
			}
		})
	}
	wg.Wait()
	close(envs)
	if got := k.encrypts.Load(); got != workers*each/1000 {
		t.Errorf("%d messages from %d goroutines made %d wrap calls, want %d", workers*each, workers, got, workers*each/1000)
	}
	perKey := map[string]int{}
	for env := range envs {
		p, _ := parse(env)
		perKey[string(p.wrappedKey)]++
	}
	for _, n := range perKey {
		if n > 1000 {
			t.Errorf("a data key sealed %d messages, MaxMessages is 1000", n)
		}
	}
}

func TestSealer_wipesDataKeyOnExpiryAndClose(t *testing.T) {
	clk := &fakeClock{}
	s := newSealer(t, newKeeper(t), "", policy(2, time.Minute, 1, clk))
	sealN(t, s, 1)
	first := s.cur
	sealN(t, s, 2) // the third message replaces the spent key
	if first.raw != [dataKeyLen]byte{} {
		t.Error("a data key spent by count is not wiped")
	}
	second := s.cur
	clk.fire()
	if second.raw != [dataKeyLen]byte{} || s.cur != nil {
		t.Error("a data key past MaxAge is not wiped and dropped")
	}
	sealN(t, s, 1)
	third := s.cur
	s.Close()
	if third.raw != [dataKeyLen]byte{} || s.cur != nil {
		t.Error("Close does not wipe the current data key")
	}
}

func TestOpener_unwrapsEachDataKeyOnce(t *testing.T) {
	k := &countingKeeper{Keeper: newKeeper(t)}
	s := newSealer(t, k, "", policy(100, time.Hour, 1, &fakeClock{}))
	envs := sealN(t, s, 250) // three data keys
	o := newOpener(t, k, policy(1000, time.Hour, 10, &fakeClock{}))
	for i, env := range envs {
		got, err := o.Open(context.Background(), testContext, env)
		if err != nil || !bytes.Equal(got, plaintext) {
			t.Fatalf("envelope %d: %v", i, safe(err))
		}
	}
	if got := k.decrypts.Load(); got != 3 {
		t.Errorf("250 messages under 3 data keys made %d unwrap calls, want 3", got)
	}
}

func TestOpener_boundsByCountAgeAndKeys(t *testing.T) {
	tests := []struct {
		name  string
		p     func(*fakeClock) CachePolicy
		step  func(*fakeClock, int)
		envs  int
		calls int64
	}{
		{"count", func(c *fakeClock) CachePolicy { return policy(4, time.Hour, 10, c) }, nil, 10, 3},
		{"age", func(c *fakeClock) CachePolicy { return policy(1000, time.Minute, 10, c) },
			func(c *fakeClock, i int) { c.advance(25 * time.Second) }, 6, 2}, // unwrapped at 0s and 75s
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := &countingKeeper{Keeper: newKeeper(t)}
			envs := sealN(t, newSealer(t, k, "", DefaultCachePolicy()), tt.envs)
			clk := &fakeClock{}
			o := newOpener(t, k, tt.p(clk))
			for i, env := range envs {
				if _, err := o.Open(context.Background(), testContext, env); err != nil {
					t.Fatal(safe(err))
				}
				if tt.step != nil {
					tt.step(clk, i)
				}
			}
			if got := k.decrypts.Load(); got != tt.calls {
				t.Errorf("%d messages made %d unwrap calls, want %d", tt.envs, got, tt.calls)
			}
		})
	}
	t.Run("keys", func(t *testing.T) {
		k := &countingKeeper{Keeper: newKeeper(t)}
		var envs [][]byte
		for range 3 { // three producer processes, three data keys
			envs = append(envs, sealN(t, newSealer(t, k, "", DefaultCachePolicy()), 1)...)
		}
		clk := &fakeClock{}
		o := newOpener(t, k, policy(1000, time.Hour, 2, clk))
		for _, env := range append(envs, envs...) {
			if _, err := o.Open(context.Background(), testContext, env); err != nil {
				t.Fatal(safe(err))
			}
			clk.advance(time.Second)
		}
		if len(o.keys) > 2 {
			t.Errorf("opener holds %d keys, MaxKeys is 2", len(o.keys))
		}
		if got := k.decrypts.Load(); got != 6 {
			t.Errorf("cycling 3 keys through a 2-key cache made %d unwrap calls, want 6 (oldest evicted)", got)
		}
	})
}

func TestOpener_wipesOnExpiryAndClose(t *testing.T) {
	k := newKeeper(t)
	envs := sealN(t, newSealer(t, k, "", DefaultCachePolicy()), 1)
	clk := &fakeClock{}
	o := newOpener(t, k, policy(1000, time.Minute, 10, clk))
	open := func() *dataKey {
		if _, err := o.Open(context.Background(), testContext, envs[0]); err != nil {
			t.Fatal(safe(err))
		}
		for _, dk := range o.keys {
			return dk
		}
		t.Fatal("opener cached no key")
		return nil
	}
	dk := open()
	clk.fire()
	if dk.raw != [dataKeyLen]byte{} || len(o.keys) != 0 {
		t.Error("an unwrapped key past MaxAge is not wiped and dropped")
	}
	dk = open()
	o.Close()
	if dk.raw != [dataKeyLen]byte{} || len(o.keys) != 0 {
		t.Error("Close does not wipe the cached keys")
	}
}

func TestOpener_doesNotCacheAFailedUnwrap(t *testing.T) {
	envs := sealN(t, newSealer(t, newKeeper(t), "", DefaultCachePolicy()), 2)
	o := newOpener(t, newKeeper(t), DefaultCachePolicy())
	for _, env := range envs {
		got, err := o.Open(context.Background(), testContext, env)
		assertFailsClosed(t, got, err, ErrUnwrapKey)
	}
	if len(o.keys) != 0 {
		t.Errorf("opener cached %d keys it could not unwrap", len(o.keys))
	}
}

// TestOpener_oldKeyVersionsStillOpen is key rotation on a service whose
// ciphertext does not name the key version: envelopes record it, and the
// opener asks for the keeper of that version.
func TestOpener_oldKeyVersionsStillOpen(t *testing.T) {
	versions := map[string]Keeper{"v1": newKeeper(t), "v2": newKeeper(t)}
	old := sealN(t, newSealer(t, versions["v1"], "v1", DefaultCachePolicy()), 1)[0]
	cur := sealN(t, newSealer(t, versions["v2"], "v2", DefaultCachePolicy()), 1)[0]
	if !bytes.HasPrefix(old, []byte("PQE\x02\x02v1")) {
		t.Fatalf("envelope with a key reference does not use version 2 and record it")
	}
	var asked []string
	o, err := NewOpener(OpenerConfig{Keeper: versions["v2"], Policy: DefaultCachePolicy(), KeeperFor: func(ref string) (Keeper, error) {
		asked = append(asked, ref)
		if k, ok := versions[ref]; ok {
			return k, nil
		}
		return nil, errors.New("no such key version")
	}})
	if err != nil {
		t.Fatal(err)
	}
	for _, env := range [][]byte{old, cur} {
		if got, err := o.Open(context.Background(), testContext, env); err != nil || !bytes.Equal(got, plaintext) {
			t.Errorf("envelope of an earlier key version does not open: %v", safe(err))
		}
	}
	if strings.Join(asked, ",") != "v1,v2" {
		t.Errorf("opener asked for key versions %q, want v1,v2", asked)
	}
	moved := bytes.Replace(cur, []byte("\x02v2"), []byte("\x02v1"), 1)
	got, err := o.Open(context.Background(), testContext, moved)
	assertFailsClosed(t, got, err, nil)
}

func TestNewSealerAndOpener_rejectBadConfigWithoutDefaults(t *testing.T) {
	_, err := NewSealer(SealerConfig{Keeper: newKeeper(t), KeyRef: strings.Repeat("v", 256)})
	for _, want := range []string{"MaxMessages is 0", "MaxAge is 0s", "MaxKeys is 0", "KeyRef has 256 bytes"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("NewSealer with a zero policy: %v; want it to say %q", err, want)
		}
	}
	if _, err := NewOpener(OpenerConfig{Policy: DefaultCachePolicy()}); err == nil || !strings.Contains(err.Error(), "Keeper is nil") {
		t.Errorf("NewOpener without a keeper: %v", err)
	}
}

// BenchmarkSealer reports the key-service calls per 1,000 messages at
// steady state with the default policy.
func BenchmarkSealer(b *testing.B) {
	k := &countingKeeper{Keeper: newKeeper(b)}
	s := newSealer(b, k, "", DefaultCachePolicy())
	sealN(b, s, 1) // steady state: the process has its key
	k.encrypts.Store(0)
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		n++
		if _, err := s.Seal(context.Background(), testContext, plaintext); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(k.encrypts.Load())*1000/float64(n), "keycalls/1kmsg")
}

func BenchmarkOpener(b *testing.B) {
	k := &countingKeeper{Keeper: newKeeper(b)}
	envs := sealN(b, newSealer(b, k, "", DefaultCachePolicy()), 64)
	o := newOpener(b, k, DefaultCachePolicy())
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		if _, err := o.Open(context.Background(), testContext, envs[n%len(envs)]); err != nil {
			b.Fatal(err)
		}
		n++
	}
	b.ReportMetric(float64(k.decrypts.Load())*1000/float64(n), "keycalls/1kmsg")
}
