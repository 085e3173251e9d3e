package azure

import (
	"strconv"
	"strings"
)

// isoDays reads an ISO 8601 duration ("P1Y", "P90D", "PT1H30M", "P1DT12H",
// "P10675199DT2H48M5.4775807S") as Azure writes Service Bus time-to-live and
// Key Vault rotation periods, and returns its length in days. Calendar units
// count as their longest common length is not needed here: a year is 365 days
// and a month 30, which is how Key Vault itself bounds rotation policies
// (P1Y and P12M both pass a 365-day limit). ok is false for anything else.
func isoDays(s string) (days float64, ok bool) {
	s = strings.ToUpper(strings.TrimSpace(s))
	rest, found := strings.CutPrefix(s, "P")
	if !found || rest == "" {
		return 0, false
	}
	date, clock, hasClock := strings.Cut(rest, "T")
	if hasClock && clock == "" {
		return 0, false
	}
	dateUnits := map[byte]float64{'Y': 365, 'M': 30, 'W': 7, 'D': 1}
	clockUnits := map[byte]float64{'H': 1.0 / 24, 'M': 1.0 / 1440, 'S': 1.0 / 86400}
	d, ok := sumUnits(date, dateUnits, "YMWD")
	if !ok {
		return 0, false
	}
	c, ok := sumUnits(clock, clockUnits, "HMS")
	if !ok {
		return 0, false
	}
	return d + c, true
}

// sumUnits adds up "<number><unit>" parts that appear in the given order.
func sumUnits(s string, units map[byte]float64, order string) (float64, bool) {
	total, next := 0.0, 0
	for s != "" {
		i := strings.IndexFunc(s, func(r rune) bool { return (r < '0' || r > '9') && r != '.' && r != ',' })
		if i <= 0 {
			return 0, false
		}
		n, err := strconv.ParseFloat(strings.ReplaceAll(s[:i], ",", "."), 64)
		if err != nil || n < 0 {
			return 0, false
		}
		pos := strings.IndexByte(order[next:], s[i])
		if pos < 0 {
			return 0, false
		}
		next += pos + 1
		total += n * units[s[i]]
		s = s[i+1:]
	}
	return total, true
}
