package card

import "strings"

// Scrub returns s with every digit run that could hold a PAN redacted.
//
// A digit run is a sequence of ASCII digits where single spaces or dashes may
// separate digits ("4111 1111-1111 1111"). A run whose digits form a
// Luhn-valid number of 13 to 19 digits is replaced by its Mask, keeping the
// run's length when it has separators. A run that merely contains such a
// number somewhere inside it (digits glued before or after a PAN) has every
// digit starred, because there is no telling where the PAN starts.
//
// Text without digit runs of 13 or more digits is returned unchanged
// (without allocating).
func Scrub(s string) string {
	var b *strings.Builder
	var buf [2 * MaxPANLength]byte
	last := 0
	for start, end, digits := nextRun(s, 0, buf[:0]); start < len(s); start, end, digits = nextRun(s, end, digits) {
		repl, ok := redactRun(s[start:end], digits)
		if !ok {
			continue
		}
		if b == nil {
			b = &strings.Builder{}
			b.Grow(len(s))
		}
		b.WriteString(s[last:start])
		b.WriteString(repl)
		last = end
	}
	if b == nil {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// ContainsPAN reports whether Scrub would redact anything in s.
func ContainsPAN(s string) bool {
	var buf [2 * MaxPANLength]byte
	for start, end, digits := nextRun(s, 0, buf[:0]); start < len(s); start, end, digits = nextRun(s, end, digits) {
		if containsLuhnWindow(digits) {
			return true
		}
	}
	return false
}

// nextRun finds the first digit run at or after from that has at least
// MinPANLength digits and returns its bounds in s and its digits without
// separators (appended to digits[:0]). start is len(s) when there is none.
func nextRun(s string, from int, digits []byte) (start, end int, runDigits []byte) {
	for i := from; i < len(s); {
		if !isDigit(s[i]) {
			i++
			continue
		}
		start := i
		digits = digits[:0]
		for i < len(s) {
			if isDigit(s[i]) {
				digits = append(digits, s[i])
				i++
				continue
			}
			if (s[i] == ' ' || s[i] == '-') && i+1 < len(s) && isDigit(s[i+1]) {
				i++
				continue
			}
			break
		}
		if len(digits) >= MinPANLength {
			return start, i, digits
		}
	}
	return len(s), len(s), digits
}

// redactRun returns the replacement for a run, and false when the run holds
// no possible PAN.
func redactRun(run string, digits []byte) (string, bool) {
	if len(digits) <= MaxPANLength && luhnValid(digits) {
		masked := Mask(string(digits))
		if len(run) == len(digits) {
			return masked, true
		}
		return overlay(run, masked), true
	}
	if !containsLuhnWindow(digits) {
		return "", false
	}
	return overlay(run, strings.Repeat("*", len(digits))), true
}

// overlay writes the characters of masked over the digits of run, keeping
// the separators where they were.
func overlay(run, masked string) string {
	out := []byte(run)
	j := 0
	for i := range out {
		if isDigit(out[i]) {
			out[i] = masked[j]
			j++
		}
	}
	return string(out)
}

// containsLuhnWindow reports whether any 13- to 19-digit window of digits
// passes the Luhn check.
func containsLuhnWindow(digits []byte) bool {
	for start := 0; start+MinPANLength <= len(digits); start++ {
		for n := MinPANLength; n <= MaxPANLength && start+n <= len(digits); n++ {
			if luhnValid(digits[start : start+n]) {
				return true
			}
		}
	}
	return false
}
