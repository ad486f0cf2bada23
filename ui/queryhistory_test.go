package ui

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"cocalc-tui/hub/hubtest"
	"cocalc-tui/ui/history"
)

// withHistory gives the UI a history file in a new state folder, holding
// the given queries (oldest first) before the UI starts.
func withHistory(t *testing.T, queries ...string) harnessOption {
	t.Helper()
	home := t.TempDir()
	path := filepath.Join(home, "state", "cocalc-tui", "history")
	if len(queries) > 0 {
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(strings.Join(queries, "\n")+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return withConfig(func(c *Config) { c.History = history.New(path, home, c.Client.Scrubber().Contains) })
}

// giveHistory gives a running UI a history holding queries, as if read
// from its file at start.
func giveHistory(h *harness, queries ...string) {
	h.t.Helper()
	home := h.t.TempDir()
	h.m.cfg.History = history.New(filepath.Join(home, "history"), home, nil)
	h.send(historyLoadedMsg{entries: queries})
}

// historyFile is what the history file holds, one query an entry.
func (h *harness) historyFile() []string {
	h.t.Helper()
	data, err := os.ReadFile(h.m.cfg.History.Path())
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		h.t.Fatal(err)
	}
	return strings.Fields(strings.ReplaceAll(string(data), " ", "_"))
}

func TestQueriesTheUserLeavesTheBoxWithAreKept(t *testing.T) {
	h := newHarness(t, withHistory(t))
	h.search("alice") // searched as typed, but still being typed: not kept
	if got := h.historyFile(); got != nil {
		t.Fatalf("a search while typing was kept: %q", got)
	}
	h.press(tea.KeyEnter) // enter: searched and meant
	h.pressRune('/')
	h.press(tea.KeyEsc) // clear
	h.search("grace hopper")
	h.press(tea.KeyTab) // to the results: meant too
	h.pressRune('/')
	h.press(tea.KeyEsc)
	h.search("alice")
	h.press(tea.KeyTab) // again: the newest now, once
	if got := h.historyFile(); !slices.Equal(got, []string{"grace_hopper", "alice"}) {
		t.Fatalf("the file holds %q", got)
	}
	info, err := os.Stat(h.m.cfg.History.Path())
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("the history file: %v, mode %v", err, info.Mode())
	}
}

func TestAKeyTypedOrPastedInTheBoxIsNeverKept(t *testing.T) {
	h := newHarness(t, withHistory(t))
	withoutPrefix := strings.TrimPrefix(hubtest.DemoUserKey, "sk-")
	for _, query := range []string{hubtest.DemoUserKey, "who is sk-abcdefghijklmnop1234", "Alan " + withoutPrefix} {
		h.pressRune('/')
		h.press(tea.KeyEsc) // an empty box
		h.paste(query)
		h.advance(afterPaste) // a person's enter, not one that came with the paste
		h.press(tea.KeyEnter) // refused, not sent; the results have the focus
		if h.m.focus != focusResults {
			t.Fatalf("enter did not leave the box with %q", query)
		}
	}
	h.pressRune('/')
	h.press(tea.KeyEsc)
	h.typeText("alice")
	h.press(tea.KeyTab)
	if got := h.historyFile(); !slices.Equal(got, []string{"alice"}) {
		t.Fatalf("the file holds %q", got)
	}
	if !slices.Equal(h.m.history.entries, []string{"alice"}) {
		t.Fatalf("the history in memory holds %q", h.m.history.entries)
	}
}

func TestUpAndDownInAnEmptyBoxWalkTheHistory(t *testing.T) {
	h := newHarness(t, withHistory(t, "alice", "ada@example.com", "grace"))
	h.requireView("↑ previous query")
	h.press(tea.KeyUp)
	if got := h.m.search.query(); got != "grace" {
		t.Fatalf("↑ from an empty box: %q", got)
	}
	h.press(tea.KeyUp)
	if got := h.m.search.query(); got != "ada@example.com" {
		t.Fatalf("↑ again: %q", got)
	}
	h.advance(DefaultDebounce) // a pause: the query shown is searched
	h.requireView("1 account for “ada@example.com”", "↑ previous query", "↓ next query")
	h.requireNotInView("pick result")
	h.press(tea.KeyUp, tea.KeyUp) // the oldest, and no further
	if got := h.m.search.query(); got != "alice" {
		t.Fatalf("↑ past the oldest: %q", got)
	}
	h.requireNotInView("↑ previous query")
	h.advance(DefaultDebounce)
	h.requireView("8 accounts for “alice”")
	selected := h.m.results.cursor
	h.press(tea.KeyDown, tea.KeyDown) // newer: ada, then grace; the results' cursor stays
	if got := h.m.search.query(); got != "grace" || h.m.results.cursor != selected {
		t.Fatalf("↓ twice: box %q, cursor %d", got, h.m.results.cursor)
	}
	h.press(tea.KeyDown) // past the newest: the empty box it started from
	if got := h.m.search.query(); got != "" || h.m.results.count() != 0 {
		t.Fatalf("↓ past the newest: box %q, %d results", got, h.m.results.count())
	}

	// A key that changes the text ends the walk: the arrows pick results.
	h.press(tea.KeyUp, tea.KeyUp, tea.KeyUp) // alice
	h.typeText("e")
	h.press(tea.KeyBackspace)
	h.advance(DefaultDebounce)
	h.press(tea.KeyDown)
	if h.m.search.query() != "alice" || h.m.results.cursor != 1 {
		t.Fatalf("↓ after an edit: box %q, cursor %d", h.m.search.query(), h.m.results.cursor)
	}
	h.requireView("↑/↓ pick result")
	h.requireNotInView("previous query")
}

func TestWithoutAHistoryTheArrowsDoNothingInAnEmptyBox(t *testing.T) {
	h := newHarness(t) // Config.History nil: --no-history
	h.search("alice")
	h.press(tea.KeyTab)
	h.pressRune('/')
	h.press(tea.KeyEsc)
	h.press(tea.KeyUp)
	if got := h.m.search.query(); got != "" {
		t.Fatalf("↑ without a history: %q", got)
	}
	h.requireNotInView("previous query")
}

func TestAHistoryFileThatIsALinkTurnsTheHistoryOff(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "target")
	if err := os.WriteFile(target, []byte("alice\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "history")
	if err := os.Symlink(target, path); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, withConfig(func(c *Config) { c.History = history.New(path, dir, nil) }))
	h.requireView("✕ search history off:", "symbolic link")
	h.search("bob")
	h.press(tea.KeyTab)
	if data, _ := os.ReadFile(target); string(data) != "alice\n" {
		t.Fatalf("the link's target was written: %q", data)
	}
	h.pressRune('/')
	h.press(tea.KeyEsc)
	h.press(tea.KeyUp)
	if h.m.search.query() != "" {
		t.Fatalf("a history in a refused file was walked: %q", h.m.search.query())
	}
}

func TestAHistoryThatCannotBeSavedSaysSoOnce(t *testing.T) {
	home := t.TempDir()
	dir := filepath.Join(home, "state")
	h := newHarness(t, withConfig(func(c *Config) {
		c.History = history.New(filepath.Join(dir, "cocalc-tui", "history"), home, nil)
	}))
	// Read at start (no folder: an empty history), then a file takes the
	// folder's place.
	if err := os.WriteFile(dir, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	h.search("alice")
	h.press(tea.KeyTab)
	h.requireView("✕ search history not saved:")
	h.advance(DefaultFlashTime)
	h.pressRune('/')
	h.typeText(" smith")
	h.press(tea.KeyTab)
	h.requireNotInView("not saved")
	// The session's queries are still there to walk.
	h.pressRune('/')
	h.press(tea.KeyEsc, tea.KeyUp)
	if got := h.m.search.query(); got != "alice smith" {
		t.Fatalf("↑ after a failed save: %q", got)
	}
}

// TestAQueryMeantJustBeforeQuittingIsSaved: ctrl+c right after enter ends
// the program before the command that saves the query has run; Run saves
// what is left once the program has ended.
func TestAQueryMeantJustBeforeQuittingIsSaved(t *testing.T) {
	h := newHarness(t, withHistory(t))
	h.typeText("grace")
	next, _ := h.m.Update(tea.KeyMsg{Type: tea.KeyEnter}) // its commands never run
	next, _ = next.(Model).Update(tea.KeyMsg{Type: tea.KeyCtrlC})
	if got := h.historyFile(); got != nil {
		t.Fatalf("the file holds %q before the end", got)
	}
	next.(Model).saveUnsaved()
	if got := h.historyFile(); !slices.Equal(got, []string{"grace"}) {
		t.Fatalf("the file holds %q", got)
	}

	// Saved by its command, the query is not left to Run.
	h.press(tea.KeyEnter)
	if len(h.m.history.unsaved) != 0 {
		t.Fatalf("saved, yet unsaved: %q", h.m.history.unsaved)
	}
}

// A line longer than the box takes is not read back: the box would show
// it cut, and the walk would stop there, leaving the older queries out of
// reach.
func TestAHistoryLineLongerThanTheBoxIsLeftOut(t *testing.T) {
	h := newHarness(t)
	giveHistory(h, "older", strings.Repeat("x", h.m.search.input.CharLimit+1), "newest")
	h.press(tea.KeyUp, tea.KeyUp)
	if got := h.m.search.query(); got != "older" {
		t.Fatalf("two ↑ show %.20q, want older", got)
	}
}

// Why the history is off is said even when the note on the terminal's
// background comes after it: an error outranks a note.
func TestTheHistoryTurnedOffOutranksANote(t *testing.T) {
	h := newHarness(t, withHistory(t))
	h.send(historyLoadedMsg{err: errors.New("the history is a symbolic link")})
	h.run(h.m.flash.note(h.m.cfg, themeNote, themeNoteTime))
	h.requireView("✕ search history off: the history is a symbolic link")
	h.requireNotInView("background unknown")
}
