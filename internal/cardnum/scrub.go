package cardnum

import (
	"strings"
	"unicode/utf8"
)

// Scrub returns s with every card number in it masked (embedded mode). Each card number is overwritten
// with its Mask, separators kept in place; every other digit of the same run becomes '*' as well. Each
// digit becomes one ASCII character, so the text keeps its number of characters. Text without a card
// number is returned unchanged, without allocating.
//
// Scrub the whole text before shortening it: a card number cut in two is no longer recognised.
func Scrub(s string) string {
	out, changed := scrubOnce(s)
	if !changed {
		return s
	}
	// Masking can make a card number appear where none was: the stars that replace the digits of a GUID's
	// last group turn its hyphens into separators. Scrub again until nothing is found; every pass hides at
	// least five digits, so this ends.
	for Contains(out) {
		out, _ = scrubOnce(out)
	}
	return out
}

// scrubOnce masks the runs of s that hold a card number and reports whether there were any.
func scrubOnce(s string) (string, bool) {
	var b strings.Builder
	var gbuf [16]group
	var dbuf [48]byte
	groups, digits := gbuf[:0], dbuf[:0]
	last := 0
	changed := false
	for pos, ok := 0, false; ; {
		if groups, digits, pos, ok = nextRun(s, pos, groups, digits); !ok {
			break
		}
		i, j, found := cardIn(groups, digits, 0)
		if !found {
			continue
		}
		if !changed {
			b.Grow(len(s))
			changed = true
		}
		start, end := groups[0].start, groups[len(groups)-1].end
		b.WriteString(s[last:start])
		last = end
		from, to := groups[i].from, groups[j].to
		k := 0 // index of the next digit in the run
		for p := start; p < end; {
			if _, w, isDigit := digitAt(s, p); isDigit {
				for found && k >= to {
					if i, j, found = cardIn(groups, digits, j+1); found {
						from, to = groups[i].from, groups[j].to
					}
				}
				c := byte('*')
				if found && k >= from && shown(k-from, to-from) {
					c = digits[k]
				}
				b.WriteByte(c)
				k++
				p += w
				continue
			}
			_, w := utf8.DecodeRuneInString(s[p:])
			b.WriteString(s[p : p+w])
			p += w
		}
	}
	if !changed {
		return s, false
	}
	b.WriteString(s[last:])
	return b.String(), true
}
