package producer_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/pciqueue/pciqueue/lambdas/internal/pipelinetest"
)

func TestHandler_answersBadInputWith400NamingTheFieldWithoutCardData(t *testing.T) {
	p := pipelinetest.New(t, nil)
	h := p.Producer.Handler()
	pan := pipelinetest.PAN
	tests := []struct {
		name   string
		method string
		body   string
		status int
		want   string
	}{
		{"valid", "POST", `{"pan":"` + pan + `","expiry":"12/30","amountMinor":100,"currency":"EUR"}`, 202, `"maskedPan":"411111******1111"`},
		{"GET", "GET", "", 405, "POST"},
		{"not JSON, card number inside", "POST", "pan=" + pan, 400, "not valid JSON"},
		{"card number as an unknown field name", "POST", `{"` + pan + `":1}`, 400, "unknown field"},
		{"amount as a string", "POST", `{"pan":"` + pan + `","amountMinor":"` + pan + `"}`, 400, "field amountMinor: must be a int64"},
		{"bad expiry", "POST", `{"pan":"` + pan + `","expiry":"13/30","amountMinor":100,"currency":"EUR"}`, 400, "card expiry"},
		{"card number in merchantRef, dotted", "POST", `{"pan":"` + pan + `","expiry":"12/30","amountMinor":100,"currency":"EUR","merchantRef":"4111.1111.1111.1111"}`, 400, "merchantRef"},
		{"invalid card number", "POST", `{"pan":"4111111111111112","expiry":"12/30","amountMinor":100,"currency":"EUR"}`, 400, "invalid payment request"},
		{"trailing data", "POST", `{"pan":"` + pan + `"} ` + pan, 400, "data after the JSON object"},
		{"too large", "POST", `{"holder":"` + strings.Repeat(pan, 2000) + `"}`, 400, "larger than 16 KiB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := httptest.NewRecorder()
			h.ServeHTTP(w, httptest.NewRequest(tt.method, "/", strings.NewReader(tt.body)))
			if w.Code != tt.status || !strings.Contains(w.Body.String(), tt.want) {
				t.Errorf("%d %s, want %d saying %q", w.Code, pipelinetest.Scrubbed(w.Body.String()), tt.status, tt.want)
			}
			if leak := pipelinetest.LeakedCardData(w.Body.String(), p.Logs.String()); leak != "" {
				t.Errorf("card data in the response or logs: %s", leak)
			}
			if w.Header().Get("Content-Type") != "application/json" && w.Code != http.StatusMethodNotAllowed {
				t.Errorf("Content-Type %q", w.Header().Get("Content-Type"))
			}
		})
	}
}
