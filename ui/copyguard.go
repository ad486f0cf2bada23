package ui

import (
	"bytes"
	"encoding/json"
	"strings"
	"unicode"

	tea "github.com/charmbracelet/bubbletea"

	"cocalc-tui/hub"
	"cocalc-tui/hub/clean"
)

// copyKind is what a copy claims to put on the clipboard. The clipboard is
// an interpreter's input: what is copied is pasted into shells, whose
// bracketed paste a hostile value could end early ("\x1b[201~") to run the
// rest. So only values that are what they claim to be are copied, checked
// here, and anything else is refused, saying why.
type copyKind int

const (
	copyAccountID copyKind = iota // a UUID
	copyEmail                     // an email address
	copyJSON                      // an account as JSON, on one line
	copyLink                      // a link made by the hub client
)

// copyValue puts value on the clipboard if it is what kind says, or shows
// why not. what names it in the messages ("account id 3f2a1c9e…").
func (m *Model) copyValue(kind copyKind, value, what string) tea.Cmd {
	if kind == copyJSON {
		value = jsonForClipboard(value, m.cfg.Client.Scrubber())
	}
	if reason := refuseCopy(kind, value, m.cfg.Client.Scrubber()); reason != "" {
		return m.flash.show(m.cfg, "not copied: "+reason, true)
	}
	return copyCmd(m.cfg, value, what)
}

// refuseCopy says why value must not be copied as kind, or "".
func refuseCopy(kind copyKind, value string, scrubber *hub.Scrubber) string {
	switch {
	case scrubber.Contains(value):
		return "it holds an API key"
	case kind == copyAccountID && !hub.IsUUID(value):
		return "the server's account id is not a UUID"
	case kind == copyEmail && !isEmailAddress(value):
		return "the server's email is not a plain address"
	case kind == copyLink && !isPlainLink(value):
		return "the link holds characters a link cannot"
	case kind == copyJSON && !isOneSafeLine(value):
		return "the account's JSON could not be made safe"
	}
	return ""
}

// jsonForClipboard is an account's raw JSON made safe (clean.JSON: valid
// UTF-8, nothing a terminal acts on, the key scrubbed), on one line.
func jsonForClipboard(raw string, scrubber *hub.Scrubber) string {
	var compact bytes.Buffer
	if err := json.Compact(&compact, clean.JSON([]byte(raw), scrubber.Scrub)); err != nil {
		return ""
	}
	return compact.String()
}

// isEmailAddress tells an address of the usual form: one "@" between a
// local part and a domain, at most 254 characters, made of letters, digits,
// marks and the punctuation addresses use; no space, no control, no quote.
func isEmailAddress(s string) bool {
	local, domain, found := strings.Cut(s, "@")
	if !found || local == "" || domain == "" || strings.Contains(domain, "@") || len(s) > 254 {
		return false
	}
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsMark(r) && !strings.ContainsRune("@.!#$%&'*+/=?^_`{|}~-", r) {
			return false
		}
	}
	return true
}

// isPlainLink tells a link of printable ASCII without spaces.
func isPlainLink(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] >= 0x7F {
			return false
		}
	}
	return s != ""
}

// isOneSafeLine tells text with no control character, no line break, and
// nothing that reorders text.
func isOneSafeLine(s string) bool {
	return s != "" && clean.Line(s) == s
}
