package ui

import (
	"fmt"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"cocalc-tui/hub/hubtest"
)

// TestDetailsScrollWithTheirKeys scrolls the details of an account that
// does not fit (80x24, the details under the results) with every key the
// pane answers: the border says which lines are in view, the lines shown
// are those, and the position holds through a new profile and a resize,
// until another account is selected, which shows from its top.
func TestDetailsScrollWithTheirKeys(t *testing.T) {
	h := newHarness(t, withKey(hubtest.DemoAdminKey), withSize(80, 24))
	h.search("alice")
	h.press(tea.KeyEnter) // to the results (the search is sent again)
	h.press(tea.KeyEnter) // to the details
	if h.m.focus != focusDetails {
		t.Fatalf("focus %v, want the details", h.m.focus)
	}
	height := h.m.details.view.Height
	h.advance(lookupDelay) // the profile adds its lines
	total := len(h.m.details.lines)
	if total <= height+1 {
		t.Fatalf("%d lines in %d rows: the test needs an account that does not fit", total, height)
	}
	position := func(first int) string {
		return fmt.Sprintf("%d-%d/%d", first, first+height-1, total)
	}
	requireAt := func(key string, first int) {
		t.Helper()
		h.requireView(position(first) + " ")
		h.requireFits()
		lines := strings.Split(h.view(), "\n")
		want := strings.TrimSpace(h.m.details.lines[first-1])
		if !strings.Contains(strings.Join(lines, "\n"), want) {
			t.Fatalf("after %s the pane does not show line %d (%q):\n%s", key, first, want, h.view())
		}
	}
	last := total - height + 1 // the first line in view at the bottom
	page := height - 1
	requireAt("nothing", 1)
	h.pressRune('j')
	requireAt("j", 2)
	h.press(tea.KeyDown)
	requireAt("↓", 3)
	h.pressRune('k')
	requireAt("k", 2)
	h.press(tea.KeyUp, tea.KeyUp, tea.KeyUp)
	requireAt("↑ past the top", 1)
	h.press(tea.KeyPgDown)
	requireAt("pgdn", min(1+page, last))
	h.pressRune('G')
	requireAt("G", last)
	h.pressRune('j')
	requireAt("j past the bottom", last)
	h.press(tea.KeyPgUp)
	requireAt("pgup", max(1, last-page))
	h.press(tea.KeyEnd)
	requireAt("end", last)
	h.pressRune('g')
	requireAt("g", 1)
	h.press(tea.KeyEnd)

	// Relative times move on: the lines are made again, the position holds.
	h.advance(61 * 1e9)
	requireAt("a minute later", last)

	// A taller terminal fits every line: no position, from the top.
	h.send(tea.WindowSizeMsg{Width: 80, Height: 60})
	h.requireFits()
	if got := h.m.details.position(); got != "" || h.m.details.view.YOffset != 0 {
		t.Fatalf("all lines fit, yet the position is %q (offset %d)", got, h.m.details.view.YOffset)
	}
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	h.pressRune('G')
	requireAt("G again", last)

	// Another account shows from its top.
	h.press(tea.KeyEsc) // back to the results
	h.press(tea.KeyDown)
	if selected, _ := h.m.results.selected(); h.m.results.cursor != 1 || !strings.Contains(h.view(), selected.FirstName) {
		t.Fatalf("no other account selected:\n%s", h.view())
	}
	if h.m.details.view.YOffset != 0 {
		t.Fatalf("a newly selected account is shown from line %d", h.m.details.view.YOffset+1)
	}
}

// TestDetailsNotesWrapInsteadOfBeingCut shows, in the narrowest details,
// the notes that explain something (an email hidden, an id the server does
// not know): each is whole, on as many lines as it needs, under its label's
// column; data (ids) stays on one line.
func TestDetailsNotesWrapInsteadOfBeingCut(t *testing.T) {
	h := newHarness(t, withSize(minWidth, 30))
	unknown := "00000000-0000-4000-8000-00000000beef"
	h.paste(unknown + "\n" + hubtest.DemoUserAccountID)
	h.advance(DefaultDebounce)
	lines := h.m.details.lines
	text := strings.Join(lines, "\n")
	if !strings.Contains(text, "unknown or deleted: the server") || !strings.Contains(text, "\n"+strings.Repeat(" ", 1+labelWidth)) ||
		!strings.Contains(strings.Join(strings.Fields(text), " "), "the server has no name for this id") {
		t.Fatalf("the note is not whole, wrapped under its column:\n%s", text)
	}
	h.press(tea.KeyDown)
	h.advance(lookupDelay) // the record, from a search as a user: the email is hidden
	text = strings.Join(strings.Fields(strings.Join(h.m.details.lines, "\n")), " ")
	if !strings.Contains(text, "– hidden (admins see it; so does a search for the exact address)") {
		t.Fatalf("the hidden email's note is not whole:\n%s", strings.Join(h.m.details.lines, "\n"))
	}
	h.requireFits()
}

// TestSpacePagesDownTheDetails: space opens the details from the results,
// and in the details pages down, as in less and vim.
func TestSpacePagesDownTheDetails(t *testing.T) {
	h := newHarness(t, withKey(hubtest.DemoAdminKey), withSize(80, 24))
	h.search("alice")
	h.press(tea.KeyEnter)
	h.advance(lookupDelay)
	h.press(tea.KeySpace)
	if h.m.focus != focusDetails {
		t.Fatalf("space from the results: focus %v, want the details", h.m.focus)
	}
	if !h.m.details.scrollable() {
		t.Fatal("the details fit: nothing to page")
	}
	h.press(tea.KeySpace)
	if h.m.details.view.YOffset == 0 && h.m.projects.list.cursor < 0 {
		t.Fatal("space in the details did not page down")
	}
}
