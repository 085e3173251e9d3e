package message

import "errors"

// Errors wrapped by Decode, Open and Seal, for errors.Is.
var (
	// ErrMalformed: the bytes are not a well-formed event of the schema
	// (not JSON, unknown fields, wrong types, trailing data).
	ErrMalformed = errors.New("malformed payment event")
	// ErrUnsupportedSchema: the event declares a schema version this build
	// does not read.
	ErrUnsupportedSchema = errors.New("unsupported payment event schema")
	// ErrInvalid: a field is present but its value breaks the schema's rules.
	ErrInvalid = errors.New("invalid payment event")
)
