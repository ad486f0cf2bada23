package hub_test

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"cocalc-tui/hub"
	"cocalc-tui/hub/clean"
)

func TestScrubberRemovesEveryForm(t *testing.T) {
	t.Parallel()
	key := "sk-scrubMe0000000000042"
	basic := base64.StdEncoding.EncodeToString([]byte(key + ":"))
	forms := map[string]string{
		"as is":                              key,
		"Basic credentials":                  basic,
		"Basic, unpadded":                    strings.TrimRight(basic, "="),
		"bearer":                             "Bearer " + key,
		"without prefix":                     strings.TrimPrefix(key, "sk-"),
		"in a URL":                           "https://x.org/?k=" + url.QueryEscape(key) + "&q=1",
		"its own base64":                     base64.StdEncoding.EncodeToString([]byte(key)),
		"URL-safe base64":                    base64.URLEncoding.EncodeToString([]byte(key + ":")),
		"zero-width space":                   key[:6] + "\u200b" + key[6:],
		"zero-width joiner":                  key[:6] + "\u200d" + key[6:],
		"variation selector":                 key[:9] + "\ufe0f" + key[9:],
		"word joiner, bidi mark":             key[:3] + "\u2060" + key[3:12] + "\u200e" + key[12:],
		"Hangul jungseong filler":            key[:7] + "\u1160" + key[7:],
		"Hangul choseong filler":             key[:7] + "\u115f" + key[7:],
		"Hangul filler":                      key[:7] + "\u3164" + key[7:],
		"halfwidth Hangul filler":            key[:7] + "\uffa0" + key[7:],
		"Khmer inherent vowels":              key[:7] + "\u17b4" + key[7:9] + "\u17b5" + key[9:],
		"language tag":                       key[:7] + "\U000E0001" + key[7:],
		"combining marks":                    key[:7] + "\u0300" + key[7:9] + "\u0307" + key[9:],
		"combining overlay on every letter":  strings.Join(strings.Split(key, ""), "\u0336"),
		"percent-encoded in full":            percentEncoded(key),
		"percent-encoded, lower case":        strings.ToLower(percentEncoded(key)),
		"percent-encoded in part":            "sk%2D" + key[3:10] + "%" + strings.ToUpper(hex.EncodeToString([]byte(key[10:11]))) + key[11:],
		"a redirect's Location":              "redirected to https://evil.example/cb?token=" + percentEncoded(key) + "&x=1",
		"Basic credentials, percent-encoded": url.QueryEscape(basic),
		"an unknown key":                     "sk-SomeoneElsesKey000000042",
		"in capitals":                        strings.ToUpper(key),
		"hex":                                hex.EncodeToString([]byte(key)),
		"hex in capitals, without prefix":    strings.ToUpper(hex.EncodeToString([]byte(key[3:]))),
		"base64 after one byte":              base64.StdEncoding.EncodeToString([]byte("x" + key)),
		"base64 after two bytes":             base64.StdEncoding.EncodeToString([]byte("xy" + key)),
		"base64 of the Bearer header":        base64.StdEncoding.EncodeToString([]byte("Bearer " + key)),
		"URL-safe base64 in a JSON body":     base64.RawURLEncoding.EncodeToString([]byte(`{"key":"` + key + `","n":1}`)),
		"full-width":                         fullWidth(key),
		"full-width in part":                 key[:5] + fullWidth(key[5:12]) + key[12:],
		"mathematical digits":                strings.NewReplacer("0", "\U0001D7CE", "4", "\U0001D7D2", "2", "\U0001D7D0").Replace(key),
		"circled letters":                    "sk-\u24e2\u24d2\u24e1\u24e4\u24d1\u24c2\u24d4" + key[10:],
		"accented letters":                   "sk-\u015bc\u0155\u00fcbM\u00e9" + key[10:],
	}
	s := hub.NewScrubber(key)
	for what, form := range forms {
		text := "before " + form + " after"
		got := s.Scrub(text)
		if !strings.HasPrefix(got, "before ") || !strings.HasSuffix(got, " after") || !strings.Contains(got, hub.Redacted) {
			t.Errorf("%s: Scrub(%q) = %q", what, text, got)
		}
		if cleaned := clean.Line(got); strings.Contains(cleaned, key) || strings.Contains(cleaned, strings.TrimPrefix(key, "sk-")) {
			t.Errorf("%s: the key survives: %q", what, got)
		}
		if !s.Contains(text) {
			t.Errorf("%s: Contains(%q) = false", what, text)
		}
	}
	for _, text := range []string{"short keys stay: abc", "sk-short", "ask-AAAAAAAAAAAAAAAAAAAA is a word", "Alice Smith"} {
		if got := hub.NewScrubber("abc").Scrub(text); got != text {
			t.Errorf("Scrub(%q) = %q, want it unchanged", text, got)
		}
	}
	for _, text := range []string{
		"│ ＡＢＣ Ｊｏｓé Müller ⓐⓑ 山田太郎 𝟏𝟐𝟑 ﬁnd %41%42 SCRUBME sk-scrub │",
		strings.ToUpper(hex.EncodeToString([]byte(key[:len(key)-1]))),
	} {
		if got := s.Scrub(text); got != text {
			t.Errorf("Scrub(%q) = %q, want it unchanged", text, got)
		}
	}
}

// fullWidth is s with its printable ASCII characters in their full-width
// forms (U+FF01–U+FF5E): "ｓｋ－…".
func fullWidth(s string) string {
	return strings.Map(func(r rune) rune {
		if r > ' ' && r < 0x7F {
			return r + 0xFEE0
		}
		return r
	}, s)
}

// percentEncoded is s with every byte percent-encoded: "%73%6B%2D…".
func percentEncoded(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		fmt.Fprintf(&b, "%%%02X", s[i])
	}
	return b.String()
}

// TestScrubberSeesThroughEveryHidingCharacter puts each character a key may
// hide its letters between (every default-ignorable code point and format
// character, every combining mark) between the key's letters, in raw text
// (stderr, the debug log) and in cleaned text (the screen): the key is
// found in both, and nothing of it is left.
func TestScrubberSeesThroughEveryHidingCharacter(t *testing.T) {
	t.Parallel()
	key := "sk-scrubMe0000000000042"
	s := hub.NewScrubber(key)
	tried := 0
	for r := rune(0x80); r <= unicode.MaxRune; r++ {
		if !unicode.In(r, unicode.Cf, unicode.Other_Default_Ignorable_Code_Point, unicode.Variation_Selector, unicode.Mn, unicode.Me) {
			continue
		}
		tried++
		hidden := key[:7] + string(r) + key[7:15] + string(r) + key[15:]
		for _, text := range []string{"id " + hidden + " end", clean.Line("id " + hidden + " end")} {
			got := s.Scrub(text)
			if got != "id "+hub.Redacted+" end" {
				t.Errorf("%U: Scrub(%q) = %q", r, text, got)
			}
		}
	}
	if tried < 5900 { // Mn alone holds 1,985
		t.Errorf("only %d characters tried", tried)
	}
}

func TestScrubKeepingWidth(t *testing.T) {
	t.Parallel()
	key := "sk-scrubMe0000000000042"
	s := hub.NewScrubber(key)
	line := "│ › " + key + "      │"
	got := s.ScrubKeepingWidth(line)
	if want := "│ › [redacted]" + strings.Repeat(" ", len(key)-len(hub.Redacted)+6) + "│"; got != want {
		t.Errorf("ScrubKeepingWidth(%q) = %q", line, got)
	}
	// Percent-encoded, the key takes three cells a character; with a joiner
	// and a combining mark between its letters, none more.
	for _, form := range []string{percentEncoded(key), key[:5] + "\u200d" + key[5:9] + "\u0301" + key[9:]} {
		line := "│ " + form + " │"
		want := "│ [redacted]" + strings.Repeat(" ", len(strings.ReplaceAll(strings.ReplaceAll(form, "\u200d", ""), "\u0301", ""))-len(hub.Redacted)) + " │"
		if got := s.ScrubKeepingWidth(line); got != want {
			t.Errorf("ScrubKeepingWidth(%q) = %q, want %q", line, got, want)
		}
	}
	// In full-width letters, two cells a character.
	line = "│ " + fullWidth(key) + " │"
	want := "│ [redacted]" + strings.Repeat(" ", 2*len(key)-len(hub.Redacted)) + " │"
	if got := s.ScrubKeepingWidth(line); got != want {
		t.Errorf("ScrubKeepingWidth(%q) = %q, want %q", line, got, want)
	}
}

func TestScrubberWriter(t *testing.T) {
	t.Parallel()
	key := "sk-scrubMe0000000000042"
	var out bytes.Buffer
	w := hub.NewScrubber(key).Writer(&out)
	n, err := w.Write([]byte("level=INFO msg=" + key + "\n"))
	if err != nil || n != len("level=INFO msg="+key+"\n") || out.String() != "level=INFO msg=[redacted]\n" {
		t.Errorf("Write: %d, %v, wrote %q", n, err, out.String())
	}
}

func TestLooksLikeKey(t *testing.T) {
	t.Parallel()
	for word, want := range map[string]bool{
		"sk-LVFqtICOfKU6kULz0000Tj": true, "sk_0123456789abcdef": true, "sk-0123456789abcde": false,
		"sk-LVFqtICOfKU6kULz0000T!": false, "alice": false, "": false,
	} {
		if got := hub.LooksLikeKey(word); got != want {
			t.Errorf("LooksLikeKey(%q) = %v, want %v", word, got, want)
		}
	}
}

// BenchmarkScrubKeepingWidth is the scrub of every frame the UI draws: a
// full screen (200x60) of results, without a key; plain, and with an emoji
// ZWJ sequence on every line (its joiners are left out of the skeleton).
func BenchmarkScrubKeepingWidth(b *testing.B) {
	s := hub.NewScrubber("sk-LVFqtICOfKU6kULz0000Tj")
	row := "│▶ Alice Wong          ✓ alice.wong@example.org  20m ago │ 山田太郎 José"
	for _, frame := range []struct{ kind, line string }{
		{"plain", row},
		{"emoji-sequences", row + " 👨‍👩‍👧‍👦"},
	} {
		text := strings.Repeat(frame.line+strings.Repeat(" ", 100)+"│\n", 60)
		b.Run(frame.kind, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_ = s.ScrubKeepingWidth(text)
			}
		})
	}
}

// BenchmarkScrubNames is the scrub of the texts of an account in an answer
// (the client scrubs each at decode): names, with and without accents, and
// an email address.
func BenchmarkScrubNames(b *testing.B) {
	s := hub.NewScrubber("sk-LVFqtICOfKU6kULz0000Tj")
	texts := []string{"Alice", "Wong", "alice.wong@example.org", "José Müller", "山田太郎"}
	b.ReportAllocs()
	for b.Loop() {
		for _, text := range texts {
			_ = s.Scrub(text)
		}
	}
}

// TestScrubberAddWhileScrubbing adds keys while other goroutines scrub, as
// the command line's scrubber learns the key while an earlier message is
// written: under -race, a scrub must not read the list Add changes.
func TestScrubberAddWhileScrubbing(t *testing.T) {
	t.Parallel()
	s := hub.NewScrubber("sk-first00000000000000001")
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range 50 {
			s.Add(fmt.Sprintf("sk-added%016d", i))
		}
	}()
	for i := 0; ; i++ {
		select {
		case <-done:
			if got := s.Scrub("sk-added0000000000000049"); got != hub.Redacted {
				t.Errorf("the last key added is not scrubbed: %q", got)
			}
			return
		default:
			_ = s.Scrub("error: sk-first00000000000000001 and " + strconv.Itoa(i))
		}
	}
}

// FuzzScrub puts a key between any two texts: whatever surrounds it, the
// scrubbed text holds no trace of it, even once cleaned, and the replacement
// keeps the width. The same texts around the key without its prefix, in
// base64 (both alphabets) and in base64 of base64, leave nothing that
// decodes to eight bytes of it in a row.
func FuzzScrub(f *testing.F) {
	key := "sk-LVFqtICOfKU6kULz0000Tj"
	rest := key[len("sk-"):]
	for _, seed := range [][2]string{
		{"", ""}, {"%", "%41"}, {"%7", "3"}, {"ｓｋ－", "\u0301"}, {"\u200d", "\ufe0f"}, {"Bearer ", "=="}, {"\xff", "\xe2\x80"},
		{"x", ""}, {"xy", ""}, {"", ":"}, {`{"key":"`, `","n":1}`}, {"auth=", "&x=1"},
	} {
		f.Add(seed[0], seed[1])
	}
	s := hub.NewScrubber(key)
	f.Fuzz(func(t *testing.T, before, after string) {
		text := before + key + after
		for _, got := range []string{s.Scrub(text), s.Scrub(clean.Line(text)), s.ScrubKeepingWidth(clean.Line(text))} {
			if cleaned := clean.Line(got); strings.Contains(cleaned, key) || strings.Contains(strings.ToLower(cleaned), strings.ToLower(key[3:])) {
				t.Fatalf("the key survives in %q", got)
			}
		}
		_ = s.Scrub(before + after) // no panic, whatever the text
		if len(before)+len(after) > 200 {
			return // what base64 shows of the key depends on the surroundings' length mod 3 alone
		}
		for i := 0; i+4 <= len(rest); i++ {
			if strings.Contains(before+" "+after, rest[i:i+4]) {
				return // the surrounding texts hold part of the key themselves
			}
		}
		if _, ok := base64Reveals(before+" "+after, rest, 4); ok {
			return
		}
		std, url := base64.StdEncoding.EncodeToString, base64.RawURLEncoding.EncodeToString
		inner := before + rest + after
		for _, encoded := range []string{
			std([]byte(inner)), url([]byte(inner)), std([]byte(std([]byte(inner)))), url([]byte(before + std([]byte(rest)) + after)),
		} {
			if leak, ok := base64Reveals(s.Scrub(encoded), rest, 8); ok {
				t.Fatalf("Scrub(%q) decodes to %q", encoded, leak)
			}
		}
	})
}

// TestScrubberReadsLookAlikesOfKeyCharactersOnly: a text whose characters
// read as other ASCII signs ("…" as "...", "⒜" as "(a)") is read as it is,
// and a frame of them is scrubbed without a copy.
func TestScrubberReadsLookAlikesOfKeyCharactersOnly(t *testing.T) {
	s := hub.NewScrubber("sk-scrubMe0000000000042")
	frame := strings.Repeat("│ alice.wong@example.o… ⒜ ‥ 山田太郎 │\n", 60)
	if got := s.ScrubKeepingWidth(frame); got != frame {
		t.Errorf("ScrubKeepingWidth changed the frame: %q", got)
	}
	if allocs := testing.AllocsPerRun(10, func() { s.ScrubKeepingWidth(frame) }); allocs != 0 {
		t.Errorf("a frame of small letters and look-alikes of other signs costs %v allocations", allocs)
	}
}

// TestScrubberRemovesBase64OfTheKeyWithoutItsPrefix: the key without its
// "sk-" prefix is found in base64 as the whole key is (alone, inside the
// base64 of a longer text at each of the three alignments, in both
// alphabets, with and without padding), and so are the base64 of the
// key's base64 and of the prefixless key's base64, alone or inside a
// longer text. Nothing of the scrubbed text decodes, once or twice, to
// eight bytes of the key.
func TestScrubberRemovesBase64OfTheKeyWithoutItsPrefix(t *testing.T) {
	t.Parallel()
	key := "sk-LVFqtICOfKU6kULz0000Tj"
	rest := strings.TrimPrefix(key, "sk-")
	std, url := base64.StdEncoding.EncodeToString, base64.RawURLEncoding.EncodeToString
	b64 := func(s string) string { return std([]byte(s)) }
	forms := map[string]string{
		"its base64 (a server's error)":             "bad: " + b64(rest),
		"its base64, unpadded":                      strings.TrimRight(b64(rest), "="),
		"its URL-safe base64, unpadded":             url([]byte(rest)),
		"base64 after one byte":                     b64("x" + rest),
		"base64 after two bytes":                    b64("xy" + rest),
		"URL-safe base64 after one byte":            url([]byte("x" + rest + "yz")),
		"URL-safe base64 after two bytes":           url([]byte("xy" + rest + "z")),
		"base64 of the Bearer header":               b64("Bearer " + rest),
		"base64 of its Basic credentials":           b64(rest + ":"),
		"base64 of the key's base64":                b64(b64(key)),
		"base64 of its base64":                      b64(b64(rest)),
		"base64 of the key's base64, in a text":     b64(`{"k":"` + b64(key) + `"}`),
		"base64 of its base64, in a text":           b64("x" + b64(rest) + "y"),
		"base64 of its base64, after two bytes":     b64("xy" + b64(rest)),
		"URL-safe base64 of its unpadded base64":    url([]byte("x" + strings.TrimRight(b64(rest), "="))),
		"base64 of the base64 of its Bearer header": b64("auth=" + b64("Bearer "+rest) + "&x=1"),
		"base64 of the base64 of the key in a text": b64(b64(`{"key":"` + key + `"}`)),
	}
	s := hub.NewScrubber(key)
	for what, form := range forms {
		text := "before " + form + " after"
		got := s.Scrub(text)
		if !strings.HasPrefix(got, "before ") || !strings.HasSuffix(got, " after") || !strings.Contains(got, hub.Redacted) {
			t.Errorf("%s: Scrub(%q) = %q", what, text, got)
		}
		if leak, ok := base64Reveals(got, rest, 8); ok {
			t.Errorf("%s: Scrub(%q) = %q, which decodes to %q", what, text, got, leak)
		}
		if got := s.ScrubKeepingWidth(text); len(got) != len(text) {
			t.Errorf("%s: ScrubKeepingWidth(%q) = %q, not as wide", what, text, got)
		}
	}
}

// base64Reveals reports whether decoding text's runs of base64 characters,
// from any of their first four characters, in either alphabet, once or
// twice, shows n bytes in a row of secret, and what it decoded to.
func base64Reveals(text, secret string, n int) (string, bool) {
	isBase64 := func(r rune) bool {
		return r < 0x80 && (r == '+' || r == '/' || r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r))
	}
	var decodeAll func(text string, depth int) (string, bool)
	decodeAll = func(text string, depth int) (string, bool) {
		for _, run := range strings.FieldsFunc(text, func(r rune) bool { return !isBase64(r) }) {
			for start := 0; start < min(4, len(run)); start++ {
				part := run[start:]
				part = part[:len(part)/4*4]
				for _, enc := range []*base64.Encoding{base64.RawStdEncoding, base64.RawURLEncoding} {
					decoded, err := enc.DecodeString(part)
					if err != nil {
						continue
					}
					for i := 0; i+n <= len(secret); i++ {
						if strings.Contains(string(decoded), secret[i:i+n]) {
							return string(decoded), true
						}
					}
					if depth > 1 {
						if leak, ok := decodeAll(string(decoded), depth-1); ok {
							return leak, true
						}
					}
				}
			}
		}
		return "", false
	}
	return decodeAll(text, 2)
}
