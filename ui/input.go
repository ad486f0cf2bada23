package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// handleKey applies the key ladder: ctrl+c always quits and ctrl+z always
// suspends; a paste goes to the search box, and the keys that come with it
// are never commands; the help, then a dialog, takes the keys while open;
// the search box gets every key it can type; then the global keys; then
// the keys of the focused pane.
func (m *Model) handleKey(msg tea.KeyMsg) tea.Cmd {
	m.flash.onKey()
	m.probe.keyPressed = true
	msg = lineFeedAsEnter(msg)
	if keys := m.splitKeys(msg); len(keys) > 1 {
		var cmds []tea.Cmd
		for _, single := range keys {
			cmds = append(cmds, m.handleKey(single))
			m.syncKeys() // each key acts in the state the one before left
		}
		return tea.Batch(cmds...)
	}
	k := m.keys
	switch {
	case key.Matches(msg, k.ForceQuit):
		return m.quit()
	case key.Matches(msg, k.Suspend):
		return tea.Suspend
	case matchesAlways(msg, k.Suspend):
		return m.flash.show(m.cfg, "ctrl+z: no shell with job control to return to here; ctrl+c quits", true)
	case msg.Paste:
		return m.paste(msg)
	case m.pasteTrail.holds(m.now):
		return m.keyAfterPaste(msg)
	case m.helpOpen:
		return m.handleHelpKey(msg)
	case m.overlay != overlayNone:
		return m.handleOverlayKey(msg)
	case key.Matches(msg, k.Redraw):
		return tea.ClearScreen
	case m.filtering:
		if cmd, handled := m.handleFilterKey(msg); handled {
			return cmd
		}
	case m.focus == focusSearch:
		if cmd, handled := m.handleSearchKey(msg); handled {
			return cmd
		}
	}
	switch {
	case key.Matches(msg, k.Quit):
		return m.quit()
	case key.Matches(msg, k.Help):
		m.openHelp()
	case key.Matches(msg, k.KeyInfo):
		m.openKeyInfo()
	case key.Matches(msg, k.NextFocus):
		m.cycleFocus(+1)
	case key.Matches(msg, k.PrevFocus):
		m.cycleFocus(-1)
	case key.Matches(msg, k.Search):
		m.setFocus(focusSearch)
	case key.Matches(msg, k.Refresh):
		return m.refreshFromServer()
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

// lineFeedAsEnter reads a line feed (ctrl+j) as enter. Keys typed before
// the UI has put the terminal in raw mode (while the program starts) pass
// the terminal's line discipline, which turns enter's CR into LF (termios
// ICRNL): enter typed ahead arrives as ctrl+j, which nothing here binds.
// So enter acts the same whenever it was typed; ctrl+j itself is enter in
// readline and bash too.
func lineFeedAsEnter(msg tea.KeyMsg) tea.KeyMsg {
	if msg.Type == tea.KeyCtrlJ && !msg.Paste {
		msg.Type = tea.KeyEnter
	}
	return msg
}

// splitKeys splits a message that holds several keys into one per key.
// Keys pressed faster than the terminal is read (over a slow SSH link)
// arrive together: runes typed outside the search box are each a command,
// and Esc read with the key after it (a letter, ctrl+c, enter, an arrow) is
// decoded by Bubble Tea as alt+key, which no key here uses: it is the Esc
// key, then that key, as the person pressed them. A paste stays whole.
func (m Model) splitKeys(msg tea.KeyMsg) []tea.KeyMsg {
	if escapedKey(msg) && !m.keys.binds(msg) {
		plain := msg
		plain.Alt = false
		return []tea.KeyMsg{{Type: tea.KeyEsc}, plain}
	}
	if msg.Type != tea.KeyRunes || msg.Paste || len(msg.Runes) < 2 || m.typing() {
		return []tea.KeyMsg{msg}
	}
	keys := make([]tea.KeyMsg, len(msg.Runes))
	for i, r := range msg.Runes {
		keys[i] = tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}}
	}
	return keys
}

// escapedKey reports whether msg is a key with alt: what Esc and that key
// become when they are read together (Esc and ctrl+c, typed fast or sent
// by tmux send-keys Escape C-c, are alt+ctrl+c).
func escapedKey(msg tea.KeyMsg) bool {
	return msg.Alt && !msg.Paste
}

// typing reports whether keys go to the search box, or the filter, as text.
func (m Model) typing() bool {
	return (m.focus == focusSearch || m.filtering) && m.overlay == overlayNone && !m.helpOpen
}

// paste puts pasted text in the search box, whatever has the focus:
// pasted ids and emails are meant as a query. From another pane, or from
// over the key info or the help, the paste is a new query; in the box it is
// inserted at the cursor. A dialog waiting for an answer keeps the focus.
// The keys that come right after a paste are more of it (see afterPaste).
func (m *Model) paste(msg tea.KeyMsg) tea.Cmd {
	defer func() { m.pasteTrail.start(m.cfg.Clock()) }() // from when the paste is handled
	if m.overlay == overlayConfirm {
		return m.flash.show(m.cfg, "paste ignored: answer the question first", true)
	}
	if m.filtering && m.typing() {
		return m.typeInFilter(msg)
	}
	replace := !m.typing()
	m.helpOpen = false
	m.overlay = overlayNone
	m.setFocus(focusSearch)
	if replace {
		m.search.input.SetValue("")
	}
	return m.typeInSearch(msg)
}

// afterPaste is how long after a paste, or after a key that came with it,
// a key is taken as more of the paste and never as a command. A terminal
// ends a bracketed paste at the first ESC [ 201 ~ in it, and some (tmux
// 3.3a) pass one that is inside the pasted text on: what follows it in the
// text arrives as keys. "bob\x1b[201~\tIy" pasted once moved to the
// results, asked for an impersonation link and said yes. Such keys come in
// the same read as the paste, and Update takes them one after the other
// within a millisecond or so; a person takes far longer than this to press
// a key after a paste (a keystroke alone takes longer than this). Each key
// that comes within the window extends it, so a long burst of them cannot
// outlast it, however slowly a loaded machine works through them.
const afterPaste = 200 * time.Millisecond

// pasteTrail is the window after a paste in which keys are more of it,
// and the keys it dropped, for the note that says so.
type pasteTrail struct {
	ends    time.Time
	dropped []string
}

// start opens the window after a paste handled at now, clearing what an
// earlier one dropped.
func (p *pasteTrail) start(now time.Time) {
	*p = pasteTrail{ends: now.Add(afterPaste)}
}

// holds reports whether a key taken at now came with the paste.
func (p pasteTrail) holds(now time.Time) bool { return now.Before(p.ends) }

// keyAfterPaste handles a key that came with a paste: text goes on into
// the search box or the filter being typed, as more of what was pasted
// (which it is); any other key,
// and any key while a dialog has the focus, is dropped, and the hint bar
// names what was.
func (m *Model) keyAfterPaste(msg tea.KeyMsg) tea.Cmd {
	defer func() { m.pasteTrail.ends = m.cfg.Clock().Add(afterPaste) }()
	isText := !msg.Alt && (msg.Type == tea.KeyRunes || msg.Type == tea.KeySpace)
	switch {
	case isText && m.filtering && m.typing():
		return m.typeInFilter(msg)
	case isText && m.typing():
		return m.typeInSearch(msg)
	}
	return m.flash.show(m.cfg, m.pasteTrail.drop(msg, isText), true)
}

// drop records a key dropped after a paste and says which were: the names
// of the special keys (tab, enter), or how many letters. Pasted letters are
// not repeated on the screen: they are the paste's text, whatever it holds.
func (p *pasteTrail) drop(msg tea.KeyMsg, isText bool) string {
	name := msg.String()
	if msg.Type == tea.KeyRunes || isText {
		name = "text" // the name of a letter key is the letter
	}
	if len(p.dropped) < 4 && (len(p.dropped) == 0 || p.dropped[len(p.dropped)-1] != name) {
		p.dropped = append(p.dropped, name)
	}
	what := strings.Join(p.dropped, ", ")
	if len(p.dropped) == 4 {
		what = strings.Join(p.dropped[:3], ", ") + "…"
	}
	return fmt.Sprintf("ignored %s after the paste: keys that come with a paste are never commands", what)
}

// handleHelpKey scrolls or closes the help.
func (m *Model) handleHelpKey(msg tea.KeyMsg) tea.Cmd {
	k := m.keys
	if delta, ok := m.scrollStep(msg, m.helpHeight(), len(m.helpContent())); ok {
		m.scrollHelp(delta)
		return nil
	}
	switch {
	case key.Matches(msg, k.Close), key.Matches(msg, k.Help):
		m.helpOpen = false
	case key.Matches(msg, k.Redraw):
		return tea.ClearScreen
	}
	return nil
}

// scrollStep is how far a scroll key (enabled only where something
// scrolls) moves a window of height lines out of total: a line, a page,
// half a page, to either end. ok is false for any other key.
func (m Model) scrollStep(msg tea.KeyMsg, height, total int) (delta int, ok bool) {
	k := m.keys
	page := max(1, height-1)
	switch {
	case key.Matches(msg, k.Up):
		return -1, true
	case key.Matches(msg, k.Down):
		return 1, true
	case key.Matches(msg, k.PageUp):
		return -page, true
	case key.Matches(msg, k.PageDown):
		return page, true
	case key.Matches(msg, k.HalfPageUp):
		return -halfPage(page), true
	case key.Matches(msg, k.HalfPageDown):
		return halfPage(page), true
	case key.Matches(msg, k.Top):
		return -total, true
	case key.Matches(msg, k.Bottom):
		return total, true
	}
	return 0, false
}

// handleOverlayKey handles the keys of the dialog or window drawn over the
// panes.
func (m *Model) handleOverlayKey(msg tea.KeyMsg) tea.Cmd {
	k := m.keys
	switch {
	case key.Matches(msg, k.Help):
		m.openHelp()
		return nil
	case key.Matches(msg, k.Redraw):
		return tea.ClearScreen
	}
	switch m.overlay {
	case overlayConfirm:
		return m.handleConfirmKey(msg)
	case overlayLink:
		return m.handleLinkKey(msg)
	}
	switch {
	case key.Matches(msg, k.Up):
		m.moveInKeyInfo(-1)
		return nil
	case key.Matches(msg, k.Down):
		m.moveInKeyInfo(1)
		return nil
	}
	if delta, ok := m.scrollStep(msg, m.overlayArea().inner().height, len(m.keyInfoContent())); ok {
		m.scrollKeyInfo(delta)
		return nil
	}
	switch {
	case key.Matches(msg, k.Close) || key.Matches(msg, k.KeyInfo):
		m.overlay = overlayNone
	case key.Matches(msg, k.OpenProject):
		return m.openProject()
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
	case key.Matches(msg, k.ReverseSort):
		m.results.reverseSort()
		return m.onSelectionChanged(), true
	case key.Matches(msg, k.ResetLink):
		return m.askAction(actionResetLink), true
	case key.Matches(msg, k.Impersonate):
		return m.askAction(actionImpersonate), true
	case key.Matches(msg, k.Ban):
		return m.askBan(), true
	case key.Matches(msg, k.OpenProject):
		return m.openProject(), true
	case key.Matches(msg, k.Filter):
		m.startFilter()
		return nil, true
	}
	if why := m.whyUnavailable(msg); why != "" {
		return m.flash.show(m.cfg, why, true), true
	}
	return nil, false
}

// handleConfirmKey answers a dangerous action's confirmation: only y says
// yes, once the question has settled (see ConfirmSettle); n, esc or q say
// no, or stop the request once it is sent.
func (m *Model) handleConfirmKey(msg tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(msg, m.keys.Confirm) && !m.action.settled(m.now):
		m.action.tooSoon = true
		return nil
	case key.Matches(msg, m.keys.Cancel) && m.action.inFlight:
		m.action.cancel()
		m.overlay = overlayNone
		return m.flash.show(m.cfg, m.action.spec().title+": request cancelled", false)
	case key.Matches(msg, m.keys.Cancel):
		m.overlay = overlayNone
	case key.Matches(msg, m.keys.Confirm):
		return m.action.run(m.cfg)
	}
	return nil
}

// handleSearchKey handles a key while the search box has focus. It reports
// false for the keys the box leaves to the global ladder (focus changes,
// help on an empty box).
func (m *Model) handleSearchKey(msg tea.KeyMsg) (tea.Cmd, bool) {
	k := m.keys
	switch {
	case key.Matches(msg, k.NextFocus, k.PrevFocus):
		return nil, false
	case key.Matches(msg, k.Help) && m.search.query() == "":
		return nil, false
	case key.Matches(msg, k.SearchNow):
		if strings.TrimSpace(m.search.query()) == "" {
			return nil, true
		}
		cmd := m.applySearch(m.search.searchNow(m.searchEnv()))
		m.setFocus(focusResults)
		return cmd, true
	case key.Matches(msg, k.ClearSearch):
		if m.search.query() == "" {
			m.setFocus(focusResults)
			return nil, true
		}
		return m.applySearch(m.search.clear()), true
	case key.Matches(msg, k.HistoryBack):
		return m.walkHistory(-1), true
	case key.Matches(msg, k.HistoryForward):
		return m.walkHistory(+1), true
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

// typeInSearch passes a key to the text input and, if the text changed,
// tells the search (see searchModel.edited).
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
	m.history.position = -1 // the text is the user's now: the walk ends
	return tea.Batch(inputCmd, m.applySearch(m.search.edited(m.searchEnv())))
}

// pastedQuery turns the lines of a paste (a column of emails or ids copied
// from a spreadsheet or a log) into the comma-separated pieces the server
// searches for one by one; the text input would otherwise join them with
// spaces, which the server reads as words that must all match. Terminals
// send a paste's line breaks as CR (xterm, VTE, iTerm2, tmux), some as LF
// or CRLF: all are line breaks.
func pastedQuery(runes []rune) []rune {
	lines := strings.FieldsFunc(string(runes), func(r rune) bool { return r == '\r' || r == '\n' })
	var pieces []string
	for _, line := range lines {
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
	case key.Matches(msg, k.Open): // first: space is also a page down, in the panes that scroll
		m.setFocus(focusDetails)
	case key.Matches(msg, k.Up):
		return m.moveSelection(func() { m.results.move(-1) })
	case key.Matches(msg, k.Down):
		return m.moveSelection(func() { m.results.move(1) })
	case key.Matches(msg, k.PageUp):
		return m.moveSelection(func() { m.results.move(-page) })
	case key.Matches(msg, k.PageDown):
		return m.moveSelection(func() { m.results.move(page) })
	case key.Matches(msg, k.HalfPageUp):
		return m.moveSelection(func() { m.results.move(-halfPage(page)) })
	case key.Matches(msg, k.HalfPageDown):
		return m.moveSelection(func() { m.results.move(halfPage(page)) })
	case key.Matches(msg, k.Top):
		return m.moveSelection(func() { m.results.moveTo(0) })
	case key.Matches(msg, k.Bottom):
		return m.moveSelection(func() { m.results.moveTo(m.results.count() - 1) })
	case key.Matches(msg, k.ClearFilter):
		return m.clearFilter()
	case key.Matches(msg, k.Back):
		m.setFocus(focusSearch)
	}
	return nil
}

// halfPage is half of a page's move, at least one line (ctrl+d, ctrl+u).
func halfPage(page int) int { return max(1, (page+1)/2) }

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
	page := max(1, m.details.view.Height-1) // a line of the last page stays in view, as in the results
	switch {
	case key.Matches(msg, k.Up):
		m.moveInDetails(-1)
	case key.Matches(msg, k.Down):
		m.moveInDetails(1)
	case key.Matches(msg, k.PageUp):
		m.moveInDetails(-page)
	case key.Matches(msg, k.PageDown):
		m.moveInDetails(page)
	case key.Matches(msg, k.HalfPageUp):
		m.moveInDetails(-halfPage(page))
	case key.Matches(msg, k.HalfPageDown):
		m.moveInDetails(halfPage(page))
	case key.Matches(msg, k.Top):
		m.detailsToEdge(false)
	case key.Matches(msg, k.Bottom):
		m.detailsToEdge(true)
	case key.Matches(msg, k.Back):
		m.setFocus(focusResults)
	}
	return nil
}
