package hubtest

import (
	"strings"
	"unicode/utf8"
)

// This file mimics the few PostgreSQL behaviours the API lets through: how a
// uuid column parses its input, and LIKE patterns.

// isCanonicalUUID reports whether s is a UUID as PostgreSQL prints one:
// 8-4-4-4-12 lower-case hex digits.
func isCanonicalUUID(s string) bool {
	return s == strings.ToLower(s) && isValidUUID(s)
}

// isValidUUID is CoCalc's isValidUUID: 36 characters, 8-4-4-4-12 hex digits
// of either case.
func isValidUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if i == 8 || i == 13 || i == 18 || i == 23 {
			if s[i] != '-' {
				return false
			}
		} else if !isHex(s[i]) {
			return false
		}
	}
	return true
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// parsePostgresUUID parses text the way PostgreSQL's uuid input does, which
// accepts more than the usual form: upper case, surrounding braces, and a
// hyphen after any group of four digits (or none at all). It returns the
// canonical lower-case form.
func parsePostgresUUID(s string) (string, bool) {
	braces := strings.HasPrefix(s, "{")
	if braces {
		s = s[1:]
	}
	digits := make([]byte, 0, 32)
	for i := 0; i < 16; i++ {
		if len(s) < 2 || !isHex(s[0]) || !isHex(s[1]) {
			return "", false
		}
		digits = append(digits, s[0], s[1])
		s = s[2:]
		if len(s) > 0 && s[0] == '-' && i%2 == 1 && i < 15 {
			s = s[1:]
		}
	}
	if braces {
		if !strings.HasPrefix(s, "}") {
			return "", false
		}
		s = s[1:]
	}
	if s != "" {
		return "", false
	}
	h := strings.ToLower(string(digits))
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:], true
}

// likeContains reports whether text matches the SQL pattern '%' || term || '%'
// with PostgreSQL's LIKE rules: '%' matches any run of characters, '_' any one
// character, and a backslash makes the next character literal. CoCalc puts
// search terms into such patterns unescaped, so "sm_th" finds "smith".
func likeContains(text, term string) bool {
	return likeMatch([]rune(text), compileLike("%"+term+"%"))
}

// likeToken is one element of a LIKE pattern.
type likeToken struct {
	anyRun bool // %
	anyOne bool // _
	lit    rune
}

func compileLike(pattern string) []likeToken {
	var tokens []likeToken
	for len(pattern) > 0 {
		r, size := utf8.DecodeRuneInString(pattern)
		pattern = pattern[size:]
		switch r {
		case '%':
			tokens = append(tokens, likeToken{anyRun: true})
		case '_':
			tokens = append(tokens, likeToken{anyOne: true})
		case '\\':
			// The patterns here always end in '%', so an escape always has a
			// character to escape; PostgreSQL's "must not end with escape
			// character" error cannot occur.
			if len(pattern) > 0 {
				r, size = utf8.DecodeRuneInString(pattern)
				pattern = pattern[size:]
			}
			tokens = append(tokens, likeToken{lit: r})
		default:
			tokens = append(tokens, likeToken{lit: r})
		}
	}
	return tokens
}

// likeMatch is the classic wildcard match with backtracking to the last '%'.
func likeMatch(text []rune, pattern []likeToken) bool {
	t, p := 0, 0
	star, starText := -1, 0
	for t < len(text) {
		switch {
		case p < len(pattern) && pattern[p].anyRun:
			star, starText = p, t
			p++
		case p < len(pattern) && (pattern[p].anyOne || pattern[p].lit == text[t]):
			t++
			p++
		case star >= 0:
			starText++
			t, p = starText, star+1
		default:
			return false
		}
	}
	for p < len(pattern) && pattern[p].anyRun {
		p++
	}
	return p == len(pattern)
}
