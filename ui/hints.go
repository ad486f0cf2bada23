package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"

	"cocalc-tui/ui/sanitize"
)

// The hint bar and the help are both drawn from the bindings enabled now
// (Model.syncKeys): the bar picks the most useful of them for the state, the
// help lists all of them, grouped.

// hintSeparator goes between two keys of the hint bar.
const hintSeparator = " • "

// hintKeys are the hint bar's keys in the current state, most useful first,
// and the keys it keeps whatever its width: how to get help and how to quit.
func (m Model) hintKeys() (keys, kept []key.Binding) {
	k := m.keys
	kept = []key.Binding{k.Help, k.ForceQuit}
	switch {
	case m.helpOpen:
		keys = []key.Binding{k.Down, k.Up, k.PageDown, k.PageUp}
		kept = []key.Binding{k.Close, k.ForceQuit}
	case m.overlay != overlayNone:
		keys = []key.Binding{k.Confirm, k.Cancel, k.CopyLink, k.OpenProject, k.Close, k.Down, k.Up, k.PageDown, k.PageUp}
	case m.filtering:
		keys = []key.Binding{k.KeepFilter, k.ClearFilter, k.ListUpDown}
	case m.focus == focusSearch:
		keys = []key.Binding{k.SearchNow, k.ClearSearch, k.HistoryBack, k.HistoryForward, k.NextFocus, k.ListUpDown}
	case m.focus == focusResults:
		keys = []key.Binding{k.Up, k.Down, k.Open, k.ClearFilter, k.OpenProject, k.CopyID, k.Filter, k.Sort,
			k.ToggleAdmin, k.ReverseSort, k.Search, k.Back}
	default:
		keys = []key.Binding{k.Up, k.Down, k.OpenProject, k.CopyID, k.CopyJSON, k.Ban, k.ResetLink, k.Back, k.Filter}
	}
	return enabledOnly(keys), enabledOnly(kept)
}

func enabledOnly(bindings []key.Binding) []key.Binding {
	var on []key.Binding
	for _, b := range bindings {
		if b.Enabled() {
			on = append(on, b)
		}
	}
	return on
}

// hintBar draws the keys in width cells: the less useful ones are left out
// until the rest fit, the kept ones last of all.
func hintBar(st Styles, keys, kept []key.Binding, width int) string {
	for {
		shown := append(append([]key.Binding{}, keys...), kept...)
		if hintsWidth(st.Cells, shown) <= width || len(keys) == 0 {
			return st.truncateStyled(renderHints(st, shown), width)
		}
		keys = keys[:len(keys)-1]
	}
}

func hintsWidth(cells sanitize.Measure, bindings []key.Binding) int {
	width := 0
	for i, b := range bindings {
		if i > 0 {
			width += cells.Width(hintSeparator)
		}
		width += cells.Width(b.Help().Key) + 1 + cells.Width(b.Help().Desc)
	}
	return width
}

// renderHints draws the keys in one line. The styles are inline: a hint
// never wraps, and inline styles render at a fraction of the cost, on every
// frame.
func renderHints(st Styles, bindings []key.Binding) string {
	keyStyle, descStyle := st.HelpKey.Inline(true), st.HelpDesc.Inline(true)
	var b strings.Builder
	separator := st.HelpSep.Inline(true).Render(hintSeparator)
	for i, binding := range bindings {
		if i > 0 {
			b.WriteString(separator)
		}
		b.WriteString(keyStyle.Render(binding.Help().Key) + " " + descStyle.Render(binding.Help().Desc))
	}
	return b.String()
}

func (m Model) hintView() string {
	if m.filtering && !m.helpOpen {
		return m.filterLine()
	}
	if m.flash.active() {
		return m.styles.truncateStyled(m.flash.view(m.styles), m.layout.width)
	}
	keys, kept := m.hintKeys()
	return " " + hintBar(m.styles, keys, kept, m.layout.width-1)
}

// helpGroup is a titled list of keys in the help.
type helpGroup struct {
	title string
	keys  []key.Binding
}

// helpGroups are the keys enabled in the current state: those of the focused
// part (or of the window open), those that act on accounts (the selected
// one, or all the results), and the others. In the search box and in a
// window, the others work anywhere; in the results and the details, some of
// them (/, r, i, a, +, -, q) are letters in the search box, so the group is
// named for the panes, where they all work.
func (m Model) helpGroups() []helpGroup {
	k := m.keys
	moves := []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.HalfPageUp, k.HalfPageDown, k.Top, k.Bottom}
	var here helpGroup
	othersTitle := "Anywhere"
	switch {
	case m.overlay != overlayNone:
		here = helpGroup{"This window", append([]key.Binding{k.Confirm, k.Cancel, k.CopyLink, k.OpenProject, k.Close}, moves...)}
	case m.filtering:
		here = helpGroup{"Filter", []key.Binding{k.KeepFilter, k.ClearFilter, k.ListUpDown}}
	case m.focus == focusSearch:
		here = helpGroup{"Search box", []key.Binding{k.SearchNow, k.ClearSearch, k.HistoryBack, k.HistoryForward,
			k.ListUpDown}}
	case m.focus == focusResults:
		here, othersTitle = helpGroup{"Results", append(moves, k.Open, k.OpenProject, k.ClearFilter, k.Back)},
			"Results and details"
	default:
		here, othersTitle = helpGroup{"Details", append(moves, k.OpenProject, k.Back)}, "Results and details"
	}
	groups := []helpGroup{
		here,
		{"Accounts", []key.Binding{k.CopyID, k.CopyJSON, k.CopyEmail, k.ExportJSON, k.ExportCSV,
			k.Filter, k.Sort, k.ReverseSort, k.ResetLink, k.Impersonate, k.Ban}},
		{othersTitle, []key.Binding{k.NextFocus, k.PrevFocus, k.Search, k.MoreResults, k.ToggleAdmin, k.Refresh,
			k.KeyInfo, k.Help, k.Redraw, k.Suspend, k.Quit, k.ForceQuit}},
	}
	var shown []helpGroup
	for _, g := range groups {
		if g.keys = enabledOnly(g.keys); len(g.keys) > 0 {
			shown = append(shown, g)
		}
	}
	return shown
}

// helpNotes explain what the keys alone do not say.
func (m Model) helpNotes() []string {
	notes := []string{
		"In a search box holding text, ? is a letter: tab out (or empty it) first.",
	}
	if m.results.count() > 1 {
		notes = append(notes, "Results shown "+m.results.orderText()+": s sorts by another column, S reverses.")
	}
	notes = append(notes, "Last active sorts as the server does: the later of last active and created.")
	if m.backgroundUnknown() {
		notes = append(notes, "Colours: "+themeNote+".")
	}
	if m.focus == focusSearch && m.overlay == overlayNone {
		notes = append(notes, "More keys work in the results and details (tab): ? there lists them.")
	}
	switch open, back := m.keys.Open.Enabled(), m.keys.Back.Enabled(); {
	case open && back:
		notes = append(notes, "→ or space opens the details, as l does; ← goes back, as h does.")
	case back:
		notes = append(notes, "← goes back, as h does.")
	}
	if m.cfg.Mouse {
		notes = append(notes, "The mouse: the wheel scrolls, a click selects; hold shift to select text.")
	}
	if m.keys.Filter.Enabled() || m.filtering {
		notes = append(notes, "f filters the results by name, username, email or id, without the server.")
	}
	if m.cfg.Multiplexer == "tmux" && m.tmuxBlocksCopies {
		notes = append(notes, tmuxClipboardNote) // no full stop after the setting: it is copied as it is
	}
	return notes
}

// helpContent is the help for the state under it, laid out for the width
// of the screen: the groups side by side if they fit, else one below the
// other; then the notes.
func (m Model) helpContent() []string {
	under := m
	under.helpOpen = false
	under.syncKeys() // the keys as they work once the help closes
	width := m.overlayArea().inner().width
	lines := layoutHelp(m.styles, under.helpGroups(), width-1)
	lines = append(lines, "")
	for _, note := range under.helpNotes() {
		lines = append(lines, m.styles.Muted.Render(note))
	}
	for i, line := range lines {
		lines[i] = " " + line
	}
	return m.styles.wrapLines(lines, width)
}

// helpColumnGap is the space between two groups side by side.
const helpColumnGap = 3

// layoutHelp draws each group as a column and puts the columns side by side
// when they fit in width, else one below the other.
func layoutHelp(st Styles, groups []helpGroup, width int) []string {
	columns := make([][]string, len(groups))
	widths := make([]int, len(groups))
	total := helpColumnGap * (len(groups) - 1)
	for i, g := range groups {
		columns[i], widths[i] = helpColumn(st, g)
		total += widths[i]
	}
	if total > width {
		var lines []string
		for i, column := range columns {
			if i > 0 {
				lines = append(lines, "")
			}
			lines = append(lines, column...)
		}
		return lines
	}
	height := 0
	for _, column := range columns {
		height = max(height, len(column))
	}
	lines := make([]string, height)
	for row := range lines {
		var b strings.Builder
		for i, column := range columns {
			cell := ""
			if row < len(column) {
				cell = column[row]
			}
			if i < len(columns)-1 {
				cell = st.fitStyled(cell, widths[i]+helpColumnGap)
			}
			b.WriteString(cell)
		}
		lines[row] = strings.TrimRight(b.String(), " ")
	}
	return lines
}

// helpColumn is a group's title and its "key  what it does" lines, and the
// width of the widest.
func helpColumn(st Styles, g helpGroup) ([]string, int) {
	keyWidth := 0
	for _, b := range g.keys {
		keyWidth = max(keyWidth, st.Cells.Width(b.Help().Key))
	}
	lines := []string{st.Label.Render(g.title)}
	width := st.Cells.Width(g.title)
	for _, b := range g.keys {
		lines = append(lines, st.HelpKey.Render(st.Cells.PadRight(b.Help().Key, keyWidth))+"  "+st.HelpDesc.Render(b.Help().Desc))
		width = max(width, keyWidth+2+st.Cells.Width(b.Help().Desc))
	}
	return lines, width
}

// overlayArea is where a window, a dialog or the help is drawn: over the
// results and the details.
func (m Model) overlayArea() rect {
	l := m.layout
	return rect{y: l.results.y, width: l.width, height: l.results.height + stackedExtra(l)}
}

// helpHeight is how many lines of the help fit.
func (m Model) helpHeight() int { return m.overlayArea().inner().height }

func (m *Model) openHelp() {
	m.helpOpen = true
	m.helpOffset = 0
	m.flash.clear() // the help's keys outrank an older message
}

// openOverlay opens a window or a dialog over the panes. Its keys, in the
// hint bar, outrank an older message there, which goes: a question that
// showed an old copy's message instead of "y yes • n/esc no" did not say
// how to answer it.
func (m *Model) openOverlay(kind overlayKind) {
	m.overlay = kind
	m.flash.clear()
}

// scrollHelp moves the help by delta lines, clamped to its content.
func (m *Model) scrollHelp(delta int) {
	if !m.helpOpen {
		m.helpOffset = 0
		return
	}
	m.helpOffset = clampScroll(m.helpOffset+delta, len(m.helpContent()), m.helpHeight())
}

// helpView is the help window.
func (m Model) helpView(area rect) string {
	return m.styles.scrolledWindow("Keys", m.helpContent(), m.helpOffset, area)
}

// clampScroll keeps the offset of a window of height lines within its
// total lines.
func clampScroll(offset, total, height int) int { return max(0, min(offset, total-height)) }

// scrolledWindow draws a window over the panes (the help, the key info):
// the lines that fit from offset on, and where they are in the whole when
// they do not all fit.
func (s Styles) scrolledWindow(title string, lines []string, offset int, area rect) string {
	height := area.inner().height
	offset = clampScroll(offset, len(lines), height)
	end := min(len(lines), offset+height)
	right := "esc to close"
	if len(lines) > height {
		right = fmt.Sprintf("%d-%d/%d", offset+1, end, len(lines))
	}
	return s.panel(title, right, lines[offset:end], area, true)
}
