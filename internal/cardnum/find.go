package cardnum

// Match is one card number found in a text.
type Match struct {
	// Start and End are byte offsets: text[Start:End] is the card number as written, separators included.
	Start, End int
	// Digits are its digits in ASCII, without separators.
	Digits string
}

// group is a maximal sequence of digits: its byte offsets in the text and its offsets in the run's digits.
type group struct {
	start, end int
	from, to   int
}

// Contains reports whether s holds a card number anywhere (embedded mode).
func Contains(s string) bool {
	var gbuf [16]group
	var dbuf [48]byte
	groups, digits := gbuf[:0], dbuf[:0]
	for pos, ok := 0, false; ; {
		if groups, digits, pos, ok = nextRun(s, pos, groups, digits); !ok {
			return false
		}
		if _, _, ok := cardIn(groups, digits, 0); ok {
			return true
		}
	}
}

// Find returns every card number in s (embedded mode), in order. Card numbers in one run do not overlap:
// from left to right, the longest one starting at a group is taken.
func Find(s string) []Match {
	var out []Match
	var gbuf [16]group
	var dbuf [48]byte
	groups, digits := gbuf[:0], dbuf[:0]
	for pos, ok := 0, false; ; {
		if groups, digits, pos, ok = nextRun(s, pos, groups, digits); !ok {
			return out
		}
		for from := 0; ; {
			i, j, ok := cardIn(groups, digits, from)
			if !ok {
				break
			}
			out = append(out, Match{
				Start:  groups[i].start,
				End:    groups[j].end,
				Digits: string(digits[groups[i].from:groups[j].to]),
			})
			from = j + 1
		}
	}
}

// nextRun finds the first run at or after byte pos that has at least MinDigits digits. It appends the run's
// groups and digits to groups[:0] and digits[:0] and returns them with the offset after the run; ok is
// false when there is no such run.
func nextRun(s string, pos int, groups []group, digits []byte) (_ []group, _ []byte, next int, ok bool) {
	for pos < len(s) {
		d, w, isDigit := digitAt(s, pos)
		if !isDigit {
			// Stepping byte by byte is safe: neither an ASCII digit nor the lead byte of a full-width
			// one can appear inside another character's UTF-8 encoding.
			pos++
			continue
		}
		groups, digits = groups[:0], digits[:0]
		g := group{start: pos}
		for {
			digits = append(digits, d)
			pos += w
			if pos < len(s) {
				if d, w, isDigit = digitAt(s, pos); isDigit {
					continue
				}
			}
			g.end, g.to = pos, len(digits)
			groups = append(groups, g)
			if pos == len(s) {
				break
			}
			sw, joins := joinsDigits(s, pos)
			if !joins {
				break
			}
			pos += sw
			d, w, _ = digitAt(s, pos)
			g = group{start: pos, from: len(digits)}
		}
		if len(digits) >= MinDigits {
			return groups, digits, pos, true
		}
	}
	return groups, digits, len(s), false
}

// cardIn returns the first card number of a run made of whole groups, starting at group from or later: the
// groups i to j, inclusive.
func cardIn(groups []group, digits []byte, from int) (i, j int, ok bool) {
	for i = from; i < len(groups); i++ {
		j = i
		for j+1 < len(groups) && groups[j+1].to-groups[i].from <= MaxDigits {
			j++
		}
		for ; j >= i; j-- {
			n := groups[j].to - groups[i].from
			if n < MinDigits {
				break
			}
			if n <= MaxDigits && luhn(digits[groups[i].from:groups[j].to]) {
				return i, j, true
			}
		}
	}
	return 0, 0, false
}
