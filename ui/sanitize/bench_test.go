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
