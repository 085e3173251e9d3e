package card

import (
	"errors"
	"fmt"
	"log/slog"
	"strconv"
)

// Lengths of a PAN in digits (ISO/IEC 7812).
const (
	MinPANLength = 13
	MaxPANLength = 19
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

// ParsePAN validates s and returns it as a PAN. Single spaces or dashes
// between digits (as printed on cards and typed by people) are accepted and
// dropped. The error never contains s.
func ParsePAN(s string) (PAN, error) {
	digits := make([]byte, 0, MaxPANLength)
	prevDigit := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			if len(digits) == MaxPANLength {
				return PAN{}, fmt.Errorf("%w: more than %d digits; a card number has %d to %d digits",
					ErrInvalidPAN, MaxPANLength, MinPANLength, MaxPANLength)
			}
			digits = append(digits, c)
			prevDigit = true
		case (c == ' ' || c == '-') && prevDigit && i+1 < len(s) && isDigit(s[i+1]):
			prevDigit = false
		default:
			return PAN{}, fmt.Errorf("%w: character %d is not a digit (only digits, and single spaces or dashes between digits, are allowed)",
				ErrInvalidPAN, i+1)
		}
	}
	if len(digits) < MinPANLength {
		return PAN{}, fmt.Errorf("%w: %d digits; a card number has %d to %d digits",
			ErrInvalidPAN, len(digits), MinPANLength, MaxPANLength)
	}
	if !luhnValid(digits) {
		return PAN{}, fmt.Errorf("%w: the check digit does not match (Luhn); check the number was copied correctly",
			ErrInvalidPAN)
	}
	return PAN{digits: string(digits)}, nil
}

// IsZero reports whether p holds no PAN.
func (p PAN) IsZero() bool { return p.digits == "" }

// Reveal returns the clear digits. Use it only to hand the number to an
// authorized recipient (an encryption input, a payment network call); never
// to log or display it.
func (p PAN) Reveal() string { return p.digits }

// Masked returns the PAN masked by Mask.
func (p PAN) Masked() string { return Mask(p.digits) }

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

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
