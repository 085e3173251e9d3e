package card

import "strings"

// Mask returns digits with everything hidden but, at most, the first six and
// the last four digits, e.g. "411111******1111".
//
// The first six are shown only for PANs of 15 digits or more. On a 13- or
// 14-digit PAN, first six plus last four would leave three or four hidden
// digits, one of them fixed by the Luhn check: a few hundred candidates, which
// is not masking. Those show the last four only. Anything shorter than a PAN
// is fully hidden.
func Mask(digits string) string {
	n := len(digits)
	switch {
	case n >= 15:
		return digits[:6] + strings.Repeat("*", n-10) + digits[n-4:]
	case n >= MinPANLength:
		return strings.Repeat("*", n-4) + digits[n-4:]
	default:
		return strings.Repeat("*", n)
	}
}
