package hub

import (
	"encoding/base64"
	"encoding/hex"
	"io"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/width"

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
// The forms of a key are those it travels in, for the key as typed (also
// after "Bearer ") and alike for the key without its "sk-" or "sk_" prefix:
// the Authorization header's Basic credentials base64("<key>:"), the key's
// own base64 (standard and URL alphabets, with and without padding), its
// base64 inside the base64 of a longer text (as each group of three of its
// bytes is encoded the same, whatever comes before and after it: "Bearer
// <key>", a JSON body, at each of the three alignments), its hex, and the
// base64 of its base64, alone or inside the base64 of a longer text (one
// level of nesting: base64 of base64 of base64 is not looked for). A form is found in capitals or small letters, percent-encoded in part
// or in full, in either case ("%73%6B%2D…", "sk%2D…": a URL, a redirect's
// Location), written in characters that read as its letters (by their
// compatibility decomposition, NFKC: the full-width "ｓｋ－", the
// mathematical digits, the circled letters, accented letters), and with
// characters between its letters that leave it reading as the key
// (clean.HidesInWord): the default-ignorable code points (format characters
// such as U+200B, which cleaning removes, the Hangul fillers such as U+3164,
// which it removes too, and the joiners and variation selectors, which it
// keeps) and combining marks, which only mark the letters. Such an echo
// shows as the key, or gives it away. A server that spells the key out some
// other way (reversed, split, spaced, encoded more than twice, in
// look-alike letters of other scripts such as the Cyrillic "а", encrypted)
// is beyond any scrubber.
//
// The zero value scrubs key-shaped words only. A Scrubber is safe for
// concurrent use.
type Scrubber struct {
	mu    sync.RWMutex
	keys  []string
	forms []string // longest first, so a form holding another is replaced whole
	// witnesses are the forms that hold no other: every form holds one, so
	// a text without any of them holds no form, and only they are looked
	// for in most texts (14 of the 42 forms of a key with a prefix).
	witnesses []string
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
	s.forms, s.witnesses = forms, witnessesOf(forms)
}

// witnessesOf returns the forms that hold no other form.
func witnessesOf(forms []string) []string {
	var witnesses []string
	for _, form := range forms {
		holdsAnother := false
		for _, other := range forms {
			holdsAnother = holdsAnother || other != form && strings.Contains(form, other)
		}
		if !holdsAnother {
			witnesses = append(witnesses, form)
		}
	}
	return witnesses
}

// keyForms lists the forms of a key to scrub: for the key and for the key
// without its "sk-" or "sk_" prefix alike, each as it is, in hex, in base64
// alone or inside the base64 of a longer text, and in base64 of its base64
// alone or inside the base64 of a longer text (one level of nesting).
func keyForms(key string) []string {
	forms := []string{key}
	add := func(more ...string) {
		for _, form := range more {
			if len(form) >= minFormLength {
				forms = append(forms, form)
			}
		}
	}
	plains := []string{key}
	if rest, ok := strings.CutPrefix(key, "sk-"); ok {
		plains = append(plains, rest)
	} else if rest, ok := strings.CutPrefix(key, "sk_"); ok {
		plains = append(plains, rest)
	}
	for _, plain := range plains {
		add(plain, hex.EncodeToString([]byte(plain)))
		add(base64Encodings(plain + ":")...) // the Basic credentials
		add(base64Encodings(plain)...)
		add(base64GroupsWithin(plain)...)
		// Its base64 encoded again, alone, or inside the base64 of a
		// longer text that holds its base64 (alone or inside another
		// text's): whatever surrounds it, each group of three bytes of
		// each of plain's own groups is encoded the same.
		for _, encoded := range base64Encodings(plain) {
			add(base64Encodings(encoded)...)
		}
		for _, groups := range base64GroupsWithin(plain) {
			add(base64GroupsWithin(groups)...)
		}
	}
	for i, form := range forms {
		forms[i] = lowerASCII(skeletonOf(form).text) // as the texts they are looked for in are read
	}
	return forms
}

// base64Encodings returns the base64 of text in the standard and URL
// alphabets (RFC 4648, sections 4 and 5), with and without padding.
func base64Encodings(text string) []string {
	var encoded []string
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding} {
		padded := enc.EncodeToString([]byte(text))
		encoded = append(encoded, padded, strings.TrimRight(padded, "="))
	}
	return encoded
}

// base64GroupsWithin returns what the base64 of a longer text that holds
// text shows of it, in both alphabets. Base64 encodes groups of three
// bytes; depending on what comes before text, its groups start 0, 1 or 2
// bytes into it, and each of its whole groups, at each of these offsets, is
// encoded the same whatever surrounds them ("Bearer <key>", a JSON body).
func base64GroupsWithin(text string) []string {
	var encoded []string
	for offset := range min(3, len(text)) {
		whole := offset + (len(text)-offset)/3*3
		for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding} {
			encoded = append(encoded, enc.EncodeToString([]byte(text[offset:whole])))
		}
	}
	return encoded
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
	s.mu.RLock()
	forms, witnesses := s.forms, s.witnesses
	s.mu.RUnlock()
	skeleton := skeletonOf(text)
	shortest := keyShapedLength
	if len(forms) > 0 {
		shortest = min(shortest, len(forms[len(forms)-1])) // longest first
	}
	if len(skeleton.text) < shortest {
		return nil // a name, a word: most texts of an answer
	}
	// Capitals are read as small letters: a key told apart from the real
	// one by the case of its letters alone gives the real one away.
	searched := skeleton.text
	if !skeleton.small {
		searched = lowerASCII(searched)
	}
	var found [][2]int // in the skeleton
	if !slices.ContainsFunc(witnesses, func(w string) bool { return strings.Contains(searched, w) }) {
		forms = nil // the common case: no form is in the text
	}
	for _, form := range forms {
		for from := 0; ; {
			i := strings.Index(searched[from:], form)
			if i < 0 {
				break
			}
			found = append(found, [2]int{from + i, from + i + len(form)})
			from += i + len(form)
		}
	}
	found = append(found, keyShapedWords(searched)...)
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
// invisible characters, combining marks), with every percent-encoded
// printable ASCII character decoded ("%73" is "s"), and every character
// that reads as ASCII letters, digits or signs written as them (by its
// compatibility decomposition, NFKC: the full-width "ｓ", the mathematical
// "𝟔", the circled "ⓚ", the accented "á"), so that a key written with any
// of them, in part or in full, is found as the key.
type skeleton struct {
	text     string
	original string
	remapped bool // text is not original, and its offsets are not original's
	small    bool // text's capitals are made small letters (only when remapped)
	// starts[i] is the offset in original of the character that byte i of
	// text comes from: made when a key is found, as most texts hold none.
	starts []int
}

// skeletonOf returns the skeleton of text; text itself, not copied, when it
// has nothing to leave out or decode (the common case: every frame of the
// UI is scrubbed). When it has, the copy is made in small letters too.
func skeletonOf(text string) skeleton {
	if firstSkeletonChange(text) < 0 {
		return skeleton{text: text, original: text}
	}
	var b strings.Builder
	b.Grow(len(text))
	kept := 0 // text[kept:i] goes to the skeleton as it is
	for i := 0; i < len(text); {
		c := text[i]
		switch {
		case c >= 'A' && c <= 'Z':
			b.WriteString(text[kept:i])
			b.WriteByte(c + ('a' - 'A'))
			i++
			kept = i
		case c < utf8.RuneSelf && c != '%':
			i++ // the common case
		default:
			kind, size, decoded := readSkeleton(text[i:])
			if kind != keptChar {
				b.WriteString(text[kept:i])
				writeSmallASCII(&b, decoded)
				kept = i + size
			}
			i += size
		}
	}
	b.WriteString(text[kept:])
	return skeleton{text: b.String(), original: text, remapped: true, small: true}
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

// lowerASCII is s with its ASCII capitals made small letters: s itself when
// it has none. Offsets in s and in the result are the same.
func lowerASCII(s string) string {
	first := 0
	for first < len(s) && (s[first] < 'A' || s[first] > 'Z') {
		first++
	}
	if first == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:first])
	for i := first; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		b.WriteByte(c)
	}
	return b.String()
}

// skeletonChar is what a character of a text is in its skeleton.
type skeletonChar uint8

const (
	keptChar    skeletonChar = iota // itself
	hiddenChar                      // nothing: a key may hide between its letters
	decodedChar                     // ASCII: percent-encoded, or a look-alike
)

// readSkeleton reads the character that starts s: what it is in the
// skeleton, its length in s, and for a decodedChar what it decodes to, of
// which the skeleton keeps the ASCII characters (writeSmallASCII). An ASCII
// capital is a keptChar: its small letter is at the same offset.
func readSkeleton(s string) (kind skeletonChar, size int, decoded []byte) {
	if c, ok := percentDecoded(s); ok {
		return decodedChar, len("%XX"), printableASCII[c-'!' : c-'!'+1]
	}
	r, size := utf8.DecodeRuneInString(s)
	switch {
	case r < utf8.RuneSelf:
		return keptChar, size, nil
	case clean.HidesInWord(r):
		return hiddenChar, size, nil
	}
	if ascii, ok := readsAsASCII(s[:size]); ok {
		return decodedChar, size, ascii
	}
	return keptChar, size, nil
}

// printableASCII holds the characters a percent-encoded one decodes to.
var printableASCII = []byte("!\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~")

// readsAsASCII returns the compatibility decomposition (NFKC) of the
// character c when it is made of the ASCII characters of a key's forms
// (letters, digits, "-_+/="), with nothing else but characters that hide in
// a word (such as the combining marks of an accented letter): what c reads
// as. Characters that decompose otherwise, or not at all, such as CJK, box
// drawing or the "…" that ends a cut text, are read as themselves.
func readsAsASCII(c string) ([]byte, bool) {
	decomposition := norm.NFKC.PropertiesString(c).Decomposition()
	ascii := false
	for _, r := range string(decomposition) {
		switch {
		case r < utf8.RuneSelf && isFormByte(byte(r)):
			ascii = true
		case r < utf8.RuneSelf || !clean.HidesInWord(r):
			return nil, false
		}
	}
	return decomposition, ascii
}

// isFormByte tells the characters of a key's forms: the key's own, its
// base64's and its hex's.
func isFormByte(c byte) bool {
	return isKeyByte(c) || c == '+' || c == '/' || c == '='
}

// writeSmallASCII writes the ASCII characters of s to b, capitals as small
// letters.
func writeSmallASCII(b *strings.Builder, s []byte) {
	for _, c := range s {
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c < utf8.RuneSelf {
			b.WriteByte(c)
		}
	}
}

// span maps bytes [from, to) of the skeleton back to the text: where they
// start and end there, and how many cells they are drawn in (one for each
// character of a key's forms, two for a wide look-alike such as "ｓ", none
// for those it hides between, bar the Hangul fillers, which cleaning
// removes).
func (sk *skeleton) span(from, to int) span {
	if !sk.remapped {
		return span{start: from, end: to, width: to - from}
	}
	if sk.starts == nil {
		sk.starts = make([]int, 0, len(sk.text))
		for i := 0; i < len(sk.original); {
			kind, size, decoded := readSkeleton(sk.original[i:])
			switch kind {
			case decodedChar:
				for _, c := range decoded {
					if c < utf8.RuneSelf {
						sk.starts = append(sk.starts, i)
					}
				}
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
	cells := 0
	for _, r := range sk.original[start:end] {
		switch {
		case clean.HidesInWord(r):
		case width.LookupRune(r).Kind() == width.EastAsianWide, width.LookupRune(r).Kind() == width.EastAsianFullwidth:
			cells += 2
		default:
			cells++
		}
	}
	return span{start: start, end: end, width: cells}
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

// keyShapedLength is the length of the shortest key-shaped word.
const keyShapedLength = len("sk-") + 16

// LooksLikeKey tells a word shaped like a CoCalc API key: "sk-" or "sk_" and
// at least 16 more characters, letters and digits (and "_" or "-").
func LooksLikeKey(word string) bool {
	rest, ok := strings.CutPrefix(word, "sk-")
	if !ok {
		rest, ok = strings.CutPrefix(word, "sk_")
	}
	if !ok || len(rest) < keyShapedLength-len("sk-") {
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
		if end-i >= keyShapedLength {
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
