package message

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

var errTrailingData = errors.New("data after the JSON object")

// Encode returns the JSON encoding of e after checking its header.
func Encode(e Event) ([]byte, error) {
	if err := e.validate(); err != nil {
		return nil, fmt.Errorf("encoding payment event %q: %w", safeText(e.ID), err)
	}
	b, err := json.Marshal(e)
	if err != nil {
		return nil, fmt.Errorf("encoding payment event %q: %w", safeText(e.ID), err)
	}
	return b, nil
}

// Decode parses b strictly. When b is not a valid event of this schema, it
// reads the schema version to report an event of an unknown version as such
// rather than as unknown fields.
func Decode(b []byte) (Event, error) {
	var e Event
	if err := decodeOne(b, &e, true); err != nil {
		if serr := checkSchema(b); serr != nil {
			return Event{}, serr
		}
		return Event{}, fmt.Errorf("decoding payment event: %w: %s", ErrMalformed, describeJSONError(err))
	}
	if e.Schema != SchemaV1 {
		if serr := checkSchema(b); serr != nil {
			return Event{}, serr
		}
	}
	if err := e.validate(); err != nil {
		return Event{}, fmt.Errorf("decoding payment event %q: %w", safeText(e.ID), err)
	}
	return e, nil
}

// checkSchema reports a missing or unsupported schema version, and nil when
// b declares SchemaV1 or is not a JSON object at all.
func checkSchema(b []byte) error {
	var probe struct {
		Schema *string `json:"schema"`
	}
	if err := decodeOne(b, &probe, false); err != nil {
		return fmt.Errorf("decoding payment event: %w: %s", ErrMalformed, describeJSONError(err))
	}
	switch {
	case probe.Schema == nil:
		return fmt.Errorf("decoding payment event: %w: the \"schema\" field is missing", ErrMalformed)
	case *probe.Schema != SchemaV1:
		return fmt.Errorf("decoding payment event: %w: schema %q; this build reads %q — deploy consumers that read the new schema before producers send it",
			ErrUnsupportedSchema, safeText(*probe.Schema), SchemaV1)
	}
	return nil
}

func (e Event) validate() error {
	err := e.Header.validate()
	if len(e.Sealed) == 0 {
		err = errors.Join(err, fmt.Errorf("%w: sealed: missing; the card data envelope is required", ErrInvalid))
	}
	return err
}

// decodeOne unmarshals exactly one JSON value, with no unknown fields when
// strict.
func decodeOne(b []byte, v any, strict bool) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	if strict {
		dec.DisallowUnknownFields()
	}
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errTrailingData
	}
	return nil
}
