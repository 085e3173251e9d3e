package cardnum

// guidLen is the length of a GUID in its canonical form: 8-4-4-4-12 hexadecimal digits.
const guidLen = 36

// guidHyphens are the offsets of the hyphens in a canonical GUID.
var guidHyphens = [...]int{8, 13, 18, 23}

// inGUID reports whether the hyphen at s[i] is one of the hyphens of a GUID. Azure names role assignments,
// principals and subscriptions by GUID, and the last two groups of one can be sixteen digits that pass the
// Luhn check; read as a card number with a hyphen separator, every such id would be reported.
func inGUID(s string, i int) bool {
	for _, off := range guidHyphens {
		if start := i - off; start >= 0 && isGUID(s, start) {
			return true
		}
	}
	return false
}

// isGUID reports whether a GUID starts at s[start] that is not glued to a letter or a digit.
func isGUID(s string, start int) bool {
	end := start + guidLen
	if end > len(s) || (start > 0 && isAlnum(s[start-1])) || (end < len(s) && isAlnum(s[end])) {
		return false
	}
	h := 0
	for k := range guidLen {
		c := s[start+k]
		if h < len(guidHyphens) && k == guidHyphens[h] {
			if c != '-' {
				return false
			}
			h++
			continue
		}
		if !isHex(c) {
			return false
		}
	}
	return true
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}
