package integration

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/pciqueue/pciqueue/lambdas/card"
	"github.com/pciqueue/pciqueue/lambdas/envelope"
	"github.com/pciqueue/pciqueue/lambdas/internal/pipelinetest"
	"github.com/pciqueue/pciqueue/lambdas/message"
)

// Per-message costs with the in-memory keeper (localsecrets) and vault
// store (memdocstore); in production each wrap or unwrap adds a round trip
// to the key service, which is why keycalls/1kmsg reports how many the
// data-key cache leaves at steady state. Compare with BenchmarkAESGCMFloor,
// which encrypts the same card data with a ready AES-256-GCM key and
// nothing else.

// BenchmarkProduce: validate, tokenize, seal (cached data key, fresh
// nonce) and encode one event.
func BenchmarkProduce(b *testing.B) {
	b.Run("returning card", func(b *testing.B) {
		p := pipelinetest.New(b, nil)
		req := pipelinetest.Request(pipelinetest.PAN)
		if _, _, err := p.Producer.Build(context.Background(), req); err != nil {
			b.Fatal(err) // steady state: the card is known, the data key drawn
		}
		p.KeyCalls.Reset()
		n := 0
		b.ReportAllocs()
		for b.Loop() {
			n++
			if _, _, err := p.Producer.Build(context.Background(), req); err != nil {
				b.Fatal(err)
			}
		}
		reportKeyCalls(b, p, n)
	})
	b.Run("new card", func(b *testing.B) {
		p := pipelinetest.New(b, nil)
		req := pipelinetest.Request(pipelinetest.PAN)
		n := 0
		b.ReportAllocs()
		for b.Loop() {
			n++
			req.PAN = luhnPAN(n)
			if _, _, err := p.Producer.Build(context.Background(), req); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkConsume: decode one event and open it (the data key from the
// cache or unwrapped, authenticate and decrypt, validate the card data),
// cycling through events sealed by one producer process.
func BenchmarkConsume(b *testing.B) {
	p := pipelinetest.New(b, nil)
	bodies := make([][]byte, 256)
	for i := range bodies {
		bodies[i], _ = p.Event(b, pipelinetest.PAN)
	}
	opener, err := envelope.NewOpener(envelope.OpenerConfig{Keeper: p.KeyCalls, Policy: envelope.DefaultCachePolicy()})
	if err != nil {
		b.Fatal(err)
	}
	p.KeyCalls.Reset()
	n := 0
	b.ReportAllocs()
	for b.Loop() {
		e, err := message.Decode(bodies[n%len(bodies)])
		if err != nil {
			b.Fatal(err)
		}
		if _, err := message.Open(context.Background(), opener, pipelinetest.Queue, e); err != nil {
			b.Fatal(err)
		}
		n++
	}
	reportKeyCalls(b, p, n)
}

// reportKeyCalls reports the key-service calls per 1,000 messages.
func reportKeyCalls(b *testing.B, p *pipelinetest.Pipeline, msgs int) {
	enc, dec := p.KeyCalls.Calls()
	b.ReportMetric(float64(enc+dec)*1000/float64(msgs), "keycalls/1kmsg")
}

// BenchmarkAESGCMFloor encrypts and decrypts the same sealed card data with
// a ready AES-256-GCM key: the cost no envelope scheme can go below.
func BenchmarkAESGCMFloor(b *testing.B) {
	plain, err := json.Marshal(map[string]string{"pan": pipelinetest.PAN, "expiry": pipelinetest.Expiry, "holder": pipelinetest.Holder})
	if err != nil {
		b.Fatal(err)
	}
	key := make([]byte, 32)
	rand.Read(key)
	block, err := aes.NewCipher(key)
	if err != nil {
		b.Fatal(err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		b.Fatal(err)
	}
	nonce := make([]byte, aead.NonceSize())
	aad := []byte("pciqueue/envelope\x01payments/01HZXMSGIDEXAMPLE00000000A")
	sealed := aead.Seal(nil, nonce, plain, aad)
	dst := make([]byte, 0, len(sealed))
	b.Run("seal", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			dst = aead.Seal(dst[:0], nonce, plain, aad)
		}
	})
	b.Run("open", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if dst, err = aead.Open(dst[:0], nonce, sealed, aad); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// luhnPAN returns a distinct Luhn-valid 16-digit Visa-range number for n.
func luhnPAN(n int) string {
	body := fmt.Sprintf("4%014d", n)
	sum := 0
	for i := len(body) - 1; i >= 0; i-- {
		d := int(body[i] - '0')
		if (len(body)-1-i)%2 == 0 {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return body + string(rune('0'+(10-sum%10)%10))
}

func TestLuhnPAN_isValid(t *testing.T) {
	seen := map[string]bool{}
	for _, n := range []int{0, 1, 42, 99999} {
		p := luhnPAN(n)
		if _, err := card.ParsePAN(p); err != nil || len(p) != 16 || seen[p] {
			t.Errorf("luhnPAN(%d) is not a distinct valid 16-digit PAN: %v", n, safe(err))
		}
		seen[p] = true
	}
}
