package azurefunc

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"strconv"
	"strings"

	"github.com/pciqueue/pciqueue/internal/cardnum"
	"github.com/pciqueue/pciqueue/lambdas/consumer"
)

// Consumer handles one delivery; *consumer.Consumer implements it.
type Consumer interface {
	Handle(ctx context.Context, d consumer.Delivery) error
	Logger() *slog.Logger
}

// InvokeRequest is the body the Functions host sends a custom handler.
type InvokeRequest struct {
	Data     map[string]json.RawMessage `json:"Data"`
	Metadata map[string]json.RawMessage `json:"Metadata"`
}

// InvokeResponse is the body a custom handler returns.
type InvokeResponse struct {
	Outputs     map[string]any `json:"Outputs"`
	Logs        []string       `json:"Logs"`
	ReturnValue any            `json:"ReturnValue"`
}

// maxRequestBytes bounds the request: a Premium Service Bus message is at
// most 100 MB, but a payment event is a few hundred bytes.
const maxRequestBytes = 1 << 20

// Handler serves the Functions host.
type Handler struct {
	c       Consumer
	binding string
}

// New returns a Handler that reads the message from the trigger binding
// named binding in function.json.
func New(c Consumer, binding string) *Handler {
	return &Handler{c: c, binding: binding}
}

// ListenAddr returns the address the host expects the handler on, from
// FUNCTIONS_CUSTOMHANDLER_PORT.
func ListenAddr() string {
	if p := os.Getenv("FUNCTIONS_CUSTOMHANDLER_PORT"); p != "" {
		return ":" + p
	}
	return ":8080"
}

// ServeHTTP handles one invocation.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "the Functions host invokes with POST", http.StatusMethodNotAllowed)
		return
	}
	d, err := h.delivery(w, r)
	if err == nil {
		err = h.c.Handle(r.Context(), d)
	} else {
		h.c.Logger().WarnContext(r.Context(), "Service Bus invocation rejected", "invocation_id", r.Header.Get("X-Azure-Functions-InvocationId"), "reason", err)
	}
	if err != nil {
		respond(w, http.StatusInternalServerError, []string{cardnum.Scrub(err.Error())})
		return
	}
	respond(w, http.StatusOK, []string{})
}

func respond(w http.ResponseWriter, status int, logs []string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(InvokeResponse{Outputs: map[string]any{}, Logs: logs})
}

// delivery reads the invocation request into a consumer delivery.
func (h *Handler) delivery(w http.ResponseWriter, r *http.Request) (consumer.Delivery, error) {
	raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxRequestBytes))
	if err != nil {
		return consumer.Delivery{}, fmt.Errorf("reading invocation request: %w: %w", consumer.ErrRejected, err)
	}
	var req InvokeRequest
	if err := json.Unmarshal(raw, &req); err != nil {
		return consumer.Delivery{}, fmt.Errorf("reading invocation request: %w: the body is not the host's {\"Data\",\"Metadata\"} JSON", consumer.ErrRejected)
	}
	msg, ok := req.Data[h.binding]
	if !ok {
		return consumer.Delivery{}, fmt.Errorf("reading invocation request: %w: Data has no binding %q; set the trigger's \"name\" in function.json to %q",
			consumer.ErrRejected, h.binding, h.binding)
	}
	body, err := triggerBody(msg)
	if err != nil {
		return consumer.Delivery{}, fmt.Errorf("reading binding %q: %w: %w", h.binding, consumer.ErrRejected, err)
	}
	attempt, _ := strconv.Atoi(metadataText(req.Metadata["DeliveryCount"]))
	return consumer.Delivery{Body: body, PlatformID: metadataText(req.Metadata["MessageId"]), Attempt: attempt}, nil
}

// triggerBody recovers the message bytes from the value the host put in
// Data: a JSON object, a JSON string, a JSON string holding a JSON string,
// or base64 of a binary message.
func triggerBody(v json.RawMessage) ([]byte, error) {
	v = bytes.TrimSpace(v)
	if len(v) == 0 || string(v) == "null" {
		return nil, errors.New("the binding carries no message")
	}
	switch v[0] {
	case '{':
		return v, nil
	case '[':
		return nil, errors.New(`the binding carries a batch; set "cardinality": "one" on the trigger`)
	case '"':
	default:
		return nil, errors.New("the binding is neither a string nor an object")
	}
	s := unquote(string(v))
	if strings.HasPrefix(s, "{") {
		return []byte(s), nil
	}
	if b, err := base64.StdEncoding.DecodeString(s); err == nil {
		return b, nil
	}
	return []byte(s), nil
}

// metadataText returns a metadata value as text: strings lose their one or
// two layers of JSON quoting, numbers are kept as written.
func metadataText(v json.RawMessage) string {
	v = bytes.TrimSpace(v)
	if len(v) > 0 && v[0] == '"' {
		return unquote(string(v))
	}
	return string(v)
}

// unquote decodes a JSON string, and once more if it holds a JSON string.
func unquote(s string) string {
	var out string
	if json.Unmarshal([]byte(s), &out) != nil {
		return s
	}
	var inner string
	if strings.HasPrefix(out, `"`) && json.Unmarshal([]byte(out), &inner) == nil {
		return inner
	}
	return out
}
