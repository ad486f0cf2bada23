package ui

import (
	tea "github.com/charmbracelet/bubbletea"
)

// The mouse, when asked for (Config.Mouse): the wheel scrolls the pane
// under the pointer, and a press of the left button selects the row under
// it (the results) or gives the keys to the part under it (the results,
// the details, the search box). Off by default: while a program has the
// mouse, the terminal's own selection of text needs shift held, and a
// person who did not ask for the mouse expects to select text as always.

// wheelLines is how far one notch of the wheel scrolls, as bubbles'
// viewport and most terminals scroll.
const wheelLines = 3

// mouseBack turns the mouse on again after a suspension (ctrl+z, then
// fg): Bubble Tea v1.3's RestoreTerminal turns the alternate screen and
// bracketed paste on again, not the mouse.
func (m Model) mouseBack() tea.Cmd {
	if !m.cfg.Mouse {
		return nil
	}
	return tea.EnableMouseCellMotion
}

// onMouse handles a mouse event. A dialog or window takes no click (its
// answers are keys: only y says yes, never a stray click); the help and the
// key window (i) scroll with the wheel.
func (m *Model) onMouse(msg tea.MouseMsg) tea.Cmd {
	if !m.cfg.Mouse {
		return nil
	}
	switch {
	case msg.Button == tea.MouseButtonWheelUp || msg.Button == tea.MouseButtonWheelDown:
		return m.onWheel(msg)
	case msg.Button == tea.MouseButtonLeft && msg.Action == tea.MouseActionPress:
		return m.onClick(msg.X, msg.Y)
	}
	return nil
}

// onWheel scrolls the help if open, the key window if open and under the
// pointer, else the pane under the pointer.
func (m *Model) onWheel(msg tea.MouseMsg) tea.Cmd {
	delta := wheelLines
	if msg.Button == tea.MouseButtonWheelUp {
		delta = -wheelLines
	}
	l := m.layout
	switch {
	case m.helpOpen:
		m.scrollHelp(delta)
	case m.overlay == overlayKeyInfo && m.overlayArea().contains(msg.X, msg.Y):
		m.scrollKeyInfo(delta) // its lines, as page down does; the project picked stays picked
	case m.overlay != overlayNone:
	case l.results.contains(msg.X, msg.Y):
		return m.moveSelection(func() { m.results.scroll(delta) })
	case l.details.contains(msg.X, msg.Y) && delta < 0:
		m.details.view.ScrollUp(-delta)
	case l.details.contains(msg.X, msg.Y):
		m.details.view.ScrollDown(delta)
	}
	return nil
}

// onClick gives the keys to the part clicked, and selects the result
// clicked. While the filter is typed, a click on a result selects it as
// the arrows do; a click elsewhere keeps the filter and goes there.
func (m *Model) onClick(x, y int) tea.Cmd {
	l := m.layout
	if m.helpOpen || m.overlay != overlayNone || l.tooSmall {
		return nil
	}
	if k, ok := m.resultAt(x, y); ok {
		if !m.filtering {
			m.setFocus(focusResults)
		}
		return m.moveSelection(func() { m.results.moveTo(k) })
	}
	var target focusArea
	switch {
	case l.results.contains(x, y):
		target = focusResults
	case l.details.contains(x, y):
		target = focusDetails
	case l.search.contains(x, y):
		target = focusSearch
	default:
		return nil
	}
	if m.filtering {
		m.stopFilter(true)
	}
	m.setFocus(target)
	return nil
}

// resultAt is the position in the results of the row drawn at column x,
// row y, if a row is drawn there: below the results' border and column
// header.
func (m Model) resultAt(x, y int) (int, bool) {
	inner := m.layout.results.inner()
	row := y - inner.y - 1 // the first line is the columns' header
	if x < inner.x || x >= inner.x+inner.width || row < 0 || row >= m.results.visible {
		return 0, false
	}
	k := m.results.offset + row
	return k, k < m.results.count()
}
