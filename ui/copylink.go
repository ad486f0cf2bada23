package ui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"cocalc-tui/hub/clean"
)

// linkWindow is a link shown in a window (overlayLink) for the user to
// read, copy with c, or select with the mouse: an admin action's link, or
// a project's link that no browser opened and no clipboard is known to
// hold.
type linkWindow struct {
	title   string // the window's title
	subject string // what the link is for, clean ("Ada Lovelace <ada@…> a5e0905b…")
	url     string // checked by refuseCopy before it is shown
	// notes go under the link, in the order given: what the link does, how
	// to use it safely, why it is shown here.
	notes []string
	// returnTo is the window esc goes back to (the key info window the
	// link was opened from), or overlayNone.
	returnTo overlayKind
}

// lines show the link on a line of its own, then the notes and the keys.
func (w linkWindow) lines(st Styles) []string {
	lines := []string{"", " For " + st.Accent.Render(w.subject) + ":", "", " " + clean.Line(w.url), ""}
	for _, note := range w.notes {
		lines = append(lines, " "+st.Warn.Render(note), "")
	}
	return append(lines, " "+st.HelpKey.Render("c")+st.HelpDesc.Render(" copy the link   ")+
		st.HelpKey.Render("esc")+st.HelpDesc.Render(" close"))
}

// showLink opens the link window over whatever is open.
func (m *Model) showLink(w linkWindow) {
	w.returnTo = overlayNone
	if m.overlay == overlayKeyInfo {
		w.returnTo = overlayKeyInfo
	}
	m.link = w
	m.openOverlay(overlayLink)
}

// closeLink goes back to the window the link was shown over.
func (m *Model) closeLink() {
	m.overlay = m.link.returnTo
	m.link = linkWindow{}
}

// handleLinkKey handles the window that shows a link.
func (m *Model) handleLinkKey(msg tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(msg, m.keys.CopyLink):
		return m.copyValue(copyLink, m.link.url, "the link")
	case key.Matches(msg, m.keys.Close):
		m.closeLink()
	}
	return nil
}
