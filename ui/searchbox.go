package ui

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"cocalc-tui/hub/clean"
	"cocalc-tui/ui/sanitize"
)

// searchBox is the search box's text input, made to move, delete and draw
// by grapheme cluster in the terminal's measure. bubbles' textinput keeps
// runes and moves its cursor one rune at a time, so crossing a ZWJ family
// took seven presses and the cursor vanished on the joiner or a combining
// mark; and it scrolls its view by its own measure, which is not the
// terminal's. The wrapper leaves editing to textinput (typing, words,
// paste, the limit) and takes over what depends on clusters: moving and
// deleting one character, keeping the cursor between clusters, and drawing.
type searchBox struct {
	textinput.Model
	// Cells is the terminal's measure, in which the box is drawn.
	Cells sanitize.Measure
	// offset is the first rune drawn, at the start of a cluster: the view
	// scrolls when the text is wider than the box.
	offset int
}

// Update handles a message as textinput does, but moves and deletes one
// grapheme cluster at a time.
func (b searchBox) Update(msg tea.Msg) (searchBox, tea.Cmd) {
	if k, ok := msg.(tea.KeyMsg); ok && b.Focused() {
		before, after := b.clusterAround()
		keys := b.KeyMap
		switch {
		case key.Matches(k, keys.DeleteWordBackward, keys.DeleteWordForward):
			// textinput's, below: words end at spaces, which are clusters
		case key.Matches(k, keys.CharacterBackward):
			b.SetCursor(before)
			return b.scrolled(), nil
		case key.Matches(k, keys.CharacterForward):
			b.SetCursor(after)
			return b.scrolled(), nil
		case key.Matches(k, keys.DeleteCharacterBackward):
			b.deleteRunes(before, b.Position())
			return b.scrolled(), nil
		case key.Matches(k, keys.DeleteCharacterForward):
			b.deleteRunes(b.Position(), after)
			return b.scrolled(), nil
		}
	}
	var cmd tea.Cmd
	b.Model, cmd = b.Model.Update(msg)
	_, after := b.clusterAround()
	if starts := clusterStarts(b.Value()); !slices.Contains(starts, b.Position()) {
		b.SetCursor(after) // never inside a cluster
	}
	return b.scrolled(), cmd
}

// clusterAround returns the rune positions of the cluster boundaries just
// before and just after the cursor (the cursor itself at either end).
func (b searchBox) clusterAround() (before, after int) {
	pos := b.Position()
	before, after = 0, utf8.RuneCountInString(b.Value())
	for _, start := range clusterStarts(b.Value()) {
		if start < pos {
			before = start
		}
		if start > pos && start < after {
			after = start
		}
	}
	return before, after
}

// deleteRunes removes the runes from start to end, leaving the cursor at start.
func (b *searchBox) deleteRunes(start, end int) {
	if start >= end {
		return
	}
	runes := []rune(b.Value())
	b.SetValue(string(runes[:start]) + string(runes[end:]))
	b.SetCursor(start)
}

// clusterStarts are the rune positions where the grapheme clusters of s
// start, and the end of s.
func clusterStarts(s string) []int {
	starts := []int{0}
	runes := 0
	for len(s) > 0 {
		cluster, _ := ansi.FirstGraphemeCluster(s, ansi.GraphemeWidth)
		if cluster == "" {
			_, size := utf8.DecodeRuneInString(s)
			cluster = s[:size]
		}
		runes += utf8.RuneCountInString(cluster)
		starts = append(starts, runes)
		s = s[len(cluster):]
	}
	return starts
}

// drawnCluster is a cluster of the box's text, as drawn.
type drawnCluster struct {
	text  string
	start int // rune position
	width int
}

// clusters are the box's clusters, cleaned for the screen and measured.
func (b searchBox) clusters() []drawnCluster {
	value := b.Value()
	starts := clusterStarts(value)
	runes := []rune(value)
	out := make([]drawnCluster, 0, len(starts)-1)
	for i := 0; i+1 < len(starts); i++ {
		// What was pasted may hold controls: they are shown as
		// clean.Line shows server text, never sent to the terminal.
		text := b.Cells.Display(clean.Line(string(runes[starts[i]:starts[i+1]])))
		out = append(out, drawnCluster{text: text, start: starts[i], width: b.Cells.Width(text)})
	}
	return out
}

// scrolled keeps the cursor in view: the view starts no later than the
// cursor, and late enough that the text up to and with the cursor fits.
func (b searchBox) scrolled() searchBox {
	b.offset = b.viewStart(b.clusters())
	return b
}

// viewStart is the rune position of the first cluster drawn: b.offset, or
// the cursor's cluster if that is before it, or later if the text up to and
// with the cursor would not fit; or earlier, as long as the text from there
// to its end fits, so that a box with room to spare shows the text before
// the cursor. (The box grows with the window: shrunk to a cell and grown
// again, it showed only the last letter.)
func (b searchBox) viewStart(clusters []drawnCluster) int {
	pos := b.Position()
	cursor, first := len(clusters), 0
	for i, c := range clusters {
		if c.start == pos {
			cursor = i
		}
		if c.start <= b.offset {
			first = i
		}
	}
	first = min(first, cursor)
	for first < cursor && spanWidth(clusters, first, cursor) > b.room() {
		first++
	}
	for first > 0 && tailWidth(clusters, first-1, cursor) <= b.room() {
		first--
	}
	if first < len(clusters) {
		return clusters[first].start
	}
	return pos
}

// room is the cells for the text and the cursor, after the prompt.
func (b searchBox) room() int { return b.Width + 1 }

// spanWidth is the width of clusters[first:cursor] and of the cursor: its
// cluster (at least one cell), or one cell after the text.
func spanWidth(clusters []drawnCluster, first, cursor int) int {
	total := 1
	if cursor < len(clusters) {
		total = max(1, clusters[cursor].width)
	}
	for _, c := range clusters[first:cursor] {
		total += c.width
	}
	return total
}

// tailWidth is the width of clusters[first:] as drawn with the cursor at
// clusters[cursor]: the cursor's cluster at least one cell, or one cell
// after the text.
func tailWidth(clusters []drawnCluster, first, cursor int) int {
	total := 0
	for i := first; i < len(clusters); i++ {
		if i == cursor {
			total += max(1, clusters[i].width)
		} else {
			total += clusters[i].width
		}
	}
	if cursor == len(clusters) {
		total++
	}
	return total
}

// View draws the prompt and the text, scrolled so the cursor shows, the
// cursor over a whole cluster (or a space after the text), in at most
// b.Width+1 cells after the prompt, as the terminal counts them.
func (b searchBox) View() string {
	if b.Value() == "" && b.Placeholder != "" {
		return b.placeholderView()
	}
	clusters := b.clusters()
	start := b.viewStart(clusters)
	var v strings.Builder
	used := 0
	cursorDrawn := false
	text := b.TextStyle.Inline(true).Render
	for _, c := range clusters {
		if c.start < start {
			continue
		}
		if c.start == b.Position() {
			drawn := c.text
			if c.width == 0 { // a lone mark: over a space, so the cursor shows
				drawn = " " + drawn
			}
			v.WriteString(b.cursor(drawn))
			used += max(1, c.width)
			cursorDrawn = true
			continue
		}
		if used+c.width > b.room()-boolCell(!cursorDrawn) {
			break
		}
		v.WriteString(text(c.text))
		used += c.width
	}
	if !cursorDrawn {
		v.WriteString(b.cursor(" "))
	}
	return b.PromptStyle.Render(b.Prompt) + v.String()
}

// SGR 7 and 27: reverse video on and off.
const reverseVideo, reverseVideoOff = "\x1b[7m", "\x1b[27m"

// cursor draws text under the cursor: in reverse video while the box has
// the focus. It is written as SGR 7 itself, not through the renderer, so it
// shows with NO_COLOR too (reverse video is no colour, but a renderer
// without colours drops every attribute); Bubble Tea hides the terminal's
// own cursor.
func (b searchBox) cursor(text string) string {
	if !b.Focused() {
		return b.TextStyle.Inline(true).Render(text)
	}
	return reverseVideo + text + reverseVideoOff
}

// boolCell is 1 for true: a cell kept for a cursor still to draw.
func boolCell(keep bool) int {
	if keep {
		return 1
	}
	return 0
}

// placeholderView is the prompt and the placeholder, with the cursor on its
// first character.
func (b searchBox) placeholderView() string {
	style := b.PlaceholderStyle.Inline(true).Render
	first, size := utf8.DecodeRuneInString(b.Placeholder)
	under := b.cursor(string(first))
	if !b.Focused() {
		under = style(string(first))
	}
	rest := b.Cells.Truncate(b.Placeholder[size:], max(0, b.Width-1))
	return b.PromptStyle.Render(b.Prompt) + under + style(rest)
}
