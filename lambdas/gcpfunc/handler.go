package gcpfunc

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"os"

	"github.com/pciqueue/pciqueue/internal/cardnum"
	"github.com/pciqueue/pciqueue/lambdas/consumer"
)

// Consumer handles one delivery; *consumer.Consumer implements it.
type Consumer interface {
	Handle(ctx context.Context, d consumer.Delivery) error
	Logger() *slog.Logger
}

// Handler adapts a Consumer to Pub/Sub CloudEvents.
type Handler struct {
	c Consumer
}

// New returns a Handler for c.
func New(c Consumer) *Handler { return &Handler{c: c} }

// HandleCloudEvent processes one messagePublished event. A nil error means
// the message may be acknowledged.
func (h *Handler) HandleCloudEvent(ctx context.Context, e Event) error {
	if e.Type != MessagePublishedType {
		err := fmt.Errorf("handling CloudEvent %q: %w: type %q, want %q; point the trigger at a Pub/Sub topic",
			e.ID, consumer.ErrRejected, cardnum.Scrub(e.Type), MessagePublishedType)
		h.c.Logger().WarnContext(ctx, "CloudEvent rejected", "event_id", e.ID, "reason", err)
		return err
	}
	var d MessagePublishedData
	if err := json.Unmarshal(e.Data, &d); err != nil {
		err := fmt.Errorf("handling CloudEvent %q: %w: data is not a Pub/Sub MessagePublishedData object", e.ID, consumer.ErrRejected)
		h.c.Logger().WarnContext(ctx, "CloudEvent rejected", "event_id", e.ID, "reason", err)
		return err
	}
	return h.c.Handle(ctx, consumer.Delivery{Body: d.Message.Data, PlatformID: d.Message.MessageID})
}

// ServeHTTP receives a CloudEvent over HTTP and answers 204 on success and
// 500 otherwise.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "CloudEvents are delivered with POST", http.StatusMethodNotAllowed)
		return
	}
	e, err := ParseHTTP(w, r)
	if err != nil {
		h.c.Logger().WarnContext(r.Context(), "CloudEvent rejected", "reason", err)
	} else {
		err = h.HandleCloudEvent(r.Context(), e)
	}
	if err != nil {
		http.Error(w, cardnum.Scrub(err.Error()), http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// ListenAddr returns the address Cloud Run expects the function on, from
// PORT.
func ListenAddr() string {
	if p := os.Getenv("PORT"); p != "" {
		return ":" + p
	}
	return ":8080"
}
