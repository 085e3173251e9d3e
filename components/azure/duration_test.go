package azure

import (
	"testing"
	"time"
)

func TestISODuration(t *testing.T) {
	cases := map[time.Duration]string{
		10 * second:                    "PT10S",
		60 * second:                    "PT1M",
		90 * second:                    "PT1M30S",
		5 * minute:                     "PT5M",
		2 * hour:                       "PT2H",
		4 * day:                        "P4D",
		14 * day:                       "P14D",
		36*hour + 30*minute + 5*second: "P1DT12H30M5S",
		0:                              "PT0S",
	}
	for d, want := range cases {
		if got := isoDuration(d); got != want {
			t.Errorf("isoDuration(%v) = %q, want %q", d, got, want)
		}
	}
}

func TestParseISODays(t *testing.T) {
	cases := []struct {
		in   string
		want int
		err  bool
	}{
		{"P90D", 90, false},
		{"P1Y", 365, false},
		{"P2M", 60, false},
		{"P2W", 14, false},
		{"P1Y2M3D", 428, false},
		{"P89DT12H", 90, false},
		{"p30d", 30, false},
		{"P", 0, true},
		{"P1DT", 0, true},
		{"90D", 0, true},
		{"", 0, true},
	}
	for _, tc := range cases {
		got, err := parseISODays(tc.in)
		if (err != nil) != tc.err || got != tc.want {
			t.Errorf("parseISODays(%q) = %d, %v", tc.in, got, err)
		}
	}
}
