package clean

import (
	"strings"
	"testing"
	"unicode/utf8"

	"cocalc-tui/hub/clean/cleantest"
)

// The seed corpus, hostile strings of every kind the package handles, is
// in testdata/fuzz; plain go test runs it.

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

// FuzzBounded checks Bounded at every limit up to a little more than the
// input: safe, idempotent, within the limit, and either Line's result whole
// or a prefix of it that ends in the ellipsis.
func FuzzBounded(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		whole := Line(s)
		for limit := 0; limit <= utf8.RuneCountInString(s)+2 && limit <= 80; limit++ {
			out := Bounded(s, limit)
			checkSafe(t, s, out)
			if n := utf8.RuneCountInString(out); n > limit {
				t.Fatalf("Bounded(%q, %d) = %q has %d characters", s, limit, out, n)
			}
			if again := Bounded(out, limit); again != out {
				t.Fatalf("Bounded is not idempotent on %q at %d: %q then %q", s, limit, out, again)
			}
			kept, cut := strings.CutSuffix(out, Ellipsis)
			if out != whole && (!cut || !strings.HasPrefix(whole, Line(kept))) && limit > 0 {
				t.Fatalf("Bounded(%q, %d) = %q, want %q whole or a prefix of it and %q", s, limit, out, whole, Ellipsis)
			}
		}
	})
}

// checkSafe fails t when out, the cleaned form of in, holds anything a
// terminal could interpret or that reorders text.
func checkSafe(t *testing.T, in, out string) {
	t.Helper()
	if r, found := cleantest.FirstHazard(out, false); found {
		t.Fatalf("output for %q holds %U: %q", in, r, out)
	}
}
