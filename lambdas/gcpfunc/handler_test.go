package gcpfunc

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pciqueue/pciqueue/lambdas/internal/pipelinetest"
	"github.com/pciqueue/pciqueue/lambdas/message"
)

const source = "//pubsub.googleapis.com/projects/pci-payments/topics/payments"

// publishedData is the data of a messagePublished event carrying body.
func publishedData(body []byte, messageID string) []byte {
	b, _ := json.Marshal(map[string]any{
		"message": map[string]any{
			"data":        base64.StdEncoding.EncodeToString(body),
			"attributes":  map[string]string{"pciqueue-schema": message.SchemaV1},
			"messageId":   messageID,
			"message_id":  messageID,
			"publishTime": "2025-03-01T12:00:00.123Z",
		},
		"subscription": "projects/pci-payments/subscriptions/eventarc-payments-sub",
	})
	return b
}

// binaryRequest is how Eventarc delivers in the binary content mode.
func binaryRequest(url, typ string, data []byte, id string) *http.Request {
	req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(data))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Ce-Specversion", "1.0")
	req.Header.Set("Ce-Id", id)
	req.Header.Set("Ce-Source", source)
	req.Header.Set("Ce-Type", typ)
	req.Header.Set("Ce-Time", "2025-03-01T12:00:00.123Z")
	return req
}

func structuredRequest(url string, ce map[string]any) *http.Request {
	b, _ := json.Marshal(ce)
	req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/cloudevents+json; charset=utf-8")
	return req
}

func do(t *testing.T, h http.Handler, build func(url string) *http.Request) (int, string) {
	t.Helper()
	srv := httptest.NewServer(h)
	defer srv.Close()
	resp, err := http.DefaultClient.Do(build(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(out)
}

func TestServeHTTP_processesPubSubEvents(t *testing.T) {
	p := pipelinetest.New(t, nil)
	h := New(p.Consumer)
	tests := []struct {
		name  string
		build func(event []byte, id string) func(url string) *http.Request
	}{
		{"binary content mode", func(e []byte, id string) func(string) *http.Request {
			return func(url string) *http.Request {
				return binaryRequest(url, MessagePublishedType, publishedData(e, id), id)
			}
		}},
		{"structured content mode", func(e []byte, id string) func(string) *http.Request {
			return func(url string) *http.Request {
				return structuredRequest(url, map[string]any{"specversion": "1.0", "id": id, "source": source, "type": MessagePublishedType,
					"datacontenttype": "application/json", "data": json.RawMessage(publishedData(e, id))})
			}
		}},
		{"structured mode with data_base64", func(e []byte, id string) func(string) *http.Request {
			return func(url string) *http.Request {
				return structuredRequest(url, map[string]any{"specversion": "1.0", "id": id, "source": source, "type": MessagePublishedType,
					"data_base64": base64.StdEncoding.EncodeToString(publishedData(e, id))})
			}
		}},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			event, rc := p.Event(t, pipelinetest.PAN)
			id := fmt.Sprintf("ps-%d", i)
			for delivery := 1; delivery <= 2; delivery++ { // Pub/Sub may deliver twice
				if code, out := do(t, h, tt.build(event, id)); code != http.StatusNoContent {
					t.Fatalf("delivery %d: %d %s", delivery, code, safe(out))
				}
			}
			got := p.Processor.Payments()
			if len(got) != i+1 || got[i].ID != rc.MessageID {
				t.Errorf("processor calls = %d, want the event processed once", len(got))
			}
		})
	}
	if !strings.Contains(p.Logs.String(), `"platform_id":"ps-0"`) {
		t.Errorf("Pub/Sub messageId not logged: %s", pipelinetest.LeakedCardData(p.Logs.String()))
	}
}

// TestServeHTTP_badEventFailsEveryDelivery: Pub/Sub forwards a message to the
// dead-letter topic after maxDeliveryAttempts (at least 5) negative
// acknowledgements, so every delivery must fail.
func TestServeHTTP_badEventFailsEveryDelivery(t *testing.T) {
	p := pipelinetest.New(t, nil)
	h := New(p.Consumer)
	event, _ := p.Event(t, pipelinetest.PAN)
	recorded, err := os.ReadFile(filepath.Join("testdata", "structured-messagepublished.json"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, reason string
		build        func(url string) *http.Request
	}{
		{"tampered event", "message authentication failed", func(url string) *http.Request {
			return binaryRequest(url, MessagePublishedType, publishedData(pipelinetest.Tamper(event), "ps-t"), "ps-t")
		}},
		{"card number in clear", "the document is a JSON number", func(url string) *http.Request {
			return binaryRequest(url, MessagePublishedType, publishedData([]byte(pipelinetest.PAN), "ps-c"), "ps-c")
		}},
		{"recorded event with an unsealed message", "id: must have 1 to 128 characters", func(url string) *http.Request {
			req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(recorded))
			req.Header.Set("Content-Type", "application/cloudevents+json")
			return req
		}},
		{"other event type", `type "google.cloud.storage.object.v1.finalized"`, func(url string) *http.Request {
			return binaryRequest(url, "google.cloud.storage.object.v1.finalized", publishedData(event, "ps-s"), "ps-s")
		}},
		{"missing CloudEvent headers", `attribute "type" is missing`, func(url string) *http.Request {
			req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(publishedData(event, "ps-h")))
			return req
		}},
		{"data not an object", "not a Pub/Sub MessagePublishedData", func(url string) *http.Request {
			return binaryRequest(url, MessagePublishedType, []byte(pipelinetest.PAN), "ps-d")
		}},
		{"structured body not JSON", "not a JSON object", func(url string) *http.Request {
			req, _ := http.NewRequest(http.MethodPost, url, strings.NewReader("pan="+pipelinetest.PAN))
			req.Header.Set("Content-Type", "application/cloudevents+json")
			return req
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for attempt := 1; attempt <= 5; attempt++ {
				code, out := do(t, h, tt.build)
				if code != http.StatusInternalServerError || !strings.Contains(out, tt.reason) {
					t.Fatalf("delivery %d: %d %q, want 500 saying %q", attempt, code, safe(out), tt.reason)
				}
				if leak := pipelinetest.LeakedCardData(out); leak != "" {
					t.Fatalf("card data in the response: %s", leak)
				}
			}
		})
	}
	if n := len(p.Processor.Payments()); n != 0 {
		t.Errorf("processor called %d times for bad events", n)
	}
	if leak := pipelinetest.LeakedCardData(p.Logs.String()); leak != "" {
		t.Errorf("card data in logs:\n%s", leak)
	}
}

func TestServeHTTP_processorPanic(t *testing.T) {
	p := pipelinetest.New(t, nil)
	p.Processor.SetBehave(func(pay message.Payment) error { panic(fmt.Errorf("card %s", pay.Card.PAN.Reveal())) })
	event, _ := p.Event(t, pipelinetest.PAN)
	code, out := do(t, New(p.Consumer), func(url string) *http.Request {
		return binaryRequest(url, MessagePublishedType, publishedData(event, "ps-p"), "ps-p")
	})
	if code != http.StatusInternalServerError || !strings.Contains(out, "processor panicked") {
		t.Fatalf("response %d %q", code, safe(out))
	}
	if leak := pipelinetest.LeakedCardData(out, p.Logs.String()); leak != "" {
		t.Errorf("card data leaked:\n%s", leak)
	}
}

func TestServeHTTP_onlyPOST(t *testing.T) {
	p := pipelinetest.New(t, nil)
	rec := httptest.NewRecorder()
	New(p.Consumer).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	if rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("GET answered %d", rec.Code)
	}
}
