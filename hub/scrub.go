package hub

import (
	"encoding/base64"
	"io"
	"slices"
	"strings"
	"sync"
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
// alphabets, with and without padding). A form is found percent-encoded too,
// in part or in full, in either case ("%73%6B%2D…", "sk%2D…": a URL, a
// redirect's Location), and with characters between its letters that leave
// it reading as the key (clean.HidesInWord): the default-ignorable code
// points (format characters such as U+200B, which cleaning removes, the
// Hangul fillers such as U+3164, which it removes too, and the joiners and
// variation selectors, which it keeps) and combining marks, which only mark
// the letters. Such an echo shows as the key. A server that spells the key
// out some other way (reversed, split, spaced, in look-alike letters such as
// the full-width ones, in hex, in base64 at another offset or after other
// text) is beyond any scrubber.
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
	// A new list, not the old one changed: a scrub that is running reads
	// the old one without the lock.
	forms := slices.Clone(s.forms)
	for _, form := range keyForms(key) {
		if !slices.Contains(forms, form) {
			forms = append(forms, form)
		}
	}
	slices.SortStableFunc(forms, func(a, b string) int { return len(b) - len(a) })
	s.forms = forms
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
	for i, form := range forms {
		forms[i] = skeletonOf(form).text // as the texts they are looked for in are read
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
// text's skeleton, mapping what it finds back to the text.
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
			i := strings.Index(skeleton.text[from:], form)
			if i < 0 {
				break
			}
			found = append(found, [2]int{from + i, from + i + len(form)})
			from += i + len(form)
		}
	}
	found = append(found, keyShapedWords(skeleton.text)...)
	if len(found) == 0 {
		return nil // the common case, at the cost of the searches alone
	}
	var spans []span
	for _, f := range found {
		sp := skeleton.span(f[0], f[1])
		overlaps := false
		for _, other := range spans {
			overlaps = overlaps || sp.start < other.end && other.start < sp.end
		}
		if !overlaps { // the forms come longest first
			spans = append(spans, sp)
		}
	}
	slices.SortFunc(spans, func(a, b span) int { return a.start - b.start })
	return spans
}

// A skeleton is a text as the scrubber reads it: without the characters a
// key may hide its letters between (clean.HidesInWord: zero-width and other
// invisible characters, combining marks), and with every percent-encoded
// printable ASCII character decoded ("%73" is "s"), so that a key written
// with either, in part or in full, is found as the key.
type skeleton struct {
	text     string
	original string
	changed  bool // text is not original
	// starts[i] is the offset in original of the character that byte i of
	// text comes from: made when a key is found, as most texts hold none.
	starts []int
}

// skeletonOf returns the skeleton of text; text itself, not copied, when it
// has nothing to leave out or decode (the common case: every frame of the
// UI is scrubbed).
func skeletonOf(text string) skeleton {
	first := firstSkeletonChange(text)
	if first < 0 {
		return skeleton{text: text, original: text}
	}
	b := make([]byte, 0, len(text))
	kept := 0 // text[kept:i] goes to the skeleton as it is
	for i := first; i < len(text); {
		kind, size, decoded := readSkeleton(text[i:])
		if kind != keptChar {
			b = append(b, text[kept:i]...)
			if kind == decodedChar {
				b = append(b, decoded)
			}
			kept = i + size
		}
		i += size
	}
	return skeleton{text: string(append(b, text[kept:]...)), original: text, changed: true}
}

// firstSkeletonChange is the offset of the first character of text that its
// skeleton leaves out or decodes, or -1.
func firstSkeletonChange(text string) int {
	for i, r := range text {
		if r < utf8.RuneSelf && r != '%' {
			continue // the common case
		}
		if kind, _, _ := readSkeleton(text[i:]); kind != keptChar {
			return i
		}
	}
	return -1
}

// skeletonChar is what a character of a text is in its skeleton.
type skeletonChar uint8

const (
	keptChar    skeletonChar = iota // itself
	hiddenChar                      // nothing: a key may hide between its letters
	decodedChar                     // a percent-encoded character, decoded
)

// readSkeleton reads the character that starts s: what it is in the
// skeleton, its length in s, and what it decodes to (decodedChar).
func readSkeleton(s string) (kind skeletonChar, size int, decoded byte) {
	if c, ok := percentDecoded(s); ok {
		return decodedChar, len("%XX"), c
	}
	r, size := utf8.DecodeRuneInString(s)
	if r >= utf8.RuneSelf && clean.HidesInWord(r) {
		return hiddenChar, size, 0
	}
	return keptChar, size, 0
}

// span maps bytes [from, to) of the skeleton back to the text: where they
// start and end there, and how many characters they are drawn as (the
// characters of a key's forms take a cell each; those it hides between
// take none, bar the Hangul fillers, which cleaning removes).
func (sk *skeleton) span(from, to int) span {
	if !sk.changed {
		return span{start: from, end: to, width: to - from}
	}
	if sk.starts == nil {
		sk.starts = make([]int, 0, len(sk.text))
		for i := 0; i < len(sk.original); {
			kind, size, _ := readSkeleton(sk.original[i:])
			switch kind {
			case decodedChar:
				sk.starts = append(sk.starts, i)
			case keptChar:
				for j := i; j < i+size; j++ {
					sk.starts = append(sk.starts, j)
				}
			}
			i += size
		}
	}
	start, last := sk.starts[from], sk.starts[to-1]
	kind, size, _ := readSkeleton(sk.original[last:])
	end := last + 1
	if kind == decodedChar {
		end = last + size
	}
	width := 0
	for _, r := range sk.original[start:end] {
		if !clean.HidesInWord(r) {
			width++
		}
	}
	return span{start: start, end: end, width: width}
}

// percentDecoded decodes the percent-encoded character that starts s ("%73",
// "%2d"), when it is printable ASCII other than a space: the characters of
// keys, their base64 and the separators around them.
func percentDecoded(s string) (byte, bool) {
	if len(s) < 3 || s[0] != '%' {
		return 0, false
	}
	hi, okHi := hexValue(s[1])
	lo, okLo := hexValue(s[2])
	c := hi<<4 | lo
	return c, okHi && okLo && c > ' ' && c < 0x7F
}

func hexValue(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
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
