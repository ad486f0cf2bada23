package sanitize

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// The seed corpus, hostile strings of every kind the package handles, is
// in testdata/fuzz/FuzzLine and testdata/fuzz/FuzzFit; plain go test runs it.

// FuzzLine checks that Line's output is always safe and that Line is
// idempotent, so that cleaning a string twice (a CLI line built from a TUI
// cell, say) never changes it again.
func FuzzLine(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		out := Line(s)
		checkSafe(t, s, out)
		if again := Line(out); again != out {
			t.Errorf("Line is not idempotent on %q: %q then %q", s, out, again)
		}
	})
}

// FuzzFit checks that Fit never exceeds its width, in either measure, at
// every width a table column could have, and that its output is as safe as
// Line's.
func FuzzFit(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		for _, m := range []Measure{PerCodePoint, PerGrapheme} {
			for w := 0; w <= 80; w++ {
				out := m.Fit(s, w)
				if got := m.Width(out); got > w {
					t.Fatalf("%s: Fit(%q, %d) = %q is %d cells wide", m, s, w, out, got)
				}
				checkSafe(t, s, out)
				checkCut(t, Line(s), w, out)
			}
		}
	})
}

// checkCut fails t unless out is clean itself, or a prefix of clean followed
// by the ellipsis.
func checkCut(t *testing.T, clean string, w int, out string) {
	t.Helper()
	if out == clean || out == "" {
		return
	}
	kept, cut := strings.CutSuffix(out, ellipsis)
	if !cut || !strings.HasPrefix(clean, kept) {
		t.Fatalf("Fit of %q to %d = %q, want a prefix of it and %q", clean, w, out, ellipsis)
	}
}

// checkSafe fails t when out, the cleaned form of in, holds anything a
// terminal could interpret or that reorders text.
func checkSafe(t *testing.T, in, out string) {
	t.Helper()
	if !utf8.ValidString(out) {
		t.Fatalf("output for %q is invalid UTF-8: %q", in, out)
	}
	for _, r := range out {
		if r < 0x20 || r == 0x7F || (r >= 0x80 && r <= 0x9F) || isBidiControl(r) || r == '\u2028' || r == '\u2029' {
			t.Fatalf("output for %q holds %U: %q", in, r, out)
		}
	}
}

// isBidiControl is spelled out here, independent of the Cf rule in the code
// under test, so the test checks the promise rather than the implementation.
func isBidiControl(r rune) bool {
	switch {
	case r == '\u061C', r == '\u200E', r == '\u200F':
		return true
	case r >= '\u202A' && r <= '\u202E':
		return true
	case r >= '\u2066' && r <= '\u2069':
		return true
	}
	return false
}
