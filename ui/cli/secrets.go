package cli

import (
	"encoding/base64"
	"strings"
	"sync"
)

// redacted replaces the key wherever it would appear.
const redacted = "[redacted]"

// Below these lengths a key, or a part of one, is not scrubbed: it would
// blank out ordinary words, and no real key is that short.
const (
	minKeyLength  = 4
	minPartLength = 8
)

// scrubKey removes key from text in every form it travels in: as typed, in
// the Authorization header's "Basic base64(key:)" form (with and without
// padding), and without its "sk-"/"sk_" prefix.
func scrubKey(text, key string) string {
	if len(key) < minKeyLength || text == "" {
		return text
	}
	for _, form := range secretForms(key) {
		if form == key || len(form) >= minPartLength {
			text = strings.ReplaceAll(text, form, redacted)
		}
	}
	return text
}

// secretForms lists the forms of a key to scrub, longest first, so that a
// form containing another is replaced whole.
func secretForms(key string) []string {
	basic := base64.StdEncoding.EncodeToString([]byte(key + ":"))
	forms := []string{basic, strings.TrimRight(basic, "="), key}
	if rest, ok := strings.CutPrefix(key, "sk-"); ok {
		forms = append(forms, rest)
	} else if rest, ok := strings.CutPrefix(key, "sk_"); ok {
		forms = append(forms, rest)
	}
	return forms
}

// secretSet holds every key this process has resolved, so that text
// escaping the usual paths (a panic's value, its stack) can be scrubbed too.
type secretSet struct {
	mu   sync.Mutex
	keys []string
}

// secrets are the keys known to this process.
var secrets secretSet

func (s *secretSet) add(key string) {
	if len(key) < minKeyLength {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, known := range s.keys {
		if known == key {
			return
		}
	}
	s.keys = append(s.keys, key)
}

// scrub removes every known key from text.
func (s *secretSet) scrub(text string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, key := range s.keys {
		text = scrubKey(text, key)
	}
	return text
}

// looksLikeKey tells a word shaped like a CoCalc API key: "sk-" or "sk_"
// and at least 16 more characters, letters and digits (and "_" or "-").
func looksLikeKey(word string) bool {
	rest, ok := strings.CutPrefix(word, "sk-")
	if !ok {
		rest, ok = strings.CutPrefix(word, "sk_")
	}
	if !ok || len(rest) < 16 {
		return false
	}
	for _, r := range rest {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
			return false
		}
	}
	return true
}
