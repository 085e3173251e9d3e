package cardnum

import (
	"testing"
	"unicode/utf8"
)

// FuzzScrub checks what logs rely on: no card number survives Scrub in any form, the number of characters
// is kept, and scrubbing twice changes nothing.
func FuzzScrub(f *testing.F) {
	for _, tt := range detectorCases {
		f.Add(tt.in)
	}
	for _, s := range []string{
		"00" + visa16 + "00", "a1-2-3-4-5-6-7-8-9-0-1-2-3-4", "9 9 9 9 9 9 9 9 9 9 9 9 9",
		"4111 1111 1111 1111 5555 5555 5555 4444", "12345678-1234-1234-1234-123456789012-" + visa16,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Scrub(s)
		if Contains(out) || luhnRun(out) {
			t.Fatalf("Scrub left a card number: %q", hide(out))
		}
		if utf8.ValidString(s) && utf8.RuneCountInString(out) != utf8.RuneCountInString(s) {
			t.Fatalf("Scrub changed the number of characters of %q", hide(s))
		}
		if again := Scrub(out); again != out {
			t.Fatalf("Scrub is not idempotent: %q then %q", hide(out), hide(again))
		}
		if (out != s) != Contains(s) {
			t.Fatalf("Scrub changed %q though Contains is %v", hide(s), Contains(s))
		}
	})
}

// FuzzParse checks that whole-value mode agrees with embedded mode and never echoes its input.
func FuzzParse(f *testing.F) {
	for _, tt := range detectorCases {
		f.Add(tt.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		digits, err := Parse(s)
		if err != nil {
			if Contains(err.Error()) {
				t.Fatalf("error holds a card number: %s", hide(err.Error()))
			}
			return
		}
		if !Luhn(digits) || len(digits) < MinDigits || len(digits) > MaxDigits {
			t.Fatalf("accepted %d digits that are not a card number", len(digits))
		}
		if m := Find(s); len(m) != 1 || m[0].Digits != digits {
			t.Fatalf("embedded mode disagrees on a whole card number %q", hide(s))
		}
	})
}
