// Package sanitize makes strings from the server safe to show in a terminal.
//
// Every string the CoCalc hub sends (names, emails, error texts) is hostile: it
// may hold escape sequences that clear the screen, set the window title, write
// the clipboard (OSC 52) or hide a link target (OSC 8), controls that move the
// cursor, bidi overrides that reorder what an admin reads, and invalid UTF-8.
// The TUI and the human-readable CLI output pass each such string through
// [Line] (or [Fit]) once, where it enters display; the raw value is kept for
// copy and export.
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
// Invisible format characters (Unicode category Cf) are removed: there is
// nothing to show, and nothing a reader would miss. They include every bidi
// control (U+200E, U+200F, U+061C, U+202A–U+202E, U+2066–U+2069), which could
// make "invoice\u202Efdp.exe" read as "invoiceexe.pdf"; U+FEFF, U+200B,
// U+2060 and the soft hyphen, which make two different names look alike and
// on whose width terminals disagree (so columns would shift); and the Tags
// block, which can smuggle invisible text. Three exceptions keep real text
// intact: ZERO WIDTH JOINER (U+200D) builds emoji ZWJ sequences, ZERO WIDTH
// NON-JOINER (U+200C) is needed to spell Persian and Indic words, and tag
// characters that directly follow 🏴 (U+1F3F4) or another kept tag form the
// subdivision flags (England, Scotland, Wales).
//
// Everything else printable is kept: CJK, emoji with skin tones, ZWJ
// families, regional-indicator flags, combining marks and variation
// selectors.
package sanitize

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

const (
	controlPictures    = '\u2400' // U+2400 + c is the picture of C0 control c.
	deletePicture      = '\u2421' // ␡
	replacement        = '\uFFFD' // �
	blackFlag          = '\U0001F3F4'
	zeroWidthJoiner    = '\u200D'
	zeroWidthNonJoiner = '\u200C'
	tagFirst           = '\U000E0020'
	tagLast            = '\U000E007F'
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
	prev, _ := utf8.DecodeLastRuneInString(s[:start])
	for _, r := range s[start:] { // an invalid byte ranges as U+FFFD
		if out, keep := cleanRune(r, prev); keep {
			b.WriteRune(out)
			prev = out
		}
	}
	return b.String()
}

// firstChange returns the byte offset of the first rune that Line must
// replace or remove, or -1 when s is already clean.
func firstChange(s string) int {
	prev := rune(0)
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf { // ASCII: the common, fast case
			if !isPrintableASCII(c) {
				return i
			}
			prev = rune(c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		invalid := r == utf8.RuneError && size == 1
		out, keep := cleanRune(r, prev)
		if invalid || !keep || out != r {
			return i
		}
		prev = r
		i += size
	}
	return -1
}

// cleanRune says what Line writes for r, given prev, the last rune Line has
// written: the rune to write, and false when r is dropped instead.
func cleanRune(r, prev rune) (rune, bool) {
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
	case isTag(r):
		return r, prev == blackFlag || isTag(prev)
	case r == zeroWidthJoiner || r == zeroWidthNonJoiner:
		return r, true
	case unicode.Is(unicode.Cf, r):
		return 0, false
	}
	return r, true
}

// isTag reports whether r is in the part of the Tags block that emoji tag
// sequences use (TAG SPACE through CANCEL TAG).
func isTag(r rune) bool {
	return r >= tagFirst && r <= tagLast
}

func isPrintableASCII(c byte) bool {
	return c >= 0x20 && c < 0x7F
}

// allPrintableASCII reports whether every byte of s is printable ASCII, so
// that each byte is one cell and one grapheme cluster.
func allPrintableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isPrintableASCII(s[i]) {
			return false
		}
	}
	return true
}
