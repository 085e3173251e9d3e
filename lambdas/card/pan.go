package card

import (
	"errors"
	"fmt"
	"log/slog"
	"strconv"

	"github.com/pciqueue/pciqueue/internal/cardnum"
)

// ErrInvalidPAN is wrapped by every error ParsePAN returns.
var ErrInvalidPAN = errors.New("invalid card number")

// PAN is a validated primary account number. Its zero value is "no PAN".
//
// PAN deliberately masks itself wherever it might be printed or serialized by
// accident; call Reveal where the clear digits are genuinely needed.
type PAN struct {
	digits string
}

// ParsePAN validates s and returns it as a PAN. s must be one card number as cardnum defines it in
// whole-value mode: surrounding white space is trimmed, and one separator between two digits (a space, a
// dash, a dot, ... as printed on cards and typed by people) is accepted and dropped, as are full-width
// digits. The error never contains s.
func ParsePAN(s string) (PAN, error) {
	digits, err := cardnum.Parse(s)
	if err != nil {
		reason := err.Error()
		if pe, ok := errors.AsType[*cardnum.ParseError](err); ok {
			reason = pe.Reason
		}
		return PAN{}, fmt.Errorf("%w: %s", ErrInvalidPAN, reason)
	}
	return PAN{digits: digits}, nil
}

// IsZero reports whether p holds no PAN.
func (p PAN) IsZero() bool { return p.digits == "" }

// Reveal returns the clear digits. Use it only to hand the number to an
// authorized recipient (an encryption input, a payment network call); never
// to log or display it.
func (p PAN) Reveal() string { return p.digits }

// Masked returns the PAN in the project's one masked form, cardnum.Mask: "411111******1111".
func (p PAN) Masked() string { return cardnum.Mask(p.digits) }

// Last4 returns the last four digits.
func (p PAN) Last4() string {
	if len(p.digits) < 4 {
		return ""
	}
	return p.digits[len(p.digits)-4:]
}

// String returns the masked PAN.
func (p PAN) String() string { return p.Masked() }

// GoString returns the masked PAN, so %#v does not print the digits.
func (p PAN) GoString() string { return strconv.Quote(p.Masked()) }

// Format prints the masked PAN for every verb, so no fmt verb (%d, %x, %v on
// a struct holding a PAN, ...) reaches the digits.
func (p PAN) Format(f fmt.State, verb rune) {
	if verb == 'q' {
		fmt.Fprint(f, strconv.Quote(p.Masked()))
		return
	}
	fmt.Fprint(f, p.Masked())
}

// LogValue makes slog record the masked PAN.
func (p PAN) LogValue() slog.Value { return slog.StringValue(p.Masked()) }

// MarshalJSON encodes the masked PAN, so a PAN inside a struct that is
// serialized for a response or a log never leaves in clear.
func (p PAN) MarshalJSON() ([]byte, error) { return []byte(strconv.Quote(p.Masked())), nil }

// MarshalText encodes the masked PAN.
func (p PAN) MarshalText() ([]byte, error) { return []byte(p.Masked()), nil }
