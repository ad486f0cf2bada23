package clean

import (
	"bytes"
	"encoding/json"
	"unicode"
	"unicode/utf8"
)

// JSON returns the JSON document doc (valid JSON, as the server sent it) as
// a document that holds the same values and is safe wherever the program
// writes JSON: a file, a pipe, a terminal, the clipboard. Only strings
// change, and only those that need it:
//
//   - invalid UTF-8 and lone UTF-16 surrogates ("\ud800") become U+FFFD,
//     as encoding/json decodes them, so jq, Python and every strict reader
//     can read the document;
//   - characters that a terminal or a paste would act on, or that reorder
//     or hide text, are written as \u escapes rather than raw: DEL, C1
//     controls, U+2028 and U+2029, and invisible format characters (bidi
//     controls, zero-width spaces, tags; not the joiners). JSON already
//     escapes C0 controls;
//   - value, when not nil, may rewrite each string (object keys included),
//     decoded: the key scrubber is applied there, so a key spelled with \u
//     escapes is found too.
//
// Outside strings, carriage returns and tabs become spaces (a CR could hide
// what comes before it on a terminal). Everything else, including the other
// white space and the key order of doc, is kept byte for byte. A document without anything to change is returned as
// is.
func JSON(doc []byte, value func(string) string) []byte {
	var out []byte // nil until the first change
	copied := 0    // doc[:copied] is in out
	for i := 0; i < len(doc); i++ {
		if doc[i] == '\r' || doc[i] == '\t' { // white space that moves the cursor
			out = append(append(out, doc[copied:i]...), ' ')
			copied = i + 1
			continue
		}
		if doc[i] != '"' {
			continue
		}
		end := stringEnd(doc, i)
		token := doc[i:end]
		if replaced, changed := cleanString(token, value); changed {
			out = append(out, doc[copied:i]...)
			out = append(out, replaced...)
			copied = end
		}
		i = end - 1
	}
	if out == nil {
		return doc
	}
	return append(out, doc[copied:]...)
}

// stringEnd is the offset just past the JSON string that starts at doc[start].
func stringEnd(doc []byte, start int) int {
	for i := start + 1; i < len(doc); i++ {
		switch doc[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return len(doc)
}

// cleanString returns the JSON string token (quotes included) rewritten, and
// whether it had to be.
func cleanString(token []byte, value func(string) string) ([]byte, bool) {
	content := token[1 : len(token)-1]
	plain := !bytes.ContainsRune(content, '\\')
	if plain && !hasHazard(content) && value == nil {
		return token, false // the common case: nothing to decode
	}
	var decoded string
	if plain && utf8.Valid(content) {
		decoded = string(content)
	} else if json.Unmarshal(token, &decoded) != nil {
		return token, false // not a string token; left to the document's reader
	}
	rewritten := decoded
	if value != nil {
		rewritten = value(decoded)
	}
	if rewritten == decoded && !hasHazard(content) && !hasLoneSurrogate(content) {
		return token, false
	}
	return appendString(nil, rewritten), true
}

// hasHazard reports whether a string's raw bytes hold invalid UTF-8 or a
// character JSON must escape here.
func hasHazard(content []byte) bool {
	for i := 0; i < len(content); {
		if content[i] < utf8.RuneSelf {
			if content[i] == 0x7F {
				return true
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(content[i:])
		if (r == utf8.RuneError && size == 1) || mustEscape(r) {
			return true
		}
		i += size
	}
	return false
}

// hasLoneSurrogate reports whether a string's escapes hold a UTF-16
// surrogate that is not half of a pair.
func hasLoneSurrogate(content []byte) bool {
	for i := 0; i+1 < len(content); i++ {
		if content[i] != '\\' {
			continue
		}
		if content[i+1] != 'u' {
			i++ // a two-character escape such as \\ or \"
			continue
		}
		r, ok := hex4(content, i+2)
		switch {
		case !ok:
			return true
		case r >= 0xD800 && r < 0xDC00: // a high surrogate: a low one must follow
			low, ok := rune(0), false
			if i+7 < len(content) && content[i+6] == '\\' && content[i+7] == 'u' {
				low, ok = hex4(content, i+8)
			}
			if !ok || low < 0xDC00 || low > 0xDFFF {
				return true
			}
			i += 11
		case r >= 0xDC00 && r <= 0xDFFF:
			return true
		default:
			i += 5
		}
	}
	return false
}

// hex4 reads four hex digits at content[at:].
func hex4(content []byte, at int) (rune, bool) {
	if at+4 > len(content) {
		return 0, false
	}
	var r rune
	for _, c := range content[at : at+4] {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}

// mustEscape tells the characters JSON written by the program escapes,
// besides those JSON itself requires: DEL, C1 controls, line and paragraph
// separators, and the invisible format characters (bidi controls, zero-width
// spaces, tags; but the joiners emoji and scripts need).
func mustEscape(r rune) bool {
	switch {
	case r < 0x7F:
		return false
	case r <= 0x9F, r == '\u2028', r == '\u2029':
		return true
	case r == '\u200C', r == '\u200D':
		return false
	}
	return unicode.Is(unicode.Cf, r)
}

// appendString appends s (valid UTF-8, as decoded) as a JSON string, with
// the escapes JSON requires and those of mustEscape.
func appendString(out []byte, s string) []byte {
	const hex = "0123456789abcdef"
	escape := func(r rune) {
		for _, unit := range utf16Units(r) {
			out = append(out, '\\', 'u', hex[unit>>12&0xF], hex[unit>>8&0xF], hex[unit>>4&0xF], hex[unit&0xF])
		}
	}
	out = append(out, '"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			out = append(out, '\\', byte(r))
		case r == '\n':
			out = append(out, '\\', 'n')
		case r == '\r':
			out = append(out, '\\', 'r')
		case r == '\t':
			out = append(out, '\\', 't')
		case r < 0x20 || mustEscape(r):
			escape(r)
		default:
			out = utf8.AppendRune(out, r)
		}
	}
	return append(out, '"')
}

// utf16Units is r in UTF-16: one unit, or a surrogate pair.
func utf16Units(r rune) []rune {
	if r < 0x10000 {
		return []rune{r}
	}
	r -= 0x10000
	return []rune{0xD800 + r>>10, 0xDC00 + r&0x3FF}
}
