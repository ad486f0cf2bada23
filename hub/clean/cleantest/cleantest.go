// Package cleantest holds checks that tests of every package use on text
// the program writes: that nothing in it could act on a terminal. It spells
// out the promise of package clean independently of clean's own rules, so
// that tests check the promise rather than the implementation.
package cleantest

import "unicode/utf8"

// FirstHazard returns the first rune of text that a terminal would act on,
// or that reorders or hides text: C0 controls (but "\n" when newlines is
// true), DEL, C1 controls, bidi controls, line and paragraph separators,
// and invalid UTF-8 (reported as utf8.RuneError).
func FirstHazard(text string, newlines bool) (rune, bool) {
	if !utf8.ValidString(text) {
		return utf8.RuneError, true
	}
	for _, r := range text {
		switch {
		case r == '\n' && newlines:
		case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f:
			return r, true
		case IsBidiControl(r), r == '\u2028', r == '\u2029':
			return r, true
		}
	}
	return 0, false
}

// IsBidiControl tells the bidi controls (ALM, LRM, RLM, the embeddings and
// overrides, the isolates).
func IsBidiControl(r rune) bool {
	switch {
	case r == '\u061C', r == '\u200E', r == '\u200F':
		return true
	case r >= '\u202A' && r <= '\u202E':
		return true
	case r >= '\u2066' && r <= '\u2069':
		return true
	}
	return false
}
