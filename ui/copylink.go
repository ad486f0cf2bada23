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
	offset   int // how far the window is scrolled, when it does not fit
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

// linkContent is the link window's lines, wrapped to its width: nothing
// is cut, the link included (a long one goes on over the next line).
func (m Model) linkContent() []string {
	return m.styles.wrapLines(m.link.lines(m.styles), m.overlayArea().inner().width)
}

// linkScrolls tells whether the link window is taller than its area (a
// small terminal), and so scrolls.
func (m Model) linkScrolls() bool { return len(m.linkContent()) > m.overlayArea().inner().height }

// linkView is the link window, scrolled.
func (m Model) linkView(area rect) string {
	return m.styles.scrolledWindow(m.link.title, m.linkContent(), m.link.offset, area)
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

// handleLinkKey handles the window that shows a link: c copies it, esc
// closes it, the moves scroll it where it does not fit.
func (m *Model) handleLinkKey(msg tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(msg, m.keys.CopyLink):
		return m.copyValue(copyLink, m.link.url, "the link")
	case key.Matches(msg, m.keys.Close):
		m.closeLink()
	}
	height, total := m.overlayArea().inner().height, len(m.linkContent())
	if delta, ok := m.scrollStep(msg, height, total); ok {
		m.link.offset = clampScroll(m.link.offset+delta, total, height)
	}
	return nil
}
