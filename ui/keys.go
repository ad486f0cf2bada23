package ui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// KeyMap is every key the UI answers. Model.syncKeys enables exactly the
// bindings that do something in the current state, and the hint bar and the
// help are both drawn from the enabled ones (see hints.go), so neither ever
// shows a key that does nothing.
type KeyMap struct {
	// Anywhere
	Quit      key.Binding // q: not while typing
	ForceQuit key.Binding // ctrl+c: always
	Suspend   key.Binding // ctrl+z: where a shell with job control can resume the program
	Help      key.Binding // ?: not in a search box holding text, where it is a letter
	Redraw    key.Binding
	NextFocus key.Binding
	PrevFocus key.Binding
	Search    key.Binding // jump to the search box
	Refresh   key.Binding
	KeyInfo   key.Binding
	Back      key.Binding

	// Search box
	SearchNow   key.Binding
	ClearSearch key.Binding
	ListUpDown  key.Binding // arrows move in the results while typing

	// Results list; the details and the help scroll with the same keys.
	// Besides the arrows, vim's keys (as lazygit, k9s and less have them):
	// j/k, ctrl+d/ctrl+u, g/G, l to open and h to go back.
	Up           key.Binding
	Down         key.Binding
	PageUp       key.Binding
	PageDown     key.Binding
	HalfPageUp   key.Binding
	HalfPageDown key.Binding
	Top          key.Binding
	Bottom       key.Binding
	Open         key.Binding

	// Details and results
	CopyID      key.Binding
	CopyJSON    key.Binding
	CopyEmail   key.Binding
	ExportJSON  key.Binding
	ExportCSV   key.Binding
	Sort        key.Binding
	ReverseSort key.Binding

	// Searches
	MoreResults  key.Binding
	FewerResults key.Binding
	ToggleAdmin  key.Binding

	// Admin actions, and the dialogs they open
	ResetLink   key.Binding
	Impersonate key.Binding
	Ban         key.Binding // ban, or remove the ban of a banned account
	Confirm     key.Binding // only y: enter is too easy to press by habit
	Cancel      key.Binding // no, or stop the request in flight
	CopyLink    key.Binding

	// Projects: the one under the cursor in the details or the key info
	// window, or the one whose collaborators the results are
	OpenProject key.Binding

	// Overlays (key info, a link, the help): esc or q closes them
	Close key.Binding

	// The search box's history: ↑ from an empty box, then ↑ and ↓
	HistoryBack    key.Binding
	HistoryForward key.Binding

	// The results' filter: f types it, enter keeps it, esc clears it
	Filter      key.Binding
	KeepFilter  key.Binding
	ClearFilter key.Binding
}

// DefaultKeyMap returns the keys as documented in the README.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Quit:      key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit")),
		ForceQuit: key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit")),
		Suspend:   key.NewBinding(key.WithKeys("ctrl+z"), key.WithHelp("ctrl+z", "suspend (fg resumes)")),
		Help:      key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Redraw:    key.NewBinding(key.WithKeys("ctrl+l"), key.WithHelp("ctrl+l", "redraw")),
		NextFocus: key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next pane")),
		PrevFocus: key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous pane")),
		Search:    key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "search")),
		Refresh:   key.NewBinding(key.WithKeys("r", "ctrl+r"), key.WithHelp("r", "refresh")),
		KeyInfo:   key.NewBinding(key.WithKeys("i"), key.WithHelp("i", "key info")),
		Back:      key.NewBinding(key.WithKeys("esc", "h", "left"), key.WithHelp("esc/h", "back")),

		SearchNow:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "search")),
		ClearSearch: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear")),
		ListUpDown:  key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑/↓", "pick result")),

		Up:           key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:         key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		PageUp:       key.NewBinding(key.WithKeys("pgup", "ctrl+b"), key.WithHelp("pgup", "page up")),
		PageDown:     key.NewBinding(key.WithKeys("pgdown", "ctrl+f"), key.WithHelp("pgdn", "page down")),
		HalfPageUp:   key.NewBinding(key.WithKeys("ctrl+u"), key.WithHelp("ctrl+u", "half a page up")),
		HalfPageDown: key.NewBinding(key.WithKeys("ctrl+d"), key.WithHelp("ctrl+d", "half a page down")),
		Top:          key.NewBinding(key.WithKeys("g", "home"), key.WithHelp("g/home", "first")),
		Bottom:       key.NewBinding(key.WithKeys("G", "end"), key.WithHelp("G/end", "last")),
		Open:         key.NewBinding(key.WithKeys("enter", "l", "right", " "), key.WithHelp("enter/l", "details")),

		CopyID:      key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "copy id")),
		CopyJSON:    key.NewBinding(key.WithKeys("Y"), key.WithHelp("Y", "copy JSON")),
		CopyEmail:   key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "copy email")),
		ExportJSON:  key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "export JSON")),
		ExportCSV:   key.NewBinding(key.WithKeys("E"), key.WithHelp("E", "export CSV")),
		Sort:        key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "sort by")),
		ReverseSort: key.NewBinding(key.WithKeys("S"), key.WithHelp("S", "reverse order")),

		MoreResults:  key.NewBinding(key.WithKeys("+", "="), key.WithHelp("+/-", "result limit")),
		FewerResults: key.NewBinding(key.WithKeys("-"), key.WithHelp("-", "fewer results")),
		ToggleAdmin:  key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "admin mode")),

		ResetLink:   key.NewBinding(key.WithKeys("P"), key.WithHelp("P", "password reset link")),
		Impersonate: key.NewBinding(key.WithKeys("I"), key.WithHelp("I", "impersonation link")),
		Ban:         key.NewBinding(key.WithKeys("B"), key.WithHelp("B", "ban / remove ban")),
		OpenProject: key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "open project")),
		Confirm:     key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "yes")),
		Cancel:      key.NewBinding(key.WithKeys("n", "esc", "q"), key.WithHelp("n/esc", "no")),
		CopyLink:    key.NewBinding(key.WithKeys("c", "y"), key.WithHelp("c", "copy link")),

		Close: key.NewBinding(key.WithKeys("esc", "q"), key.WithHelp("esc", "close")),

		HistoryBack:    key.NewBinding(key.WithKeys("up"), key.WithHelp("↑", "previous query")),
		HistoryForward: key.NewBinding(key.WithKeys("down"), key.WithHelp("↓", "next query")),

		Filter:      key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "filter")),
		KeepFilter:  key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "keep filter")),
		ClearFilter: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear filter")),
	}
}

// all is every binding, to change them together.
func (k *KeyMap) all() []*key.Binding {
	return []*key.Binding{
		&k.Quit, &k.ForceQuit, &k.Suspend, &k.Help, &k.Redraw, &k.NextFocus, &k.PrevFocus, &k.Search,
		&k.Refresh, &k.KeyInfo, &k.Back,
		&k.SearchNow, &k.ClearSearch, &k.ListUpDown,
		&k.Up, &k.Down, &k.PageUp, &k.PageDown, &k.HalfPageUp, &k.HalfPageDown, &k.Top, &k.Bottom, &k.Open,
		&k.CopyID, &k.CopyJSON, &k.CopyEmail, &k.ExportJSON, &k.ExportCSV, &k.Sort, &k.ReverseSort,
		&k.MoreResults, &k.FewerResults, &k.ToggleAdmin,
		&k.ResetLink, &k.Impersonate, &k.Ban, &k.Confirm, &k.Cancel, &k.CopyLink,
		&k.OpenProject, &k.Close,
		&k.HistoryBack, &k.HistoryForward,
		&k.Filter, &k.KeepFilter, &k.ClearFilter,
	}
}

// moves are the keys that move in a list, or scroll the details or the help.
func (k *KeyMap) moves() []*key.Binding {
	return []*key.Binding{&k.Up, &k.Down, &k.PageUp, &k.PageDown, &k.HalfPageUp, &k.HalfPageDown, &k.Top, &k.Bottom}
}

// enable turns the given bindings on and every other one off.
func (k *KeyMap) enable(on ...*key.Binding) {
	for _, b := range k.all() {
		b.SetEnabled(false)
	}
	for _, b := range on {
		b.SetEnabled(true)
	}
}

// binds reports whether an enabled binding answers msg.
func (k *KeyMap) binds(msg tea.KeyMsg) bool {
	for _, b := range k.all() {
		if key.Matches(msg, *b) {
			return true
		}
	}
	return false
}

// matchesAlways reports whether msg is one of b's keys, enabled or not:
// for the keys that say why they do nothing here.
func matchesAlways(msg tea.KeyMsg, b key.Binding) bool {
	b.SetEnabled(true)
	return key.Matches(msg, b)
}

// syncKeys enables exactly the keys that do something in the current state,
// so the hint bar and the help never list a key that does nothing. It also
// words the keys whose meaning depends on the state.
func (m *Model) syncKeys() {
	k := &m.keys
	k.Help.SetHelp("?", "help")
	k.Up.SetHelp("↑/k", "up")
	k.Down.SetHelp("↓/j", "down")
	on := []*key.Binding{&k.ForceQuit, &k.Redraw, &k.Help}
	if m.cfg.JobControl {
		on = append(on, &k.Suspend)
	}
	switch {
	case m.helpOpen:
		on = append(on, &k.Close)
		if len(m.helpContent()) > m.helpHeight() {
			on = append(on, k.moves()...)
		}
		k.Close.SetHelp("esc/?", "close")
	case m.overlay != overlayNone:
		on = append(on, m.dialogKeys()...)
	case m.filtering:
		on = append(on, m.filterKeys()...)
	case m.focus == focusSearch:
		on = append(on, m.searchBoxKeys()...)
	default:
		on = append(on, m.paneKeys()...)
	}
	k.enable(on...)
}

// dialogKeys are the keys of the window or dialog over the panes.
func (m *Model) dialogKeys() []*key.Binding {
	k := &m.keys
	k.Close.SetHelp("esc", "close")
	switch {
	case m.overlay == overlayConfirm && m.action.inFlight:
		k.Cancel.SetHelp("esc/n", "cancel the request")
		return []*key.Binding{&k.Cancel}
	case m.overlay == overlayConfirm:
		k.Cancel.SetHelp("n/esc", "no")
		return []*key.Binding{&k.Confirm, &k.Cancel}
	case m.overlay == overlayLink && m.linkScrolls():
		return append([]*key.Binding{&k.CopyLink, &k.Close}, k.moves()...)
	case m.overlay == overlayLink:
		return []*key.Binding{&k.CopyLink, &k.Close}
	}
	on := []*key.Binding{&k.Close, &k.KeyInfo}
	switch list := m.keyProjects.list; {
	case m.keyInfoScrolls():
		on = append(on, k.moves()...)
	case len(list.projects) > 0: // all in view: up and down pick a project
		k.Up.SetHelp("↑/k", "previous project")
		k.Down.SetHelp("↓/j", "next project")
		if list.cursor >= 0 {
			on = append(on, &k.Up)
		}
		if list.cursor < len(list.projects)-1 {
			on = append(on, &k.Down)
		}
	}
	return append(on, m.openKey()...)
}

// searchBoxKeys are the keys of the search box, where every other key is
// text: ? opens the help only while the box is empty.
func (m *Model) searchBoxKeys() []*key.Binding {
	k := &m.keys
	on := []*key.Binding{&k.ClearSearch, &k.NextFocus, &k.PrevFocus}
	if m.search.query() == "" {
		k.ClearSearch.SetHelp("esc", "to results")
	} else {
		k.ClearSearch.SetHelp("esc", "clear")
		k.Help.SetHelp("?", "help (empty box)")
		on = append(on, &k.SearchNow)
	}
	if m.canWalkBack() {
		on = append(on, &k.HistoryBack)
	}
	if m.canWalkForward() {
		on = append(on, &k.HistoryForward)
	} else if m.results.count() > 1 {
		on = append(on, &k.ListUpDown)
	}
	return on
}

// paneKeys are the keys of the results and the details.
func (m *Model) paneKeys() []*key.Binding {
	k := &m.keys
	back := &k.Back
	if m.focus == focusResults && m.results.filtered() {
		back = &k.ClearFilter // esc: the filter first
	}
	on := []*key.Binding{&k.Quit, &k.Refresh, &k.KeyInfo, &k.Search, back, &k.NextFocus, &k.PrevFocus,
		&k.MoreResults, &k.FewerResults}
	if m.results.total() > 1 {
		on = append(on, &k.Filter)
	}
	if m.scope.admin {
		on = append(on, &k.ToggleAdmin)
	}
	// The moves move something: the cursor in a list of two or more, the
	// lines of details that do not fit.
	if m.focus == focusResults && m.results.count() > 1 ||
		m.focus == focusDetails && (m.details.scrollable() || len(m.projects.list.projects) > 0) {
		on = append(on, k.moves()...)
	}
	on = append(on, m.openKey()...)
	hasSelection := m.results.count() > 0
	if !hasSelection {
		return on
	}
	on = append(on, &k.CopyID, &k.CopyJSON, &k.CopyEmail, &k.ExportJSON, &k.ExportCSV)
	if m.focus == focusResults {
		on = append(on, &k.Open)
	}
	if m.results.count() > 1 {
		on = append(on, &k.Sort, &k.ReverseSort)
	}
	if m.scope.admin && !m.cfg.ReadOnly {
		on = append(on, &k.ResetLink, &k.Impersonate, &k.Ban)
	}
	return on
}

// filterKeys are the keys of the filter's input, where every other key
// is text: ? opens the help only while it is empty.
func (m *Model) filterKeys() []*key.Binding {
	k := &m.keys
	k.KeepFilter.SetHelp("enter", "keep filter")
	k.ClearFilter.SetHelp("esc", "clear filter")
	if m.filter.Value() != "" {
		k.Help.SetHelp("?", "help (empty box)")
	} else if !m.results.filtered() {
		k.KeepFilter.SetHelp("enter", "close")
		k.ClearFilter.SetHelp("esc", "close")
	}
	on := []*key.Binding{&k.KeepFilter, &k.ClearFilter}
	if m.results.count() > 1 {
		on = append(on, &k.ListUpDown)
	}
	return on
}

// openKey is o, where there is a project to open.
func (m *Model) openKey() []*key.Binding {
	if _, ok := m.projectToOpen(); ok {
		return []*key.Binding{&m.keys.OpenProject}
	}
	return nil
}

// whyUnavailable says why a key that a person may expect to work does
// nothing here, or "" for any other key: the admin keys with a key that is
// not an admin's (or not known to be yet), or with no account selected.
func (m Model) whyUnavailable(msg tea.KeyMsg) string {
	k := m.keys
	var what, need string
	switch {
	case matchesAlways(msg, k.ToggleAdmin):
		what, need = "admin mode", " needs"
	case matchesAlways(msg, k.ResetLink):
		what, need = "password reset links", " need"
	case matchesAlways(msg, k.Impersonate):
		what, need = "impersonation links", " need"
	case matchesAlways(msg, k.Ban):
		what, need = "bans", " need"
	default:
		return ""
	}
	switch {
	case m.cfg.ReadOnly:
		return what + ": off in read-only mode (--read-only, or read_only in the profile)"
	case m.scope.isProject():
		return what + need + " an admin's account key; this is a project key"
	case m.scope.known && !m.scope.admin && m.scope.err != nil:
		return what + need + " an admin's key; this key's rights are unknown (" + errorText(m.scope.err) + ")"
	case m.scope.known && !m.scope.admin:
		return what + need + " an admin's key; this key is " + m.scope.displayName() + "'s"
	case !m.scope.known:
		return what + ": the key's rights are not known yet"
	}
	return what + ": select an account first"
}
