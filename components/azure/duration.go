package azure

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// isoDuration writes a whole-second duration in ISO 8601 the way Azure returns it (PT1M, P4D, P1DT12H), so a
// refresh shows no difference from what was sent.
func isoDuration(d time.Duration) string {
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

// isoDays is a whole number of days in ISO 8601, the form Key Vault rotation policies take.
func isoDays(days int) string { return fmt.Sprintf("P%dD", days) }

var isoDurationPattern = regexp.MustCompile(`^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$`)

// parseISODays reads an ISO 8601 duration as Key Vault rotation policies write it, counting a year as 365
// days and a month as 30, and rounding a part day up to a whole one.
func parseISODays(s string) (int, error) {
	m := isoDurationPattern.FindStringSubmatch(strings.ToUpper(strings.TrimSpace(s)))
	if m == nil || s == "P" || strings.HasSuffix(s, "T") {
		return 0, fmt.Errorf("parsing ISO 8601 duration %q: want e.g. P90D or P1Y", s)
	}
	n := func(i int) int {
		v, _ := strconv.Atoi(m[i])
		return v
	}
	days := n(1)*365 + n(2)*30 + n(3)*7 + n(4)
	if n(5) > 0 || n(6) > 0 || n(7) > 0 {
		days++
	}
	return days, nil
}
