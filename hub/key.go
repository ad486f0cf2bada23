package hub

import "unicode/utf8"

// MaskKey shows an API key the way it may appear on screen or in a log: its
// prefix and its last six characters ("sk-…abc123"), never the whole key. Keys
// too short to hide anything that way are shown as "…" plus two characters.
func MaskKey(key string) string {
	const shownTail = 6
	switch n := utf8.RuneCountInString(key); {
	case n == 0:
		return "(none)"
	case n < 16:
		return "…" + string([]rune(key)[max(0, n-2):])
	}
	prefix := ""
	if len(key) > 3 && (key[:3] == "sk-" || key[:3] == "sk_") {
		prefix = key[:3]
	}
	runes := []rune(key)
	return prefix + "…" + string(runes[len(runes)-shownTail:])
}
