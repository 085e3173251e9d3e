package integration

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/lambda"
	"gocloud.dev/pubsub"
	"gocloud.dev/pubsub/mempubsub"

	"github.com/pciqueue/pciqueue/internal/cardnum"
	"github.com/pciqueue/pciqueue/lambdas/awslambda"
	"github.com/pciqueue/pciqueue/lambdas/azurefunc"
	"github.com/pciqueue/pciqueue/lambdas/consumer"
	"github.com/pciqueue/pciqueue/lambdas/gcpfunc"
	"github.com/pciqueue/pciqueue/lambdas/internal/pipelinetest"
	"github.com/pciqueue/pciqueue/lambdas/message"
	"github.com/pciqueue/pciqueue/lambdas/producer"
)

// leakPANs are network test numbers of every length class.
var leakPANs = []string{
	pipelinetest.PAN,      // Visa, 16
	pipelinetest.PAN2,     // Mastercard, 16
	"378282246310005",     // Amex, 15
	"4222222222222",       // Visa, 13
	"6011 1111 1111 1117", // Discover, grouped
}

// entryPoint delivers one body through a platform entry point and returns
// everything the platform would see (response bodies) and whether the
// delivery succeeded.
type entryPoint struct {
	name    string
	deliver func(t *testing.T, p *pipelinetest.Pipeline, body []byte) (output string, ok bool)
}

func entryPoints() []entryPoint {
	return []entryPoint{
		{"aws lambda sqs", func(t *testing.T, p *pipelinetest.Pipeline, body []byte) (string, bool) {
			payload, _ := json.Marshal(map[string]any{"Records": []map[string]any{{
				"messageId": "sqs-1", "receiptHandle": "AQEB", "body": string(body),
				"attributes":     map[string]string{"ApproximateReceiveCount": "1"},
				"eventSource":    "aws:sqs",
				"eventSourceARN": "arn:aws:sqs:eu-west-1:123456789012:payments",
			}}})
			out, err := lambda.NewHandler(awslambda.New(p.Consumer).HandleSQS).Invoke(context.Background(), payload)
			if err != nil {
				t.Fatalf("Invoke: %v", safe(err))
			}
			return string(out), !strings.Contains(string(out), "sqs-1")
		}},
		{"azure functions service bus", func(t *testing.T, p *pipelinetest.Pipeline, body []byte) (string, bool) {
			s, _ := json.Marshal(string(body))
			req, _ := json.Marshal(map[string]any{
				"Data":     map[string]any{"message": string(s)},
				"Metadata": map[string]any{"MessageId": `"sb-1"`, "DeliveryCount": "1"},
			})
			rec := httptest.NewRecorder()
			azurefunc.New(p.Consumer, "message").ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/payments-consumer", bytes.NewReader(req)))
			return rec.Body.String(), rec.Code == http.StatusOK
		}},
		{"gcp cloudevent pubsub", func(t *testing.T, p *pipelinetest.Pipeline, body []byte) (string, bool) {
			data, _ := json.Marshal(map[string]any{"message": map[string]any{"data": base64.StdEncoding.EncodeToString(body), "messageId": "ps-1"}})
			r := httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(data))
			for k, v := range map[string]string{"Ce-Specversion": "1.0", "Ce-Id": "ps-1", "Ce-Source": "//pubsub.googleapis.com/projects/p/topics/t", "Ce-Type": gcpfunc.MessagePublishedType} {
				r.Header.Set(k, v)
			}
			rec := httptest.NewRecorder()
			gcpfunc.New(p.Consumer).ServeHTTP(rec, r)
			return rec.Body.String(), rec.Code == http.StatusNoContent
		}},
		{"gocloud receive loop", func(t *testing.T, p *pipelinetest.Pipeline, body []byte) (string, bool) {
			ctx, cancel := context.WithTimeout(context.Background(), suiteTimeout)
			defer cancel()
			topic := mempubsub.NewTopic()
			defer topic.Shutdown(ctx)
			sub := mempubsub.NewSubscription(topic, time.Minute)
			defer sub.Shutdown(ctx)
			if err := topic.Send(ctx, &pubsub.Message{Body: body}); err != nil {
				t.Fatal(err)
			}
			m, err := sub.Receive(ctx)
			if err != nil {
				t.Fatal(err)
			}
			err = p.Consumer.Handle(ctx, consumer.Delivery{Body: m.Body, PlatformID: m.LoggableID})
			if err != nil {
				m.Nack()
				return err.Error(), false
			}
			m.Ack()
			return "", true
		}},
	}
}

// failurePath is one way processing can go, set up on a fresh event.
type failurePath struct {
	name   string
	wantOK bool
	// body returns what is delivered; it may reconfigure the pipeline.
	body func(t *testing.T, p, other *pipelinetest.Pipeline, pan string) []byte
}

func failurePaths() []failurePath {
	event := func(t *testing.T, p *pipelinetest.Pipeline, pan string) []byte {
		b, _ := p.Event(t, pan)
		return b
	}
	return []failurePath{
		{"success", true, func(t *testing.T, p, _ *pipelinetest.Pipeline, pan string) []byte { return event(t, p, pan) }},
		{"validation error: card number as the body", false, func(t *testing.T, _, _ *pipelinetest.Pipeline, pan string) []byte {
			return []byte(pan)
		}},
		{"validation error: card number in clear fields", false, func(t *testing.T, _, _ *pipelinetest.Pipeline, pan string) []byte {
			return []byte(fmt.Sprintf(`{"schema":%q,"pan":%q,"amountMinor":%s}`, message.SchemaV1, pan, strings.ReplaceAll(pan, " ", "")))
		}},
		{"validation error: card number as schema version", false, func(t *testing.T, _, _ *pipelinetest.Pipeline, pan string) []byte {
			return []byte(fmt.Sprintf(`{"schema":%q}`, pan))
		}},
		{"decryption error: tampered", false, func(t *testing.T, p, _ *pipelinetest.Pipeline, pan string) []byte {
			return pipelinetest.Tamper(event(t, p, pan))
		}},
		{"decryption error: sealed with another key", false, func(t *testing.T, _, other *pipelinetest.Pipeline, pan string) []byte {
			return event(t, other, pan)
		}},
		{"processor error naming the card", false, func(t *testing.T, p, _ *pipelinetest.Pipeline, pan string) []byte {
			p.Processor.SetBehave(func(pay message.Payment) error {
				return fmt.Errorf("issuer declined %s (%s, %s)", pay.Card.PAN.Reveal(), pay.Card.Holder, pay.Card.Expiry)
			})
			return event(t, p, pan)
		}},
		{"panic with the card number", false, func(t *testing.T, p, _ *pipelinetest.Pipeline, pan string) []byte {
			p.Processor.SetBehave(func(pay message.Payment) error { panic("cannot charge " + pay.Card.PAN.Reveal()) })
			return event(t, p, pan)
		}},
		{"panic with an error holding card data", false, func(t *testing.T, p, _ *pipelinetest.Pipeline, pan string) []byte {
			p.Processor.SetBehave(func(pay message.Payment) error {
				panic(errors.New("card " + pay.Card.PAN.Reveal() + " holder " + pay.Card.Holder))
			})
			return event(t, p, pan)
		}},
	}
}

// TestNoCardDataLeaks feeds card numbers through every entry point and every
// path and checks that no log line, error, response or receipt holds card
// data, while each path did log.
func TestNoCardDataLeaks(t *testing.T) {
	for _, ep := range entryPoints() {
		for _, fp := range failurePaths() {
			t.Run(ep.name+"/"+fp.name, func(t *testing.T) {
				var seen []string
				for _, pan := range leakPANs {
					p, other := pipelinetest.New(t, nil), pipelinetest.New(t, nil)
					out, ok := ep.deliver(t, p, fp.body(t, p, other, pan))
					if ok != fp.wantOK {
						t.Errorf("%s: delivery ok = %v, want %v (output %s)", cardnum.Mask(strings.ReplaceAll(pan, " ", "")), ok, fp.wantOK, cardnum.Scrub(out))
					}
					seen = append(seen, out, p.Logs.String(), other.Logs.String())
					if p.Logs.String() == "" {
						t.Errorf("%s: nothing was logged", cardnum.Mask(strings.ReplaceAll(pan, " ", "")))
					}
				}
				if leak := leakedAny(seen...); leak != "" {
					t.Errorf("card data leaked:\n%s", leak)
				}
			})
		}
	}
}

// TestNoCardDataLeaks_producer covers the producing side: receipts, errors
// and logs for valid and invalid requests.
func TestNoCardDataLeaks_producer(t *testing.T) {
	p := pipelinetest.New(t, nil)
	var seen []string
	for _, pan := range leakPANs {
		bad := []func(*producer.Request){
			func(r *producer.Request) {},
			func(r *producer.Request) { r.PAN = pan[:len(pan)-1] + string('0'+(pan[len(pan)-1]-'0'+1)%10) },
			func(r *producer.Request) { r.Expiry = "13/99" },
			func(r *producer.Request) { r.MerchantRef = "ref " + pan },
			func(r *producer.Request) { r.PAN = pan + "x" },
		}
		for _, edit := range bad {
			r := pipelinetest.Request(pan)
			edit(&r)
			rc, err := p.Producer.Publish(context.Background(), r)
			seen = append(seen, fmt.Sprintf("%+v %v %v %s", rc, err, r, mustJSON(t, r)))
		}
	}
	seen = append(seen, p.Logs.String())
	if leak := leakedAny(seen...); leak != "" {
		t.Errorf("card data leaked:\n%s", leak)
	}
	if strings.Count(p.Logs.String(), "payment event sent") != len(leakPANs) || !strings.Contains(p.Logs.String(), "payment event not built") {
		t.Errorf("producer did not log every outcome: %s", cardnum.Scrub(p.Logs.String()))
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// leakedAny reports card data of any leak PAN, in any grouping.
func leakedAny(texts ...string) string {
	if leak := pipelinetest.LeakedCardData(texts...); leak != "" {
		return leak
	}
	for _, s := range texts {
		for _, pan := range leakPANs {
			if strings.Contains(s, pan) || strings.Contains(s, strings.ReplaceAll(pan, " ", "")) {
				return cardnum.Scrub(s)
			}
		}
	}
	return ""
}
