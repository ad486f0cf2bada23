package hub_test

import (
	"bytes"
	"encoding/base64"
	"net/url"
	"strings"
	"testing"

	"cocalc-tui/hub"
	"cocalc-tui/hub/clean"
)

func TestScrubberRemovesEveryForm(t *testing.T) {
	t.Parallel()
	key := "sk-scrubMe0000000000042"
	basic := base64.StdEncoding.EncodeToString([]byte(key + ":"))
	forms := map[string]string{
		"as is":                  key,
		"Basic credentials":      basic,
		"Basic, unpadded":        strings.TrimRight(basic, "="),
		"bearer":                 "Bearer " + key,
		"without prefix":         strings.TrimPrefix(key, "sk-"),
		"in a URL":               "https://x.org/?k=" + url.QueryEscape(key) + "&q=1",
		"its own base64":         base64.StdEncoding.EncodeToString([]byte(key)),
		"URL-safe base64":        base64.URLEncoding.EncodeToString([]byte(key + ":")),
		"zero-width space":       key[:6] + "\u200b" + key[6:],
		"zero-width joiner":      key[:6] + "\u200d" + key[6:],
		"variation selector":     key[:9] + "\ufe0f" + key[9:],
		"word joiner, bidi mark": key[:3] + "\u2060" + key[3:12] + "\u200e" + key[12:],
		"an unknown key":         "sk-SomeoneElsesKey000000042",
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
// full screen (200x60) of results, without a key.
func BenchmarkScrubKeepingWidth(b *testing.B) {
	s := hub.NewScrubber("sk-LVFqtICOfKU6kULz0000Tj")
	line := "│▶ Alice Wong          ✓ alice.wong@example.org  20m ago │ 山田太郎 👨‍👩‍👧‍👦 " + strings.Repeat(" ", 100) + "│\n"
	frame := strings.Repeat(line, 60)
	b.ReportAllocs()
	for b.Loop() {
		_ = s.ScrubKeepingWidth(frame)
	}
}
