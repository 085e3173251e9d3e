package cardnum

import "fmt"

// Mask returns digits, the ASCII digits of a card number, in the one masked form of the project: every
// digit replaced by '*' except the first six and last four of 15 to 19 digits, or the last four of 13 or
// 14 digits, e.g. "411111******1111". On 13 or 14 digits, first six plus last four would leave three or
// four hidden digits, one of them fixed by the Luhn check: a few hundred candidates, which is not masking.
// Fewer than 13 characters are hidden entirely.
func Mask(digits string) string {
	b := []byte(digits)
	for o := range b {
		if !shown(o, len(b)) {
			b[o] = '*'
		}
	}
	return string(b)
}

// shown reports whether Mask keeps digit o of an n-digit number.
func shown(o, n int) bool {
	return n >= MinDigits && (o >= n-4 || n >= 15 && o < 6)
}

// CheckMask reports whether m is a masked card number that shows no digit Mask would hide: 13 to 19
// characters, each '*' or a digit Mask keeps. It accepts masks that hide more than Mask does.
func CheckMask(m string) error {
	n := len(m)
	if n < MinDigits || n > MaxDigits {
		return fmt.Errorf("must have %d to %d characters, has %d", MinDigits, MaxDigits, n)
	}
	for o := range n {
		switch c := m[o]; {
		case c == '*':
		case c >= '0' && c <= '9':
			if !shown(o, n) {
				return fmt.Errorf("character %d shows a digit the mask hides; only the first six (15+ digits) and last four may show", o+1)
			}
		default:
			return fmt.Errorf("character %d is neither a digit nor '*'", o+1)
		}
	}
	return nil
}
