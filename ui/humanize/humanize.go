// Package humanize writes times and durations the way people read them, the
// same in the terminal UI and in the command line's human output.
package humanize

import (
	"fmt"
	"math"
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

// Words is d in words, in its largest whole unit, rounded to the nearest
// count of it: "45 seconds", "1 minute", "5 hours", "5 days" (also for
// 4 days and 23 hours), "3 months", "2 years". For sentences, where Duration's
// "5d" would read as code.
func Words(d time.Duration) string {
	const day = 24 * time.Hour
	units := []struct {
		size time.Duration
		name string
	}{{365 * day, "year"}, {30 * day, "month"}, {day, "day"}, {time.Hour, "hour"}, {time.Minute, "minute"}}
	for _, u := range units {
		if d >= u.size {
			return count(int((d+u.size/2)/u.size), u.name)
		}
	}
	return count(int(d/time.Second), "second")
}

func count(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return strconv.Itoa(n) + " " + unit + "s"
}

// Relative says when t is from now, in words: "in 5 days", "3 hours ago",
// or "just now" within 5 seconds either way.
func Relative(t, now time.Time) string {
	d := t.Sub(now)
	switch {
	case d > -5*time.Second && d < 5*time.Second:
		return "just now"
	case d > 0:
		return "in " + Words(d)
	}
	return Words(-d) + " ago"
}

// RoundTrip shows a round-trip time: "38 ms" below a second, "1.2 s" above.
func RoundTrip(d time.Duration) string {
	if d < time.Second {
		return fmt.Sprintf("%d ms", max(1, d.Milliseconds()))
	}
	return fmt.Sprintf("%.1f s", d.Seconds())
}

// Skew shows a clock difference with its sign, as RoundTrip shows a round
// trip: "+0.2 s", "-3.0 s", "+2m5s". A difference that rounds to zero is
// "+0.0 s", never "-0.0 s"; the extreme durations keep their sign (the
// magnitude of the most negative one does not fit a Duration).
func Skew(d time.Duration) string {
	sign := "+"
	magnitude := d
	if d < 0 {
		sign, magnitude = "-", -d
		if magnitude < 0 { // -d overflowed: d is the most negative duration
			magnitude = math.MaxInt64
		}
	}
	if magnitude < time.Minute {
		tenths := magnitude.Round(100 * time.Millisecond)
		if tenths == 0 {
			sign = "+"
		}
		return fmt.Sprintf("%s%.1f s", sign, tenths.Seconds())
	}
	rounded := magnitude.Round(time.Second)
	if rounded%time.Second != 0 { // too close to the longest duration to round up
		rounded = magnitude.Truncate(time.Second)
	}
	return sign + rounded.String()
}
