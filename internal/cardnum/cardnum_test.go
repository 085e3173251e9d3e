package cardnum

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// Test card numbers published by the card networks for their sandboxes.
const (
	visa16     = "4111111111111111"
	visa16b    = "4012888888881881"
	mastercard = "5555555555554444"
	amex15     = "378282246310005"
	visa13     = "4222222222222"
)

// fullWidth writes the ASCII digits of s as full-width digits.
func fullWidth(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r - '0' + '０'
		}
		return r
	}, s)
}

// hide replaces every digit, ASCII or full-width, so that failure messages of the tests of the detector
// itself, which cannot rely on the detector, never print a card number.
func hide(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' || r >= '０' && r <= '９' {
			return '#'
		}
		return r
	}, s)
}

var (
	visa19      = WithCheckDigit("411111111111111111")
	twenty      = WithCheckDigit("4111111111111111111")
	hexID       = "deadbeef" + WithCheckDigit("1234567890123") + "cafe"
	guidLuhnEnd = "8e3af657-a8ff-443c-1234-567890123452" // its last two groups are 16 Luhn-valid digits
)

// detectorCases is the corpus every test of this package, and the agreement test between components,
// policies and functions, runs on. scrubbed is the exact Scrub output where the case pins it.
var detectorCases = []struct {
	name     string
	in       string
	contains bool // embedded mode
	whole    bool // whole-value mode
	scrubbed string
}{
	// Separator forms.
	{"contiguous", visa16, true, true, "411111******1111"},
	{"spaces", "4111 1111 1111 1111", true, true, "4111 11** **** 1111"},
	{"hyphens", "4111-1111-1111-1111", true, true, "4111-11**-****-1111"},
	{"dots", "4012.8888.8888.1881", true, true, "4012.88**.****.1881"},
	{"underscores", "4012_8888_8888_1881", true, true, "4012_88**_****_1881"},
	{"slashes", "4012/8888/8888/1881", true, true, "4012/88**/****/1881"},
	{"no-break spaces", "4012\u00a08888\u00a08888\u00a01881", true, true, "4012\u00a088**\u00a0****\u00a01881"},
	{"narrow no-break spaces", "4012\u202f8888\u202f8888\u202f1881", true, true, "4012\u202f88**\u202f****\u202f1881"},
	{"thin spaces", "4012\u20098888\u20098888\u20091881", true, true, "4012\u200988**\u2009****\u20091881"},
	{"figure spaces", "4012\u20078888\u20078888\u20071881", true, true, ""},
	{"ideographic spaces", "4012\u30008888\u30008888\u30001881", true, true, ""},
	{"non-breaking hyphens", "4012\u20118888\u20118888\u20111881", true, true, ""},
	{"full-width hyphens", "4012－8888－8888－1881", true, true, ""},
	{"full-width digits", fullWidth(visa16b), true, true, "401288******1881"},
	{"full-width digits with ideographic spaces", fullWidth("4012\u30008888\u30008888\u30001881"), true, true, "4012\u300088**\u3000****\u30001881"},
	{"mixed separators", "4012 8888-8888.1881", true, true, "4012 88**-****.1881"},
	{"mixed separators and digit widths", "40" + fullWidth("12") + "_8888/8888\u00a0" + fullWidth("1881"), true, true, "4012_88**/****\u00a01881"},
	{"amex grouping", "3782 822463 10005", true, true, "3782 82**** *0005"},
	{"two separators in a row split the number", "4111  1111 1111 1111", false, false, ""},
	{"a separator and a space split the number", "4111- 1111-1111-1111", false, false, ""},

	// Luhn and length.
	{"luhn failure", "4111111111111112", false, false, ""},
	{"luhn failure grouped", "4111 1111 1111 1112", false, false, ""},
	{"12 digits", "411111111111", false, false, ""},
	{"13 digits", visa13, true, true, "*********2222"},
	{"15 digits", amex15, true, true, "378282*****0005"},
	{"19 digits", visa19, true, true, "411111*********" + visa19[15:]},
	{"20 digits in a row, luhn-valid", twenty, false, false, ""},
	{"20 digits in groups holding a card number", "4111 1111 1111 1111 1111", true, false, "4111 11** **** 1111 ****"},
	{"millisecond timestamp failing luhn", "1700000000001", false, false, ""},

	// Inside words and identifiers.
	{"glued to a letter", "x" + visa16, true, false, "x411111******1111"},
	{"glued to letters on both sides", "id" + mastercard + "ok", true, false, "id555555******4444ok"},
	{"after an underscore", "card_" + visa16, true, false, "card_411111******1111"},
	{"hyphenated prefix and suffix", "order-" + visa16 + "-9", true, false, "order-411111******1111-*"},
	{"year before, joined by a hyphen", "2024-" + visa16, true, false, "****-411111******1111"},
	{"expiry after, joined by spaces", "4111 1111 1111 1111 12/30", true, false, "4111 11** **** 1111 **/**"},
	{"digits glued after make another number", visa16 + "0", false, false, ""},
	{"in JSON", `{"pan":"` + visa16 + `"}`, true, false, `{"pan":"411111******1111"}`},
	{"in a sentence", "refund 4012.8888.8888.1881 today", true, false, "refund 4012.88**.****.1881 today"},
	{"two card numbers", visa16 + "," + mastercard, true, false, "411111******1111,555555******4444"},
	{"surrounding white space, whole value", " \t" + visa16 + "\u00a0\n", true, true, ""},
	{"hex id with a luhn-valid run", hexID, true, false, ""},
	{"GUID whose last groups pass luhn", guidLuhnEnd, false, false, ""},
	{"GUID in a resource path", "/roleAssignments/" + guidLuhnEnd, false, false, ""},
	{"GUID glued to a letter is no GUID", "x" + guidLuhnEnd, true, false, ""},
	{"card number after a GUID", guidLuhnEnd + " refund " + visa16, true, false, guidLuhnEnd + " refund 411111******1111"},

	// Ordinary text.
	{"no digits", "payment accepted", false, false, ""},
	{"dates and amounts", "2024-05-01 amount 1999", false, false, ""},
	{"account id", "arn:aws:iam::123456789012:role/producer", false, false, ""},
	{"token", "tok_ABCDEFGHIJKLMNOPQRSTUVWXYZ", false, false, ""},
	{"empty", "", false, false, ""},
}

func TestDetector(t *testing.T) {
	if !Luhn("1234567890123452") {
		t.Fatal("the GUID case no longer tests anything: its last two groups must pass the Luhn check")
	}
	for _, tt := range detectorCases {
		t.Run(tt.name, func(t *testing.T) {
			if got := Contains(tt.in); got != tt.contains {
				t.Errorf("Contains = %v, want %v", got, tt.contains)
			}
			if got := IsCardNumber(tt.in); got != tt.whole {
				t.Errorf("IsCardNumber = %v, want %v", got, tt.whole)
			}
			if got := len(Find(tt.in)) > 0; got != tt.contains {
				t.Errorf("Find found %v, want %v", got, tt.contains)
			}
			out := Scrub(tt.in)
			if tt.scrubbed != "" && out != tt.scrubbed {
				t.Errorf("Scrub = %q, want %q", hide(out), hide(tt.scrubbed))
			}
			if changed := out != tt.in; changed != tt.contains {
				t.Errorf("Scrub changed the text: %v, want %v", changed, tt.contains)
			}
			if Contains(out) || luhnRun(out) {
				t.Errorf("Scrub output still holds a card number: %q", hide(out))
			}
			if utf8.RuneCountInString(out) != utf8.RuneCountInString(tt.in) {
				t.Errorf("Scrub changed the number of characters: %q", hide(out))
			}
		})
	}
}

func TestFind_reportsOffsetsAndDigits(t *testing.T) {
	in := "a " + fullWidth("4012") + " 8888.8888.1881 and x" + visa16 + "-9"
	got := Find(in)
	if len(got) != 2 {
		t.Fatalf("Find found %d card numbers, want 2", len(got))
	}
	for i, want := range []struct{ written, digits string }{
		{fullWidth("4012") + " 8888.8888.1881", visa16b},
		{visa16, visa16},
	} {
		if in[got[i].Start:got[i].End] != want.written || got[i].Digits != want.digits {
			t.Errorf("match %d: %q with digits %s, want %q with digits %s", i,
				hide(in[got[i].Start:got[i].End]), Mask(got[i].Digits), hide(want.written), Mask(want.digits))
		}
	}
}

func TestScrub_maskingABrokenGUIDIsScrubbedAgain(t *testing.T) {
	// The run "<12 digits of the GUID>-<card>" is masked whole, which breaks the GUID: its first groups,
	// all digits, are then joined by hyphens into numbers that Scrub must judge again.
	for _, head := range []string{"12345678-1234-1234-1234", "40128888-8888-1881-0000"} {
		in := head + "-123456789012-" + visa16
		if out := Scrub(in); Contains(out) || luhnRun(out) {
			t.Errorf("Scrub left a card number in %q", hide(out))
		}
	}
}

func TestScrub_doesNotAllocateOnCleanText(t *testing.T) {
	s := "consumer processed message tok_ABCDEFGHIJKLMNOPQRSTUVWXYZ on queue payments at 2024-05-01 " + guidLuhnEnd
	if n := testing.AllocsPerRun(100, func() { _ = Scrub(s) }); n != 0 {
		t.Errorf("Scrub allocated %.0f times on clean text", n)
	}
	if n := testing.AllocsPerRun(100, func() { _ = Contains(s) }); n != 0 {
		t.Errorf("Contains allocated %.0f times", n)
	}
}

func TestLuhn(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{visa16, true}, {amex15, true}, {visa13, true}, {"4111111111111112", false},
		{"", false}, {"0", true}, {"4111 1111 1111 1111", false}, {fullWidth(visa16), false},
	}
	for i, tt := range tests {
		if got := Luhn(tt.in); got != tt.want {
			t.Errorf("case %d (%d bytes): Luhn = %v, want %v", i, len(tt.in), got, tt.want)
		}
	}
}

func TestMask(t *testing.T) {
	tests := []struct{ in, want string }{
		{visa16, "411111******1111"},
		{amex15, "378282*****0005"},
		{visa19, "411111*********" + visa19[15:]},
		{"42222222222224", "**********2224"},
		{visa13, "*********2222"},
		{"123456", "******"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Mask(tt.in); got != tt.want {
			t.Errorf("Mask of %d digits = %q, want %q", len(tt.in), hide(got), hide(tt.want))
		}
		if len(tt.in) >= MinDigits {
			if err := CheckMask(Mask(tt.in)); err != nil {
				t.Errorf("CheckMask refuses Mask of %d digits: %v", len(tt.in), err)
			}
		}
	}
	for n := MinDigits; n <= MaxDigits; n++ {
		masked := Mask(strings.Repeat("7", n))
		if hidden := strings.Count(masked, "*"); hidden < 5 || n-hidden > 10 {
			t.Errorf("Mask of %d digits hides %d", n, hidden)
		}
	}
}

func TestCheckMask(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"too short", "****1111", "must have 13 to 19 characters, has 8"},
		{"a middle digit", "4111111*****1111", "character 7 shows a digit"},
		{"first six of 14 digits", "411111****1111", "character 1 shows a digit"},
		{"a letter", "411111*****x1111", "character 12 is neither"},
	}
	for _, tt := range tests {
		if err := CheckMask(tt.in); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: CheckMask error = %v, want one saying %q", tt.name, err, tt.want)
		}
	}
	if err := CheckMask("****************"); err != nil {
		t.Errorf("CheckMask refuses a mask hiding every digit: %v", err)
	}
}

func TestParse_rejectsWithoutEchoingInput(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"empty", "", "0 digits"},
		{"too short", "411111111111", "12 digits"},
		{"too long", visa16 + "1111", "more than 19 digits"},
		{"luhn failure", "4111111111111112", "Luhn"},
		{"letter inside", "41111111x1111111", "character 9 is not a digit"},
		{"double space", "4111  1111 1111 1111", "character 5 is not a digit"},
		{"leading dash", "-" + visa16, "character 1 is not a digit"},
		{"position counts characters after trimmed space", "\u00a0" + fullWidth("4111") + "x", "character 6 is not a digit"},
	}
	for _, tt := range tests {
		_, err := Parse(tt.in)
		switch {
		case err == nil:
			t.Errorf("%s: Parse accepted it", tt.name)
		case !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "not a card number: "):
			t.Errorf("%s: Parse error %q, want one saying %q", tt.name, hide(err.Error()), tt.want)
		case len(tt.in) >= 12 && strings.Contains(err.Error(), tt.in[:12]):
			t.Errorf("%s: Parse error echoes the input: %q", tt.name, hide(err.Error()))
		}
	}
}

func TestAllDigits(t *testing.T) {
	if got := AllDigits("a " + fullWidth("40") + "12\u00a08888.8888-1881 z"); got != visa16b {
		t.Errorf("AllDigits = %s, want the digits of the card number (%s)", Mask(got), Mask(visa16b))
	}
}

func TestWithCheckDigit(t *testing.T) {
	for _, body := range []string{"411111111111111", "", "40128888888818"} {
		if got := WithCheckDigit(body); len(got) != len(body)+1 || got[:len(body)] != body || !Luhn(got) {
			t.Errorf("WithCheckDigit of %d digits did not append one check digit", len(body))
		}
	}
}
