package gcp

import (
	"strconv"
	"strings"
)

// seconds reads a Google API duration as pulumi-gcp carries it: a decimal
// number of seconds with an "s" suffix ("31536000s", "600.5s").
func seconds(s string) (float64, bool) {
	num, ok := strings.CutSuffix(strings.TrimSpace(s), "s")
	if !ok || num == "" {
		return 0, false
	}
	n, err := strconv.ParseFloat(num, 64)
	if err != nil || n < 0 || strings.ContainsAny(num, "eE+-") {
		return 0, false
	}
	return n, true
}
