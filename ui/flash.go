package ui

import tea "github.com/charmbracelet/bubbletea"

// flashModel is a short message in the hint bar that clears itself.
type flashModel struct {
	text    string // already clean
	isError bool
	seq     int // a clear tick for an older flash leaves a newer one alone
}

type flashExpiredMsg struct{ seq int }

// show displays text and arms its removal.
func (f *flashModel) show(cfg Config, text string, isError bool) tea.Cmd {
	f.seq++
	f.text, f.isError = text, isError
	return cfg.After(DefaultFlashTime, flashExpiredMsg{seq: f.seq})
}

func (f *flashModel) onExpired(msg flashExpiredMsg) {
	if msg.seq == f.seq {
		f.text = ""
	}
}

func (f flashModel) active() bool { return f.text != "" }

func (f flashModel) view(st Styles) string {
	if f.isError {
		return st.Bad.Render("✕ " + f.text)
	}
	return st.Ok.Render("✓ " + f.text)
}
