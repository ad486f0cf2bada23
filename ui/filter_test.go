package ui

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"cocalc-tui/hub"
	"cocalc-tui/hub/hubtest"
)

// filterHarness is an admin's UI showing the answer to "alice" (10
// accounts, emails among them), the results focused.
func filterHarness(t *testing.T, opts ...harnessOption) *harness {
	t.Helper()
	h := newHarness(t, append([]harnessOption{withKey(hubtest.DemoAdminKey)}, opts...)...)
	h.search("alice")
	h.press(tea.KeyTab)
	h.requireView("Results (10)")
	return h
}

// shownNames are the names of the rows shown, in order.
func (h *harness) shownNames() []string {
	var names []string
	for _, a := range h.m.results.inOrder() {
		names = append(names, a.FullName())
	}
	return names
}

func TestFilterNarrowsTheResultsAsYouTypeWithoutTheServer(t *testing.T) {
	h := filterHarness(t)
	searches := countCalls(h, hub.FuncUserSearch)
	h.pressRune('f')
	h.requireView("filter › ", "enter close", "esc close")
	h.typeText("SMI")
	h.requireView("Filter “SMI”: 1 of 10 shown", "1/1", "filter › SMI", "enter keep filter")
	if names := h.shownNames(); len(names) != 1 || names[0] != "Alice Smith" {
		t.Fatalf("shown: %q", names)
	}
	h.press(tea.KeyBackspace, tea.KeyBackspace)
	h.requireView("Filter “S”: ")
	h.press(tea.KeyBackspace)
	h.requireView("Results (10) by last active")
	h.requireNotInView("of 10 shown")
	if got := countCalls(h, hub.FuncUserSearch); got != searches {
		t.Fatalf("the filter asked the server %d times", got-searches)
	}
}

func TestFilterLooksInNamesUsernamesEmailsAndIds(t *testing.T) {
	for _, tt := range []struct{ filter, want string }{
		{"@alice", "Alice Dubois"},                     // the username
		{"lab.example", "Alice Dubois"},                // the email
		{"ajohnson@", "Alice Johnson"},                 // the email, any case below
		{"AJOHNSON", "Alice Johnson"},                  //
		{"8bf90bf4-7e2f", "Alice Wong"},                // the account id
		{"wong 8bf90bf4", "Alice Wong"},                // every word, in any field
		{"wong smith", ""},                             // every word must match
		{"wongalice", ""},                              // no word across two fields (the name, the email)
		{"alice\nsmith", "Alice Smith"},                // a pasted line break separates words
		{"malice aforethought", "Malice Aforethought"}, // a name's words
	} {
		t.Run(tt.filter, func(t *testing.T) {
			h := filterHarness(t)
			h.pressRune('f')
			h.paste(tt.filter) // a paste goes to the filter, its lines joined
			names := h.shownNames()
			switch {
			case tt.want == "" && len(names) == 0:
				h.requireView("No result holds every word of the filter: esc clears it.", ": 0 of 10 shown")
			case len(names) != 1 || names[0] != tt.want:
				t.Fatalf("filter %q shows %q, want %q", tt.filter, names, tt.want)
			}
		})
	}
}

func TestFilterKeptClearedAndEdited(t *testing.T) {
	h := filterHarness(t)
	h.pressRune('j') // the second row
	h.pressRune('f')
	h.typeText("example.org")
	kept, _ := h.m.results.selected()
	h.press(tea.KeyEnter) // kept: the keys go back to the results
	if h.m.filtering || !h.m.results.filtered() || h.m.focus != focusResults {
		t.Fatalf("after enter: filtering %v, filtered %v, focus %v", h.m.filtering, h.m.results.filtered(), h.m.focus)
	}
	h.requireView("Filter “example.org”: ", "esc clear filter")
	h.pressRune('q') // a command again
	if !h.quit {
		t.Fatal("q in the filtered results did not quit")
	}

	h = filterHarness(t)
	h.pressRune('j')
	h.pressRune('f')
	h.typeText("q") // while typing, q is a letter
	if h.quit || h.m.filter.Value() != "q" {
		t.Fatalf("q while typing the filter: quit %v, filter %q", h.quit, h.m.filter.Value())
	}
	h.press(tea.KeyBackspace)
	h.typeText("example.org")
	h.press(tea.KeyEnter)
	h.pressRune('f') // again: the filter as it is, to change
	if h.m.filter.Value() != "example.org" {
		t.Fatalf("f on a kept filter: %q", h.m.filter.Value())
	}
	h.press(tea.KeyEsc) // esc while typing: cleared
	if h.m.filtering || h.m.results.filtered() {
		t.Fatal("esc while typing did not clear the filter")
	}
	h.pressRune('f')
	h.typeText("example.org")
	h.press(tea.KeyEnter)
	h.press(tea.KeyEsc) // esc in the results: cleared, the account kept
	now, _ := h.m.results.selected()
	if h.m.results.filtered() || h.m.focus != focusResults || now.AccountID != kept.AccountID {
		t.Fatalf("esc on a filter: filtered %v, focus %v, selected %s (was %s)", h.m.results.filtered(), h.m.focus,
			now.FullName(), kept.FullName())
	}
	h.press(tea.KeyEsc) // then esc goes back, as before
	if h.m.focus != focusSearch {
		t.Fatalf("the second esc: focus %v", h.m.focus)
	}
}

func TestFilterKeepsTheSelectionItStillShows(t *testing.T) {
	h := filterHarness(t)
	h.pressRune('G') // the last row
	selected, _ := h.m.results.selected()
	h.pressRune('f')
	h.typeText(strings.ToLower(strings.Fields(selected.FullName())[0]))
	if now, _ := h.m.results.selected(); now.AccountID != selected.AccountID {
		t.Fatalf("the selection moved from %s to %s", selected.FullName(), now.FullName())
	}
	h.typeText("zzz") // gone: nothing selected, the details say how to search
	if _, ok := h.m.results.selected(); ok {
		t.Fatal("a row is selected in an empty filter")
	}
	h.requireView("Search tips")
}

func TestTheArrowsPickAResultWhileFiltering(t *testing.T) {
	h := filterHarness(t)
	h.pressRune('f')
	h.typeText("example")
	h.requireView("↑/↓ pick result")
	first, _ := h.m.results.selected()
	h.press(tea.KeyDown)
	second, _ := h.m.results.selected()
	if first.AccountID == second.AccountID || !h.m.filtering {
		t.Fatalf("↓ while filtering: %s then %s, filtering %v", first.FullName(), second.FullName(), h.m.filtering)
	}
	h.press(tea.KeyEnter)
	if now, _ := h.m.results.selected(); now.AccountID != second.AccountID {
		t.Fatal("enter lost the selection")
	}
}

func TestANewQueryDropsTheFilterAnotherLimitKeepsIt(t *testing.T) {
	h := filterHarness(t)
	h.pressRune('f')
	h.typeText("example.org")
	h.press(tea.KeyEnter)
	h.pressRune('+') // the same query, more results: the filter stays
	h.requireView("Filter “example.org”: ")
	h.pressRune('s') // another order: the filter and the selection stay
	h.requireView("Filter “example.org”: ", "by created")
	h.pressRune('/')
	h.typeText(" smith")
	h.advance(DefaultDebounce)
	if h.m.results.filtered() {
		t.Fatal("the filter of alice's results filters alice smith's")
	}
	h.requireView("Results (1)")
}

func TestExportUnderAFilterWritesWhatItShows(t *testing.T) {
	dir := t.TempDir()
	h := filterHarness(t, withConfig(func(c *Config) { c.ExportDir = dir }))
	h.pressRune('f')
	h.typeText("example.org")
	h.press(tea.KeyEnter)
	shown := h.m.results.count()
	h.pressRune('e')
	h.requireView(fmt.Sprintf("exported the %d of 10 accounts the filter shows", shown))
	matches, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	if len(matches) != 1 {
		t.Fatalf("files: %q", matches)
	}
	var exported []json.RawMessage
	if err := json.Unmarshal(readFile(t, matches[0]), &exported); err != nil || len(exported) != shown {
		t.Fatalf("exported %d accounts (%v), the filter shows %d", len(exported), err, shown)
	}
}

func TestGoldenFilter(t *testing.T) {
	for _, size := range [][2]int{{120, 40}, {80, 24}} {
		for _, state := range []struct {
			name  string
			setup func(h *harness)
		}{
			{"typing", func(h *harness) { h.typeText("smi") }},
			{"kept", func(h *harness) { h.typeText("@ex"); h.press(tea.KeyEnter) }},
			{"nothing", func(h *harness) { h.typeText("zebulon"); h.press(tea.KeyEnter) }},
		} {
			t.Run(state.name+"-"+sizeName(size), func(t *testing.T) {
				h := newHarness(t, withKey(hubtest.DemoAdminKey), withSize(size[0], size[1]),
					withConfig(func(c *Config) { c.Limit = 2500 }))
				h.search("a")
				h.press(tea.KeyTab)
				h.pressRune('f')
				state.setup(h)
				h.advance(lookupDelay)
				h.golden()
			})
		}
	}
}

// The letters that come with a paste into the filter are more of the
// paste, as they are in the search box: they go on into the filter, never
// into the box behind it, and a key that is not text is dropped.
func TestKeysWithAPasteGoOnIntoTheFilter(t *testing.T) {
	h := filterHarness(t)
	h.pressRune('f')
	query := h.m.search.query()
	h.paste("ajohn")
	h.typeText("son@") // in the same read as the paste
	h.press(tea.KeyEnter)
	if names := h.shownNames(); len(names) != 1 || names[0] != "Alice Johnson" {
		t.Fatalf("the filter shows %q, want Alice Johnson", names)
	}
	if got := h.m.search.query(); got != query {
		t.Fatalf("the search box changed from %q to %q", query, got)
	}
	if !h.m.filtering {
		t.Fatal("the enter that came with the paste closed the filter")
	}
	h.requireView("ignored enter after the paste")
}

// TestListKeysSayWhyTheyDoNothing: f and s with a single result, and e
// under a filter that shows no rows, say in the hint bar why nothing
// happens, as the other refused keys do.
func TestListKeysSayWhyTheyDoNothing(t *testing.T) {
	h := newHarness(t, withKey(hubtest.DemoAdminKey))
	h.search("turing")
	h.press(tea.KeyEnter)
	h.requireView("1 account for “turing”")
	h.pressRune('f')
	h.requireView("f: one result, nothing to filter")
	h.pressRune('s')
	h.requireView("s: one row, nothing to sort")

	h = newHarness(t, withKey(hubtest.DemoAdminKey))
	h.search("alice")
	h.press(tea.KeyEnter)
	h.pressRune('f')
	h.typeText("zzzz")
	h.press(tea.KeyEnter) // keep the filter, which shows nothing
	h.pressRune('e')
	h.requireView("e: the filter shows no rows to export (esc clears it)")
}
