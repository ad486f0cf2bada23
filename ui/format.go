package ui

import (
	"fmt"
	"math"
	"strings"
	"time"

	"cocalc-tui/hub"
	"cocalc-tui/ui/humanize"
)

// relativeMillis is how long ago a hub time was, "never" for null.
func relativeMillis(ms *hub.Millis, now time.Time) string {
	return humanize.MillisAgo(ms, now, "never")
}

// absoluteTime is a timestamp in the local zone, to the minute.
func absoluteTime(t time.Time, loc *time.Location) string {
	return t.In(loc).Format("2006-01-02 15:04 MST")
}

// formatWait is a countdown to the next retry: "8s", "1m".
func formatWait(d time.Duration) string {
	seconds := int(math.Ceil(d.Seconds()))
	if seconds < 60 {
		return fmt.Sprintf("%ds", max(0, seconds))
	}
	return humanize.Duration(d)
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
