package duration

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Day is the length of a day as every form here counts it.
const Day = 24 * time.Hour

// ParseConfig reads a duration in the config form: Go's syntax ("90s", "12h") with an optional leading whole
// number of days ("14d", "4d12h"), because retention and rotation periods are naturally stated in days.
func ParseConfig(s string) (time.Duration, error) {
	in := strings.TrimSpace(s)
	var days time.Duration
	if i := strings.IndexByte(in, 'd'); i >= 0 {
		n, err := strconv.Atoi(in[:i])
		if err != nil || n < 0 {
			return 0, fmt.Errorf("parsing duration %q: want a whole number of days before \"d\", e.g. \"14d\" or \"4d12h\"", s)
		}
		days = time.Duration(n) * Day
		in = in[i+1:]
		if in == "" {
			return days, nil
		}
	}
	d, err := time.ParseDuration(in)
	if err != nil {
		return 0, fmt.Errorf("parsing duration %q: want e.g. \"30s\", \"12h\" or \"14d\"", s)
	}
	if d < 0 {
		return 0, fmt.Errorf("parsing duration %q: must not be negative", s)
	}
	return days + d, nil
}

// FormatConfig writes a duration the way ParseConfig reads it, in days where it is a whole number of days, so
// errors echo the value the way the user wrote it.
func FormatConfig(d time.Duration) string {
	if d > 0 && d%Day == 0 {
		return fmt.Sprintf("%dd", d/Day)
	}
	return d.String()
}
