package sanitize

import (
	"strings"
	"testing"

	"cocalc-tui/hub/clean"
	"cocalc-tui/hub/clean/cleantest"
)

// The seed corpus, hostile strings of every kind, is in testdata/fuzz/FuzzFit;
// plain go test runs it. FuzzLine, for the cleaner itself, is in hub/clean.

// FuzzFit checks that Fit never exceeds its width, in either measure, at
// every width a table column could have, that its output is as safe as
// clean.Line's, and that it takes as many cells drawn (Display) as counted.
func FuzzFit(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		for _, m := range []Measure{PerCodePoint, PerGrapheme} {
			for w := 0; w <= 80; w++ {
				out := m.Fit(s, w)
				if got := m.Width(out); got > w {
					t.Fatalf("%s: Fit(%q, %d) = %q is %d cells wide", m, s, w, out, got)
				}
				if r, found := cleantest.FirstHazard(out, false); found {
					t.Fatalf("%s: Fit(%q, %d) holds %U: %q", m, s, w, r, out)
				}
				checkCut(t, clean.Line(s), w, out)
				if drawn := m.Display(out); m.Width(drawn) != m.Width(out) {
					t.Fatalf("%s: Fit(%q, %d) = %q is %d cells wide, drawn as %q %d", m, s, w, out, m.Width(out), drawn, m.Width(drawn))
				}
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
