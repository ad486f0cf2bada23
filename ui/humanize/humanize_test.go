package humanize

import (
	"math"
	"testing"
	"time"

	"cocalc-tui/hub"
)

func TestAgo(t *testing.T) {
	now := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		ago  time.Duration
		want string
	}{
		{0, "now"},
		{3 * time.Second, "now"},
		{45 * time.Second, "45s ago"},
		{3 * time.Minute, "3m ago"},
		{5 * time.Hour, "5h ago"},
		{3 * 24 * time.Hour, "3d ago"},
		{200 * 24 * time.Hour, "6mo ago"},
		{800 * 24 * time.Hour, "2y ago"},
		{-3 * time.Minute, "in 3m"},
	}
	for _, tt := range tests {
		if got := Ago(now.Add(-tt.ago), now); got != tt.want {
			t.Errorf("Ago(-%v) = %q, want %q", tt.ago, got, tt.want)
		}
	}
	if got := MillisAgo(nil, now, "never"); got != "never" {
		t.Errorf("MillisAgo(nil) = %q", got)
	}
	ms := hub.MillisOf(now.Add(-time.Hour))
	if got := MillisAgo(&ms, now, "never"); got != "1h ago" {
		t.Errorf("MillisAgo(1h) = %q", got)
	}
}

func TestRoundTrip(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0:                       "1 ms",
		38 * time.Millisecond:   "38 ms",
		999 * time.Millisecond:  "999 ms",
		1200 * time.Millisecond: "1.2 s",
	} {
		if got := RoundTrip(d); got != want {
			t.Errorf("RoundTrip(%v) = %q, want %q", d, got, want)
		}
	}
}

func TestSkew(t *testing.T) {
	for d, want := range map[time.Duration]string{
		200 * time.Millisecond:   "+0.2 s",
		-3 * time.Second:         "-3.0 s",
		125 * time.Second:        "+2m5s",
		-90*time.Second - 400000: "-1m30s",
		-20 * time.Millisecond:   "+0.0 s",
		-49 * time.Millisecond:   "+0.0 s",
		-50 * time.Millisecond:   "-0.1 s",
		0:                        "+0.0 s",
		math.MinInt64:            "-2562047h47m16s",
		math.MaxInt64:            "+2562047h47m16s",
	} {
		if got := Skew(d); got != want {
			t.Errorf("Skew(%s) = %q, want %q", d, got, want)
		}
	}
}

func TestWordsAndRelative(t *testing.T) {
	now := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
	day := 24 * time.Hour
	tests := []struct {
		from time.Duration // t - now
		want string
	}{
		{0, "just now"},
		{-4 * time.Second, "just now"},
		{45 * time.Second, "in 45 seconds"},
		{-time.Minute, "1 minute ago"},
		{90 * time.Minute, "in 2 hours"},
		{5 * day, "in 5 days"},
		{5*day - time.Second, "in 5 days"}, // a moment after it was 5 days: still 5, not 4
		{-day, "1 day ago"},
		{-14 * day, "14 days ago"},
		{95 * day, "in 3 months"},
		{-800 * day, "2 years ago"},
	}
	for _, tt := range tests {
		if got := Relative(now.Add(tt.from), now); got != tt.want {
			t.Errorf("Relative(now%+v) = %q, want %q", tt.from, got, tt.want)
		}
	}
}
