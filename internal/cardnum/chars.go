package cardnum

import "strings"

// Lengths of a card number in digits (ISO/IEC 7812).
const (
	MinDigits = 13
	MaxDigits = 19
)

// digitAt returns the ASCII value of the digit that starts at s[i] and its width in bytes; ok is false when
// no digit starts there. Full-width digits U+FF10–U+FF19 are EF BC 90–99 in UTF-8.
func digitAt(s string, i int) (d byte, width int, ok bool) {
	c := s[i]
	if c >= '0' && c <= '9' {
		return c, 1, true
	}
	if c == 0xEF && i+2 < len(s) && s[i+1] == 0xBC && s[i+2] >= 0x90 && s[i+2] <= 0x99 {
		return '0' + s[i+2] - 0x90, 3, true
	}
	return 0, 0, false
}

// separatorAt returns the width in bytes of the separator that starts at s[i], or 0. It compares UTF-8
// bytes rather than decoding runes because it runs on every character of every log line.
func separatorAt(s string, i int) int {
	switch s[i] {
	case ' ', '-', '.', '_', '/':
		return 1
	case 0xC2: // U+00A0 no-break space
		if i+1 < len(s) && s[i+1] == 0xA0 {
			return 2
		}
	case 0xE2: // U+2007 figure space, U+2009 thin space, U+2011 non-breaking hyphen, U+202F narrow no-break space
		if i+2 < len(s) && s[i+1] == 0x80 {
			switch s[i+2] {
			case 0x87, 0x89, 0x91, 0xAF:
				return 3
			}
		}
	case 0xE3: // U+3000 ideographic space
		if i+2 < len(s) && s[i+1] == 0x80 && s[i+2] == 0x80 {
			return 3
		}
	case 0xEF: // U+FF0D full-width hyphen-minus
		if i+2 < len(s) && s[i+1] == 0xBC && s[i+2] == 0x8D {
			return 3
		}
	}
	return 0
}

// joinsDigits reports whether a separator starts at s[i], sits between two digits and is not a GUID's
// hyphen; it returns the separator's width.
func joinsDigits(s string, i int) (int, bool) {
	w := separatorAt(s, i)
	if w == 0 || i == 0 || i+w >= len(s) {
		return 0, false
	}
	if _, _, ok := digitAt(s, i+w); !ok {
		return 0, false
	}
	if s[i] == '-' && inGUID(s, i) {
		return 0, false
	}
	return w, true
}

// AllDigits returns every digit of s, ASCII or full-width, in ASCII, and drops everything else. A test that a
// text does not repeat a card number in any form checks that AllDigits(text) does not contain its digits.
func AllDigits(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		if d, w, ok := digitAt(s, i); ok {
			b.WriteByte(d)
			i += w
			continue
		}
		i++
	}
	return b.String()
}
