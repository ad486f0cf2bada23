package clean

import (
	"strings"
	"testing"

	"cocalc-tui/hub/clean/cleantest"
)

func TestText(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"Ada\tLovelace", "Ada\tLovelace"},
		{"alice\nbob\n", "alice\nbob\n"},
		{"alice\r\nbob\r\n", "alice\nbob\n"},
		{"a\rb\n", "a␍b\n"},   // a lone CR would overwrite the line
		{"a\r\r\nb", "a␍\nb"}, // only the CR of a CRLF goes
		{"\x1b]0;owned\x07\tx", "␛]0;owned␇\tx"},
		{"\x1b[2J\n\x9b31m", "␛[2J\n\uFFFD31m"},
		{"invoice\u202Efdp.exe\tok", "invoicefdp.exe\tok"},
		{"a\vb\fc\x00", "a␋b␌c␀"},
		{"x\u2028y", "x y"},
		{"plain", "plain"},
		{"\xff\n", "\uFFFD\n"},
	} {
		got := Text(tt.in)
		if got != tt.want {
			t.Errorf("Text(%q) = %q, want %q", tt.in, got, tt.want)
		}
		checkTextSafe(t, tt.in, got)
	}
}

// FuzzText checks that Text's output holds nothing a terminal would act
// on but TAB and LF, that Text is idempotent, and that without TAB and LF
// it is Line.
func FuzzText(f *testing.F) {
	for _, seed := range []string{"a\tb\r\nc", "\x1b[2J\n\x9b", "🏴\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F\t"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Text(s)
		checkTextSafe(t, s, out)
		if again := Text(out); again != out {
			t.Errorf("Text is not idempotent on %q: %q then %q", s, out, again)
		}
		if !strings.ContainsAny(s, "\t\n") && out != Line(s) {
			t.Errorf("Text(%q) = %q, Line gives %q", s, out, Line(s))
		}
		if strings.Count(out, "\n") != strings.Count(s, "\n") || strings.Count(out, "\t") != strings.Count(s, "\t") {
			t.Errorf("Text(%q) = %q does not keep its TABs and LFs", s, out)
		}
	})
}

func checkTextSafe(t *testing.T, in, out string) {
	t.Helper()
	if r, found := cleantest.FirstHazard(strings.ReplaceAll(out, "\t", " "), true); found {
		t.Fatalf("Text(%q) holds %U: %q", in, r, out)
	}
}
