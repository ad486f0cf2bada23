package ui

import (
	"slices"
	"strings"
	"unicode/utf8"

	tea "github.com/charmbracelet/bubbletea"

	"cocalc-tui/ui/history"
)

// queryHistory is the search box's history (Config.History): the queries
// searched before, oldest first, and the one the box shows while ↑ and ↓
// walk them. As in shells and fzf, the walk starts from an empty box, and
// goes on while the box shows the query it put there: a key that changes
// the text ends it, and ↑ and ↓ move in the results again.
type queryHistory struct {
	entries []string
	// position is the entry the box was given, or -1.
	position int
	// broken is why the file cannot be used (a symbolic link, another
	// user's folder): nothing more is read or written this session.
	broken error
	// toldSaveFailure records that a failure to save was said once.
	toldSaveFailure bool
	// unsaved are the queries recorded whose save has not answered: Run
	// saves them when the program ends before their commands did.
	unsaved []string
}

type historyLoadedMsg struct {
	entries []string
	err     error
}

type historySavedMsg struct {
	query string
	err   error
}

// loadHistory reads the history file, off Update's path.
func loadHistory(file *history.File) tea.Cmd {
	if file == nil {
		return nil
	}
	return guarded(func() tea.Msg {
		entries, err := file.Load()
		return historyLoadedMsg{entries: entries, err: err}
	}, func(err error) tea.Msg { return historyLoadedMsg{err: err} })
}

// onHistoryLoaded takes the entries read at start, before any recorded
// since, and says why there is no history if the file was refused.
func (m *Model) onHistoryLoaded(msg historyLoadedMsg) tea.Cmd {
	if msg.err != nil {
		m.history.broken = msg.err
		m.cfg.Logger.Warn("history", "path", m.cfg.History.Path(), "error", msg.err)
		return m.flash.show(m.cfg, "search history off: "+errorText(msg.err), true)
	}
	// A line longer than the box takes would be cut when shown, and the
	// walk, which knows an entry by its text, would stop at it.
	entries := slices.DeleteFunc(msg.entries, func(q string) bool {
		return utf8.RuneCountInString(q) > m.search.input.CharLimit
	})
	for _, q := range m.history.entries {
		entries = history.Append(entries, q)
	}
	m.history.entries, m.history.position = entries, -1
	return nil
}

// recordQuery keeps the query in the box as the newest of the history, in
// memory at once and in the file by a command: when the user leaves the box
// for the results (enter, tab, a click), the query is one they meant. A
// blank query, one shaped like an API key (or holding the key in any
// form), and a repeat of the newest are not recorded.
func (m *Model) recordQuery() tea.Cmd {
	query := strings.TrimSpace(m.search.query())
	h := &m.history
	switch {
	case m.cfg.History == nil || h.broken != nil || query == "":
		return nil
	case m.cfg.Client.Scrubber().Contains(query):
		return nil
	case len(h.entries) > 0 && h.entries[len(h.entries)-1] == query:
		return nil
	}
	h.entries = history.Append(h.entries, query)
	h.position = -1
	h.unsaved = append(h.unsaved, query)
	file := m.cfg.History
	return guarded(func() tea.Msg { return historySavedMsg{query: query, err: file.Add(query)} },
		func(err error) tea.Msg { return historySavedMsg{query: query, err: err} })
}

// saveUnsaved saves the queries whose commands the end of the program
// overtook (a query meant, then ctrl+c at once), in order. Run calls it
// once the program has ended, when nothing else writes the file.
func (m Model) saveUnsaved() {
	for _, query := range m.history.unsaved {
		if err := m.cfg.History.Add(query); err != nil {
			m.cfg.Logger.Warn("history not saved", "path", m.cfg.History.Path(), "error", err)
			return
		}
	}
}

// onHistorySaved says once that the history could not be written.
func (m *Model) onHistorySaved(msg historySavedMsg) tea.Cmd {
	if i := slices.Index(m.history.unsaved, msg.query); i >= 0 {
		m.history.unsaved = slices.Delete(slices.Clone(m.history.unsaved), i, i+1)
	}
	if msg.err == nil {
		return nil
	}
	m.cfg.Logger.Warn("history not saved", "path", m.cfg.History.Path(), "error", msg.err)
	if m.history.toldSaveFailure {
		return nil
	}
	m.history.toldSaveFailure = true
	return m.flash.show(m.cfg, "search history not saved: "+errorText(msg.err), true)
}

// walking reports whether the box shows the entry the walk put there.
func (h queryHistory) walking(query string) bool {
	return h.position >= 0 && h.position < len(h.entries) && h.entries[h.position] == query
}

// canWalkBack reports whether ↑ has an older query to show: from an empty
// box, the newest.
func (m Model) canWalkBack() bool {
	query := m.search.query()
	if query == "" {
		return len(m.history.entries) > 0
	}
	return m.history.walking(query) && m.history.position > 0
}

// canWalkForward reports whether ↓ has a newer query to show, or the empty
// box the walk started from.
func (m Model) canWalkForward() bool { return m.history.walking(m.search.query()) }

// walkHistory shows the previous (step -1) or next (+1) query in the box,
// or the empty box after the newest, and searches it after the usual pause
// (walking past several queries sends only the last).
func (m *Model) walkHistory(step int) tea.Cmd {
	h := &m.history
	if len(h.entries) == 0 { // the keys are off then; this keeps it safe if called anyway
		return nil
	}
	switch {
	case step < 0 && !h.walking(m.search.query()):
		h.position = len(h.entries) - 1
	case step < 0:
		h.position--
	default:
		h.position++
	}
	query := ""
	if h.position < len(h.entries) {
		query = h.entries[h.position]
	} else {
		h.position = -1
	}
	m.search.input.SetValue(query)
	m.search.input.CursorEnd()
	m.search.input = m.search.input.scrolled()
	return m.applySearch(m.search.edited(m.searchEnv()))
}
