package ui

import (
	"fmt"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"cocalc-tui/hub/hubtest"
)

func withMouse() harnessOption { return withConfig(func(c *Config) { c.Mouse = true }) }

// at is the cell where the screen shows text first: its column and row.
func (h *harness) at(text string) (x, y int) {
	h.t.Helper()
	for y, line := range strings.Split(h.view(), "\n") {
		if i := strings.Index(line, text); i >= 0 {
			return h.m.styles.Cells.Width(line[:i]), y
		}
	}
	h.t.Fatalf("the screen does not show %q:\n%s", text, h.view())
	return 0, 0
}

// click presses and releases the left button on the cell where the screen
// shows text, as a terminal reports it.
func (h *harness) click(text string) {
	h.t.Helper()
	x, y := h.at(text)
	h.send(tea.MouseMsg{X: x, Y: y, Button: tea.MouseButtonLeft, Action: tea.MouseActionPress})
	h.send(tea.MouseMsg{X: x, Y: y, Button: tea.MouseButtonNone, Action: tea.MouseActionRelease})
}

// wheel turns the wheel one notch over the cell where the screen shows text.
func (h *harness) wheel(text string, button tea.MouseButton) {
	h.t.Helper()
	x, y := h.at(text)
	h.send(tea.MouseMsg{X: x, Y: y, Button: button, Action: tea.MouseActionPress})
}

func TestAClickSelectsTheRowAndThePaneUnderIt(t *testing.T) {
	h := newHarness(t, withKey(hubtest.DemoAdminKey), withMouse())
	h.search("alice")
	h.click("Alice Johnson")
	selected, _ := h.m.results.selected()
	if h.m.focus != focusResults || selected.FullName() != "Alice Johnson" {
		t.Fatalf("a click on a row: focus %v, selected %q", h.m.focus, selected.FullName())
	}
	h.advance(lookupDelay)
	h.requireView("╭─ Alice Johnson ─", "ajohnson@example.net")

	h.click("Account id") // the details
	if h.m.focus != focusDetails {
		t.Fatalf("a click on the details: focus %v", h.m.focus)
	}
	h.click("› alice") // the search box
	if h.m.focus != focusSearch {
		t.Fatalf("a click on the search box: focus %v", h.m.focus)
	}
	h.click("NAME") // the results' header: the pane, the selection as it was
	if now, _ := h.m.results.selected(); h.m.focus != focusResults || now.AccountID != selected.AccountID {
		t.Fatalf("a click on the header: focus %v, selected %q", h.m.focus, now.FullName())
	}
	h.click("cocalc-tui") // the header line: nothing there to click
	if h.m.focus != focusResults {
		t.Fatalf("a click on the header line moved the focus to %v", h.m.focus)
	}
}

func TestTheWheelScrollsThePaneUnderIt(t *testing.T) {
	h := newHarness(t, withKey(hubtest.DemoAdminKey), withMouse(), withSize(120, 30),
		withConfig(func(c *Config) { c.Limit = 100 }))
	h.search("a")
	h.press(tea.KeyTab)
	visible := h.m.results.visible
	h.wheel("NAME", tea.MouseButtonWheelDown)
	if h.m.results.offset != wheelLines || h.m.results.cursor != wheelLines {
		t.Fatalf("the wheel down: offset %d, cursor %d; want both %d (the selection stays in view)",
			h.m.results.offset, h.m.results.cursor, wheelLines)
	}
	h.requireView(fmt.Sprintf("%d/100", wheelLines+1))
	h.press(tea.KeyDown) // the keys go on from there
	h.wheel("NAME", tea.MouseButtonWheelUp)
	if h.m.results.offset != 0 || h.m.results.cursor != wheelLines+1 {
		t.Fatalf("the wheel up: offset %d, cursor %d; the cursor, still in view, stays", h.m.results.offset,
			h.m.results.cursor)
	}
	for range 100 {
		h.wheel("NAME", tea.MouseButtonWheelDown)
	}
	if h.m.results.offset != 100-visible || h.m.results.cursor != 100-visible {
		t.Fatalf("at the end: offset %d, cursor %d, %d rows in view", h.m.results.offset, h.m.results.cursor, visible)
	}

	// The details scroll on their own, the focus where it was.
	h.send(tea.WindowSizeMsg{Width: 120, Height: minHeight})
	h.requireView("1-")
	h.wheel("First name", tea.MouseButtonWheelDown)
	if h.m.details.view.YOffset != wheelLines || h.m.focus != focusResults {
		t.Fatalf("the wheel over the details: offset %d, focus %v", h.m.details.view.YOffset, h.m.focus)
	}
	h.wheel("Last active", tea.MouseButtonWheelUp)
	if h.m.details.view.YOffset != 0 {
		t.Fatalf("the wheel up over the details: offset %d", h.m.details.view.YOffset)
	}
}

func TestTheMouseAnswersNoDialogButScrollsTheHelp(t *testing.T) {
	h := newHarness(t, withKey(hubtest.DemoAdminKey), withMouse(), withSize(80, 24))
	h.search("alice smith")
	h.press(tea.KeyTab)
	h.pressRune('B')
	before := h.view()
	h.click("Ban")
	h.wheel("Ban", tea.MouseButtonWheelDown)
	if h.m.overlay != overlayConfirm || h.m.action.inFlight || h.view() != before {
		t.Fatalf("the mouse acted on the question: overlay %v, in flight %v", h.m.overlay, h.m.action.inFlight)
	}
	h.press(tea.KeyEsc)
	h.pressRune('?')
	h.wheel("Keys", tea.MouseButtonWheelDown)
	if h.m.helpOffset == 0 {
		t.Fatal("the wheel did not scroll the help")
	}
	h.click("Keys")
	if !h.m.helpOpen {
		t.Fatal("a click closed the help")
	}
	h.requireView("The mouse: the wheel scrolls, a click selects; hold shift to select text.")
}

// TestTheWheelScrollsTheKeyWindow: the key window (i) scrolls with the
// wheel over it, as with page down; a click does nothing there.
func TestTheWheelScrollsTheKeyWindow(t *testing.T) {
	h := newHarness(t, withKey(hubtest.DemoAdminKey), withMouse(), withSize(60, 20))
	h.press(tea.KeyEsc)
	h.pressRune('i')
	lines := len(h.m.keyInfoContent())
	h.requireView(fmt.Sprintf("1-11/%d", lines), "API key     sk-…0000Tj")
	h.wheel("API key", tea.MouseButtonWheelDown)
	h.requireView(fmt.Sprintf("%d-%d/%d", 1+wheelLines, 11+wheelLines, lines))
	h.requireNotInView("API key     sk-…0000Tj")
	before := h.view()
	h.click("Account id")
	if h.m.overlay != overlayKeyInfo || h.view() != before {
		t.Fatalf("a click acted on the key window: overlay %v\n%s", h.m.overlay, h.view())
	}
	h.wheel("Account id", tea.MouseButtonWheelUp)
	h.requireView(fmt.Sprintf("1-11/%d", lines), "API key     sk-…0000Tj")
	h.wheel("cocalc-tui", tea.MouseButtonWheelDown) // the header line, outside the window
	h.requireView(fmt.Sprintf("1-11/%d", lines))
}

func TestWithoutTheMouseFlagMouseEventsDoNothing(t *testing.T) {
	h := newHarness(t, withKey(hubtest.DemoAdminKey))
	h.search("alice")
	before := h.view()
	h.click("Alice Johnson")
	h.wheel("NAME", tea.MouseButtonWheelDown)
	if h.m.focus != focusSearch || h.view() != before {
		t.Fatal("mouse events acted without --mouse")
	}
	if _, cmd := h.m.Update(tea.ResumeMsg{}); asksForMouse(cmd) {
		t.Fatal("resuming turns the mouse on")
	}
}

// TestAClickWhileFilteringPicksAResult: a click on a row selects it, as
// the arrows do, the filter still typed; a click elsewhere keeps it.
func TestAClickWhileFilteringPicksAResult(t *testing.T) {
	h := newHarness(t, withKey(hubtest.DemoAdminKey), withMouse())
	h.search("alice")
	h.press(tea.KeyTab)
	h.pressRune('f')
	h.typeText("example.org")
	h.click("Alice Miller")
	if selected, _ := h.m.results.selected(); !h.m.filtering || selected.FullName() != "Alice Miller" {
		t.Fatalf("a click while filtering: filtering %v, selected %q", h.m.filtering, selected.FullName())
	}
	h.click("First name")
	if h.m.filtering || !h.m.results.filtered() || h.m.focus != focusDetails {
		t.Fatalf("a click on the details: filtering %v, filtered %v, focus %v", h.m.filtering, h.m.results.filtered(),
			h.m.focus)
	}
}

// TestTheMouseComesBackAfterSuspension: Bubble Tea v1.3 restores the
// terminal after ctrl+z without the mouse; the UI asks for it again.
func TestTheMouseComesBackAfterSuspension(t *testing.T) {
	h := newHarness(t, withMouse())
	if _, cmd := h.m.Update(tea.ResumeMsg{}); !asksForMouse(cmd) {
		t.Fatal("after fg the mouse is not asked for again")
	}
}

// asksForMouse reports whether cmd, or a command of its batch, turns the
// mouse on (its commands are run: a status check goes to the fake hub).
func asksForMouse(cmd tea.Cmd) bool {
	if cmd == nil {
		return false
	}
	switch msg := cmd().(type) {
	case tea.BatchMsg:
		for _, inner := range msg {
			if asksForMouse(inner) {
				return true
			}
		}
	default:
		return fmt.Sprintf("%T", msg) == "tea.enableMouseCellMotionMsg"
	}
	return false
}
