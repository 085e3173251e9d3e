package idempotency

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"gocloud.dev/docstore"
	"gocloud.dev/docstore/memdocstore"
)

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func newStore(t *testing.T) (*Store, *clock, *docstore.Collection) {
	t.Helper()
	coll, err := memdocstore.OpenCollection(KeyField, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { coll.Close() })
	c := &clock{t: time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)}
	s, err := New(Config{Collection: coll, Lease: time.Minute, Retain: 14 * 24 * time.Hour, Now: c.now})
	if err != nil {
		t.Fatal(err)
	}
	return s, c, coll
}

func claim(t *testing.T, s *Store, id string) Outcome {
	t.Helper()
	o, err := s.Claim(context.Background(), id)
	if err != nil {
		t.Fatalf("Claim(%q): %v", id, err)
	}
	return o
}

func TestClaim_lifecycle(t *testing.T) {
	ctx := context.Background()
	s, c, coll := newStore(t)
	start := c.now()

	steps := []struct {
		name string
		do   func()
		id   string
		want Outcome
	}{
		{"first delivery", nil, "m1", Acquired},
		{"duplicate while processing", nil, "m1", Busy},
		{"other message is independent", nil, "m2", Acquired},
		{"after complete", func() { must(t, s.Complete(ctx, "m1")) }, "m1", Done},
		{"complete survives lease expiry", func() { c.advance(time.Hour) }, "m1", Done},
		{"after release", func() { must(t, s.Release(ctx, "m2")) }, "m2", Acquired},
		{"expired lease is taken over", func() { c.advance(time.Minute + time.Millisecond) }, "m2", Acquired},
		{"taken-over claim is busy again", nil, "m2", Busy},
		{"release after complete keeps done", func() { must(t, s.Complete(ctx, "m2")); must(t, s.Release(ctx, "m2")) }, "m2", Done},
		{"release of unknown ID is harmless", func() { must(t, s.Release(ctx, "m3")) }, "m3", Acquired},
	}
	for _, st := range steps {
		if st.do != nil {
			st.do()
		}
		if got := claim(t, s, st.id); got != st.want {
			t.Fatalf("%s: Claim(%q) = %v, want %v", st.name, st.id, got, st.want)
		}
	}

	rec := &record{Key: "m1"}
	if err := coll.Get(ctx, rec); err != nil {
		t.Fatal(err)
	}
	if want := start.Add(14 * 24 * time.Hour).Unix(); rec.ExpiresAt != want {
		t.Errorf("done record expiresAt = %d, want completion time + Retain = %d", rec.ExpiresAt, want)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestClaim_concurrentDeliveriesOneWinner(t *testing.T) {
	s, _, _ := newStore(t)
	const n = 16
	outcomes := make([]Outcome, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			o, err := s.Claim(context.Background(), "dup")
			if err != nil {
				t.Error(err)
			}
			outcomes[i] = o
		})
	}
	wg.Wait()
	acquired := 0
	for _, o := range outcomes {
		if o == Acquired {
			acquired++
		} else if o != Busy {
			t.Errorf("concurrent claim returned %v", o)
		}
	}
	if acquired != 1 {
		t.Errorf("%d concurrent claims acquired the same message, want 1", acquired)
	}
}

func TestNew_rejectsBadConfig(t *testing.T) {
	_, err := New(Config{Lease: time.Hour, Retain: time.Minute})
	if err == nil {
		t.Fatal("New accepted a config without a collection")
	}
	for _, want := range []string{"Collection is nil", "Retain (1m0s) is shorter than Lease (1h0m0s)"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
	if _, err := New(Config{}); err == nil || !strings.Contains(err.Error(), "Lease is 0s") {
		t.Errorf("New with no lease: %v", err)
	}
}

func TestOutcome_String(t *testing.T) {
	for o, want := range map[Outcome]string{Acquired: "acquired", Done: "done", Busy: "busy", 0: "Outcome(0)"} {
		if o.String() != want {
			t.Errorf("%d.String() = %q, want %q", int(o), o.String(), want)
		}
	}
}
