package awslambda

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"log/slog"
	"strconv"
	"strings"

	"github.com/aws/aws-lambda-go/events"

	"github.com/pciqueue/pciqueue/internal/cardnum"
	"github.com/pciqueue/pciqueue/lambdas/consumer"
)

// Consumer handles one delivery; *consumer.Consumer implements it.
type Consumer interface {
	Handle(ctx context.Context, d consumer.Delivery) error
	Logger() *slog.Logger
}

// Handler adapts a Consumer to SQS events.
type Handler struct {
	c Consumer
}

// New returns a Handler for c.
func New(c Consumer) *Handler { return &Handler{c: c} }

// base64EncodedAttr is the message attribute gocloud's awssnssqs driver sets
// when it base64-encoded the body.
const base64EncodedAttr = "base64encoded"

// HandleSQS processes a batch and reports the records that failed.
func (h *Handler) HandleSQS(ctx context.Context, ev events.SQSEvent) (events.SQSEventResponse, error) {
	resp := events.SQSEventResponse{BatchItemFailures: []events.SQSBatchItemFailure{}}
	blocked := false
	for _, r := range ev.Records {
		if blocked {
			resp.BatchItemFailures = append(resp.BatchItemFailures, events.SQSBatchItemFailure{ItemIdentifier: r.MessageId})
			continue
		}
		if err := h.handleRecord(ctx, r); err != nil {
			resp.BatchItemFailures = append(resp.BatchItemFailures, events.SQSBatchItemFailure{ItemIdentifier: r.MessageId})
			blocked = strings.HasSuffix(r.EventSourceARN, ".fifo")
		}
	}
	return resp, nil
}

func (h *Handler) handleRecord(ctx context.Context, r events.SQSMessage) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("handling SQS message %q: panic: %s", r.MessageId, cardnum.Scrub(fmt.Sprint(p)))
			h.c.Logger().ErrorContext(ctx, "SQS record failed", "platform_id", r.MessageId, "reason", err)
		}
	}()
	body, err := Body(r)
	if err != nil {
		h.c.Logger().WarnContext(ctx, "SQS record rejected", "platform_id", r.MessageId, "reason", err)
		return err
	}
	attempt, _ := strconv.Atoi(r.Attributes["ApproximateReceiveCount"])
	return h.c.Handle(ctx, consumer.Delivery{Body: body, PlatformID: r.MessageId, Attempt: attempt})
}

// Body returns the message body of r as the producer sent it.
func Body(r events.SQSMessage) ([]byte, error) {
	body := r.Body
	encoded := false
	if len(r.MessageAttributes) > 0 {
		_, encoded = r.MessageAttributes[base64EncodedAttr]
	} else if n, ok := snsNotification(body); ok {
		body = n.Message
		_, encoded = n.MessageAttributes[base64EncodedAttr]
	}
	if !encoded {
		return []byte(body), nil
	}
	b, err := base64.StdEncoding.DecodeString(body)
	if err != nil {
		return nil, fmt.Errorf("reading SQS message %q: %w: the %q attribute is set but the body is not standard base64",
			r.MessageId, consumer.ErrRejected, base64EncodedAttr)
	}
	return b, nil
}

// snsEnvelope is the JSON an SNS subscription without raw message delivery
// puts in the SQS body.
type snsEnvelope struct {
	Type              string
	TopicArn          string
	Message           string
	MessageAttributes map[string]struct{ Type, Value string }
}

func snsNotification(body string) (snsEnvelope, bool) {
	if !strings.HasPrefix(strings.TrimSpace(body), "{") {
		return snsEnvelope{}, false
	}
	var n snsEnvelope
	if err := json.Unmarshal([]byte(body), &n); err != nil || n.TopicArn == "" || n.Type != "Notification" {
		return snsEnvelope{}, false
	}
	return n, true
}
