package duration

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// isoUnit is one designator of an ISO 8601 duration and its length in seconds.
type isoUnit struct {
	designator byte
	seconds    float64
}

// The date and time designators, in the order ISO 8601 requires them. A month and a year have fixed lengths;
// see the package documentation.
var (
	isoDateUnits = []isoUnit{{'Y', 365 * 86400}, {'M', 30 * 86400}, {'W', 7 * 86400}, {'D', 86400}}
	isoTimeUnits = []isoUnit{{'H', 3600}, {'M', 60}, {'S', 1}}
)

// ParseISO8601 returns the length in seconds of an ISO 8601 duration such as "P90D", "P1Y", "PT5M" or
// "P1DT12H", with the fixed unit lengths the package documentation gives.
func ParseISO8601(s string) (float64, error) {
	fail := func(why string) (float64, error) {
		return 0, fmt.Errorf("parsing ISO 8601 duration %q: %s; want e.g. \"P90D\", \"P1Y\" or \"PT5M\"", s, why)
	}
	rest, ok := strings.CutPrefix(strings.ToUpper(strings.TrimSpace(s)), "P")
	if !ok {
		return fail("it does not start with P")
	}
	date, clock, hasClock := strings.Cut(rest, "T")
	if date == "" && clock == "" {
		return fail("it has no units")
	}
	if hasClock && clock == "" {
		return fail("T is followed by no hours, minutes or seconds")
	}
	dateSecs, fraction, err := sumISOUnits(date, isoDateUnits)
	if err != nil {
		return fail(err.Error())
	}
	if fraction && clock != "" {
		return fail("only the last unit may have a fraction")
	}
	clockSecs, _, err := sumISOUnits(clock, isoTimeUnits)
	if err != nil {
		return fail(err.Error())
	}
	return dateSecs + clockSecs, nil
}

// sumISOUnits adds up "<number><designator>" parts that appear in the order of units, and reports whether
// the last one had a fraction. Only the last part may have one.
func sumISOUnits(s string, units []isoUnit) (total float64, fraction bool, err error) {
	next := 0
	for s != "" {
		if fraction {
			return 0, false, fmt.Errorf("only the last unit may have a fraction")
		}
		i := strings.IndexFunc(s, func(r rune) bool { return (r < '0' || r > '9') && r != '.' && r != ',' })
		if i < 0 {
			return 0, false, fmt.Errorf("%q has no unit designator", s)
		}
		num := strings.Replace(s[:i], ",", ".", 1)
		n, perr := strconv.ParseFloat(num, 64)
		if perr != nil || !decimal(num) {
			return 0, false, fmt.Errorf("%q is not a number before a unit designator", s[:i+1])
		}
		pos := next
		for pos < len(units) && units[pos].designator != s[i] {
			pos++
		}
		if pos == len(units) {
			return 0, false, fmt.Errorf("unit %q is unknown here or out of order", s[i])
		}
		next = pos + 1
		total += n * units[pos].seconds
		fraction = strings.Contains(num, ".")
		s = s[i+1:]
	}
	return total, fraction, nil
}

// ISO8601Days is ParseISO8601 in days.
func ISO8601Days(s string) (float64, error) {
	secs, err := ParseISO8601(s)
	return secs / 86400, err
}

// FormatISO8601 writes a whole-second duration the way Azure returns it ("PT1M", "P4D", "P1DT12H", "PT0S"),
// so a refresh shows no difference from what was sent. Fractions of a second are dropped.
func FormatISO8601(d time.Duration) string {
	secs := int64(d / time.Second)
	days, secs := secs/86400, secs%86400
	hours, secs := secs/3600, secs%3600
	mins, secs := secs/60, secs%60
	var b strings.Builder
	b.WriteString("P")
	if days > 0 {
		fmt.Fprintf(&b, "%dD", days)
	}
	if hours > 0 || mins > 0 || secs > 0 || days == 0 {
		b.WriteString("T")
		if hours > 0 {
			fmt.Fprintf(&b, "%dH", hours)
		}
		if mins > 0 {
			fmt.Fprintf(&b, "%dM", mins)
		}
		if secs > 0 || (hours == 0 && mins == 0) {
			fmt.Fprintf(&b, "%dS", secs)
		}
	}
	return b.String()
}
