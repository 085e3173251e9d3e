package gcpfunc

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"time"
)

// MessagePublishedType is the CloudEvent type of a Pub/Sub message.
const MessagePublishedType = "google.cloud.pubsub.topic.v1.messagePublished"

// Event is the part of a CloudEvent the handler needs.
type Event struct {
	SpecVersion string
	ID          string
	Source      string
	Type        string
	Data        json.RawMessage
}

// MessagePublishedData is the data of a messagePublished event
// (google.events.cloud.pubsub.v1.MessagePublishedData).
type MessagePublishedData struct {
	Message struct {
		// Data is the message body; base64 in JSON.
		Data        []byte            `json:"data"`
		Attributes  map[string]string `json:"attributes"`
		MessageID   string            `json:"messageId"`
		PublishTime time.Time         `json:"publishTime"`
		OrderingKey string            `json:"orderingKey"`
	} `json:"message"`
	Subscription string `json:"subscription"`
}

const maxEventBytes = 1 << 20 // a Pub/Sub message is at most 10 MB; a payment event is small

// ParseHTTP reads a CloudEvent from an HTTP request in binary or structured
// content mode.
func ParseHTTP(w http.ResponseWriter, r *http.Request) (Event, error) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxEventBytes))
	if err != nil {
		return Event{}, fmt.Errorf("reading CloudEvent: %w", err)
	}
	mediaType, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	var e Event
	if mediaType == "application/cloudevents+json" {
		if e, err = parseStructured(body); err != nil {
			return Event{}, err
		}
	} else {
		e = Event{
			SpecVersion: r.Header.Get("Ce-Specversion"),
			ID:          r.Header.Get("Ce-Id"),
			Source:      r.Header.Get("Ce-Source"),
			Type:        r.Header.Get("Ce-Type"),
			Data:        body,
		}
	}
	var missing []error
	for name, v := range map[string]string{"specversion": e.SpecVersion, "id": e.ID, "source": e.Source, "type": e.Type} {
		if v == "" {
			missing = append(missing, fmt.Errorf("attribute %q is missing", name))
		}
	}
	if err := errors.Join(missing...); err != nil {
		return Event{}, fmt.Errorf("reading CloudEvent (binary mode needs ce-* headers, structured mode Content-Type application/cloudevents+json): %w", err)
	}
	return e, nil
}

func parseStructured(body []byte) (Event, error) {
	var s struct {
		SpecVersion string          `json:"specversion"`
		ID          string          `json:"id"`
		Source      string          `json:"source"`
		Type        string          `json:"type"`
		Data        json.RawMessage `json:"data"`
		DataBase64  string          `json:"data_base64"`
	}
	if err := json.Unmarshal(body, &s); err != nil {
		return Event{}, errors.New("reading structured CloudEvent: the body is not a JSON object")
	}
	e := Event{SpecVersion: s.SpecVersion, ID: s.ID, Source: s.Source, Type: s.Type, Data: bytes.TrimSpace(s.Data)}
	if s.DataBase64 != "" {
		d, err := base64.StdEncoding.DecodeString(s.DataBase64)
		if err != nil {
			return Event{}, errors.New("reading structured CloudEvent: data_base64 is not standard base64")
		}
		e.Data = d
	}
	return e, nil
}
