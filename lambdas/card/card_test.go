package card

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/pciqueue/pciqueue/internal/cardnum"
)

// Well-known test PANs published by the card networks' sandboxes.
const (
	visa16     = "4111111111111111"
	mastercard = "5555555555554444"
	amex15     = "378282246310005"
	visa13     = "4222222222222"
)

// hideDigits replaces every digit, ASCII or full-width, so that a failure
// message never prints a card number even when the parser under test is
// wrong about what one is.
func hideDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' || r >= '０' && r <= '９' {
			return '#'
		}
		return r
	}, s)
}

func TestParsePAN_acceptsValidNumbers(t *testing.T) {
	visa19 := cardnum.WithCheckDigit("411111111111111111")
	tests := []struct {
		name, in, want string
	}{
		{"visa 16 digits", visa16, visa16},
		{"mastercard", mastercard, mastercard},
		{"amex 15 digits", amex15, amex15},
		{"visa 13 digits", visa13, visa13},
		{"19 digits", visa19, visa19},
		{"spaces between groups", "4111 1111 1111 1111", visa16},
		{"dashes between groups", "4111-1111-1111-1111", visa16},
		{"amex grouping", "3782 822463 10005", amex15},
		{"dots between groups", "4111.1111.1111.1111", visa16},
		{"surrounding white space", " " + visa16 + "\n", visa16},
		{"full-width digits", "４１１１１１１１１１１１１１１１", visa16},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := ParsePAN(tt.in)
			if err != nil {
				t.Fatalf("ParsePAN(%s): %v", cardnum.Mask(tt.want), err)
			}
			if p.Reveal() != tt.want {
				t.Errorf("ParsePAN(%s).Reveal() = %s, want %s", cardnum.Mask(tt.want), cardnum.Mask(p.Reveal()), cardnum.Mask(tt.want))
			}
		})
	}
}

func TestParsePAN_rejectsWithoutEchoingInput(t *testing.T) {
	tests := []struct {
		name, in, wantMsg string
	}{
		{"empty", "", "0 digits"},
		{"too short", "411111111111", "12 digits"},
		{"too long", visa16 + "1111", "more than 19 digits"},
		{"luhn failure", "4111111111111112", "Luhn"},
		{"letter inside", "41111111x1111111", "character 9 is not a digit"},
		{"double space", "4111  1111 1111 1111", "character 5 is not a digit"},
		{"leading dash", "-" + visa16, "character 1 is not a digit"},
		{"trailing dash", visa16 + "-", "character 17 is not a digit"},
		{"arabic-indic digit", "٤111111111111111", "character 1 is not a digit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParsePAN(tt.in)
			if err == nil {
				t.Fatal("ParsePAN accepted an invalid number")
			}
			if !errors.Is(err, ErrInvalidPAN) {
				t.Errorf("error does not wrap ErrInvalidPAN: %v", hideDigits(err.Error()))
			}
			if !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("error %q does not say %q", hideDigits(err.Error()), tt.wantMsg)
			}
			if cardnum.Contains(err.Error()) || (len(tt.in) >= 12 && strings.Contains(err.Error(), tt.in[:12])) {
				t.Errorf("error echoes the card number: %s", hideDigits(err.Error()))
			}
		})
	}
}

func TestPAN_neverPrintsInClear(t *testing.T) {
	p, err := ParsePAN(visa16)
	if err != nil {
		t.Fatal(err)
	}
	holder := struct {
		Card PAN
		Ptr  *PAN
	}{p, &p}

	var logs bytes.Buffer
	slog.New(slog.NewJSONHandler(&logs, nil)).Info("card", "pan", p, "holder", holder)
	slog.New(slog.NewTextHandler(&logs, nil)).Info("card", "pan", p, "holder", holder)
	js, err := json.Marshal(holder)
	if err != nil {
		t.Fatal(err)
	}

	outputs := map[string]string{
		"%v": fmt.Sprintf("%v", p), "%s": fmt.Sprintf("%s", p), "%d": fmt.Sprintf("%d", p),
		"%x": fmt.Sprintf("%x", p), "%q": fmt.Sprintf("%q", p), "%#v": fmt.Sprintf("%#v", p),
		"%+v struct": fmt.Sprintf("%+v", holder), "%#v struct": fmt.Sprintf("%#v", holder),
		"Sprint": fmt.Sprint(p), "json": string(js), "slog": logs.String(),
	}
	for name, out := range outputs {
		if strings.Contains(out, visa16) {
			t.Errorf("%s printed the PAN in clear: %s", name, hideDigits(out))
		}
		if !strings.Contains(out, "411111******1111") {
			t.Errorf("%s did not print the masked PAN: %s", name, cardnum.Scrub(out))
		}
	}
}

func TestPAN_zeroValue(t *testing.T) {
	var p PAN
	if !p.IsZero() || p.Last4() != "" || p.String() != "" {
		t.Errorf("zero PAN: IsZero=%v Last4=%q String=%q", p.IsZero(), p.Last4(), p.String())
	}
	q, _ := ParsePAN(visa16)
	if q.IsZero() || q.Last4() != "1111" {
		t.Errorf("parsed PAN: IsZero=%v Last4=%q", q.IsZero(), q.Last4())
	}
}

func TestToken(t *testing.T) {
	a, b := NewToken(), NewToken()
	if a == b {
		t.Fatal("two tokens are equal")
	}
	if _, err := ParseToken(a.String()); err != nil {
		t.Fatalf("ParseToken(NewToken()): %v", err)
	}
	if cardnum.Contains(a.String()) {
		t.Errorf("a token looks like a PAN: %s", a)
	}
	bad := []struct{ name, in, want string }{
		{"no prefix", "abc", "must start with"},
		{"short", "tok_ABC", "3 characters"},
		{"lower case", "tok_" + strings.Repeat("a", 26), "character 5 is outside"},
		{"digit outside base32", "tok_" + strings.Repeat("A", 25) + "9", "character 30 is outside"},
	}
	for _, tt := range bad {
		_, err := ParseToken(tt.in)
		if err == nil || !errors.Is(err, ErrInvalidToken) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: ParseToken error = %v, want one wrapping ErrInvalidToken saying %q", tt.name, err, tt.want)
		}
	}
}

// FuzzParsePAN checks that ParsePAN accepts exactly cardnum's whole-value card numbers and that its errors
// never echo the input.
func FuzzParsePAN(f *testing.F) {
	for _, s := range []string{visa16, "4111 1111 1111 1111", "4111111111111112", "", "x", "4111--1111", amex15 + "9", "４１１１１１１１１１１１１１１１"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePAN(s)
		if (err == nil) != cardnum.IsCardNumber(s) {
			t.Fatalf("ParsePAN and cardnum.IsCardNumber disagree on %q", hideDigits(s))
		}
		if err != nil {
			if len(s) >= cardnum.MinDigits && strings.Contains(err.Error(), s) {
				t.Fatalf("error echoes the input: %s", hideDigits(err.Error()))
			}
			if cardnum.Contains(err.Error()) {
				t.Fatalf("error contains a card number: %s", hideDigits(err.Error()))
			}
			return
		}
		if cardnum.Scrub(p.Reveal()) != p.Masked() {
			t.Fatalf("Scrub does not mask an accepted PAN like Masked: %q vs %q", hideDigits(cardnum.Scrub(p.Reveal())), p.Masked())
		}
	})
}
