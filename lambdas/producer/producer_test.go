package producer

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"gocloud.dev/docstore"
	"gocloud.dev/docstore/memdocstore"
	"gocloud.dev/pubsub"
	"gocloud.dev/pubsub/mempubsub"
	"gocloud.dev/secrets"
	"gocloud.dev/secrets/localsecrets"

	"github.com/pciqueue/pciqueue/internal/cardnum"
	"github.com/pciqueue/pciqueue/lambdas/envelope"
	"github.com/pciqueue/pciqueue/lambdas/message"
	"github.com/pciqueue/pciqueue/lambdas/vault"
)

const (
	testPAN    = "4111111111111111"
	testHolder = "JANE Q CARDHOLDER"
	queue      = "payments"
)

type fixture struct {
	producer *Producer
	keeper   *secrets.Keeper
	vault    *vault.Vault
	store    *docstore.Collection
	sub      *pubsub.Subscription
	logs     *bytes.Buffer
}

type senderFunc func(context.Context, *pubsub.Message) error

func (f senderFunc) Send(ctx context.Context, m *pubsub.Message) error { return f(ctx, m) }

// newFixture wires a producer to an in-memory topic, vault and keeper. A
// non-nil send replaces the topic.
func newFixture(t *testing.T, send Sender) *fixture {
	t.Helper()
	ctx := context.Background()
	key, err := localsecrets.NewRandomKey()
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{keeper: localsecrets.NewKeeper(key), logs: &bytes.Buffer{}}
	t.Cleanup(func() { f.keeper.Close() })
	if f.store, err = memdocstore.OpenCollection(vault.KeyField, nil); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.store.Close() })
	if f.vault, err = vault.New(vault.Config{Collection: f.store, Keeper: f.keeper, IndexKey: bytes.Repeat([]byte{7}, 32), Name: "cards"}); err != nil {
		t.Fatal(err)
	}
	topic := mempubsub.NewTopic()
	t.Cleanup(func() { topic.Shutdown(ctx) })
	f.sub = mempubsub.NewSubscription(topic, time.Minute)
	t.Cleanup(func() { f.sub.Shutdown(ctx) })
	if send == nil {
		send = topic
	}
	// The raw JSON handler, not a scrubbing one, sees what the producer
	// logs; New adds the scrubber, and the tests check both layers.
	f.producer, err = New(Config{
		Queue: queue, Keeper: f.keeper, Tokenizer: f.vault, Sender: send,
		Logger: slog.New(slog.NewJSONHandler(f.logs, nil)),
		Now:    func() time.Time { return time.Date(2025, 3, 1, 12, 0, 0, 0, time.FixedZone("CET", 3600)) },
	})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func validRequest() Request {
	return Request{PAN: "4111 1111 1111 1111", Expiry: "12/30", Holder: testHolder, AmountMinor: 1999, Currency: "EUR", MerchantRef: "order-42"}
}

func assertNoCardData(t *testing.T, what, s string) {
	t.Helper()
	if strings.Contains(s, testPAN) || cardnum.Contains(s) || strings.Contains(s, testHolder) || strings.Contains(s, "12/30") {
		t.Errorf("%s carries card data: %s", what, cardnum.Scrub(s))
	}
}

func TestPublish_sendsSealedEventOnly(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, nil)
	rc, err := f.producer.Publish(ctx, validRequest())
	if err != nil {
		t.Fatalf("Publish: %v", safe(err))
	}
	m, err := f.sub.Receive(ctx)
	if err != nil {
		t.Fatal(err)
	}
	m.Ack()
	assertNoCardData(t, "message body", string(m.Body))
	if m.Metadata[MetadataSchema] != message.SchemaV1 || m.Metadata[MetadataMessageID] != rc.MessageID {
		t.Errorf("metadata = %v, want schema and message ID %s", m.Metadata, rc.MessageID)
	}

	e, err := message.Decode(m.Body)
	if err != nil {
		t.Fatalf("Decode: %v", safe(err))
	}
	opener, err := envelope.NewOpener(envelope.OpenerConfig{Keeper: f.keeper, Policy: envelope.DefaultCachePolicy()})
	if err != nil {
		t.Fatal(err)
	}
	p, err := message.Open(ctx, opener, queue, e)
	if err != nil {
		t.Fatalf("Open: %v", safe(err))
	}
	if p.Card.PAN.Reveal() != testPAN || p.Card.Holder != testHolder || p.Card.Expiry != "12/30" {
		t.Errorf("sealed card data = %v", p.Card)
	}
	if p.ID != rc.MessageID || p.Token != rc.Token || p.MaskedPAN != "411111******1111" || rc.MaskedPAN != p.MaskedPAN {
		t.Errorf("event header %+v does not match receipt %+v", p.Header, rc)
	}
	if !p.CreatedAt.Equal(time.Date(2025, 3, 1, 11, 0, 0, 0, time.UTC)) || p.CreatedAt.Location() != time.UTC {
		t.Errorf("createdAt = %v, want the producer clock in UTC", p.CreatedAt)
	}
	pan, err := f.vault.Detokenize(ctx, rc.Token)
	if err != nil || pan.Reveal() != testPAN {
		t.Errorf("vault maps the token to %s, %v", pan, safe(err))
	}
	if !strings.Contains(f.logs.String(), `"msg":"payment event sent"`) || !strings.Contains(f.logs.String(), rc.MessageID) {
		t.Errorf("no log line for the sent event: %s", cardnum.Scrub(f.logs.String()))
	}
	assertNoCardData(t, "logs", f.logs.String())
}

func TestPublish_rejectsInvalidRequestBeforeStoringAnything(t *testing.T) {
	tests := []struct {
		name string
		edit func(*Request)
		msg  string
	}{
		{"PAN fails Luhn", func(r *Request) { r.PAN = "4111111111111112" }, "Luhn"},
		{"PAN too short", func(r *Request) { r.PAN = "411111111111" }, "12 digits"},
		{"expiry", func(r *Request) { r.Expiry = "2030-12" }, "card expiry"},
		{"currency", func(r *Request) { r.Currency = "euro" }, "currency"},
		{"amount", func(r *Request) { r.AmountMinor = 0 }, "amountMinor"},
		{"PAN in merchant reference", func(r *Request) { r.MerchantRef = "card " + testPAN }, "merchantRef"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sent := 0
			f := newFixture(t, senderFunc(func(context.Context, *pubsub.Message) error { sent++; return nil }))
			r := validRequest()
			tt.edit(&r)
			_, err := f.producer.Publish(context.Background(), r)
			if !errors.Is(err, ErrInvalidRequest) || !strings.Contains(err.Error(), tt.msg) {
				t.Fatalf("Publish error = %s, want ErrInvalidRequest saying %q", cardnum.Scrub(fmt.Sprint(err)), tt.msg)
			}
			if sent != 0 {
				t.Errorf("%d messages sent for an invalid request", sent)
			}
			it := f.store.Query().Get(context.Background())
			defer it.Stop()
			if err := it.Next(context.Background(), map[string]any{}); err != io.EOF {
				t.Errorf("vault stored something for an invalid request (Next = %v)", safe(err))
			}
			assertNoCardData(t, "error", err.Error())
			assertNoCardData(t, "logs", f.logs.String())
			if !strings.Contains(f.logs.String(), "payment event not built") {
				t.Errorf("rejection not logged: %s", cardnum.Scrub(f.logs.String()))
			}
		})
	}
}

func TestPublish_sendFailureIsReportedWithoutCardData(t *testing.T) {
	f := newFixture(t, senderFunc(func(context.Context, *pubsub.Message) error {
		return errors.New("sqs: AccessDenied")
	}))
	_, err := f.producer.Publish(context.Background(), validRequest())
	if err == nil || !strings.Contains(err.Error(), `to queue "payments": sqs: AccessDenied`) {
		t.Fatalf("Publish error = %v", safe(err))
	}
	assertNoCardData(t, "error", err.Error())
	assertNoCardData(t, "logs", f.logs.String())
}

func TestRequest_printsWithoutCardData(t *testing.T) {
	r := validRequest()
	var logs bytes.Buffer
	slog.New(slog.NewJSONHandler(&logs, nil)).Info("req", "r", r)
	slog.New(slog.NewTextHandler(&logs, nil)).Info("req", "r", r)
	js, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	bad := r
	bad.PAN = "4111111111111112"
	for name, out := range map[string]string{
		"%v": fmt.Sprintf("%v", r), "%+v": fmt.Sprintf("%+v", r), "%#v": fmt.Sprintf("%#v", r),
		"%s": fmt.Sprintf("%s", &r), "slog": logs.String(), "json": string(js), "invalid PAN": fmt.Sprint(bad),
	} {
		assertNoCardData(t, name, out)
		if strings.Contains(out, "4111111111111112") {
			t.Errorf("%s prints an invalid PAN in clear", name)
		}
	}
	if !strings.Contains(fmt.Sprint(r), "411111******1111") || !strings.Contains(string(js), "411111******1111") {
		t.Errorf("request summary lacks the masked PAN: %v %s", r, js)
	}
}

func TestNew_rejectsIncompleteConfig(t *testing.T) {
	_, err := New(Config{})
	if err == nil {
		t.Fatal("New accepted an empty config")
	}
	for _, want := range []string{"Queue is empty", "Keeper is nil", "Tokenizer is nil", "Sender is nil"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", safe(err), want)
		}
	}
}
