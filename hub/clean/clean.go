// Package clean makes text from a CoCalc server safe to show in a terminal,
// and bounds its size.
//
// Every string the CoCalc hub sends (names, emails, ids, error texts) is
// hostile: it may hold escape sequences that clear the screen, set the window
// title, write the clipboard (OSC 52) or hide a link target (OSC 8), controls
// that move the cursor, bidi overrides that reorder what an admin reads, and
// invalid UTF-8. The hub client passes each such string through [Bounded]
// once, where it decodes the answer; the raw bytes are kept apart, for JSON
// output only. Text the program builds from other sources (a path, a
// command's stderr, the user's own query) goes through [Line]. [Text] is
// Line for text whose TABs and line breaks are its form (a string a --jq
// expression builds): it keeps them, and cleans the rest as Line does.
//
// Hostile input is made visible rather than deleted wherever that is possible,
// so that an admin can see that an account name is an attack, while the
// terminal interprets nothing:
//
//   - ESC becomes ␛ (U+241B) and the rest of its sequence stays as the
//     printable text it already is: "\x1b[2J" shows as "␛[2J", an OSC 8 link
//     shows its hidden target.
//   - Other C0 controls become their Unicode Control Pictures (U+2400 + c):
//     "\r" → ␍, BEL → ␇, "\n" → ␊. TAB becomes one space, DEL becomes ␡.
//   - C1 controls (U+0080–U+009F, e.g. U+009B, an 8-bit CSI) and invalid UTF-8
//     become � (U+FFFD). Unicode has no pictures for C1 controls, and a
//     multi-character spelling such as "<9B>" could not be told apart from a
//     name that really contains those characters; � is the character every
//     reader already knows as "a byte that was not text".
//   - Line and paragraph separators (U+2028, U+2029) become a space: a name
//     must stay on one line, but the words it separates stay apart.
//
// Invisible characters are removed: the code points Unicode calls
// default-ignorable (the property Default_Ignorable_Code_Point), which a
// reader is meant not to see, and every format character (category Cf), a few
// of which are not default-ignorable. There is nothing to show, and nothing a
// reader would miss. They include every bidi control (U+200E, U+200F,
// U+061C, U+202A–U+202E, U+2066–U+2069), which could make
// "invoice\u202Efdp.exe" read as "invoiceexe.pdf"; U+FEFF, U+200B, U+2060,
// the soft hyphen, the combining grapheme joiner (U+034F), the Hangul fillers
// (U+115F, U+1160, U+3164, U+FFA0) and the Khmer inherent vowels (U+17B4,
// U+17B5), which make two different names look alike or hide a word's
// letters apart, and on whose width terminals disagree (tmux draws U+3164 as
// two blank cells, other terminals as none); the code points reserved for
// more of them; and the Tags block, which can smuggle invisible text. The
// default-ignorable characters real text needs are kept: ZERO WIDTH JOINER
// (U+200D) builds emoji ZWJ sequences, ZERO WIDTH NON-JOINER (U+200C) is
// needed to spell Persian and Indic words, the variation selectors (U+FE00–
// U+FE0F, U+E0100–U+E01EF, the Mongolian U+180B–U+180D and U+180F) choose
// between the text and emoji forms of a character or the variants of an
// ideograph, and a well-formed emoji tag sequence (UTS #51) keeps its tags:
// 🏴 (U+1F3F4), three to seven tag digits or lower-case tag letters, and
// CANCEL TAG (U+E007F), the form of the subdivision flags (England, Scotland,
// Wales). Tags that do not spell such a flag, after a 🏴 or anywhere else,
// are removed.
//
// Everything else printable is kept: CJK, emoji with skin tones, ZWJ
// families, regional-indicator flags, combining marks and variation
// selectors. Code points not assigned yet are kept too: a later version of
// Unicode may give them a meaning (what to draw for a code point the terminal
// may not know is the drawing code's choice).
package clean

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

const (
	controlPictures    = '\u2400' // U+2400 + c is the picture of C0 control c.
	deletePicture      = '\u2421' // ␡
	replacement        = '\uFFFD' // �
	blackFlag          = '\U0001F3F4'
	zeroWidthJoiner    = '\u200D'
	zeroWidthNonJoiner = '\u200C'
	cancelTag          = '\U000E007F'
	// Ellipsis ends a text that Bounded cut.
	Ellipsis = "…"
)

// Limits of Bounded for the texts of an answer, in characters (runes): long
// enough for any real value, short enough that a name or an error of
// megabytes costs nothing on every frame that shows it.
const (
	// IDLimit bounds ids and tokens, which are far shorter when well-formed.
	IDLimit = 64
	// NameLimit bounds first and last names and usernames.
	NameLimit = 256
	// EmailLimit bounds email addresses (RFC 5321 allows at most 254).
	EmailLimit = 320
	// ErrorLimit bounds the texts of errors.
	ErrorLimit = 1024
	// ValueLimit bounds any other value (a profile colour or image, a field
	// of unknown meaning).
	ValueLimit = 2048
)

// Line makes s safe to print on one terminal line: every escape sequence and
// control character is made visible and harmless, bidi controls removed,
// invalid UTF-8 replaced; printable Unicode (CJK, emoji, ZWJ sequences,
// combining marks, variation selectors) kept intact. The package doc lists
// the rules. Line(Line(s)) == Line(s).
//
// A string that needs no change is returned as is, without allocating: most
// names are plain ASCII or plain Unicode, and tables render thousands of them.
func Line(s string) string {
	start := firstChange(s)
	if start < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	b.WriteString(s[:start])
	cleanInto(&b, s[start:], -1)
	return b.String()
}

// Bounded is Line(s) with at most limit characters (runes): a longer text
// keeps its first limit-1 characters and ends in "…" (Ellipsis). Only as much
// of s is read as the result needs, so a text of megabytes costs little
// more than a short one. Bounded(Bounded(s, n), n) == Bounded(s, n).
//
// A cut falls between words: it never keeps the start of a run of the
// characters that API keys, tokens and their base64 and URL-encoded forms are
// made of (letters, digits, "-_+/=%"). Such a run is dropped when the cut
// falls inside it (its last 100 characters only, when it is longer than any
// key could be), so that no part of a key the server echoed survives at the
// end of a cut text, where no scrubber could recognise it.
func Bounded(s string, limit int) string {
	if limit <= 0 {
		return ""
	}
	if len(s) <= limit { // fewer bytes than the limit, so fewer characters
		return Line(s)
	}
	var b strings.Builder
	b.Grow(min(len(s), 4*limit) + 16)
	if written := cleanInto(&b, s, limit+1); written <= limit {
		return b.String()
	}
	out := b.String()
	cut := runeOffset(out, limit-1)
	kept := out[:cut]
	if next, _ := utf8.DecodeRuneInString(out[cut:]); isTokenRune(next) {
		kept = dropTokenEnd(kept)
	}
	// The cut may have split an emoji tag sequence; Line drops its tags.
	return Line(kept) + Ellipsis
}

// maxTokenLength is more than the length of any form of a key: a cut
// drops at most that much of a run of token characters.
const maxTokenLength = 100

// dropTokenEnd removes the run of token characters that ends s, or its last
// maxTokenLength characters when it is longer (a long word, a base64 image),
// which a key's form could not fill.
func dropTokenEnd(s string) string {
	end := len(s)
	for n := 0; end > 0 && n < maxTokenLength; n++ {
		r, size := utf8.DecodeLastRuneInString(s[:end])
		if !isTokenRune(r) {
			break
		}
		end -= size
	}
	return s[:end]
}

// runeOffset is the byte offset of the n-th rune of s (len(s) if s is shorter).
func runeOffset(s string, n int) int {
	for i := range s {
		if n == 0 {
			return i
		}
		n--
	}
	return len(s)
}

// isTokenRune tells the characters of API keys and tokens in the forms they
// travel in, the characters a key may hide its letters between (see
// HidesInWord and hub.Scrubber), and those that read as the former by their
// compatibility decomposition (NFKC: the full-width "ｓ", the accented "á").
func isTokenRune(r rune) bool {
	if isPlainTokenRune(r) || HidesInWord(r) {
		return true
	}
	if r < utf8.RuneSelf {
		return false
	}
	decomposition := norm.NFKC.PropertiesString(string(r)).Decomposition()
	for _, c := range string(decomposition) {
		if !isPlainTokenRune(c) && !HidesInWord(c) {
			return false
		}
	}
	return len(decomposition) > 0
}

// isPlainTokenRune tells the ASCII characters of keys, tokens, their base64
// and percent-encoded forms.
func isPlainTokenRune(r rune) bool {
	switch {
	case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
		return true
	case r == '-', r == '_', r == '+', r == '/', r == '=', r == '%':
		return true
	}
	return false
}

// cleanInto writes the cleaned form of s to b, stopping once maxRunes runes
// are written (never, when maxRunes < 0). It returns the number written.
func cleanInto(b *strings.Builder, s string, maxRunes int) int {
	written := 0
	for i := 0; i < len(s) && written != maxRunes; {
		r, size := utf8.DecodeRuneInString(s[i:]) // an invalid byte decodes as U+FFFD
		if r == blackFlag {
			if n := tagSequenceLen(s[i+size:]); n > 0 {
				b.WriteString(s[i : i+size+n])
				written += 1 + utf8.RuneCountInString(s[i+size:i+size+n])
				i += size + n
				continue
			}
		}
		i += size
		if out, keep := cleanRune(r); keep {
			b.WriteRune(out)
			written++
		}
	}
	return written
}

// firstChange returns the byte offset of the first rune that Line must
// replace or remove, or -1 when s is already clean.
func firstChange(s string) int {
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf { // ASCII: the common, fast case
			if !isPrintableASCII(c) {
				return i
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == blackFlag {
			i += size + tagSequenceLen(s[i+size:]) // a flag's tags are kept
			continue
		}
		invalid := r == utf8.RuneError && size == 1
		if out, keep := cleanRune(r); invalid || !keep || out != r {
			return i
		}
		i += size
	}
	return -1
}

// cleanRune says what Line writes for r outside an emoji tag sequence: the
// rune to write, and false when r is dropped instead.
func cleanRune(r rune) (rune, bool) {
	switch {
	case r == '\t':
		return ' ', true
	case r < 0x20:
		return controlPictures + r, true
	case r == 0x7F:
		return deletePicture, true
	case r < 0x80:
		return r, true
	case r <= 0x9F:
		return replacement, true
	case r == '\u2028' || r == '\u2029':
		return ' ', true
	case r == zeroWidthJoiner || r == zeroWidthNonJoiner:
		return r, true
	case isInvisible(r): // bidi controls, zero-width characters, fillers, tags
		return r, unicode.Is(unicode.Variation_Selector, r)
	}
	return r, true
}

// tagSequenceLen is the length in bytes of the well-formed tag sequence that
// starts s, after a 🏴: three to seven tag digits or lower-case tag letters
// (a region and a subdivision, "gbsct") and CANCEL TAG; 0 if s starts with
// none.
func tagSequenceLen(s string) int {
	specs := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == cancelTag && specs >= 3:
			return i + size
		case specs < 7 && (r >= '\U000E0030' && r <= '\U000E0039' || r >= '\U000E0061' && r <= '\U000E007A'):
			specs++
			i += size
		default:
			return 0
		}
	}
	return 0
}

func isPrintableASCII(c byte) bool {
	return c >= 0x20 && c < 0x7F
}
