package sanitize

import (
	"strings"
	"testing"
)

// benchRows imitates one full admin search answer (2,500 accounts) of the
// given kind of name.
func benchRows(name string) []string {
	rows := make([]string, 2500)
	for i := range rows {
		rows[i] = name
	}
	return rows
}

var benchInputs = []struct {
	kind, name string
}{
	{"ascii", "Alice Smith <alice.smith@example.com>"},
	{"unicode", "山田太郎 José Müller 👨‍👩‍👧‍👦 🇩🇪 👍🏽"},
	{"hostile", "Mallory\x1b]52;c;cm0gLXJm\x07\r\u202eadmin\u009b2J\xff"},
}

// BenchmarkFit cleans and cuts 2,500 rows in each measure: counting per
// code point (the default) beside counting grapheme clusters.
func BenchmarkFit(b *testing.B) {
	for _, m := range []Measure{PerCodePoint, PerGrapheme} {
		for _, in := range benchInputs {
			rows := benchRows(in.name + strings.Repeat("x", 20))
			b.Run(strings.ReplaceAll(m.String(), " ", "-")+"/"+in.kind, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					for _, s := range rows {
						_ = m.Fit(s, 24)
					}
				}
			})
		}
	}
}

// BenchmarkDisplay is what drawing costs on top of each frame of the UI
// (200x60): a frame Display leaves as it is, and one with an emoji ZWJ
// sequence on every line, which it draws without the joiners.
func BenchmarkDisplay(b *testing.B) {
	row := "│▶ Alice Wong          ✓ alice.wong@example.org  20m ago │ 山田太郎 José"
	for _, frame := range []struct{ kind, line string }{
		{"plain", row},
		{"emoji-sequences", row + " 👨‍👩‍👧‍👦 👍🏽"},
	} {
		text := strings.Repeat(frame.line+strings.Repeat(" ", 100)+"│\n", 60)
		b.Run(frame.kind, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_ = PerCodePoint.Display(text)
			}
		})
	}
}
