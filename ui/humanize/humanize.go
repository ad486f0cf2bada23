// Package humanize writes times and durations the way people read them, the
// same in the terminal UI and in the command line's human output.
package humanize

import (
	"fmt"
	"strconv"
	"time"

	"cocalc-tui/hub"
)

// Ago says how long ago t was, compactly: "now", "45s ago", "3m ago",
// "5h ago", "3d ago", "7mo ago", "2y ago" (or "in 3m" for the future).
func Ago(t, now time.Time) string {
	d := now.Sub(t)
	if d < 0 {
		return "in " + Duration(-d)
	}
	if d < 5*time.Second {
		return "now"
	}
	return Duration(d) + " ago"
}

// MillisAgo is Ago for the hub's nullable times, with ifNull for null.
func MillisAgo(ms *hub.Millis, now time.Time, ifNull string) string {
	if ms == nil {
		return ifNull
	}
	return Ago(ms.Time(), now)
}

// Duration is the largest whole unit of d: "45s", "3m", "5h", "3d", "7mo",
// "2y". (strconv, not fmt: every frame formats two of these for each visible
// result row.)
func Duration(d time.Duration) string {
	const day = 24 * time.Hour
	switch {
	case d < time.Minute:
		return strconv.Itoa(int(d/time.Second)) + "s"
	case d < time.Hour:
		return strconv.Itoa(int(d/time.Minute)) + "m"
	case d < day:
		return strconv.Itoa(int(d/time.Hour)) + "h"
	case d < 30*day:
		return strconv.Itoa(int(d/day)) + "d"
	case d < 365*day:
		return strconv.Itoa(int(d/(30*day))) + "mo"
	}
	return strconv.Itoa(int(d/(365*day))) + "y"
}

// RoundTrip shows a round-trip time: "38 ms" below a second, "1.2 s" above.
func RoundTrip(d time.Duration) string {
	if d < time.Second {
		return fmt.Sprintf("%d ms", max(1, d.Milliseconds()))
	}
	return fmt.Sprintf("%.1f s", d.Seconds())
}
