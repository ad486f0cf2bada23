package ui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// searchBoxLine is the search box's text as drawn, after the prompt.
func searchBoxLine(h *harness) string {
	line := strings.Split(h.view(), "\n")[headerHeight+1]
	_, text, _ := strings.Cut(line, "› ")
	return strings.TrimRight(strings.TrimSuffix(strings.TrimSuffix(text, "┃"), "│"), " ")
}

// TestSearchBoxShowsItsTextAfterTheWindowGrowsAgain makes the window too
// small (the box is then one cell wide) and large again: the box shows its
// whole text, not the last letter and what is typed after it.
func TestSearchBoxShowsItsTextAfterTheWindowGrowsAgain(t *testing.T) {
	h := newHarness(t)
	h.typeText("alice")
	h.press(tea.KeyEnter)
	h.send(tea.WindowSizeMsg{Width: minWidth - 1, Height: minHeight})
	h.requireView("Terminal too small")
	h.send(tea.WindowSizeMsg{Width: 120, Height: 40})
	if got := searchBoxLine(h); got != "alice" {
		t.Fatalf("after the window grew again, the box shows %q", got)
	}
	h.pressRune('/')
	h.typeText(" smith")
	if got := searchBoxLine(h); got != "alice smith" {
		t.Fatalf("typing after the window grew again, the box shows %q", got)
	}
}

// TestSearchBoxUsesTheRoomItHas scrolls a text longer than the box, then
// deletes from its end: the view moves back as the text gets shorter, so
// the box never shows less of the text than fits.
func TestSearchBoxUsesTheRoomItHas(t *testing.T) {
	h := newHarness(t, withSize(minWidth, minHeight))
	long := strings.Repeat("abcdefghij", 8)
	h.typeText(long)
	room := h.m.search.input.room()
	if got := searchBoxLine(h); got != long[len(long)-room+1:] {
		t.Fatalf("a long text shows %q, want its end and the cursor", got)
	}
	for range len(long) - 10 {
		h.press(tea.KeyBackspace)
	}
	if got := searchBoxLine(h); got != long[:10] {
		t.Fatalf("after deleting all but 10 letters, the box shows %q", got)
	}
}
