package hub

import (
	"encoding/base64"
	"io"
	"net/url"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"cocalc-tui/hub/clean"
)

// Redacted replaces a key wherever a Scrubber finds one.
const Redacted = "[redacted]"

// Below these lengths a key, or a part of one, is not scrubbed: it would
// blank out ordinary words, and no real key is that short.
const (
	minKeyLength  = 4
	minFormLength = 8
)

// Scrubber removes API keys from text: every form of every key added to it,
// and any word shaped like a CoCalc key (see LooksLikeKey) even if unknown.
// It is the one scrubber of the program, applied last, after cleaning, in
// every place text leaves it: the screen, stderr, the debug log, panic
// messages, and the values of JSON output.
//
// The forms of a key are those it travels in: as typed (also after "Bearer
// "), without its "sk-" or "sk_" prefix, the Authorization header's Basic
// credentials base64("<key>:") and the key's own base64 (standard and URL
// alphabets, with and without padding), and its URL-encoded forms. A form is
// found even with invisible characters between its letters (format
// characters such as U+200B, which cleaning removes, and joiners and
// variation selectors, which cleaning keeps): such an echo shows as the key.
// A server that spells the key out some other way (reversed, split, spaced)
// is beyond any scrubber.
//
// The zero value scrubs key-shaped words only. A Scrubber is safe for
// concurrent use.
type Scrubber struct {
	mu    sync.RWMutex
	keys  []string
	forms []string // longest first, so a form holding another is replaced whole
}

// NewScrubber returns a scrubber of the given keys (empty ones are ignored).
func NewScrubber(keys ...string) *Scrubber {
	s := &Scrubber{}
	for _, key := range keys {
		s.Add(key)
	}
	return s
}

// Add makes s scrub key too. Keys shorter than 4 characters are not scrubbed:
// they would blank out ordinary words.
func (s *Scrubber) Add(key string) {
	if len(key) < minKeyLength {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if slices.Contains(s.keys, key) {
		return
	}
	s.keys = append(s.keys, key)
	for _, form := range keyForms(key) {
		if !slices.Contains(s.forms, form) {
			s.forms = append(s.forms, form)
		}
	}
	slices.SortStableFunc(s.forms, func(a, b string) int { return len(b) - len(a) })
}

// keyForms lists the forms of a key to scrub.
func keyForms(key string) []string {
	forms := []string{key}
	add := func(form string) {
		if len(form) >= minFormLength {
			forms = append(forms, form)
		}
	}
	if rest, ok := strings.CutPrefix(key, "sk-"); ok {
		add(rest)
	} else if rest, ok := strings.CutPrefix(key, "sk_"); ok {
		add(rest)
	}
	for _, plain := range []string{key + ":", key} {
		for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding} {
			encoded := enc.EncodeToString([]byte(plain))
			add(encoded)
			add(strings.TrimRight(encoded, "="))
		}
	}
	for _, escaped := range []string{url.QueryEscape(key), url.PathEscape(key)} {
		add(escaped)
		add(strings.ToLower(escaped)) // %2b as well as %2B
	}
	return forms
}

// Scrub returns text with every form of every key, and every key-shaped
// word, replaced by "[redacted]".
func (s *Scrubber) Scrub(text string) string {
	return s.scrub(text, func(int) string { return Redacted })
}

// ScrubKeepingWidth is Scrub for a screen already laid out: each replacement
// is exactly as wide as what it replaces ("[redacted]" cut or padded with
// spaces), so borders and columns stay where they were.
func (s *Scrubber) ScrubKeepingWidth(text string) string {
	return s.scrub(text, func(width int) string {
		if width < len(Redacted) {
			return strings.Repeat("*", width)
		}
		return Redacted + strings.Repeat(" ", width-len(Redacted))
	})
}

// Contains reports whether text holds a form of a key, or a key-shaped word.
func (s *Scrubber) Contains(text string) bool {
	return len(s.find(text)) > 0
}

// span is a found key in text: bytes [start, end), width visible cells.
type span struct{ start, end, width int }

func (s *Scrubber) scrub(text string, replacement func(width int) string) string {
	found := s.find(text)
	if len(found) == 0 {
		return text
	}
	var b strings.Builder
	last := 0
	for _, sp := range found {
		b.WriteString(text[last:sp.start])
		b.WriteString(replacement(sp.width))
		last = sp.end
	}
	b.WriteString(text[last:])
	return b.String()
}

// find returns the keys in text, in order, not overlapping. It searches the
// text's skeleton (the text without invisible characters), mapping what it
// finds back to the text.
func (s *Scrubber) find(text string) []span {
	if s == nil || len(text) < minKeyLength {
		return nil
	}
	skeleton := skeletonOf(text)
	s.mu.RLock()
	forms := s.forms
	s.mu.RUnlock()
	var found [][2]int // in the skeleton
	for _, form := range forms {
		for from := 0; ; {
			i := strings.Index(skeleton[from:], form)
			if i < 0 {
				break
			}
			found = append(found, [2]int{from + i, from + i + len(form)})
			from += i + len(form)
		}
	}
	found = append(found, keyShapedWords(skeleton)...)
	if len(found) == 0 {
		return nil // the common case, at the cost of the searches alone
	}
	return spansInText(text, skeleton, found)
}

// spansInText maps ranges of the skeleton back to text, leaving out those
// that overlap one found before (the forms come longest first).
func spansInText(text, skeleton string, found [][2]int) []span {
	var offsets []int // offsets[i] is where skeleton[i] is in text
	if len(skeleton) != len(text) {
		offsets = make([]int, 0, len(skeleton))
		for i, r := range text {
			if !isInvisible(r) {
				for j := range runeBytes(text[i:], r) {
					offsets = append(offsets, i+j)
				}
			}
		}
	}
	textOffset := func(i int) int {
		if offsets == nil {
			return i
		}
		return offsets[i]
	}
	var spans []span
	for _, f := range found {
		sp := span{start: textOffset(f[0]), end: textOffset(f[1]-1) + 1, width: f[1] - f[0]}
		overlaps := false
		for _, other := range spans {
			overlaps = overlaps || sp.start < other.end && other.start < sp.end
		}
		if !overlaps {
			spans = append(spans, sp)
		}
	}
	slices.SortFunc(spans, func(a, b span) int { return a.start - b.start })
	return spans
}

// runeBytes is the number of bytes of r at the start of s: 1 for an
// invalid byte (which ranges as U+FFFD).
func runeBytes(s string, r rune) int {
	if r == utf8.RuneError && !strings.HasPrefix(s, "\uFFFD") {
		return 1
	}
	return utf8.RuneLen(r)
}

// skeletonOf is text without its invisible characters; text itself, not
// copied, when it has none.
func skeletonOf(text string) string {
	first := -1
	for i, r := range text {
		if isInvisible(r) {
			first = i
			break
		}
	}
	if first < 0 {
		return text
	}
	b := make([]byte, 0, len(text))
	kept := 0 // text[kept:i] is visible and not yet copied
	for i, r := range text[first:] {
		if i += first; isInvisible(r) {
			b = append(b, text[kept:i]...)
			kept = i + utf8.RuneLen(r)
		}
	}
	return string(append(b, text[kept:]...))
}

// isInvisible tells the characters that show nothing between two letters:
// format characters and the joiners and selectors cleaning keeps.
func isInvisible(r rune) bool {
	switch {
	case r < 0xAD: // U+00AD SOFT HYPHEN is the first
		return false
	case r >= 0x2070 && r < 0xFE00: // box drawing, symbols, CJK: none is, and frames are full of them
		return false
	}
	return clean.IsIgnorable(r) || unicode.Is(unicode.Cf, r)
}

// LooksLikeKey tells a word shaped like a CoCalc API key: "sk-" or "sk_" and
// at least 16 more characters, letters and digits (and "_" or "-").
func LooksLikeKey(word string) bool {
	rest, ok := strings.CutPrefix(word, "sk-")
	if !ok {
		rest, ok = strings.CutPrefix(word, "sk_")
	}
	if !ok || len(rest) < 16 {
		return false
	}
	for i := 0; i < len(rest); i++ {
		if !isKeyByte(rest[i]) {
			return false
		}
	}
	return true
}

func isKeyByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

// keyShapedWords returns the [start, end) offsets of the key-shaped words of
// text: "sk-" or "sk_" where no key character comes before, and at least 16
// key characters after.
func keyShapedWords(text string) [][2]int {
	var words [][2]int
	for i := 0; i+3 < len(text); i++ {
		if text[i] != 's' || text[i+1] != 'k' || (text[i+2] != '-' && text[i+2] != '_') || (i > 0 && isKeyByte(text[i-1])) {
			continue
		}
		end := i + 3
		for end < len(text) && isKeyByte(text[end]) {
			end++
		}
		if end-i-3 >= 16 {
			words = append(words, [2]int{i, end})
			i = end - 1
		}
	}
	return words
}

// Writer returns a writer that scrubs each write before passing it to w. It
// needs whole texts in each write (a log record, a message, a frame): a key
// split across two writes is not found.
func (s *Scrubber) Writer(w io.Writer) io.Writer { return scrubWriter{s: s, w: w} }

type scrubWriter struct {
	s *Scrubber
	w io.Writer
}

func (sw scrubWriter) Write(p []byte) (int, error) {
	if _, err := io.WriteString(sw.w, sw.s.Scrub(string(p))); err != nil {
		return 0, err
	}
	return len(p), nil
}
