package integration

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/pciqueue/pciqueue/internal/cardnum"
	"github.com/pciqueue/pciqueue/lambdas/consumer"
	"github.com/pciqueue/pciqueue/lambdas/internal/pipelinetest"
	"github.com/pciqueue/pciqueue/lambdas/message"
)

// separated writes pan in groups of four joined by sep.
func separated(pan, sep string) string {
	var groups []string
	for i := 0; i < len(pan); i += 4 {
		groups = append(groups, pan[i:min(i+4, len(pan))])
	}
	return strings.Join(groups, sep)
}

// fullWidth writes pan in full-width digits.
func fullWidth(pan string) string {
	var b strings.Builder
	for _, r := range pan {
		b.WriteRune('０' + (r - '0'))
	}
	return b.String()
}

// hostileForms are the ways a card number is written that every output
// must hide.
func hostileForms(pan string) map[string]string {
	return map[string]string{
		"plain": pan, "spaces": separated(pan, " "), "dashes": separated(pan, "-"), "dots": separated(pan, "."),
		"underscores": separated(pan, "_"), "slashes": separated(pan, "/"), "nbsp": separated(pan, "\u00a0"),
		"full-width": fullWidth(pan), "long value": strings.Repeat("x", 300) + pan + strings.Repeat("y", 300),
	}
}

// hostileCorpus is every input the corpus test feeds: card numbers in every
// form as bodies, IDs, field values, field names, processor errors and
// panics, and HTTP bodies.
func hostileCorpus() []struct{ name, consumerBody, producerBody, processorText string } {
	var out []struct{ name, consumerBody, producerBody, processorText string }
	for _, pan := range []string{pipelinetest.PAN, pipelinetest.PAN2, "378282246310005", "4222222222222", "6011111111111117"} {
		for form, s := range hostileForms(pan) {
			out = append(out, struct{ name, consumerBody, producerBody, processorText string }{
				name:          fmt.Sprintf("%s/%s", cardnum.Mask(pan), form),
				consumerBody:  fmt.Sprintf(`{"schema":%q,"id":%q,"merchantRef":%q,%q:1}`, message.SchemaV1, s, s, s),
				producerBody:  fmt.Sprintf(`{"pan":%q,"expiry":"12/30","amountMinor":100,"currency":"EUR","merchantRef":%q,%q:1}`, s, s, s),
				processorText: "declined " + s,
			})
		}
	}
	return out
}

// TestNoCardNumberInAnyOutput runs the hostile corpus through every
// consumer entry point, the producer's HTTP handler and the dead-letter
// reason, and checks that no output holds a 13-19-digit Luhn-valid run in
// any form.
func TestNoCardNumberInAnyOutput(t *testing.T) {
	corpus := hostileCorpus()
	if len(corpus) < 40 {
		t.Fatalf("corpus has %d inputs, want at least 40", len(corpus))
	}
	for _, in := range corpus {
		t.Run(in.name, func(t *testing.T) {
			var outputs []string
			for _, ep := range entryPoints() {
				p := pipelinetest.New(t, nil)
				out, _ := ep.deliver(t, p, []byte(in.consumerBody))
				outputs = append(outputs, out, p.Logs.String())
				p.Processor.SetBehave(func(message.Payment) error { return fmt.Errorf("%s", in.processorText) })
				good, _ := p.Event(t, pipelinetest.PAN)
				out, _ = ep.deliver(t, p, good)
				p.Processor.SetBehave(func(message.Payment) error { panic(in.processorText) })
				out2, _ := ep.deliver(t, p, good)
				outputs = append(outputs, out, out2, p.Logs.String())
			}
			p := pipelinetest.New(t, nil)
			w := httptest.NewRecorder()
			p.Producer.Handler().ServeHTTP(w, httptest.NewRequest(http.MethodPost, "/", strings.NewReader(in.producerBody)))
			outputs = append(outputs, w.Body.String(), p.Logs.String())
			dl := &recordedReasons{}
			c := newConsumer(t, p.KeyCalls, dl)
			c.Handle(context.Background(), consumer.Delivery{Body: []byte(in.consumerBody), PlatformID: in.processorText, Attempt: 1})
			outputs = append(outputs, dl.text)
			for _, o := range outputs {
				if run := luhnRun(o); run != "" {
					t.Errorf("output holds a card number (%s): %s", cardnum.Mask(run), cardnum.Scrub(o))
				}
			}
		})
	}
}

type recordedReasons struct{ text string }

func (r *recordedReasons) DeadLetter(_ context.Context, d consumer.Delivery, why consumer.Reason) error {
	r.text += d.PlatformID + " " + why.Code + " " + why.Description + "\n"
	return nil
}

// luhnRun returns the digits of the first run of 13 to 19 digits, read
// across the separators and in full-width form, that passes the Luhn
// check; "" when there is none. It is the test's own detector, written
// apart from the one under test.
func luhnRun(s string) string {
	var digits []byte
	flush := func() string {
		for n := 19; n >= 13; n-- {
			for i := 0; i+n <= len(digits); i++ {
				if luhn(digits[i : i+n]) {
					return string(digits[i : i+n])
				}
			}
		}
		digits = digits[:0]
		return ""
	}
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits = append(digits, byte(r))
		case r >= '０' && r <= '９':
			digits = append(digits, byte('0'+(r-'０')))
		case strings.ContainsRune(" -._/\u00a0", r):
		default:
			if run := flush(); run != "" {
				return run
			}
		}
	}
	return flush()
}

func luhn(d []byte) bool {
	sum := 0
	for i := len(d) - 1; i >= 0; i-- {
		v := int(d[i] - '0')
		if (len(d)-1-i)%2 == 1 {
			v *= 2
			if v > 9 {
				v -= 9
			}
		}
		sum += v
	}
	return sum%10 == 0
}
