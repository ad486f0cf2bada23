package ui

import (
	"errors"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

var errProjectKeySearch = errors.New("this is a project key: user search needs an account's API key")

// handleKey applies the key ladder: ctrl+c always quits; an open overlay
// takes the keys; the search box gets every key it can type; then global
// keys; then the keys of the focused pane.
func (m *Model) handleKey(msg tea.KeyMsg) tea.Cmd {
	if keys := splitRunes(msg); len(keys) > 1 && !m.typing() {
		// Keys pressed faster than the terminal is read (over a slow SSH
		// link) arrive as one message; outside the search box each is a command.
		var cmds []tea.Cmd
		for _, single := range keys {
			cmds = append(cmds, m.handleKey(single))
		}
		return tea.Batch(cmds...)
	}
	k := m.keys
	switch {
	case key.Matches(msg, k.ForceQuit):
		return m.quit()
	case m.overlay != overlayNone:
		return m.handleOverlayKey(msg)
	case key.Matches(msg, k.Redraw):
		return tea.ClearScreen
	case msg.Paste && m.focus != focusSearch:
		// Whatever is pasted (ids, emails) is meant for the search box.
		m.setFocus(focusSearch)
		return m.typeInSearch(msg)
	case m.focus == focusSearch:
		if cmd, handled := m.handleSearchKey(msg); handled {
			return cmd
		}
	}
	switch {
	case key.Matches(msg, k.Quit):
		return m.quit()
	case key.Matches(msg, k.Help):
		m.overlay = overlayHelp
	case key.Matches(msg, k.KeyInfo):
		m.overlay = overlayKeyInfo
	case key.Matches(msg, k.NextFocus):
		m.cycleFocus(+1)
	case key.Matches(msg, k.PrevFocus):
		m.cycleFocus(-1)
	case key.Matches(msg, k.Search):
		m.setFocus(focusSearch)
	case key.Matches(msg, k.Refresh):
		return m.refresh()
	case key.Matches(msg, k.ToggleAdmin):
		return m.toggleAdmin()
	case key.Matches(msg, k.MoreResults):
		return m.stepLimit(+1)
	case key.Matches(msg, k.FewerResults):
		return m.stepLimit(-1)
	case m.focus == focusResults || m.focus == focusDetails:
		if cmd, handled := m.handleAccountKey(msg); handled {
			return cmd
		}
	}
	switch {
	case m.focus == focusResults:
		return m.handleResultsKey(msg)
	case m.focus == focusDetails:
		return m.handleDetailsKey(msg)
	}
	return nil
}

// splitRunes splits a message of several typed runes into one per rune. A
// paste stays whole.
func splitRunes(msg tea.KeyMsg) []tea.KeyMsg {
	if msg.Type != tea.KeyRunes || msg.Paste || len(msg.Runes) < 2 {
		return []tea.KeyMsg{msg}
	}
	keys := make([]tea.KeyMsg, len(msg.Runes))
	for i, r := range msg.Runes {
		keys[i] = tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}, Alt: msg.Alt}
	}
	return keys
}

// typing reports whether keys go to the search box as text.
func (m Model) typing() bool { return m.focus == focusSearch && m.overlay == overlayNone }

func (m *Model) handleOverlayKey(msg tea.KeyMsg) tea.Cmd {
	k := m.keys
	switch m.overlay {
	case overlayConfirm:
		return m.handleConfirmKey(msg)
	case overlayLink:
		return m.handleLinkKey(msg)
	}
	switch {
	case key.Matches(msg, k.Back),
		m.overlay == overlayHelp && key.Matches(msg, k.Help),
		m.overlay == overlayKeyInfo && key.Matches(msg, k.KeyInfo):
		m.overlay = overlayNone
	case key.Matches(msg, k.Quit):
		return m.quit()
	}
	return nil
}

// handleAccountKey handles the keys that act on the selected account or on
// all results, in the results and the details alike.
func (m *Model) handleAccountKey(msg tea.KeyMsg) (tea.Cmd, bool) {
	k := m.keys
	switch {
	case key.Matches(msg, k.CopyID):
		return m.copySelected(false), true
	case key.Matches(msg, k.CopyJSON):
		return m.copySelected(true), true
	case key.Matches(msg, k.CopyEmail):
		return m.copyEmail(), true
	case key.Matches(msg, k.ExportJSON):
		return m.export(exportJSON), true
	case key.Matches(msg, k.ExportCSV):
		return m.export(exportCSV), true
	case key.Matches(msg, k.Sort):
		m.results.cycleSort()
		return m.onSelectionChanged(), true
	case key.Matches(msg, k.ResetLink):
		return m.askAction(actionResetLink), true
	case key.Matches(msg, k.Impersonate):
		return m.askAction(actionImpersonate), true
	}
	return nil, false
}

// handleConfirmKey answers an admin action's confirmation.
func (m *Model) handleConfirmKey(msg tea.KeyMsg) tea.Cmd {
	switch {
	case m.action.inFlight:
		return nil // the answer is on its way
	case key.Matches(msg, m.keys.Confirm):
		return m.action.run(m.cfg)
	case key.Matches(msg, m.keys.Cancel):
		m.overlay = overlayNone
	}
	return nil
}

// handleLinkKey handles the overlay that shows an action's link.
func (m *Model) handleLinkKey(msg tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(msg, m.keys.CopyLink):
		return m.copyValue(copyLink, m.action.link, "the link")
	case key.Matches(msg, m.keys.Back), key.Matches(msg, m.keys.Quit):
		m.overlay = overlayNone
	}
	return nil
}

// handleSearchKey handles a key while the search box has focus. It reports
// false for the keys the box leaves to the global ladder (focus changes).
func (m *Model) handleSearchKey(msg tea.KeyMsg) (tea.Cmd, bool) {
	k := m.keys
	switch {
	case key.Matches(msg, k.NextFocus, k.PrevFocus):
		return nil, false
	case key.Matches(msg, k.SearchNow):
		if strings.TrimSpace(m.search.query()) == "" {
			return nil, true
		}
		m.search.editSeq++ // the pending debounce is now moot
		cmd := m.startSearch()
		m.setFocus(focusResults)
		return cmd, true
	case key.Matches(msg, k.ClearSearch):
		if m.search.query() == "" {
			m.setFocus(focusResults)
			return nil, true
		}
		m.search.clear()
		m.results.clear()
		return m.onSelectionChanged(), true
	case key.Matches(msg, k.ListUpDown):
		return m.moveSelection(func() { m.results.move(arrowDelta(msg)) }), true
	}
	return m.typeInSearch(msg), true
}

func arrowDelta(msg tea.KeyMsg) int {
	if msg.Type == tea.KeyUp {
		return -1
	}
	return 1
}

// typeInSearch passes a key to the text input and, if the text changed, arms
// the debounce (or clears everything when the box became empty).
func (m *Model) typeInSearch(msg tea.KeyMsg) tea.Cmd {
	if msg.Paste {
		msg.Runes = pastedQuery(msg.Runes)
	}
	before := m.search.query()
	var inputCmd tea.Cmd
	m.search.input, inputCmd = m.search.input.Update(msg)
	if m.search.query() == before {
		return inputCmd
	}
	if strings.TrimSpace(m.search.query()) == "" {
		m.search.editSeq++
		return tea.Batch(inputCmd, m.startSearch())
	}
	// Back at a query seen moments ago: its answer shows at once, and the
	// search after the pause refreshes it.
	return tea.Batch(inputCmd, m.showCached(m.searchParams()), m.search.afterEdit(m.cfg))
}

// pastedQuery turns the lines of a paste (a column of emails or ids copied
// from a spreadsheet or a log) into the comma-separated pieces the server
// searches for one by one; the text input would otherwise join them with
// spaces, which the server reads as words that must all match.
func pastedQuery(runes []rune) []rune {
	text := strings.ReplaceAll(string(runes), "\r\n", "\n")
	var pieces []string
	for _, line := range strings.Split(text, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			pieces = append(pieces, line)
		}
	}
	return []rune(strings.Join(pieces, ", "))
}

func (m *Model) handleResultsKey(msg tea.KeyMsg) tea.Cmd {
	k := m.keys
	page := max(1, m.results.visible-1)
	switch {
	case key.Matches(msg, k.Up):
		return m.moveSelection(func() { m.results.move(-1) })
	case key.Matches(msg, k.Down):
		return m.moveSelection(func() { m.results.move(1) })
	case key.Matches(msg, k.PageUp):
		return m.moveSelection(func() { m.results.move(-page) })
	case key.Matches(msg, k.PageDown):
		return m.moveSelection(func() { m.results.move(page) })
	case key.Matches(msg, k.Top):
		return m.moveSelection(func() { m.results.moveTo(0) })
	case key.Matches(msg, k.Bottom):
		return m.moveSelection(func() { m.results.moveTo(m.results.count() - 1) })
	case key.Matches(msg, k.Open):
		m.setFocus(focusDetails)
	case key.Matches(msg, k.Back):
		m.setFocus(focusSearch)
	}
	return nil
}

// moveSelection applies a cursor move and, if the selection changed,
// updates the details pane.
func (m *Model) moveSelection(move func()) tea.Cmd {
	before := m.results.cursor
	move()
	if m.results.cursor == before {
		return nil
	}
	return m.onSelectionChanged()
}

func (m *Model) handleDetailsKey(msg tea.KeyMsg) tea.Cmd {
	k := m.keys
	page := max(1, m.details.height-1)
	switch {
	case key.Matches(msg, k.Up):
		m.details.scroll(-1)
	case key.Matches(msg, k.Down):
		m.details.scroll(1)
	case key.Matches(msg, k.PageUp):
		m.details.scroll(-page)
	case key.Matches(msg, k.PageDown):
		m.details.scroll(page)
	case key.Matches(msg, k.Top):
		m.details.scrollTo(0)
	case key.Matches(msg, k.Bottom):
		m.details.scrollTo(len(m.details.lines))
	case key.Matches(msg, k.Back):
		m.setFocus(focusResults)
	}
	return nil
}
