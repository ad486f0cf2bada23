package clean

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

func BenchmarkLine(b *testing.B) {
	for _, in := range benchInputs {
		rows := benchRows(in.name)
		b.Run(in.kind, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				for _, s := range rows {
					_ = Line(s)
				}
			}
		})
	}
}

// BenchmarkBounded is what the hub client does to every name of an answer.
func BenchmarkBounded(b *testing.B) {
	for _, in := range benchInputs {
		rows := benchRows(in.name)
		b.Run(in.kind, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				for _, s := range rows {
					_ = Bounded(s, NameLimit)
				}
			}
		})
	}
	huge := strings.Repeat("Mallory\x1b[2J ", 2<<20) // 30 MB
	b.Run("30MB", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = Bounded(huge, ErrorLimit)
		}
	})
}
