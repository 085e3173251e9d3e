package card

import (
	"strings"
	"testing"
)

func TestScrub(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"no digits", "payment accepted", "payment accepted"},
		{"bare PAN", "card " + visa16 + " declined", "card 411111******1111 declined"},
		{"PAN with spaces keeps layout", "pan=4111 1111 1111 1111.", "pan=4111 11** **** 1111."},
		{"PAN with dashes", "4111-1111-1111-1111", "4111-11**-****-1111"},
		{"amex grouping", "3782 822463 10005", "3782 82**** *0005"},
		{"13-digit PAN", "x" + visa13 + "y", "x*********2222y"},
		{"glued to letters", "id" + mastercard + "ok", "id555555******4444ok"},
		{"in JSON", `{"pan":"` + visa16 + `"}`, `{"pan":"411111******1111"}`},
		{"PAN inside a longer run", "00" + visa16 + "0", strings.Repeat("*", 19)},
		{"two PANs", visa16 + "," + mastercard, "411111******1111,555555******4444"},
		{"16 digits with no Luhn-valid window", "1111111111111111", "1111111111111111"},
		{"12 digits", "411111111111", "411111111111"},
		{"separated by double space is two runs", "4111111  111111111", "4111111  111111111"},
		{"dates and amounts", "2024-05-01 amount 1999", "2024-05-01 amount 1999"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Scrub(tt.in)
			if got != tt.want {
				t.Errorf("Scrub = %q, want %q", hideDigits(got), tt.want)
			}
			if ContainsPAN(got) {
				t.Errorf("Scrub output still contains a PAN: %q", hideDigits(got))
			}
			if wantFound := got != tt.in; ContainsPAN(tt.in) != wantFound {
				t.Errorf("ContainsPAN = %v, want %v", !wantFound, wantFound)
			}
		})
	}
}

func TestScrub_noAllocationWhenClean(t *testing.T) {
	s := "consumer processed message tok_ABCDEFGHIJKLMNOPQRSTUVWXYZ on queue payments at 2024-05-01"
	if n := testing.AllocsPerRun(100, func() { _ = Scrub(s) }); n != 0 {
		t.Errorf("Scrub allocated %.0f times on clean text", n)
	}
}

// FuzzScrub checks the properties logs rely on: nothing Luhn-valid survives,
// the length is kept, and scrubbing twice changes nothing.
func FuzzScrub(f *testing.F) {
	for _, s := range []string{
		"", visa16, "card 4111 1111 1111 1111 ok", "4111-1111-1111-1111", amex15, visa13,
		"00" + visa16 + "00", "1234567890123456789012345", "a1-2-3-4-5-6-7-8-9-0-1-2-3-4",
		"4111 1111 1111 1111 5555 5555 5555 4444", "--4111--", "9 9 9 9 9 9 9 9 9 9 9 9 9",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Scrub(s)
		if len(out) != len(s) {
			t.Fatalf("Scrub changed the length from %d to %d", len(s), len(out))
		}
		if ContainsPAN(out) {
			t.Fatalf("Scrub left a PAN-looking run: %q", hideDigits(out))
		}
		if again := Scrub(out); again != out {
			t.Fatalf("Scrub is not idempotent: %q then %q", hideDigits(out), hideDigits(again))
		}
	})
}

// FuzzParsePAN checks that accepted numbers are valid PANs and that errors
// never echo a digit run of the input.
func FuzzParsePAN(f *testing.F) {
	for _, s := range []string{visa16, "4111 1111 1111 1111", "4111111111111112", "", "x", "4111--1111", amex15 + "9"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePAN(s)
		if err != nil {
			if len(s) >= MinPANLength && strings.Contains(err.Error(), s) {
				t.Fatalf("error echoes the input: %s", hideDigits(err.Error()))
			}
			if ContainsPAN(err.Error()) {
				t.Fatalf("error contains a PAN-looking run: %s", hideDigits(err.Error()))
			}
			return
		}
		d := p.Reveal()
		if len(d) < MinPANLength || len(d) > MaxPANLength || !luhnValid([]byte(d)) {
			t.Fatalf("accepted an invalid PAN of %d digits", len(d))
		}
		if !ContainsPAN(d) || Scrub(d) != p.Masked() {
			t.Fatalf("Scrub does not mask an accepted PAN like Mask: %q vs %q", hideDigits(Scrub(d)), p.Masked())
		}
	})
}
