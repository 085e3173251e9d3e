package envelope

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gocloud.dev/secrets"
	"gocloud.dev/secrets/localsecrets"
)

var update = flag.Bool("update", false, "rewrite testdata golden files")

// plaintext stands for a sealed card record: it holds a well-known test PAN,
// so any error that echoed plaintext would be caught.
var plaintext = []byte(`{"pan":"4111111111111111","expiry":"12/30"}`)

var testContext = Context{Queue: "payments", MessageID: "MSG1", Bound: []byte("token=tok_A")}

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

func seal(t testing.TB, k Keeper) []byte {
	t.Helper()
	env, err := Seal(context.Background(), k, testContext, plaintext)
	if err != nil {
		t.Fatalf("Seal: %v", safe(err))
	}
	return env
}

// assertFailsClosed checks that Open failed with the wanted class, returned no
// plaintext and did not echo it.
func assertFailsClosed(t *testing.T, got []byte, err error, want error) {
	t.Helper()
	if err == nil {
		t.Fatal("Open succeeded, want it to fail closed")
	}
	if got != nil {
		t.Errorf("Open returned %d bytes of plaintext along with an error", len(got))
	}
	if want != nil && !errors.Is(err, want) {
		t.Errorf("Open error = %q, want one wrapping %q", safe(err), want)
	}
	if strings.Contains(err.Error(), "4111") || strings.Contains(err.Error(), "expiry") {
		t.Errorf("Open error echoes plaintext")
	}
}

func TestSealOpen_roundTrip(t *testing.T) {
	k := newKeeper(t)
	env := seal(t, k)
	if bytes.Contains(env, []byte("4111111111111111")) || bytes.Contains(env, []byte("expiry")) {
		t.Fatal("envelope carries plaintext")
	}
	got, err := Open(context.Background(), k, testContext, env)
	if err != nil {
		t.Fatalf("Open: %v", safe(err))
	}
	if !bytes.Equal(got, plaintext) {
		t.Error("Open returned different bytes than were sealed")
	}
}

func TestSeal_freshDataKeyAndNonceEveryMessage(t *testing.T) {
	k := newKeeper(t)
	a, err := parse(seal(t, k))
	if err != nil {
		t.Fatal(err)
	}
	b, err := parse(seal(t, k))
	if err != nil {
		t.Fatal(err)
	}
	ka, _ := k.Decrypt(context.Background(), a.wrappedKey)
	kb, _ := k.Decrypt(context.Background(), b.wrappedKey)
	if bytes.Equal(ka, kb) {
		t.Error("two messages share a data key")
	}
	if bytes.Equal(a.nonce, b.nonce) {
		t.Error("two messages share a nonce")
	}
	if bytes.Equal(a.ciphertext, b.ciphertext) {
		t.Error("same plaintext sealed twice gives the same ciphertext")
	}
}

func TestOpen_wrongContextFailsAuthentication(t *testing.T) {
	k := newKeeper(t)
	env := seal(t, k)
	tests := []struct {
		name string
		c    Context
	}{
		{"other queue", Context{Queue: "refunds", MessageID: "MSG1", Bound: testContext.Bound}},
		{"other message ID", Context{Queue: "payments", MessageID: "MSG2", Bound: testContext.Bound}},
		{"other bound data", Context{Queue: "payments", MessageID: "MSG1", Bound: []byte("token=tok_B")}},
		{"bound data dropped", Context{Queue: "payments", MessageID: "MSG1"}},
		{"fields shifted across the boundary", Context{Queue: "paymentsM", MessageID: "SG1", Bound: testContext.Bound}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Open(context.Background(), k, tt.c, env)
			assertFailsClosed(t, got, err, ErrAuthentication)
		})
	}
}

func TestOpen_wrongKeyFailsUnwrap(t *testing.T) {
	env := seal(t, newKeeper(t))
	got, err := Open(context.Background(), newKeeper(t), testContext, env)
	assertFailsClosed(t, got, err, ErrUnwrapKey)
}

func TestOpen_everyFlippedBitFails(t *testing.T) {
	k := newKeeper(t)
	env := seal(t, k)
	s, _ := parse(env)
	wrappedEnd := headerLen + len(s.wrappedKey)
	for i := range env {
		for _, bit := range []byte{0x01, 0x80} {
			tampered := bytes.Clone(env)
			tampered[i] ^= bit
			got, err := Open(context.Background(), k, testContext, tampered)
			var want error
			switch {
			case i < len(magic):
				want = ErrMalformed
			case i == len(magic):
				want = ErrUnsupportedVersion
			case i < wrappedEnd:
				want = nil // a changed length is malformed, a changed key fails unwrap
			default:
				want = ErrAuthentication
			}
			if err == nil {
				t.Fatalf("byte %d bit %#x flipped: Open succeeded", i, bit)
			}
			assertFailsClosed(t, got, err, want)
		}
	}
}

func TestOpen_truncatedOrExtendedFails(t *testing.T) {
	k := newKeeper(t)
	env := seal(t, k)
	for n := 0; n < len(env); n++ {
		got, err := Open(context.Background(), k, testContext, env[:n])
		if err == nil {
			t.Fatalf("truncated to %d bytes: Open succeeded", n)
		}
		assertFailsClosed(t, got, err, nil)
	}
	got, err := Open(context.Background(), k, testContext, append(bytes.Clone(env), 0))
	assertFailsClosed(t, got, err, ErrAuthentication)
}

func TestOpen_malformedHeaders(t *testing.T) {
	k := newKeeper(t)
	tests := []struct {
		name string
		env  []byte
		want error
		msg  string
	}{
		{"empty", nil, ErrMalformed, "0 bytes"},
		{"not an envelope", []byte(`{"pan":"x"}`), ErrMalformed, `does not start with "PQE"`},
		{"future version", []byte("PQE\x03\x00\x01k"), ErrUnsupportedVersion, "version 3"},
		{"key reference past the end", append([]byte("PQE\x02\xff"), make([]byte, 40)...), ErrMalformed, "key reference length 255"},
		{"empty key reference", append([]byte("PQE\x02\x00"), make([]byte, 40)...), ErrMalformed, "key reference length 0"},
		{"zero-length wrapped key", append([]byte("PQE\x01\x00\x00"), make([]byte, 40)...), ErrMalformed, "length 0"},
		{"wrapped key longer than allowed", append([]byte("PQE\x01\xff\xff"), make([]byte, 40)...), ErrMalformed, "length 65535"},
		{"wrapped key longer than the envelope", append([]byte("PQE\x01\x00\x40"), make([]byte, 40)...), ErrMalformed, "need at least"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Open(context.Background(), k, testContext, tt.env)
			assertFailsClosed(t, got, err, tt.want)
			if !strings.Contains(err.Error(), tt.msg) || !strings.Contains(err.Error(), `message "MSG1" on queue "payments"`) {
				t.Errorf("error %q should say %q and name the message and queue", safe(err), tt.msg)
			}
		})
	}
}

func TestOpen_unwrappedKeyOfWrongLengthFails(t *testing.T) {
	k := newKeeper(t)
	env := seal(t, k)
	s, _ := parse(env)
	short, err := k.Encrypt(context.Background(), make([]byte, 16))
	if err != nil {
		t.Fatal(err)
	}
	forged := appendHeader(nil, "", short)
	forged = append(forged, s.nonce...)
	forged = append(forged, s.ciphertext...)
	got, err := Open(context.Background(), k, testContext, forged)
	assertFailsClosed(t, got, err, ErrUnwrapKey)
}

type failingKeeper struct{ err error }

func (f failingKeeper) Encrypt(context.Context, []byte) ([]byte, error) { return nil, f.err }
func (f failingKeeper) Decrypt(context.Context, []byte) ([]byte, error) { return nil, f.err }

func TestSeal_errors(t *testing.T) {
	denied := errors.New("kms: AccessDeniedException")
	tests := []struct {
		name   string
		keeper Keeper
		c      Context
		want   string
	}{
		{"keeper refuses", failingKeeper{denied}, testContext, "wrapping data key: kms: AccessDeniedException"},
		{"no queue", newKeeper(t), Context{MessageID: "MSG1"}, "queue name is empty"},
		{"no message ID", newKeeper(t), Context{Queue: "payments"}, "message ID is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env, err := Seal(context.Background(), tt.keeper, tt.c, plaintext)
			if err == nil || env != nil {
				t.Fatalf("Seal = %d bytes, %v; want an error", len(env), safe(err))
			}
			if !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "sealing message") {
				t.Errorf("Seal error %q, want it to start with \"sealing message\" and say %q", safe(err), tt.want)
			}
		})
	}
	if _, err := Open(context.Background(), newKeeper(t), Context{}, nil); err == nil || !strings.Contains(err.Error(), "queue name is empty") {
		t.Errorf("Open with an empty context: %v", safe(err))
	}
	got, err := Open(context.Background(), failingKeeper{denied}, testContext, seal(t, newKeeper(t)))
	assertFailsClosed(t, got, err, ErrUnwrapKey)
	if !errors.Is(err, denied) {
		t.Errorf("Open does not wrap the keeper's error: %v", safe(err))
	}
}

// goldenKey is the localsecrets key the golden envelope was sealed with. It
// protects nothing but the test vector.
const goldenKey = "vLT0XB2mjTMW7Ix2dmkSYGQoyu4N5q7pHbgW8gV7xEY="

// TestOpen_readsVersion1Golden proves that envelopes written by earlier builds
// stay readable: the golden file was sealed once and is only opened here.
func TestOpen_readsVersion1Golden(t *testing.T) {
	key, err := localsecrets.Base64Key(goldenKey)
	if err != nil {
		t.Fatal(err)
	}
	k := localsecrets.NewKeeper(key)
	defer k.Close()
	path := filepath.Join("testdata", "v1.golden.hex")
	if *update {
		if err := os.WriteFile(path, []byte(hex.EncodeToString(seal(t, k))+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading golden envelope (regenerate with -update): %v", safe(err))
	}
	env, err := hex.DecodeString(strings.TrimSpace(string(raw)))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(env, []byte("PQE\x01")) {
		t.Fatalf("golden envelope does not start with the version-1 header")
	}
	got, err := Open(context.Background(), k, testContext, env)
	if err != nil {
		t.Fatalf("Open(golden): %v", safe(err))
	}
	if !bytes.Equal(got, plaintext) {
		t.Error("golden envelope opened to different bytes")
	}
}

// FuzzOpen feeds arbitrary bytes to Open with the right key and context: it
// must never panic, and only the exact envelope that was sealed may open.
func FuzzOpen(f *testing.F) {
	key, err := localsecrets.Base64Key(goldenKey)
	if err != nil {
		f.Fatal(err)
	}
	k := localsecrets.NewKeeper(key)
	// The golden envelope, not a fresh Seal: fuzz workers rerun this setup
	// and must agree on which bytes are the valid ones.
	raw, err := os.ReadFile(filepath.Join("testdata", "v1.golden.hex"))
	if err != nil {
		f.Fatal(err)
	}
	valid, err := hex.DecodeString(strings.TrimSpace(string(raw)))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(valid)
	f.Add(valid[:headerLen])
	f.Add([]byte("PQE\x01\x00\x01"))
	f.Add([]byte("PQE\x02"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, env []byte) {
		got, err := Open(context.Background(), k, testContext, env)
		if err != nil {
			if got != nil {
				t.Fatal("Open returned plaintext with an error")
			}
			return
		}
		if !bytes.Equal(env, valid) || !bytes.Equal(got, plaintext) {
			t.Fatal("Open accepted bytes that were never sealed")
		}
	})
}

func BenchmarkSeal(b *testing.B) {
	k := newKeeper(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Seal(context.Background(), k, testContext, plaintext); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkOpen(b *testing.B) {
	k := newKeeper(b)
	env := seal(b, k)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Open(context.Background(), k, testContext, env); err != nil {
			b.Fatal(err)
		}
	}
}
