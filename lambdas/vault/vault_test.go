package vault

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"io"
	"strings"
	"sync"
	"testing"

	"gocloud.dev/docstore"
	"gocloud.dev/docstore/memdocstore"
	"gocloud.dev/secrets"
	"gocloud.dev/secrets/localsecrets"

	"github.com/pciqueue/pciqueue/internal/cardnum"
	"github.com/pciqueue/pciqueue/lambdas/card"
	"github.com/pciqueue/pciqueue/lambdas/envelope"
)

const (
	visa       = "4111111111111111"
	mastercard = "5555555555554444"
)

func pan(t testing.TB, s string) card.PAN {
	t.Helper()
	p, err := card.ParsePAN(s)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func newKeeper(t testing.TB) *secrets.Keeper {
	t.Helper()
	key, err := localsecrets.NewRandomKey()
	if err != nil {
		t.Fatal(err)
	}
	k := localsecrets.NewKeeper(key)
	t.Cleanup(func() { k.Close() })
	return k
}

func newCollection(t testing.TB) *docstore.Collection {
	t.Helper()
	c, err := memdocstore.OpenCollection(KeyField, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func indexKey(b byte) []byte { return bytes.Repeat([]byte{b}, MinIndexKeyLen) }

func newVault(t testing.TB, coll *docstore.Collection, k envelope.Keeper, ik []byte) *Vault {
	t.Helper()
	v, err := New(Config{Collection: coll, Keeper: k, IndexKey: ik, Name: "payments"})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// allEntries reads every document of the collection.
func allEntries(t *testing.T, coll *docstore.Collection) []entry {
	t.Helper()
	it := coll.Query().Get(context.Background())
	defer it.Stop()
	var es []entry
	for {
		var e entry
		err := it.Next(context.Background(), &e)
		if err == io.EOF {
			return es
		}
		if err != nil {
			t.Fatal(err)
		}
		es = append(es, e)
	}
}

func TestTokenize_samePANSameTokenAndBack(t *testing.T) {
	ctx := context.Background()
	v := newVault(t, newCollection(t), newKeeper(t), indexKey(1))
	a, err := v.Tokenize(ctx, pan(t, visa))
	if err != nil {
		t.Fatalf("Tokenize: %v", safe(err))
	}
	again, err := v.Tokenize(ctx, pan(t, visa))
	if err != nil {
		t.Fatal(err)
	}
	other, err := v.Tokenize(ctx, pan(t, mastercard))
	if err != nil {
		t.Fatal(err)
	}
	if a != again {
		t.Errorf("same PAN gave tokens %s and %s", a, again)
	}
	if a == other {
		t.Error("two PANs share a token")
	}
	if _, err := card.ParseToken(string(a)); err != nil {
		t.Errorf("issued token has a bad format: %v", safe(err))
	}
	got, err := v.Detokenize(ctx, a)
	if err != nil {
		t.Fatalf("Detokenize: %v", safe(err))
	}
	if got.Reveal() != visa {
		t.Errorf("Detokenize(%s) = %s, want %s", a, got, cardnum.Mask(visa))
	}
}

func TestStore_holdsNoPANAndNoPlainHash(t *testing.T) {
	ctx := context.Background()
	coll := newCollection(t)
	v := newVault(t, coll, newKeeper(t), indexKey(1))
	for _, p := range []string{visa, mastercard} {
		if _, err := v.Tokenize(ctx, pan(t, p)); err != nil {
			t.Fatal(err)
		}
	}
	entries := allEntries(t, coll)
	if len(entries) != 4 {
		t.Fatalf("collection has %d documents, want an index entry and a record per PAN", len(entries))
	}
	for _, p := range []string{visa, mastercard} {
		plainHash := sha256.Sum256([]byte(p))
		for _, e := range entries {
			blob := e.Key + e.Token + string(e.Sealed)
			if strings.Contains(blob, p) || strings.Contains(blob, p[6:12]) {
				t.Errorf("document %s holds PAN digits", cardnum.Scrub(e.Key))
			}
			if strings.Contains(e.Key, base64.RawURLEncoding.EncodeToString(plainHash[:])) {
				t.Errorf("index is an unkeyed hash of the PAN")
			}
		}
	}
}

func TestTokenize_indexKeySeparatesVaults(t *testing.T) {
	ctx := context.Background()
	coll, k := newCollection(t), newKeeper(t)
	a, err := newVault(t, coll, k, indexKey(1)).Tokenize(ctx, pan(t, visa))
	if err != nil {
		t.Fatal(err)
	}
	b, err := newVault(t, coll, k, indexKey(2)).Tokenize(ctx, pan(t, visa))
	if err != nil {
		t.Fatal(err)
	}
	if a == b {
		t.Error("a vault with another index key found the token, so the index does not depend on the key")
	}
}

func TestDetokenize_failsClosed(t *testing.T) {
	ctx := context.Background()
	coll, k := newCollection(t), newKeeper(t)
	v := newVault(t, coll, k, indexKey(1))
	tokA, err := v.Tokenize(ctx, pan(t, visa))
	if err != nil {
		t.Fatal(err)
	}
	tokB, err := v.Tokenize(ctx, pan(t, mastercard))
	if err != nil {
		t.Fatal(err)
	}
	// Move A's sealed PAN into B's record: it must not open as B.
	recA := &entry{Key: recordPrefix + string(tokA)}
	if err := coll.Get(ctx, recA); err != nil {
		t.Fatal(err)
	}
	if err := coll.Put(ctx, &entry{Key: recordPrefix + string(tokB), Sealed: recA.Sealed}); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name  string
		vault *Vault
		tok   card.Token
		want  error
	}{
		{"record swapped between tokens", v, tokB, envelope.ErrAuthentication},
		{"other key", newVault(t, coll, newKeeper(t), indexKey(1)), tokA, envelope.ErrUnwrapKey},
		{"never issued", v, card.NewToken(), ErrUnknownToken},
		{"not a token", v, card.Token(visa), card.ErrInvalidToken},
		{"vault with another name", mustNew(t, Config{Collection: coll, Keeper: k, IndexKey: indexKey(1), Name: "refunds"}), tokA, envelope.ErrAuthentication},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := tt.vault.Detokenize(ctx, tt.tok)
			if !errors.Is(err, tt.want) || !p.IsZero() {
				t.Fatalf("Detokenize = %s, %v; want no PAN and %v", p, cardnum.Scrub(errText(err)), tt.want)
			}
			if cardnum.Contains(err.Error()) {
				t.Errorf("error holds a PAN: %s", cardnum.Scrub(err.Error()))
			}
		})
	}
}

func mustNew(t *testing.T, cfg Config) *Vault {
	t.Helper()
	v, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func errText(err error) string {
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}

func TestTokenize_concurrentCallersAgree(t *testing.T) {
	ctx := context.Background()
	coll := newCollection(t)
	v := newVault(t, coll, newKeeper(t), indexKey(1))
	const n = 16
	tokens := make([]card.Token, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { tokens[i], errs[i] = v.Tokenize(ctx, pan(t, visa)) })
	}
	wg.Wait()
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("caller %d: %v", i, safe(errs[i]))
		}
		if tokens[i] != tokens[0] {
			t.Fatalf("callers got different tokens: %s and %s", tokens[0], tokens[i])
		}
	}
	if es := allEntries(t, coll); len(es) != 2 {
		t.Errorf("collection has %d documents after concurrent tokenization, want 1 index entry and 1 record", len(es))
	}
}

func TestNew_rejectsBadConfig(t *testing.T) {
	_, err := New(Config{IndexKey: []byte("short")})
	if err == nil {
		t.Fatal("New accepted an empty config")
	}
	for _, want := range []string{"Collection is nil", "Keeper is nil", "IndexKey has 5 bytes; use at least 32", "Name is empty"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("New error %q does not say %q", safe(err), want)
		}
	}
}

func TestTokenize_rejectsEmptyPAN(t *testing.T) {
	v := newVault(t, newCollection(t), newKeeper(t), indexKey(1))
	if _, err := v.Tokenize(context.Background(), card.PAN{}); err == nil || !strings.Contains(err.Error(), "PAN is empty") {
		t.Errorf("Tokenize(empty) = %v", safe(err))
	}
}
