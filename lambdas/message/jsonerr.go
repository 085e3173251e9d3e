package message

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/pciqueue/pciqueue/internal/cardnum"
)

// describeJSONError says what is wrong with a JSON document without the
// values encoding/json puts in its messages (an UnmarshalTypeError carries
// the offending number literally, which may be a PAN).
func describeJSONError(err error) string {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		return fmt.Sprintf("not valid JSON at byte offset %d", syntax.Offset)
	case errors.As(err, &typ):
		kind, _, _ := strings.Cut(typ.Value, " ")
		if typ.Field == "" {
			return fmt.Sprintf("the document is a JSON %s, want an object", kind)
		}
		// Fields of the embedded Header are reported with its Go name.
		field := strings.TrimPrefix(typ.Field, "Header.")
		return fmt.Sprintf("field %q is a JSON %s, want %s", safeText(field), kind, typ.Type)
	case errors.Is(err, errTrailingData):
		return err.Error()
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return "unknown field " + safeText(strings.TrimPrefix(err.Error(), "json: unknown field "))
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "JSON ends early"
	case errors.Is(err, io.EOF):
		return "empty document"
	default:
		return "not valid JSON for this schema"
	}
}

// safeText prepares text taken from the input for an error: card numbers
// masked, length capped. It scrubs before it shortens: a card number cut at
// the cap would keep its first digits in clear, too few to be recognised.
func safeText(s string) string {
	const max = 64
	s = cardnum.Scrub(s)
	if r := []rune(s); len(r) > max {
		s = string(r[:max]) + "..."
	}
	return s
}
