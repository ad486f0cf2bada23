package clean

import (
	"fmt"
	"strings"
	"testing"
	"unicode"
)

func TestLineHostile(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"CSI clear screen", "\x1b[2J", "␛[2J"},
		{"CSI colour", "\x1b[31mred\x1b[0m", "␛[31mred␛[0m"},
		{"OSC 52 clipboard, BEL", "\x1b]52;c;cm0gLXJmIH4=\x07", "␛]52;c;cm0gLXJmIH4=␇"},
		{"OSC 8 hidden link target", "\x1b]8;;https://evil.example\x1b\\cocalc.com\x1b]8;;\x1b\\", "␛]8;;https://evil.example␛\\cocalc.com␛]8;;␛\\"},
		{"OSC 0 window title", "\x1b]0;pwned\x07Alice", "␛]0;pwned␇Alice"},
		{"DCS", "\x1bP1$r0m\x1b\\", "␛P1$r0m␛\\"},
		{"APC", "\x1b_Gf=100;AAAA\x1b\\", "␛_Gf=100;AAAA␛\\"},
		{"PM", "\x1b^private\x1b\\", "␛^private␛\\"},
		{"SOS", "\x1bXstring\x1b\\", "␛Xstring␛\\"},
		{"8-bit CSI U+009B", "\u009b2J", "�2J"},
		{"8-bit OSC U+009D and ST U+009C", "\u009d0;t\u009c", "�0;t�"},
		{"NEL U+0085", "a\u0085b", "a�b"},
		{"every C1 control", "\u0080\u008f\u0090\u009f", "����"},
		{"raw C1 byte, invalid UTF-8", "\x9b2J", "�2J"},
		{"carriage return", "Alice\rMallory", "Alice␍Mallory"},
		{"backspace", "admin\b\b\b\b\buser", "admin␈␈␈␈␈user"},
		{"BEL", "\a", "␇"},
		{"NUL", "a\x00b", "a␀b"},
		{"newline", "line1\nline2", "line1␊line2"},
		{"vertical tab, form feed", "\v\f", "␋␌"},
		{"unit separator", "\x1f", "␟"},
		{"tab is one space", "a\tb", "a b"},
		{"DEL", "a\x7fb", "a␡b"},
		{"RLO U+202E", "moc.\u202eevil", "moc.evil"},
		{"LRE PDF RLE LRO", "\u202a\u202b\u202c\u202dx", "x"},
		{"isolates U+2066-U+2069", "\u2066a\u2067b\u2068c\u2069", "abc"},
		{"LRM RLM", "\u200ea\u200f", "a"},
		{"Arabic letter mark", "\u061cx", "x"},
		{"line separator", "a\u2028b", "a b"},
		{"paragraph separator", "a\u2029b", "a b"},
		{"BOM / ZWNBSP", "\ufeffadmin", "admin"},
		{"zero width space", "ad\u200bmin", "admin"},
		{"word joiner", "ad\u2060min", "admin"},
		{"soft hyphen", "ad\u00admin", "admin"},
		{"interlinear annotation", "\ufff9a\ufffab\ufffb", "ab"},
		{"Arabic number sign (a format character)", "\u0600123", "123"},
		{"Hangul jungseong filler", "sk-LVFq\u1160tICO", "sk-LVFqtICO"},
		{"Hangul choseong filler", "ad\u115fmin", "admin"},
		{"Hangul filler", "ad\u3164min", "admin"},
		{"halfwidth Hangul filler", "ad\uffa0min", "admin"},
		{"Khmer inherent vowels", "ad\u17b4m\u17b5in", "admin"},
		{"combining grapheme joiner", "ad\u034fmin", "admin"},
		{"reserved default-ignorable code points", "a\u2065b\ufff0c\U000E0000d\U000E0FFFe", "abcde"},
		{"Mongolian vowel separator", "a\u180eb", "ab"},
		{"stray tags (ASCII smuggling)", "hi\U000E0069\U000E0067\U000E006E\U000E007F", "hi"},
		{"language tag", "\U000E0001x", "x"},
		{"tags after a flag that spell no flag", "🏴\U000E0041\U000E0042\U000E0043\U000E007Fx", "🏴x"},
		{"tags after a flag without CANCEL TAG", "🏴\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074x", "🏴x"},
		{"too few tags after a flag", "🏴\U000E0067\U000E0062\U000E007F", "🏴"},
		{"too many tags after a flag", "🏴\U000E0061\U000E0061\U000E0061\U000E0061\U000E0061\U000E0061\U000E0061\U000E0061\U000E007F", "🏴"},
		{"a message smuggled after a real flag", "🏴\U000E0067\U000E0062\U000E0077\U000E006C\U000E0073\U000E007F\U000E0068\U000E0069", "🏴\U000E0067\U000E0062\U000E0077\U000E006C\U000E0073\U000E007F"},
		{"tag space and punctuation", "🏴\U000E0020\U000E0021\U000E0067\U000E007F", "🏴"},
		{"invalid UTF-8", "a\xffb\xc3", "a�b�"},
		{"surrogate half", "\xed\xa0\x80", "���"},
		{"overlong encoding of ESC", "\xc0\x9b", "��"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Line(tt.in); got != tt.want {
				t.Errorf("Line(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestLineKeepsPrintableUnicode(t *testing.T) {
	for _, s := range []string{
		"",
		"Alice Smith <alice@example.com>",
		"~!@#$%^&*()_+`-={}|[]\\:\";'<>?,./",
		"山田太郎",
		"김민준",
		"José Müller",
		"e\u0301\u0302 (combining accents)",
		"Zalgo: Z\u0351\u0352\u0353\u0354",
		"👍🏽👋🏿",
		"👨‍👩‍👧‍👦 family",
		"🧑🏽‍💻",
		"🏳️‍🌈",
		"🇩🇪🇯🇵",
		"🏴\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F",                                                              // Scotland
		"🏴\U000E0067\U000E0062\U000E0065\U000E006E\U000E0067\U000E007F🏴\U000E0067\U000E0062\U000E0077\U000E006C\U000E0073\U000E007F", // England, Wales
		"🏴 a black flag alone",
		"1\ufe0f\u20e3 keycap",
		"☺\ufe0e text, ☺\ufe0f emoji",
		"葛\U000E0100 (ideographic variation selector)",
		"ᠠ\u180b\u180f (Mongolian free variation selectors)",
		"\u1100\u1161\u11a8 (conjoining jamo)",
		"می\u200cخواهم (ZWNJ)",
		"\u00a0\u3000 non-breaking and ideographic space",
		"\ufffd stays a replacement character",
		"␛ is a printable picture",
		"\ue000 private use",
	} {
		if got := Line(s); got != s {
			t.Errorf("Line(%q) = %q, want it unchanged", s, got)
		}
	}
}

// defaultIgnorable is the Unicode property Default_Ignorable_Code_Point,
// derived from Go's tables as DerivedCoreProperties.txt derives it,
// independently of the package's own sets.
func defaultIgnorable(r rune) bool {
	switch {
	case unicode.Is(unicode.White_Space, r), unicode.Is(unicode.Prepended_Concatenation_Mark, r):
		return false
	case r >= 0xFFF9 && r <= 0xFFFB, r >= 0x13430 && r <= 0x13440:
		return false
	}
	return unicode.In(r, unicode.Other_Default_Ignorable_Code_Point, unicode.Cf, unicode.Variation_Selector)
}

// TestLineRemovesDefaultIgnorables walks every code point: a default-ignorable
// one, or a format character, between two letters is removed, but for the
// joiners and the variation selectors, which are kept (tags are kept only in
// a flag, which TestLineHostile checks).
func TestLineRemovesDefaultIgnorables(t *testing.T) {
	removed := 0
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if !defaultIgnorable(r) && !unicode.Is(unicode.Cf, r) {
			continue
		}
		in := "a" + string(r) + "b"
		want := "ab"
		if r == zeroWidthJoiner || r == zeroWidthNonJoiner || unicode.Is(unicode.Variation_Selector, r) {
			want = in
		} else {
			removed++
		}
		if got := Line(in); got != want {
			t.Errorf("Line(%q) = %q, want %q", in, got, want)
		}
	}
	if removed < 3900 { // U+E0000–U+E0FFF alone holds 3,856 (tags and reserved), bar the variation selectors
		t.Errorf("only %d code points removed", removed)
	}
}

func TestLineIdempotent(t *testing.T) {
	for _, s := range []string{
		"\x1b]8;;x\x1b\\y", "\u009b\xff\t\u2028", "🏴\u200b\U000E0067", "🏴\x01\U000E0067",
		"🏴\U000E0067\u200b\U000E0062\U000E0073\U000E007F", "🏴🏴\U000E0067\U000E0062\U000E0073\U000E007F",
	} {
		once := Line(s)
		if twice := Line(once); twice != once {
			t.Errorf("Line(Line(%q)) = %q, want %q", s, twice, once)
		}
	}
}

func TestLineDoesNotAllocateWhenClean(t *testing.T) {
	for _, s := range []string{"plain ascii name", "山田太郎 👨‍👩‍👧‍👦 José"} {
		allocs := testing.AllocsPerRun(100, func() { _ = Line(s) })
		if allocs != 0 {
			t.Errorf("Line(%q) allocated %v times, want 0", s, allocs)
		}
	}
}

func ExampleLine() {
	fmt.Println(Line("Mallory\x1b]52;c;cm0gLXJm\x07\r\u202eadmin"))
	// Output: Mallory␛]52;c;cm0gLXJm␇␍admin
}

func TestBounded(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		limit int
		want  string
	}{
		{"short stays whole", "Alice", 10, "Alice"},
		{"exactly the limit", "abcdefghij", 10, "abcdefghij"},
		{"one over: cut with an ellipsis, between words", "Alice Smith", 10, "Alice …"},
		{"cut after a space", "Alice Smith", 7, "Alice …"},
		{"cut at punctuation", "Smith,Alice", 8, "Smith,…"},
		{"cleaned before it is counted", "\x1b[2J\x1b[2J\x1b[2J", 10, "␛[2J␛[2J␛…"},
		{"removed characters do not count", "a\u200bb\u200bc\u200bd", 4, "abcd"},
		{"wide characters are one character each", "山田太郎山田太郎", 5, "山田太郎…"},
		{"a token cut in the middle is dropped whole", "Error: sk-LVFqtICOfKU6kULz0000Tj echoed", 20, "Error: …"},
		{"a token that ends at the cut stays", "name sk-abc def", 12, "name sk-abc…"},
		{"a key hidden with joiners is a token too", "x sk-LVFq\u200dtICOfKU6kULz", 12, "x …"},
		{"and with combining marks", "x sk-LVFq\u0336tICOfKU6kULz", 12, "x …"},
		{"and percent-encoded", "x %73%6B%2D%4C%56%46", 12, "x …"},
		{"and in full-width letters", "x \uff53\uff4b\uff0d\uff2c\uff36\uff26\uff51", 6, "x …"},
		{"and in accented letters", "x sk-\u00e1\u00e9\u00edXYZ", 8, "x …"},
		{"CJK is not a token", "x \u5c71\u7530\u592a\u90ce", 4, "x \u5c71…"},
		{"a flag sequence cut in the middle loses its tags", "🏴\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F!!", 4, "🏴…"},
		{"limit 1", "abc", 1, "…"},
		{"limit 0", "abc", 0, ""},
		{"nothing left after the cut", "abcdefghijklmnop", 5, "…"},
		{"a long word loses its last 100 characters", strings.Repeat("a", 300), 150, strings.Repeat("a", 49) + "…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Bounded(tt.in, tt.limit); got != tt.want {
				t.Errorf("Bounded(%q, %d) = %q, want %q", tt.in, tt.limit, got, tt.want)
			}
		})
	}
}

// TestBoundedReadsOnlyWhatItKeeps checks that a text of megabytes costs
// about as much as a short one: the 30 MB error that kept the UI busy.
func TestBoundedReadsOnlyWhatItKeeps(t *testing.T) {
	huge := strings.Repeat("\x1b]0;title\x07", 3<<20)
	allocs := testing.AllocsPerRun(5, func() { _ = Bounded(huge, ErrorLimit) })
	if allocs > 3 {
		t.Errorf("Bounded allocated %v times on a 30 MB text", allocs)
	}
	out := Bounded(huge, ErrorLimit)
	if n := len(out); n > 4*ErrorLimit {
		t.Errorf("Bounded kept %d bytes", n)
	}
}
