// Package pan finds values that look like a primary account number (a card
// number) in free text, so that rules can refuse them in tags, labels, names
// and environment variables, and masks them so that no message ever carries
// one in clear.
//
// A candidate is a run of 13 to 19 digits, optionally grouped by single
// spaces or hyphens, that passes the Luhn check. Longer digit runs are not
// split into candidates, because they are ids (account numbers, timestamps)
// far more often than embedded card numbers. Digits inside a GUID
// (8-4-4-4-12 hexadecimal groups, as Azure names role assignments,
// subscriptions and principals) are not candidates either: the last two
// groups of a GUID can be sixteen digits that happen to pass the Luhn check.
package pan

import (
	"regexp"
	"strings"
)

// guid matches a GUID; Find checks that it is not part of a longer
// alphanumeric run.
var guid = regexp.MustCompile(`[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}`)

// Find returns the masked form of every PAN-looking value in s.
func Find(s string) []string {
	var out []string
	guids := guidSpans(s)
	for i := 0; i < len(s); {
		if len(guids) > 0 && i >= guids[0][0] {
			if i < guids[0][1] {
				i = guids[0][1]
			}
			guids = guids[1:]
			continue
		}
		if !isDigit(s[i]) || (i > 0 && (isDigit(s[i-1]) || isLetter(s[i-1]))) {
			i++
			continue
		}
		digits, end := run(s, i)
		if n := len(digits); n >= 13 && n <= 19 && (end == len(s) || !isLetter(s[end])) && Luhn(digits) {
			out = append(out, Mask(digits))
		}
		if end == i {
			end++
		}
		i = end
	}
	return out
}

// guidSpans returns the [start, end) spans of the GUIDs in s, in order.
func guidSpans(s string) [][]int {
	var out [][]int
	for _, m := range guid.FindAllStringIndex(s, -1) {
		if (m[0] > 0 && isAlnum(s[m[0]-1])) || (m[1] < len(s) && isAlnum(s[m[1]])) {
			continue
		}
		out = append(out, m)
	}
	return out
}

// run reads digits from s[i:], allowing single space or hyphen separators
// between digits, and returns the digits and the index after the run.
func run(s string, i int) (string, int) {
	var b strings.Builder
	end := i
	for j := i; j < len(s); j++ {
		switch {
		case isDigit(s[j]):
			b.WriteByte(s[j])
			end = j + 1
		case (s[j] == ' ' || s[j] == '-') && j+1 < len(s) && isDigit(s[j+1]) && j > i && isDigit(s[j-1]):
			continue
		default:
			return b.String(), end
		}
	}
	return b.String(), end
}

// Luhn reports whether a string of digits passes the Luhn checksum.
func Luhn(digits string) bool {
	if digits == "" {
		return false
	}
	sum := 0
	double := false
	for i := len(digits) - 1; i >= 0; i-- {
		d := int(digits[i] - '0')
		if d < 0 || d > 9 {
			return false
		}
		if double {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return sum%10 == 0
}

// Mask keeps only the last four digits: "************1111".
func Mask(digits string) string {
	if len(digits) <= 4 {
		return strings.Repeat("*", len(digits))
	}
	return strings.Repeat("*", len(digits)-4) + digits[len(digits)-4:]
}

func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isLetter(c byte) bool { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') }
func isAlnum(c byte) bool  { return isDigit(c) || isLetter(c) }
