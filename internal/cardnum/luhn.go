package cardnum

// Luhn reports whether digits, ASCII digits only, pass the Luhn (mod 10) check. It is false for an empty
// string and for any other character.
func Luhn(digits string) bool {
	return luhn(digits)
}

func luhn[T ~string | ~[]byte](digits T) bool {
	if len(digits) == 0 {
		return false
	}
	sum := 0
	double := false
	for i := len(digits) - 1; i >= 0; i-- {
		d := int(digits[i]) - '0'
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

// WithCheckDigit returns body, ASCII digits, followed by the one digit that makes it pass the Luhn check:
// the way to write a valid test number of any length.
func WithCheckDigit(body string) string {
	for d := byte('0'); d <= '9'; d++ {
		if luhn(body + string(d)) {
			return body + string(d)
		}
	}
	return body // not reached for digits: one check digit always fits
}
