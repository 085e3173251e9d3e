package azurefunc

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
	"strconv"
	"strings"
	"testing"

	"github.com/pciqueue/pciqueue/lambdas/internal/pipelinetest"
	"github.com/pciqueue/pciqueue/lambdas/message"
)

const binding = "message"

// serialized is what the host does to a string value before putting it in
// Data or Metadata (JsonConvert.SerializeObject): it becomes a JSON string
// literal, which the request then encodes as a string once more.
func serialized(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// hostRequest builds the request the Functions host sends for a Service Bus
// message. data is the value of the trigger binding.
func hostRequest(data any, messageID string, deliveryCount int) []byte {
	b, _ := json.Marshal(map[string]any{
		"Data": map[string]any{binding: data},
		"Metadata": map[string]any{
			"MessageId":       serialized(messageID),
			"DeliveryCount":   strconv.Itoa(deliveryCount),
			"SequenceNumber":  "42",
			"EnqueuedTimeUtc": serialized("2025-03-01T12:00:00.123Z"),
			"ContentType":     serialized("application/json"),
			"UserProperties":  map[string]string{"pciqueue-schema": message.SchemaV1},
			"sys":             map[string]string{"MethodName": "payments-consumer", "UtcNow": "2025-03-01T12:00:01Z"},
		},
	})
	return b
}

func post(t *testing.T, h http.Handler, body []byte) (*http.Response, string) {
	t.Helper()
	srv := httptest.NewServer(h)
	defer srv.Close()
	req, err := http.NewRequest(http.MethodPost, srv.URL+"/payments-consumer", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Azure-Functions-InvocationId", "6f0bd2f1-0d4e-4c4e-9c44-8f1f0b9b8a11")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp, string(out)
}

func TestServeHTTP_acceptsEveryFormTheHostSends(t *testing.T) {
	p := pipelinetest.New(t, nil)
	h := New(p.Consumer, binding)
	tests := []struct {
		name string
		data func(event []byte) any
	}{
		{"string serialized twice (default dataType)", func(e []byte) any { return serialized(string(e)) }},
		{"plain string", func(e []byte) any { return string(e) }},
		{"JSON object", func(e []byte) any { return json.RawMessage(e) }},
		{"binary dataType, base64", func(e []byte) any { return base64.StdEncoding.EncodeToString(e) }},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			event, rc := p.Event(t, pipelinetest.PAN)
			resp, out := post(t, h, hostRequest(tt.data(event), fmt.Sprintf("sb-%d", i), 1))
			if resp.StatusCode != http.StatusOK || out != `{"Outputs":{},"Logs":[],"ReturnValue":null}`+"\n" {
				t.Fatalf("response %d %s", resp.StatusCode, safe(out))
			}
			got := p.Processor.Payments()
			if len(got) != i+1 || got[i].ID != rc.MessageID || got[i].Card.PAN.Reveal() != pipelinetest.PAN {
				t.Errorf("processor did not get message %s", rc.MessageID)
			}
		})
	}
	if !strings.Contains(p.Logs.String(), `"platform_id":"sb-0"`) || !strings.Contains(p.Logs.String(), `"attempt":1`) {
		t.Errorf("MessageId and DeliveryCount not read from metadata: %s", pipelinetest.LeakedCardData(p.Logs.String()))
	}
}

func TestServeHTTP_duplicateIsAcknowledgedOnce(t *testing.T) {
	p := pipelinetest.New(t, nil)
	h := New(p.Consumer, binding)
	event, _ := p.Event(t, pipelinetest.PAN)
	for n := 1; n <= 2; n++ {
		if resp, out := post(t, h, hostRequest(serialized(string(event)), "sb-1", n)); resp.StatusCode != http.StatusOK {
			t.Fatalf("delivery %d: %d %s", n, resp.StatusCode, safe(out))
		}
	}
	if n := len(p.Processor.Payments()); n != 1 {
		t.Errorf("processed %d times", n)
	}
}

// TestServeHTTP_badMessageFailsEveryDelivery: the host abandons the message
// on each failed invocation and Service Bus dead-letters it after
// maxDeliveryCount (10 by default), so every delivery must fail.
func TestServeHTTP_badMessageFailsEveryDelivery(t *testing.T) {
	p := pipelinetest.New(t, nil)
	h := New(p.Consumer, binding)
	event, _ := p.Event(t, pipelinetest.PAN)
	fixture, err := os.ReadFile(filepath.Join("testdata", "servicebus-not-an-event.json"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, reason string
		req          func(attempt int) []byte
	}{
		{"tampered event", "message authentication failed", func(n int) []byte { return hostRequest(serialized(string(pipelinetest.Tamper(event))), "sb-t", n) }},
		{"card number in clear", "not valid JSON", func(n int) []byte { return hostRequest(serialized("pan="+pipelinetest.PAN), "sb-c", n) }},
		{"recorded host request with an unsealed event", "sealed: missing", func(int) []byte { return fixture }},
		{"wrong binding name", `Data has no binding "message"`, func(n int) []byte {
			return bytes.Replace(hostRequest(serialized(string(event)), "sb-b", n), []byte(`"message"`), []byte(`"msg"`), 1)
		}},
		{"batch", `"cardinality": "one"`, func(n int) []byte { return hostRequest([]string{string(event)}, "sb-a", n) }},
		{"null message", "carries no message", func(n int) []byte { return hostRequest(nil, "sb-n", n) }},
		{"not the host's JSON", "not the host's", func(int) []byte { return []byte("Data=" + pipelinetest.PAN) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for attempt := 1; attempt <= 10; attempt++ {
				resp, out := post(t, h, tt.req(attempt))
				if resp.StatusCode != http.StatusInternalServerError {
					t.Fatalf("delivery %d answered %d; the host would complete the message", attempt, resp.StatusCode)
				}
				var ir InvokeResponse
				if err := json.Unmarshal([]byte(out), &ir); err != nil || len(ir.Logs) != 1 || !strings.Contains(ir.Logs[0], tt.reason) {
					t.Fatalf("response %s should give the reason %q", safe(out), tt.reason)
				}
				if leak := pipelinetest.LeakedCardData(out); leak != "" {
					t.Fatalf("card data in the response: %s", leak)
				}
			}
		})
	}
	if n := len(p.Processor.Payments()); n != 0 {
		t.Errorf("processor called %d times for bad messages", n)
	}
	if leak := pipelinetest.LeakedCardData(p.Logs.String()); leak != "" {
		t.Errorf("card data in logs:\n%s", leak)
	}
}

func TestServeHTTP_processorPanicFailsTheInvocation(t *testing.T) {
	p := pipelinetest.New(t, nil)
	p.Processor.SetBehave(func(pay message.Payment) error { panic("declined " + pay.Card.PAN.Reveal()) })
	event, _ := p.Event(t, pipelinetest.PAN)
	resp, out := post(t, New(p.Consumer, binding), hostRequest(serialized(string(event)), "sb-p", 1))
	if resp.StatusCode != http.StatusInternalServerError || !strings.Contains(out, "processor panicked") {
		t.Fatalf("response %d %s", resp.StatusCode, safe(out))
	}
	if leak := pipelinetest.LeakedCardData(out, p.Logs.String()); leak != "" {
		t.Errorf("card data leaked:\n%s", leak)
	}
}

func TestServeHTTP_onlyPOST(t *testing.T) {
	p := pipelinetest.New(t, nil)
	rec := httptest.NewRecorder()
	New(p.Consumer, binding).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/payments-consumer", nil))
	if rec.Code != http.StatusMethodNotAllowed || rec.Header().Get("Allow") != http.MethodPost {
		t.Errorf("GET answered %d, Allow %q", rec.Code, rec.Header().Get("Allow"))
	}
}

func TestListenAddr(t *testing.T) {
	t.Setenv("FUNCTIONS_CUSTOMHANDLER_PORT", "41234")
	if got := ListenAddr(); got != ":41234" {
		t.Errorf("ListenAddr() = %q", got)
	}
	t.Setenv("FUNCTIONS_CUSTOMHANDLER_PORT", "")
	if got := ListenAddr(); got != ":8080" {
		t.Errorf("ListenAddr() without the variable = %q", got)
	}
}
