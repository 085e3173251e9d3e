package message

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"gocloud.dev/secrets"
	"gocloud.dev/secrets/localsecrets"

	"github.com/pciqueue/pciqueue/internal/cardnum"
	"github.com/pciqueue/pciqueue/lambdas/card"
	"github.com/pciqueue/pciqueue/lambdas/envelope"
)

var update = flag.Bool("update", false, "rewrite testdata golden files")

const (
	testPAN    = "4111111111111111"
	testHolder = "JANE Q CARDHOLDER"
	queue      = "payments"
	// goldenKey seals the golden event only.
	goldenKey = "vLT0XB2mjTMW7Ix2dmkSYGQoyu4N5q7pHbgW8gV7xEY="
)

// direct seals and opens with a data key per message, as the uncached
// envelope functions do.
type direct struct{ envelope.Keeper }

func (d direct) Seal(ctx context.Context, c envelope.Context, p []byte) ([]byte, error) {
	return envelope.Seal(ctx, d.Keeper, c, p)
}

func (d direct) Open(ctx context.Context, c envelope.Context, b []byte) ([]byte, error) {
	return envelope.Open(ctx, d.Keeper, c, b)
}

func keeper(t testing.TB, b64 string) *secrets.Keeper {
	t.Helper()
	var key [32]byte
	var err error
	if b64 == "" {
		key, err = localsecrets.NewRandomKey()
	} else {
		key, err = localsecrets.Base64Key(b64)
	}
	if err != nil {
		t.Fatal(err)
	}
	k := localsecrets.NewKeeper(key)
	t.Cleanup(func() { k.Close() })
	return k
}

func header() Header {
	return Header{
		Schema:      SchemaV1,
		ID:          "01HZXMSGIDEXAMPLE00000000A",
		CreatedAt:   time.Date(2025, 3, 1, 12, 30, 0, 123456789, time.UTC),
		Token:       "tok_ABCDEFGHIJKLMNOPQRSTUVWXYZ",
		AmountMinor: 1999,
		Currency:    "EUR",
		MerchantRef: "order-42",
	}
}

func cardData(t testing.TB) CardData {
	t.Helper()
	p, err := card.ParsePAN(testPAN)
	if err != nil {
		t.Fatal(err)
	}
	return CardData{PAN: p, Expiry: "12/30", Holder: testHolder}
}

func sealed(t testing.TB, k envelope.Keeper) Event {
	t.Helper()
	e, err := Seal(context.Background(), direct{k}, queue, header(), cardData(t))
	if err != nil {
		t.Fatalf("Seal: %v", safe(err))
	}
	return e
}

func encoded(t testing.TB, e Event) []byte {
	t.Helper()
	b, err := Encode(e)
	if err != nil {
		t.Fatalf("Encode: %v", safe(err))
	}
	return b
}

// noCardData fails the test when s holds the PAN, the holder name or the
// expiry; the failure message is scrubbed.
func noCardData(t *testing.T, what, s string) {
	t.Helper()
	if strings.Contains(s, testPAN) || cardnum.Contains(s) || strings.Contains(s, testHolder) || strings.Contains(s, "12/30") {
		t.Errorf("%s carries card data: %s", what, cardnum.Scrub(s))
	}
}

func TestRoundTrip(t *testing.T) {
	k := keeper(t, "")
	b := encoded(t, sealed(t, k))
	noCardData(t, "encoded event", string(b))

	e, err := Decode(b)
	if err != nil {
		t.Fatalf("Decode: %v", safe(err))
	}
	p, err := Open(context.Background(), direct{k}, queue, e)
	if err != nil {
		t.Fatalf("Open: %v", safe(err))
	}
	want := header()
	want.MaskedPAN = "411111******1111"
	if !reflect.DeepEqual(p.Header, want) {
		t.Errorf("header after round trip = %+v, want %+v", p.Header, want)
	}
	if p.Card.PAN.Reveal() != testPAN || p.Card.Expiry != "12/30" || p.Card.Holder != testHolder {
		t.Errorf("card data after round trip = %v", p.Card)
	}
}

func TestGolden_v1EventStaysReadable(t *testing.T) {
	k := keeper(t, goldenKey)
	path := filepath.Join("testdata", "event.v1.golden.json")
	if *update {
		if err := os.WriteFile(path, append(encoded(t, sealed(t, k)), '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading golden event (regenerate with -update): %v", safe(err))
	}
	raw = bytes.TrimSpace(raw)
	e, err := Decode(raw)
	if err != nil {
		t.Fatalf("Decode(golden): %v", safe(err))
	}
	if again := encoded(t, e); !bytes.Equal(again, raw) {
		t.Errorf("Encode(Decode(golden)) differs from golden:\n%s\n%s", again, raw)
	}
	p, err := Open(context.Background(), direct{k}, queue, e)
	if err != nil {
		t.Fatalf("Open(golden): %v", safe(err))
	}
	if p.Card.PAN.Reveal() != testPAN || p.MaskedPAN != "411111******1111" {
		t.Errorf("golden opened to PAN %s, masked %s", p.Card.PAN, p.MaskedPAN)
	}
}

// TestOpen_alteredClearFieldFailsAuthentication edits each clear field of an
// encoded event to another valid value: the event must still decode but
// fail to open.
func TestOpen_alteredClearFieldFailsAuthentication(t *testing.T) {
	k := keeper(t, "")
	b := encoded(t, sealed(t, k))
	edits := map[string]any{
		"id":          "01HZXMSGIDEXAMPLE00000000B",
		"createdAt":   "2025-03-01T12:30:01Z",
		"token":       "tok_ZBCDEFGHIJKLMNOPQRSTUVWXYZ",
		"maskedPan":   "411111******1112",
		"amountMinor": 1,
		"currency":    "USD",
		"merchantRef": "order-43",
	}
	for field, value := range edits {
		t.Run(field, func(t *testing.T) {
			var m map[string]any
			if err := json.Unmarshal(b, &m); err != nil {
				t.Fatal(err)
			}
			m[field] = value
			altered, _ := json.Marshal(m)
			e, err := Decode(altered)
			if err != nil {
				t.Fatalf("altered event no longer decodes, so the test proves nothing: %v", safe(err))
			}
			p, err := Open(context.Background(), direct{k}, queue, e)
			if !errors.Is(err, envelope.ErrAuthentication) {
				t.Fatalf("Open of an event with altered %s: %v, want ErrAuthentication", field, safe(err))
			}
			if !p.Card.PAN.IsZero() {
				t.Error("Open returned card data with an error")
			}
			noCardData(t, "error", err.Error())
		})
	}
}

func TestOpen_failsClosed(t *testing.T) {
	k := keeper(t, "")
	e := sealed(t, k)
	tests := []struct {
		name   string
		keeper envelope.Keeper
		queue  string
		want   error
	}{
		{"other queue", k, "refunds", envelope.ErrAuthentication},
		{"other key", keeper(t, ""), queue, envelope.ErrUnwrapKey},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Open(context.Background(), direct{tt.keeper}, tt.queue, e)
			if !errors.Is(err, tt.want) || !p.Card.PAN.IsZero() {
				t.Fatalf("Open = %v, %v; want no card data and %v", p.Card.PAN, safe(err), tt.want)
			}
		})
	}
}

// sealRaw seals arbitrary plaintext as the card data of header(), as a
// faulty producer holding the key could.
func sealRaw(t *testing.T, k envelope.Keeper, plain string) Event {
	t.Helper()
	h := header()
	h.MaskedPAN = "411111******1111"
	env, err := envelope.Seal(context.Background(), k, envelope.Context{Queue: queue, MessageID: h.ID, Bound: h.bound()}, []byte(plain))
	if err != nil {
		t.Fatal(err)
	}
	return Event{Header: h, Sealed: env}
}

func TestOpen_rejectsBadSealedCardData(t *testing.T) {
	k := keeper(t, "")
	tests := []struct {
		name, plain string
		want        error
		msg         string
	}{
		{"not JSON", testPAN, ErrMalformed, "sealed card data"},
		{"PAN as a number", `{"pan":4111111111111111,"expiry":"12/30"}`, ErrMalformed, `field "pan" is a JSON number, want string`},
		{"unknown field", `{"pan":"4111111111111111","expiry":"12/30","cvv":"123"}`, ErrMalformed, `unknown field "cvv"`},
		{"PAN fails Luhn", `{"pan":"4111111111111112","expiry":"12/30"}`, card.ErrInvalidPAN, "Luhn"},
		{"bad expiry", `{"pan":"4111111111111111","expiry":"13/30"}`, ErrInvalid, "MM/YY"},
		{"PAN does not match mask", `{"pan":"5555555555554444","expiry":"12/30"}`, ErrInvalid, "maskedPan does not match"},
		{"trailing data", `{"pan":"4111111111111111","expiry":"12/30"}{}`, ErrMalformed, "data after the JSON object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Open(context.Background(), direct{k}, queue, sealRaw(t, k, tt.plain))
			if err == nil || !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.msg) {
				t.Fatalf("Open error = %v, want %v saying %q", cardnum.Scrub(errString(err)), tt.want, tt.msg)
			}
			if !p.Card.PAN.IsZero() {
				t.Error("Open returned card data with an error")
			}
			noCardData(t, "error", err.Error())
		})
	}
}

func errString(err error) string {
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}

func TestDecode_rejects(t *testing.T) {
	k := keeper(t, "")
	valid := encoded(t, sealed(t, k))
	with := func(field string, value any) string {
		var m map[string]any
		if err := json.Unmarshal(valid, &m); err != nil {
			t.Fatal(err)
		}
		if value == nil {
			delete(m, field)
		} else {
			m[field] = value
		}
		b, _ := json.Marshal(m)
		return string(b)
	}
	tests := []struct {
		name, in string
		want     error
		msg      string
	}{
		{"empty", "", ErrMalformed, "empty document"},
		{"not JSON", "card=" + testPAN, ErrMalformed, "not valid JSON at byte offset 1"},
		{"array", "[]", ErrMalformed, "the document is a JSON array, want an object"},
		{"no schema", with("schema", nil), ErrMalformed, `"schema" field is missing`},
		{"future schema", with("schema", "pciqueue.payment.v2"), ErrUnsupportedSchema, `schema "pciqueue.payment.v2"; this build reads "pciqueue.payment.v1"`},
		{"schema holding a PAN", with("schema", testPAN), ErrUnsupportedSchema, `schema "411111******1111"`},
		{"unknown field", with("pan", testPAN), ErrMalformed, `unknown field "pan"`},
		// The name is cut at 64 characters, in the middle of the card number: it must be masked before the cut.
		{"unknown field holding a PAN at the cap", with(strings.Repeat("x", 56)+testPAN, 1), ErrMalformed, `unknown field "` + strings.Repeat("x", 56) + `411111*...`},
		{"amount as a string", with("amountMinor", "19.99"), ErrMalformed, `field "amountMinor" is a JSON string, want int64`},
		{"trailing data", string(valid) + "{}", ErrMalformed, "data after the JSON object"},
		{"truncated", string(valid[:len(valid)-2]), ErrMalformed, "JSON ends early"},
		{"bad token", with("token", testPAN), ErrInvalid, "token: invalid card token"},
		{"mask shows too much", with("maskedPan", "41111111****1111"), ErrInvalid, "maskedPan: character 7 shows a digit"},
		{"full PAN as mask", with("maskedPan", testPAN), ErrInvalid, "maskedPan"},
		{"PAN in merchant reference", with("merchantRef", "order "+testPAN), ErrInvalid, "merchantRef: looks like it contains a card number"},
		{"negative amount", with("amountMinor", -5), ErrInvalid, "amountMinor: must be a positive amount"},
		{"lower-case currency", with("currency", "eur"), ErrInvalid, "currency: must be an ISO 4217 code"},
		{"ID with a slash", with("id", "a/b"), ErrInvalid, "id: character 2"},
		{"PAN as ID", with("id", testPAN), ErrInvalid, "id: looks like a card number"},
		{"no sealed data", with("sealed", nil), ErrInvalid, "sealed: missing"},
		{"no creation time", with("createdAt", nil), ErrInvalid, "createdAt: missing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Decode([]byte(tt.in))
			if err == nil || !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.msg) {
				t.Fatalf("Decode error = %s, want %v saying %q", cardnum.Scrub(errString(err)), tt.want, tt.msg)
			}
			noCardData(t, "error", err.Error())
		})
	}
}

func TestSeal_rejects(t *testing.T) {
	k := keeper(t, "")
	tests := []struct {
		name   string
		edit   func(*Header, *CardData)
		msg    string
		wantOK bool
	}{
		{"bad expiry", func(h *Header, c *CardData) { c.Expiry = "2030-12" }, "card expiry", false},
		{"no PAN", func(h *Header, c *CardData) { c.PAN = card.PAN{} }, "card PAN: missing", false},
		{"mask of another card", func(h *Header, c *CardData) { h.MaskedPAN = "555555******4444" }, "maskedPan: does not match", false},
		{"PAN in merchant reference", func(h *Header, c *CardData) { h.MerchantRef = testPAN }, "merchantRef", false},
		{"two bad fields are both reported", func(h *Header, c *CardData) { h.Currency = "euro"; h.AmountMinor = 0 }, "currency", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, c := header(), cardData(t)
			tt.edit(&h, &c)
			_, err := Seal(context.Background(), direct{k}, queue, h, c)
			if err == nil || !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tt.msg) {
				t.Fatalf("Seal error = %s, want ErrInvalid saying %q", cardnum.Scrub(errString(err)), tt.msg)
			}
			noCardData(t, "error", err.Error())
		})
	}
	h := header()
	h.Currency, h.AmountMinor = "euro", 0
	_, err := Seal(context.Background(), direct{k}, queue, h, cardData(t))
	if !strings.Contains(errString(err), "amountMinor") {
		t.Errorf("Seal reported only the first bad field: %v", safe(err))
	}
}

func TestNewID_isValidAndUnique(t *testing.T) {
	a, b := NewID(), NewID()
	if a == b {
		t.Fatal("two IDs are equal")
	}
	if err := checkID(a); err != nil {
		t.Errorf("NewID() is not a valid ID: %v", safe(err))
	}
}

// FuzzDecode: Decode never panics, never echoes a PAN-looking run, and what
// it accepts re-encodes to an event it decodes identically.
func FuzzDecode(f *testing.F) {
	raw, err := os.ReadFile(filepath.Join("testdata", "event.v1.golden.json"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(raw)
	f.Add([]byte(`{"schema":"pciqueue.payment.v2"}`))
	f.Add([]byte(`{"schema":"pciqueue.payment.v1","amountMinor":4111111111111111}`))
	f.Add([]byte(`{"schema":"pciqueue.payment.v1","amountMinor":"4111111111111111"}`))
	f.Add([]byte(`[4111111111111111]`))
	f.Add([]byte(`{"schema":"pciqueue.payment.v1","4111111111111111":1}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		e, err := Decode(b)
		if err != nil {
			if cardnum.Contains(err.Error()) {
				t.Fatalf("Decode error holds a PAN-looking run: %s", cardnum.Scrub(err.Error()))
			}
			return
		}
		again, err := Encode(e)
		if err != nil {
			t.Fatalf("Encode of a decoded event: %v", safe(err))
		}
		e2, err := Decode(again)
		if err != nil {
			t.Fatalf("Decode of a re-encoded event: %v", safe(err))
		}
		if !bytes.Equal(e.bound(), e2.bound()) || !bytes.Equal(e.Sealed, e2.Sealed) {
			t.Fatal("re-encoding changed the event")
		}
	})
}
