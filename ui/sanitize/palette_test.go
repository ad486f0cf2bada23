package sanitize

import (
	"math/rand/v2"
	"strings"
	"testing"

	"cocalc-tui/hub/clean"
)

// palette holds the pieces that make grapheme clustering and width hard:
// combining marks, joiners, variation selectors, keycaps, regional
// indicators, skin tones, Hangul jamo, Indic conjuncts, Thai spacing marks,
// tags, wide and ambiguous characters, and controls that clean.Line rewrites.
var palette = []string{
	"a", "1", "#", " ", "\u0301", "\u200d", "\u200c", "\ufe0f", "\ufe0e", "\u20e3",
	"🇩", "🇪", "👍", "🏽", "👨", "👩", "💻", "🏳", "🌈", "🏴", "\U000E0067", "\U000E007F",
	"日", "ㅤ", "\u1100", "\u1161", "\u11a8", "क", "\u094d", "ष", "\u0e33", "ก",
	"\u0600", "\ufffd", "…", "\x1b", "\t", "\u009b", "\u202e", "\u2028", "\xff", "©", "☺",
}

func TestFitWidthOnPaletteStrings(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		var b strings.Builder
		for range rng.IntN(12) {
			b.WriteString(palette[rng.IntN(len(palette))])
		}
		s := b.String()
		cleaned := clean.Line(s)
		for _, m := range []Measure{PerCodePoint, PerGrapheme} {
			for w := 0; w <= 12; w++ {
				out := m.Fit(s, w)
				if m.Width(out) > w {
					t.Fatalf("%s: Fit(%q, %d) = %q is %d wide", m, s, w, out, m.Width(out))
				}
				if p := m.PadRight(cleaned, w); m.Width(p) != w {
					t.Fatalf("%s: PadRight(%q, %d) = %q is %d wide", m, cleaned, w, p, m.Width(p))
				}
				if cut := m.TruncateStyled("\x1b[1m"+cleaned+"\x1b[0m", w, ellipsis); m.Width(cut) > w {
					t.Fatalf("%s: TruncateStyled(%q, %d) = %q is %d wide", m, cleaned, w, cut, m.Width(cut))
				}
			}
		}
	}
}
