package duration

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ParseGoogle returns the length in seconds of a Google API duration, a non-negative decimal number of
// seconds with an "s" suffix ("31536000s", "600.5s").
func ParseGoogle(s string) (float64, error) {
	num, ok := strings.CutSuffix(strings.TrimSpace(s), "s")
	if !ok || num == "" {
		return 0, fmt.Errorf("parsing Google duration %q: want a number of seconds ending in \"s\", e.g. \"600s\"", s)
	}
	n, err := strconv.ParseFloat(num, 64)
	if err != nil || !decimal(num) {
		return 0, fmt.Errorf("parsing Google duration %q: %q is not a non-negative decimal number; want e.g. \"600s\" or \"600.5s\"", s, num)
	}
	return n, nil
}

// FormatGoogle writes a duration in whole seconds the way the Pub/Sub and Cloud KMS APIs return it ("600s"),
// so a refresh shows no difference from what was sent. Fractions of a second are dropped.
func FormatGoogle(d time.Duration) string { return fmt.Sprintf("%ds", int64(d/time.Second)) }

// decimal reports whether s is digits with at most one decimal point between digits: no sign, exponent,
// hexadecimal, "inf" or "nan", all of which strconv.ParseFloat would accept.
func decimal(s string) bool {
	whole, frac, _ := strings.Cut(s, ".")
	return whole != "" && strings.Trim(whole, "0123456789") == "" && strings.Trim(frac, "0123456789") == "" &&
		!strings.HasSuffix(s, ".")
}
