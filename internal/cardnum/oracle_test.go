package cardnum

import (
	"regexp"
	"strings"
)

// guidAt matches a GUID at the start of a string.
var guidAt = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}`)

// luhnRun is an independent, slow reading of the definition in the package doc: it reports whether some
// span of s from the start of a digit group to the end of one, made of digits and single separators other
// than a GUID's hyphens, has 13 to 19 digits passing the Luhn check. Scrub's output must never have one.
func luhnRun(s string) bool {
	r := []rune(s)
	digit := func(i int) (byte, bool) {
		switch {
		case i < 0 || i >= len(r):
			return 0, false
		case r[i] >= '0' && r[i] <= '9':
			return byte(r[i]), true
		case r[i] >= '０' && r[i] <= '９':
			return byte(r[i]-'０') + '0', true
		}
		return 0, false
	}
	inGUID := guidHyphenRunes(r)
	for a := range r {
		if _, ok := digit(a); !ok {
			continue
		}
		if _, ok := digit(a - 1); ok {
			continue // not the start of a group
		}
		var digits []byte
		for b := a; b < len(r); b++ {
			if d, ok := digit(b); ok {
				if digits = append(digits, d); len(digits) > MaxDigits {
					break
				}
				if _, more := digit(b + 1); !more && len(digits) >= MinDigits && len(digits) <= MaxDigits && Luhn(string(digits)) {
					return true
				}
				continue
			}
			_, before := digit(b - 1)
			_, after := digit(b + 1)
			if !before || !after || !strings.ContainsRune(" -._/\u00a0\u2007\u2009\u2011\u202f\u3000－", r[b]) || inGUID[b] {
				break
			}
		}
	}
	return false
}

// guidHyphenRunes marks the hyphens of the GUIDs in r that are not glued to a letter or a digit.
func guidHyphenRunes(r []rune) []bool {
	marks := make([]bool, len(r))
	alnum := func(i int) bool {
		return i >= 0 && i < len(r) && (r[i] >= '0' && r[i] <= '9' || r[i] >= 'a' && r[i] <= 'z' || r[i] >= 'A' && r[i] <= 'Z')
	}
	for i := range r {
		if alnum(i-1) || !guidAt.MatchString(string(r[i:min(i+36, len(r))])) || alnum(i+36) {
			continue
		}
		for _, off := range []int{8, 13, 18, 23} {
			marks[i+off] = true
		}
	}
	return marks
}
