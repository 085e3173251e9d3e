package cardnum

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ParseError is the error Parse returns. Reason says what is wrong by position and count and never quotes
// the value, so callers may wrap it in their own words.
type ParseError struct {
	Reason string
}

func (e *ParseError) Error() string { return "not a card number: " + e.Reason }

// IsCardNumber reports whether s, with surrounding white space trimmed, is exactly one card number
// (whole-value mode).
func IsCardNumber(s string) bool {
	_, err := Parse(s)
	return err == nil
}

// Parse returns the ASCII digits of s when s, with surrounding white space trimmed, is exactly one card
// number (whole-value mode): digits with at most one separator between two of them, 13 to 19 digits in all,
// passing the Luhn check. Its error is a *ParseError.
func Parse(s string) (string, error) {
	t := strings.TrimRightFunc(s, unicode.IsSpace)
	lead := len(t) - len(strings.TrimLeftFunc(t, unicode.IsSpace))
	char := utf8.RuneCountInString(t[:lead]) // characters before the current one
	digits := make([]byte, 0, MaxDigits)
	for i := lead; i < len(t); char++ {
		if d, w, ok := digitAt(t, i); ok {
			if len(digits) == MaxDigits {
				return "", &ParseError{fmt.Sprintf("more than %d digits; a card number has %d to %d digits", MaxDigits, MinDigits, MaxDigits)}
			}
			digits = append(digits, d)
			i += w
			continue
		}
		if w, ok := joinsDigits(t, i); ok && i > lead {
			i += w
			continue
		}
		return "", &ParseError{fmt.Sprintf("character %d is not a digit (only digits, with at most one separator such as a space, '-' or '.' between two digits, are allowed)", char+1)}
	}
	if len(digits) < MinDigits {
		return "", &ParseError{fmt.Sprintf("%d digits; a card number has %d to %d digits", len(digits), MinDigits, MaxDigits)}
	}
	if !luhn(digits) {
		return "", &ParseError{"the check digit does not match (Luhn); check the number was copied correctly"}
	}
	return string(digits), nil
}
