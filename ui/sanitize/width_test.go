package sanitize

import (
	"os/exec"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"

	"cocalc-tui/hub/clean"
	"cocalc-tui/hub/hubtest"
	"cocalc-tui/ui/termtest"
)

// issueSamples are the widths that scrambled the screen in tmux: the cells
// the grapheme measure and tmux 3.3a give each (tmux's measured with the
// text as drawn per code point, that is without ZWJ and VS16).
var issueSamples = []struct {
	text                string
	perGrapheme, inTmux int
}{
	{"👩🏽\u200d💻", 2, 6},
	{"👍🏽", 2, 4},
	{"❤\ufe0f", 2, 1},
	{"🏳\ufe0f\u200d🌈", 2, 3},
	{"शर्मा", 2, 4},
	{"प्रिया", 2, 5},
	{"சுப்பிரமணியம்", 8, 11},
	{"বাংলা", 2, 5},
	{"น้ำ", 1, 2},
	{"👨\u200d👩\u200d👧\u200d👦", 2, 8},
	{"王", 2, 2},
	{"1\ufe0f\u20e3", 2, 1},
	{"🇺🇸", 2, 2},
	{"\u1112\u1161\u11ab", 2, 2},
	{"a\u200cb", 2, 2},
}

func TestMeasuresOfIssueSamples(t *testing.T) {
	for _, s := range issueSamples {
		if got := PerGrapheme.Width(s.text); got != s.perGrapheme {
			t.Errorf("PerGrapheme.Width(%q) = %d, want %d", s.text, got, s.perGrapheme)
		}
		if got := PerCodePoint.Width(s.text); got != s.inTmux {
			t.Errorf("PerCodePoint.Width(%q) = %d, tmux 3.3a draws it in %d cells", s.text, got, s.inTmux)
		}
	}
}

// TestPerCodePointAgreesWithTmux prints the data set of names terminals
// disagree on, as drawn per code point, in tmux, and checks that tmux moves
// the cursor exactly as far as PerCodePoint.Width says.
func TestPerCodePointAgreesWithTmux(t *testing.T) {
	if testing.Short() {
		t.Skip("runs tmux")
	}
	texts := hubtest.ScriptNames()
	for _, s := range issueSamples {
		texts = append(texts, s.text)
	}
	for _, s := range attackSamples {
		texts = append(texts, s.text)
	}
	drawn := make([]string, len(texts))
	for i, text := range texts {
		drawn[i] = PerCodePoint.Display(text)
	}
	cells := termtest.CellsInTmux(t, drawn)
	for i, text := range texts {
		if want := PerCodePoint.Width(text); cells[i] != want {
			t.Errorf("tmux draws %q (as %q) in %d cells, PerCodePoint.Width says %d", text, drawn[i], cells[i], want)
		}
	}
}

func TestDisplay(t *testing.T) {
	family := "👨\u200d👩\u200d👧\u200d👦"
	if got := PerCodePoint.Display(family); got != "👨👩👧👦" {
		t.Errorf("PerCodePoint.Display(family) = %q", got)
	}
	if got := PerCodePoint.Display("Heart ❤\ufe0f"); got != "Heart ❤" {
		t.Errorf("PerCodePoint.Display(heart) = %q", got)
	}
	if got := PerGrapheme.Display(family); got != family {
		t.Errorf("PerGrapheme.Display changed %q to %q", family, got)
	}
	for _, name := range hubtest.ScriptNames() {
		if PerCodePoint.Width(PerCodePoint.Display(name)) != PerCodePoint.Width(name) {
			t.Errorf("Display changes the width of %q per code point", name)
		}
	}
	if s := "plain ascii"; PerCodePoint.Display(s) != s {
		t.Error("Display changed plain text")
	}
}

// attackSamples are the widths that left a line too wide or too short in
// tmux 3.3a: code points glibc's wcwidth gives two cells and other terminals
// one, and code points glibc does not know (tmux draws them in no cell,
// other terminals in one or two). Drawn as U+FFFD, they take one cell in
// every terminal.
var attackSamples = []struct {
	text, drawn string
	cells       int
}{
	{strings.Repeat("\u4dc0", 12), strings.Repeat("\ufffd", 12), 12},                 // ䷀: glibc 2, East Asian Width 1
	{"\u3248\u324f", "\ufffd\ufffd", 2},                                              // ㉈㉏: likewise
	{strings.Repeat("\U0001fa77", 12) + "x", strings.Repeat("\ufffd", 12) + "x", 13}, // 🩷, Unicode 15
	{"\U0001f6dc\U0001fae8\U0001fabf\U0001face", "\ufffd\ufffd\ufffd\ufffd", 4},      // more Unicode 15 emoji
	{strings.Repeat("a\u0ece", 3), strings.Repeat("a\ufffd", 3), 6},                  // a Lao mark of Unicode 15
	{"\ufada\U0002b739\U00030000", "\ufffd\ufffd\U00030000", 4},                      // unassigned, Unicode 15 CJK, Unicode 13 CJK
	{"\u845b\U000e0100", "\u845b\U000e0100", 2},                                      // 葛 and an ideographic variation selector
}

func TestDisplayReplacesWhatTerminalsDisagreeOn(t *testing.T) {
	for _, s := range attackSamples {
		if got := PerCodePoint.Display(s.text); got != s.drawn {
			t.Errorf("PerCodePoint.Display(%q) = %q, want %q", s.text, got, s.drawn)
		}
		if got := PerCodePoint.Width(s.text); got != s.cells {
			t.Errorf("PerCodePoint.Width(%q) = %d, want %d", s.text, got, s.cells)
		}
		if got := PerGrapheme.Display(s.text); got != s.text {
			t.Errorf("PerGrapheme.Display(%q) = %q, want it as it is", s.text, got)
		}
	}
	if s := "\ufffd \xff"; PerCodePoint.Display(s) != s {
		t.Errorf("Display changed %q", s)
	}
}

func TestTruncate(t *testing.T) {
	tests := []struct {
		m     Measure
		in    string
		width int
		want  string
	}{
		{PerGrapheme, "hello", -1, ""},
		{PerGrapheme, "hello", 0, ""},
		{PerGrapheme, "hello", 1, "…"},
		{PerGrapheme, "hello", 2, "h…"},
		{PerGrapheme, "hello", 5, "hello"},
		{PerGrapheme, "", 3, ""},
		{PerGrapheme, "日本語", 1, "…"},
		{PerGrapheme, "日本語", 2, "…"},
		{PerGrapheme, "日本語", 3, "日…"},
		{PerGrapheme, "日本語", 4, "日…"}, // the cut falls inside 本: it is dropped whole
		{PerGrapheme, "日本語", 6, "日本語"},
		{PerGrapheme, "👨\u200d👩\u200d👧\u200d👦xy", 3, "👨\u200d👩\u200d👧\u200d👦…"},
		{PerGrapheme, "👍🏽👍🏽", 3, "👍🏽…"},
		{PerGrapheme, "🇩🇪🇯🇵", 3, "🇩🇪…"},
		{PerGrapheme, "e\u0301e\u0301e\u0301", 2, "e\u0301…"},
		{PerGrapheme, "प्रिया शर्मा", 4, "प्रिया …"},
		{PerCodePoint, "hello", 3, "he…"},
		{PerCodePoint, "日本語", 4, "日…"},
		// A family is 8 cells per code point; it is kept whole or dropped whole.
		{PerCodePoint, "👨\u200d👩\u200d👧\u200d👦xy", 9, "👨\u200d👩\u200d👧\u200d👦…"},
		{PerCodePoint, "👨\u200d👩\u200d👧\u200d👦xy", 8, "…"},
		{PerCodePoint, "👍🏽👍🏽", 5, "👍🏽…"},
		{PerCodePoint, "प्रिया शर्मा", 10, "प्रिया शर्मा"},
		{PerCodePoint, "प्रिया शर्मा", 9, "प्रिया श…"},
		{PerCodePoint, "e\u0301e\u0301e\u0301", 2, "e\u0301…"},
	}
	for _, tt := range tests {
		got := tt.m.Truncate(tt.in, tt.width)
		if got != tt.want {
			t.Errorf("%s: Truncate(%q, %d) = %q, want %q", tt.m, tt.in, tt.width, got, tt.want)
		}
		if tt.width >= 0 && tt.m.Width(got) > tt.width {
			t.Errorf("%s: Truncate(%q, %d) = %q is %d cells wide", tt.m, tt.in, tt.width, got, tt.m.Width(got))
		}
	}
}

// TestTruncateAgreesWithWidth checks that Truncate measures exactly as Width
// does, in both measures: a string is cut exactly when Width says it is too
// wide.
func TestTruncateAgreesWithWidth(t *testing.T) {
	samples := append([]string{"1\ufe0f\u20e3abc", "#\ufe0f\u20e3", "a\u200d😀", "e\u0301日👍🏽", "☺\ufe0fx"},
		hubtest.ScriptNames()...)
	for _, m := range []Measure{PerCodePoint, PerGrapheme} {
		for _, s := range samples {
			for w := 0; w <= m.Width(s)+1; w++ {
				got := m.Truncate(s, w)
				switch {
				case m.Width(got) > w:
					t.Errorf("%s: Truncate(%q, %d) = %q is %d cells wide", m, s, w, got, m.Width(got))
				case w >= m.Width(s) && got != s:
					t.Errorf("%s: Truncate(%q, %d) = %q, want it whole: Width is %d", m, s, w, got, m.Width(s))
				case w > 0 && w < m.Width(s) && !strings.HasSuffix(got, ellipsis):
					t.Errorf("%s: Truncate(%q, %d) = %q, want a cut ending in %q", m, s, w, got, ellipsis)
				}
			}
		}
	}
}

func TestWidthSkipsEscapeSequences(t *testing.T) {
	for _, m := range []Measure{PerCodePoint, PerGrapheme} {
		tests := []struct {
			in   string
			want int
		}{
			{"", 0},
			{"abc", 3},
			{"\x1b[1;38;5;75mabc\x1b[0m", 3},
			{"\x1b]8;;https://example.com\x1b\\link\x1b]8;;\x07", 4},
			{"日本", 4},
			{"␛[2J", 4},
			{"…", 1},
		}
		for _, tt := range tests {
			if got := m.Width(tt.in); got != tt.want {
				t.Errorf("%s: Width(%q) = %d, want %d", m, tt.in, got, tt.want)
			}
		}
	}
}

func TestPadRight(t *testing.T) {
	tests := []struct {
		m     Measure
		in    string
		width int
		want  string
	}{
		{PerGrapheme, "ab", 4, "ab  "},
		{PerGrapheme, "abcdef", 4, "abc…"},
		{PerGrapheme, "日本", 5, "日本 "},
		{PerGrapheme, "日本語", 4, "日… "}, // the wide 本 does not fit: a space fills its cell
		{PerGrapheme, "ab", 0, ""},
		{PerGrapheme, "ab", -3, ""},
		{PerGrapheme, "", 2, "  "},
		{PerGrapheme, "शर्मा", 4, "शर्मा  "},
		{PerCodePoint, "शर्मा", 4, "शर्मा"},
		{PerCodePoint, "शर्मा", 6, "शर्मा  "},
		{PerCodePoint, "👍🏽", 5, "👍🏽 "},
	}
	for _, tt := range tests {
		got := tt.m.PadRight(tt.in, tt.width)
		if got != tt.want {
			t.Errorf("%s: PadRight(%q, %d) = %q, want %q", tt.m, tt.in, tt.width, got, tt.want)
		}
		if want := max(tt.width, 0); tt.m.Width(got) != want {
			t.Errorf("%s: PadRight(%q, %d) is %d cells wide, want %d", tt.m, tt.in, tt.width, tt.m.Width(got), want)
		}
	}
}

func TestTruncateStyled(t *testing.T) {
	line := "\x1b[1mप्रिया\x1b[0m शर्मा"
	tests := []struct {
		m     Measure
		width int
		want  string
	}{
		{PerCodePoint, 10, line},
		{PerCodePoint, 8, "\x1b[1mप्रिया\x1b[0m श…"},
		{PerCodePoint, 3, "\x1b[1m…\x1b[0m"}, // प्रि is 3 cells: dropped whole
		{PerGrapheme, 5, line},
		{PerGrapheme, 4, "\x1b[1mप्रिया\x1b[0m …"},
		{PerGrapheme, 0, "\x1b[1m\x1b[0m"},
	}
	for _, tt := range tests {
		got := tt.m.TruncateStyled(line, tt.width, ellipsis)
		if got != tt.want {
			t.Errorf("%s: TruncateStyled(%q, %d) = %q, want %q", tt.m, line, tt.width, got, tt.want)
		}
		if tt.m.Width(got) > tt.width {
			t.Errorf("%s: TruncateStyled(%q, %d) is %d cells wide", tt.m, line, tt.width, tt.m.Width(got))
		}
	}
}

func TestWrap(t *testing.T) {
	tests := []struct {
		m     Measure
		in    string
		width int
		want  []string
	}{
		{PerCodePoint, " one two three", 8, []string{" one two", "three"}},
		{PerCodePoint, "https://cocalc.example/auth/password_reset/0123456789", 20,
			[]string{"https://cocalc.examp", "le/auth/password_res", "et/0123456789"}},
		{PerCodePoint, "प्रिया शर्मा", 6, []string{"प्रिया", "शर्मा"}},
		{PerGrapheme, "प्रिया शर्मा", 6, []string{"प्रिया शर्मा"}},
		{PerCodePoint, "\x1b[33mValid for 24 hours.\x1b[0m", 10, []string{"\x1b[33mValid for", "24 hours.\x1b[0m"}},
	}
	for _, tt := range tests {
		got := tt.m.Wrap(tt.in, tt.width)
		if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
			t.Errorf("%s: Wrap(%q, %d) = %q, want %q", tt.m, tt.in, tt.width, got, tt.want)
		}
		for _, line := range got {
			if tt.m.Width(line) > tt.width {
				t.Errorf("%s: Wrap(%q, %d) made %q, %d cells wide", tt.m, tt.in, tt.width, line, tt.m.Width(line))
			}
		}
	}
}

func TestTruncateToleratesUncleanInput(t *testing.T) {
	// Truncate's contract is clean input, but a caller's mistake must not hang
	// or panic the UI.
	for _, m := range []Measure{PerCodePoint, PerGrapheme} {
		for _, s := range []string{"\xff\xfe\xfd", "\x1b[2J\x1b[2J", "\u009b\u202e\x00", "\x1b", "\x1b]unterminated"} {
			for w := 0; w < 5; w++ {
				_ = m.Truncate(s, w)
				_ = m.TruncateStyled(s, w, ellipsis)
				_ = m.Wrap(s, w)
				_ = m.Width(s)
			}
		}
	}
}

// keptCodePoints is every code point that clean.Line keeps as it is: every
// one that text from a server may bring to the screen.
func keptCodePoints() []rune {
	var kept []rune
	for r := rune(0x20); r <= unicode.MaxRune; r++ {
		if s := string(r); utf8.ValidRune(r) && clean.Line(s) == s {
			kept = append(kept, r)
		}
	}
	return kept
}

// eastAsianWidthRule is the width per code point by the rule VTE,
// Alacritty, kitty, WezTerm and xterm's own tables follow: 0 for combining
// marks, format characters and the Hangul jamo that join a syllable, 2 for
// East Asian Wide and Fullwidth characters, 1 for the rest.
func eastAsianWidthRule(r rune) int {
	switch {
	case unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf):
		return 0
	case r >= 0x1160 && r <= 0x11ff, r >= 0xd7b0 && r <= 0xd7ff:
		return 0
	}
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return 2
	}
	return 1
}

// TestWidthTableAgreesWithEastAsianWidth checks that glibc's widths, which
// the table holds and tmux draws by, are those of the other terminals for
// every code point drawn as it is: where they differ, Display must draw
// U+FFFD instead, which takes one cell in all of them. A difference found
// here is a new dispute for scripts/wcwidth's list.
func TestWidthTableAgreesWithEastAsianWidth(t *testing.T) {
	disagree := 0
	for _, r := range keptCodePoints() {
		drawn := PerCodePoint.Display(string(r))
		switch {
		case drawn == "\ufffd" && r != '\ufffd':
			if CodePointWidth(r) != 1 {
				t.Errorf("U+%04X is drawn as U+FFFD, one cell, but counted %d", r, CodePointWidth(r))
			}
		case drawn == "":
			if r != '\u200d' && r != '\ufe0f' {
				t.Errorf("Display leaves out U+%04X", r)
			}
		case drawn != string(r):
			t.Errorf("Display draws U+%04X as %q", r, drawn)
		case CodePointWidth(r) != eastAsianWidthRule(r):
			if disagree++; disagree <= 20 {
				t.Errorf("U+%04X: %s gives %d cells, the East Asian Width rule %d", r, tableSource, CodePointWidth(r), eastAsianWidthRule(r))
			}
		}
	}
	if disagree > 0 {
		t.Errorf("%d code points drawn as they are have widths terminals disagree on", disagree)
	}
}

// TestEveryCodePointAsTmuxDrawsIt draws every code point that cleaning
// keeps, as Display draws it, in tmux, and checks that tmux moves the cursor
// exactly as far as CodePointWidth says: the table and the choice of what to
// draw as U+FFFD, over the whole set rather than examples.
func TestEveryCodePointAsTmuxDrawsIt(t *testing.T) {
	if testing.Short() {
		t.Skip("runs tmux")
	}
	kept := keptCodePoints()
	index := map[string]int{} // drawn form → its place in texts
	var texts []string
	for _, r := range kept {
		drawn := PerCodePoint.Display(string(r))
		if _, seen := index[drawn]; !seen {
			index[drawn] = len(texts)
			texts = append(texts, drawn)
		}
	}
	cells := termtest.CellsInTmux(t, texts)
	wrong := 0
	for _, r := range kept {
		drawn := PerCodePoint.Display(string(r))
		if got, want := cells[index[drawn]], CodePointWidth(r); got != want {
			if wrong++; wrong <= 20 {
				t.Errorf("U+%04X, drawn as %q: tmux takes %d cells, CodePointWidth says %d", r, drawn, got, want)
			}
		}
	}
	if wrong > 0 {
		libc, _ := exec.Command("getconf", "GNU_LIBC_VERSION").Output()
		t.Errorf("%d of %d code points are drawn in another width than counted; the table is %s's, this machine has %s",
			wrong, len(kept), tableSource, strings.TrimSpace(string(libc)))
	}
}
