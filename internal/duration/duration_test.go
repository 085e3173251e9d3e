package duration

import (
	"math"
	"strings"
	"testing"
	"time"
)

func TestParseConfig(t *testing.T) {
	for _, tc := range []struct {
		in      string
		want    time.Duration
		wantErr string
	}{
		{in: "14d", want: 14 * Day},
		{in: "4d12h", want: 4*Day + 12*time.Hour},
		{in: "90s", want: 90 * time.Second},
		{in: "1h30m", want: 90 * time.Minute},
		{in: " 0s ", want: 0},
		{in: "0d", want: 0},
		{in: "xd", wantErr: `parsing duration "xd": want a whole number of days before "d"`},
		{in: "-1d", wantErr: `want a whole number of days`},
		{in: "ten", wantErr: `parsing duration "ten": want e.g. "30s", "12h" or "14d"`},
		{in: "-5s", wantErr: `parsing duration "-5s": must not be negative`},
		{in: "", wantErr: `parsing duration ""`},
		{in: "P14D", wantErr: `parsing duration "P14D"`},
	} {
		got, err := ParseConfig(tc.in)
		checkResult(t, "ParseConfig", tc.in, float64(got), err, float64(tc.want), tc.wantErr)
	}
}

func TestFormatConfig(t *testing.T) {
	for d, want := range map[time.Duration]string{
		14 * Day:         "14d",
		90 * time.Second: "1m30s",
		36 * time.Hour:   "36h0m0s",
		0:                "0s",
	} {
		if got := FormatConfig(d); got != want {
			t.Errorf("FormatConfig(%v) = %q, want %q", d, got, want)
		}
		if back, err := ParseConfig(FormatConfig(d)); err != nil || back != d {
			t.Errorf("ParseConfig(FormatConfig(%v)) = %v, %v", d, back, err)
		}
	}
}

func TestParseISO8601(t *testing.T) {
	const day = 86400.0
	for _, tc := range []struct {
		in      string
		want    float64
		wantErr string
	}{
		{in: "P1Y", want: 365 * day},
		{in: "P12M", want: 360 * day},
		{in: "P13M", want: 390 * day},
		{in: "P90D", want: 90 * day},
		{in: "P2W", want: 14 * day},
		{in: "P1Y2M3D", want: 428 * day},
		{in: "PT12H", want: day / 2},
		{in: "P1DT12H", want: 1.5 * day},
		{in: "p14d", want: 14 * day},
		{in: " PT5M ", want: 300},
		{in: "PT1440M", want: day},
		{in: "PT0S", want: 0},
		{in: "P1.5D", want: 1.5 * day},
		{in: "PT0,5S", want: 0.5},
		{in: "P10675199DT2H48M5.4775807S", want: 10675199*day + 2*3600 + 48*60 + 5.4775807},
		{in: "", wantErr: `parsing ISO 8601 duration "": it does not start with P`},
		{in: "P", wantErr: `parsing ISO 8601 duration "P": it has no units`},
		{in: "PT", wantErr: `it has no units`},
		{in: "P1DT", wantErr: `T is followed by no hours, minutes or seconds`},
		{in: "14", wantErr: `it does not start with P`},
		{in: "90D", wantErr: `it does not start with P`},
		{in: "P1D1Y", wantErr: `unit 'Y' is unknown here or out of order`},
		{in: "P1H", wantErr: `unit 'H' is unknown here or out of order`},
		{in: "PT1D", wantErr: `unit 'D' is unknown here or out of order`},
		{in: "P-1D", wantErr: `"-" is not a number before a unit designator`},
		{in: "P1e3D", wantErr: `unit 'E' is unknown here or out of order`},
		{in: "P.5D", wantErr: `".5D" is not a number`},
		{in: "P1.5D2H", wantErr: `only the last unit may have a fraction`},
		{in: "P1.5DT2H", wantErr: `only the last unit may have a fraction`},
		{in: "PT1.5H2M", wantErr: `only the last unit may have a fraction`},
		{in: "P14", wantErr: `"14" has no unit designator`},
		{in: "14.00:00:00", wantErr: `it does not start with P`},
	} {
		got, err := ParseISO8601(tc.in)
		checkResult(t, "ParseISO8601", tc.in, got, err, tc.want, tc.wantErr)
	}
}

func TestISO8601Days_yearAndMonthAgainstTheRotationLimit(t *testing.T) {
	for in, within := range map[string]bool{"P1Y": true, "P12M": true, "P365D": true, "P52W": true, "P13M": false, "P366D": false, "P1Y1D": false} {
		days, err := ISO8601Days(in)
		if err != nil {
			t.Fatalf("ISO8601Days(%q): %v", in, err)
		}
		if (days <= 365) != within {
			t.Errorf("ISO8601Days(%q) = %v days; within 365 = %v, want %v", in, days, days <= 365, within)
		}
	}
}

func TestFormatISO8601(t *testing.T) {
	for d, want := range map[time.Duration]string{
		10 * time.Second: "PT10S",
		60 * time.Second: "PT1M",
		90 * time.Second: "PT1M30S",
		5 * time.Minute:  "PT5M",
		2 * time.Hour:    "PT2H",
		4 * Day:          "P4D",
		14 * Day:         "P14D",
		36*time.Hour + 30*time.Minute + 5*time.Second: "P1DT12H30M5S",
		0: "PT0S",
	} {
		got := FormatISO8601(d)
		if got != want {
			t.Errorf("FormatISO8601(%v) = %q, want %q", d, got, want)
		}
		if back, err := ParseISO8601(got); err != nil || back != d.Seconds() {
			t.Errorf("ParseISO8601(%q) = %v, %v; want %v", got, back, err, d.Seconds())
		}
	}
}

func TestParseGoogle(t *testing.T) {
	for _, tc := range []struct {
		in      string
		want    float64
		wantErr string
	}{
		{in: "31536000s", want: 31536000},
		{in: "600.5s", want: 600.5},
		{in: " 86400s ", want: 86400},
		{in: "0s", want: 0},
		{in: "86400", wantErr: `parsing Google duration "86400": want a number of seconds ending in "s"`},
		{in: "s", wantErr: `want a number of seconds ending in "s"`},
		{in: "", wantErr: `want a number of seconds ending in "s"`},
		{in: "-5s", wantErr: `"-5" is not a non-negative decimal number`},
		{in: "+5s", wantErr: `"+5" is not a non-negative decimal number`},
		{in: "1e9s", wantErr: `"1e9" is not a non-negative decimal number`},
		{in: ".5s", wantErr: `".5" is not a non-negative decimal number`},
		{in: "5.s", wantErr: `"5." is not a non-negative decimal number`},
		{in: "infs", wantErr: `"inf" is not a non-negative decimal number`},
		{in: "nans", wantErr: `"nan" is not a non-negative decimal number`},
		{in: "0x10s", wantErr: `"0x10" is not a non-negative decimal number`},
		{in: "P1D", wantErr: `want a number of seconds ending in "s"`},
	} {
		got, err := ParseGoogle(tc.in)
		checkResult(t, "ParseGoogle", tc.in, got, err, tc.want, tc.wantErr)
	}
}

func TestFormatGoogle(t *testing.T) {
	for d, want := range map[time.Duration]string{
		600 * time.Second:       "600s",
		365 * Day:               "31536000s",
		1500 * time.Millisecond: "1s",
		0:                       "0s",
	} {
		if got := FormatGoogle(d); got != want {
			t.Errorf("FormatGoogle(%v) = %q, want %q", d, got, want)
		}
	}
}

func checkResult(t *testing.T, fn, in string, got float64, err error, want float64, wantErr string) {
	t.Helper()
	switch {
	case wantErr != "" && err == nil:
		t.Errorf("%s(%q) = %v, want an error containing %q", fn, in, got, wantErr)
	case wantErr != "" && !strings.Contains(err.Error(), wantErr):
		t.Errorf("%s(%q) error = %q, want it to contain %q", fn, in, err, wantErr)
	case wantErr == "" && err != nil:
		t.Errorf("%s(%q): unexpected error %v", fn, in, err)
	case wantErr == "" && math.Abs(got-want) > 1e-6:
		t.Errorf("%s(%q) = %v, want %v", fn, in, got, want)
	}
}
