package ui

import (
	"reflect"
	"slices"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"cocalc-tui/hub"
	"cocalc-tui/hub/hubtest"
)

// The rows' lines kept from frame to frame (rowCache) must be what drawing
// them afresh gives, whatever happened since: moves, sorts, a new width, the
// clock moving on (relative times), a new answer.
func TestCachedRowLinesAreTheFreshlyDrawnOnes(t *testing.T) {
	h := newHarness(t, withKey(hubtest.DemoAdminKey), withConfig(func(c *Config) { c.Limit = 2500 }))
	h.search("a")         // a few hundred accounts, many with the same relative times
	h.press(tea.KeyEnter) // the results take the keys
	check := func(after string) {
		t.Helper()
		r, width, now := h.m.results, h.m.layout.results.inner().width, h.m.now
		// Every page of the list, as scrolling would show it, in both focus
		// states; the cache is kept from page to page.
		for r.offset = 0; r.offset < r.count(); r.offset += r.visible {
			for _, focused := range []bool{true, false} {
				cached := r.lines(h.m.styles, width, focused, now)
				fresh := r
				fresh.drawn = nil
				if want := fresh.lines(h.m.styles, width, focused, now); !slices.Equal(cached, want) {
					t.Fatalf("after %s, the cached lines differ from fresh ones:\n%q\nwant\n%q", after, cached, want)
				}
			}
		}
	}
	h.view()
	check("the first frame")
	h.press(tea.KeyDown, tea.KeyDown, tea.KeyPgDown)
	h.view()
	check("moving down")
	h.advance(2 * time.Minute) // "now" becomes "2m ago", and so on
	check("the clock moving on")
	h.pressRune('s')
	check("sorting by creation")
	h.pressRune('s')
	check("sorting by name")
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	check("a new width")
	h.send(tea.WindowSizeMsg{Width: 120, Height: 40})
	h.press(tea.KeyEsc) // back to the search box
	h.search("li")
	check("a new answer")
}

// Answers older than the cache's lifetime are never shown again, so they are
// dropped as soon as another answer is kept, not only once the cache is
// full: 64 stale answers of 2,500 accounts would hold some 100 MB.
func TestSearchCacheDropsExpiredAnswersAtOnce(t *testing.T) {
	var c searchCache
	answer := func(query string) (hub.SearchParams, searchResultMsg) {
		params := hub.SearchParams{Query: query, Admin: true, Limit: 2500}
		return params, searchResultMsg{query: query, params: params}
	}
	for _, q := range []string{"a", "b", "c"} {
		params, msg := answer(q)
		c.put(params, msg, testNow)
	}
	params, msg := answer("d")
	c.put(params, msg, testNow.Add(cacheLifetime+time.Second))
	if len(c.answers) != 1 {
		t.Errorf("the cache holds %d answers, want only the one that has not expired", len(c.answers))
	}
	if _, ok := c.get(params, testNow.Add(cacheLifetime+time.Second)); !ok {
		t.Error("the fresh answer is not in the cache")
	}
}

// Sorting moves rows, which point to their accounts: every row still shows
// its own account in each order, and an export lists them as shown.
func TestSortedRowsKeepTheirAccounts(t *testing.T) {
	h := newHarness(t, withKey(hubtest.DemoAdminKey), withConfig(func(c *Config) { c.Limit = 2500 }))
	h.search("a")
	h.press(tea.KeyEnter) // the results take the keys
	for range sortOrderCount {
		h.pressRune('s')
		r := h.m.results
		shown := r.inOrder()
		if len(shown) != r.count() || len(shown) < 100 {
			t.Fatalf("%d accounts in order for %d rows", len(shown), r.count())
		}
		for k := range r.count() {
			row := *r.row(k)
			if want := newResultRow(shown[k], true); !reflect.DeepEqual(row, want) {
				t.Fatalf("by %s, row %d shows %+v, its account %+v", r.order, k, row, want)
			}
		}
		if selected, _ := r.selected(); selected.AccountID != shown[r.cursor].AccountID {
			t.Fatalf("by %s, the selection is not the account under the cursor", r.order)
		}
	}
}

// TestTheOrderChosenOutlivesAnEmptiedBox sorts by name, empties the box
// (which empties the results) and searches again: the new results come in
// the order chosen, not back in the server's.
func TestTheOrderChosenOutlivesAnEmptiedBox(t *testing.T) {
	h := newHarness(t)
	h.search("alice")
	h.press(tea.KeyTab)
	h.pressRune('s')
	h.pressRune('s')
	h.requireView("by name ▲")
	h.pressRune('/')
	h.press(tea.KeyEsc) // the box emptied, and the results with it
	h.search("smith")
	h.requireView("by name ▲")
}
