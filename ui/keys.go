package ui

import "github.com/charmbracelet/bubbles/key"

// KeyMap is every key the UI answers. Bindings that do not apply in the
// current state are disabled (see Model.syncKeys), so help never lists a key
// that does nothing.
type KeyMap struct {
	// Global
	Quit      key.Binding // q: not while typing
	ForceQuit key.Binding // ctrl+c: always
	Help      key.Binding
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

	// Results list
	Up       key.Binding
	Down     key.Binding
	PageUp   key.Binding
	PageDown key.Binding
	Top      key.Binding
	Bottom   key.Binding
	Open     key.Binding

	// Details and results
	CopyID     key.Binding
	CopyJSON   key.Binding
	CopyEmail  key.Binding
	ExportJSON key.Binding
	ExportCSV  key.Binding
	Sort       key.Binding

	// Searches
	MoreResults  key.Binding
	FewerResults key.Binding
	ToggleAdmin  key.Binding

	// Admin actions, and the overlays they open
	ResetLink   key.Binding
	Impersonate key.Binding
	Confirm     key.Binding
	Cancel      key.Binding
	CopyLink    key.Binding
}

// DefaultKeyMap returns the keys as documented in the README.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Quit:      key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit")),
		ForceQuit: key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit")),
		Help:      key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Redraw:    key.NewBinding(key.WithKeys("ctrl+l"), key.WithHelp("ctrl+l", "redraw")),
		NextFocus: key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next pane")),
		PrevFocus: key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous pane")),
		Search:    key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "search")),
		Refresh:   key.NewBinding(key.WithKeys("r", "ctrl+r"), key.WithHelp("r", "refresh")),
		KeyInfo:   key.NewBinding(key.WithKeys("i"), key.WithHelp("i", "key info")),
		Back:      key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),

		SearchNow:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "search")),
		ClearSearch: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear")),
		ListUpDown:  key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑/↓", "pick result")),

		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		PageUp:   key.NewBinding(key.WithKeys("pgup", "ctrl+b"), key.WithHelp("pgup", "page up")),
		PageDown: key.NewBinding(key.WithKeys("pgdown", "ctrl+f"), key.WithHelp("pgdn", "page down")),
		Top:      key.NewBinding(key.WithKeys("g", "home"), key.WithHelp("g/home", "first")),
		Bottom:   key.NewBinding(key.WithKeys("G", "end"), key.WithHelp("G/end", "last")),
		Open:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "details")),

		CopyID:     key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "copy id")),
		CopyJSON:   key.NewBinding(key.WithKeys("Y"), key.WithHelp("Y", "copy JSON")),
		CopyEmail:  key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "copy email")),
		ExportJSON: key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "export JSON")),
		ExportCSV:  key.NewBinding(key.WithKeys("E"), key.WithHelp("E", "export CSV")),
		Sort:       key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "sort order")),

		MoreResults:  key.NewBinding(key.WithKeys("+", "="), key.WithHelp("+/-", "result limit")),
		FewerResults: key.NewBinding(key.WithKeys("-"), key.WithHelp("-", "fewer results")),
		ToggleAdmin:  key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "admin mode")),

		ResetLink:   key.NewBinding(key.WithKeys("P"), key.WithHelp("P", "password reset link")),
		Impersonate: key.NewBinding(key.WithKeys("I"), key.WithHelp("I", "impersonation link")),
		Confirm:     key.NewBinding(key.WithKeys("y", "enter"), key.WithHelp("y", "yes")),
		Cancel:      key.NewBinding(key.WithKeys("n", "esc"), key.WithHelp("n", "no")),
		CopyLink:    key.NewBinding(key.WithKeys("c", "y"), key.WithHelp("c", "copy link")),
	}
}
