package vault

import (
	"context"
	"testing"
	"time"
)

// TestTokenize_returningCardAnsweredFromMemoryWithinItsAge removes the
// index entry behind the vault's back: within the age the token still
// comes from memory; after it, the vault reads the store again.
func TestTokenize_returningCardAnsweredFromMemoryWithinItsAge(t *testing.T) {
	ctx := context.Background()
	coll := newCollection(t)
	v := newVault(t, coll, newKeeper(t), indexKey(1))
	now := time.Unix(1_800_000_000, 0)
	v.known.now = func() time.Time { return now }
	first, err := v.Tokenize(ctx, pan(t, visa))
	if err != nil {
		t.Fatal(err)
	}
	if err := coll.Delete(ctx, &entry{Key: v.indexDocKey(pan(t, visa))}); err != nil {
		t.Fatal(err)
	}
	if again, err := v.Tokenize(ctx, pan(t, visa)); err != nil || again != first {
		t.Errorf("returning card within the age got %q, %v; want %q from memory", again, err, first)
	}
	now = now.Add(knownTokenAge)
	if later, err := v.Tokenize(ctx, pan(t, visa)); err != nil || later == first {
		t.Errorf("returning card after the age got %q, %v; want a fresh store read (a new token, the index entry being gone)", later, err)
	}
}

func TestTokenCache_startsOverWhenFull(t *testing.T) {
	c := newTokenCache(2, time.Hour)
	c.put("a", "tok_A")
	c.put("b", "tok_B")
	c.put("c", "tok_C")
	if _, ok := c.get("a"); ok || len(c.m) != 1 {
		t.Errorf("a full cache keeps %d entries and still answers for the oldest", len(c.m))
	}
}
