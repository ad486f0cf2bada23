package ui

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"cocalc-tui/hub"
)

// relativeTime says how long ago t was, compactly: "now", "45s ago", "3m ago",
// "5h ago", "3d ago", "7mo ago", "2y ago" (or "in 3m" for the future).
func relativeTime(t, now time.Time) string {
	d := now.Sub(t)
	if d < 0 {
		return "in " + compactDuration(-d)
	}
	if d < 5*time.Second {
		return "now"
	}
	return compactDuration(d) + " ago"
}

// compactDuration is the largest whole unit of d: "45s", "3m", "5h", "3d",
// "7mo", "2y". (strconv, not fmt: every frame formats two of these for each
// visible result row.)
func compactDuration(d time.Duration) string {
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

// relativeMillis is relativeTime for the hub's nullable timestamps.
func relativeMillis(ms *hub.Millis, now time.Time) string {
	if ms == nil {
		return "never"
	}
	return relativeTime(ms.Time(), now)
}

// absoluteTime is a timestamp in the local zone, to the minute.
func absoluteTime(t time.Time, loc *time.Location) string {
	return t.In(loc).Format("2006-01-02 15:04 MST")
}

// formatRTT shows a round-trip time the way people read it: "38 ms", "1.2 s".
func formatRTT(d time.Duration) string {
	if d < time.Second {
		return fmt.Sprintf("%d ms", max(1, d.Milliseconds()))
	}
	return fmt.Sprintf("%.1f s", d.Seconds())
}

// formatSkew shows a clock difference with its sign: "+5s", "-2m".
func formatSkew(d time.Duration) string {
	sign := "+"
	if d < 0 {
		sign = "-"
		d = -d
	}
	return sign + compactDuration(d)
}

// formatWait is a countdown to the next retry: "8s", "1m".
func formatWait(d time.Duration) string {
	seconds := int(math.Ceil(d.Seconds()))
	if seconds < 60 {
		return fmt.Sprintf("%ds", max(0, seconds))
	}
	return compactDuration(d)
}

// shortID is the first block of a UUID with an ellipsis: "a3f2c1d0…".
func shortID(id string) string {
	if i := strings.IndexByte(id, '-'); i > 0 {
		return id[:i] + "…"
	}
	return id
}

// plural picks the singular or plural noun for n.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
