package ui

import (
	"testing"
	"time"
)

func TestBackoffDoublesUpToTheInterval(t *testing.T) {
	want := []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 10 * time.Second, 10 * time.Second}
	for i, w := range want {
		if got := backoff(i+1, 10*time.Second); got != w {
			t.Errorf("backoff(%d) = %v, want %v", i+1, got, w)
		}
	}
}

func TestLayout(t *testing.T) {
	tests := []struct {
		w, h              int
		tooSmall, stacked bool
	}{
		{120, 40, false, false},
		{100, 30, false, false},
		{99, 30, false, true},
		{80, 24, false, true},
		{50, 14, false, true},
		{49, 30, true, false},
		{80, 13, true, false},
	}
	for _, tt := range tests {
		l := computeLayout(tt.w, tt.h)
		if l.tooSmall != tt.tooSmall || l.stacked != tt.stacked {
			t.Errorf("computeLayout(%d, %d): tooSmall %v stacked %v", tt.w, tt.h, l.tooSmall, l.stacked)
			continue
		}
		if l.tooSmall {
			continue
		}
		used := headerHeight + searchHeight + outcomeHeight + hintHeight + l.results.height
		if l.stacked {
			used += l.details.height
		} else if l.results.width+l.details.width != tt.w || l.results.height != l.details.height {
			t.Errorf("computeLayout(%d, %d): panes %v and %v do not share the width", tt.w, tt.h, l.results, l.details)
		}
		if used != tt.h {
			t.Errorf("computeLayout(%d, %d) uses %d rows", tt.w, tt.h, used)
		}
	}
}

func TestPastedLinesBecomePieces(t *testing.T) {
	got := string(pastedQuery([]rune("ada@example.com\r\n\n  bob@example.com \nCarol\n")))
	if want := "ada@example.com, bob@example.com, Carol"; got != want {
		t.Errorf("pastedQuery = %q, want %q", got, want)
	}
}

func TestParseColour(t *testing.T) {
	for in, want := range map[string]string{
		"rgb(255, 0, 10)":  "#ff000a",
		"#A1B2C3":          "#A1B2C3",
		"rgb(300,0,0)":     "",
		"red":              "",
		"rgb(1,2,3);\x1b[": "",
	} {
		got, ok := parseColour(in)
		if got != want || ok != (want != "") {
			t.Errorf("parseColour(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}
