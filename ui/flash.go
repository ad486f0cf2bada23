package ui

import (
	"time"

	tea "github.com/charmbracelet/bubbletea"
)

// flashModel is a short message in the hint bar that clears itself: a
// result marked ✓ (something was done) or ✕ (it was not, and why), or an
// unmarked note.
type flashModel struct {
	text    string // already clean
	isError bool
	// isNote marks a note (no mark), which also goes at the next key: it
	// tells something at a moment, and must not hide the keys for longer.
	isNote bool
	seq    int // a clear tick for an older flash leaves a newer one alone
}

type flashExpiredMsg struct{ seq int }

// show displays text, marked ✕ if isError else ✓, and arms its removal.
func (f *flashModel) show(cfg Config, text string, isError bool) tea.Cmd {
	return f.set(cfg, flashModel{text: text, isError: isError}, DefaultFlashTime)
}

// note displays text without a mark, for d or until the next key. A ✕
// message still showing outranks it: a note is said again elsewhere (the
// theme's is in the help), while the error (the history turned off) is
// said once.
func (f *flashModel) note(cfg Config, text string, d time.Duration) tea.Cmd {
	if f.active() && f.isError {
		return nil
	}
	return f.set(cfg, flashModel{text: text, isNote: true}, d)
}

func (f *flashModel) set(cfg Config, shown flashModel, d time.Duration) tea.Cmd {
	shown.seq = f.seq + 1
	*f = shown
	return cfg.After(d, flashExpiredMsg{seq: f.seq})
}

func (f *flashModel) onExpired(msg flashExpiredMsg) {
	if msg.seq == f.seq {
		f.clear()
	}
}

// onKey ends a note: the person has moved on.
func (f *flashModel) onKey() {
	if f.isNote {
		f.clear()
	}
}

// clear removes the message, if any; its tick then finds nothing to clear.
func (f *flashModel) clear() { *f = flashModel{seq: f.seq} }

func (f flashModel) active() bool { return f.text != "" }

func (f flashModel) view(st Styles) string {
	switch {
	case f.isNote:
		return " " + st.Muted.Render(f.text) // in line with the hints it stands for
	case f.isError:
		return st.Bad.Render("✕ " + f.text)
	}
	return st.Ok.Render("✓ " + f.text)
}
