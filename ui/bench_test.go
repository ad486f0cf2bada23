package ui

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"cocalc-tui/hub"
	"cocalc-tui/hub/hubtest"
	"cocalc-tui/ui/sanitize"
)

// Benchmarks of what a person feels: a frame (View) and one key (Update +
// View) with up to 2,500 results, the most an admin search returns. The
// budgets (scripts/bench checks them): a frame or a key at most 1 ms with
// 2,500 results, and a frame with 2,500 results no more than 20% slower than
// with 25.
//
// The model is brought to its state the way a person gets there, against a
// fake hub on loopback serving a few thousand demo accounts (hostile, CJK,
// emoji and very long names among them): an admin key, --limit 2500, "e"
// typed in the search box. Only Update and View are timed; the commands they
// return (the I/O) are not run inside the loop.

// benchNow is the clock of the fake hub and of the UI in the benchmarks.
var benchNow = time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)

// benchResultCounts are the result counts of the View benchmarks.
var benchResultCounts = []int{25, 250, 2500}

// benchSizes are the terminal sizes of the View benchmarks: a large terminal
// (results beside the details) and the classic 80x24 (stacked).
var benchSizes = []struct {
	name          string
	width, height int
}{{"200x60", 200, 60}, {"80x24", 80, 24}}

// benchServer is one fake hub for all the benchmarks, started on first use:
// generating and serving 3,000 accounts is setup, not what is measured.
var benchServer = sync.OnceValue(func() *hubtest.Server {
	data := hubtest.LargeDemoData(benchNow, 3000)
	return hubtest.NewServer(data, hubtest.WithClock(func() time.Time { return benchNow }))
})

// colourRenderer renders as a true-colour terminal does, so frames carry
// the escape codes a real terminal gets (the plain renderer of the golden
// tests would make frames look cheaper than they are).
func colourRenderer() *lipgloss.Renderer {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.TrueColor)
	r.SetHasDarkBackground(true)
	return r
}

// benchModel returns the UI at width x height showing the answer to an
// admin search for "e" cut to results accounts (results ≤ 2,500), with the
// search box focused.
func benchModel(b testing.TB, results, width, height int) Model {
	b.Helper()
	client, err := hub.New(benchServer().URL, hubtest.DemoAdminKey)
	if err != nil {
		b.Fatal(err)
	}
	m := New(Config{
		Client:    client,
		MaskedKey: hub.MaskKey(hubtest.DemoAdminKey),
		Limit:     results,
		Clock:     func() time.Time { return benchNow },
		// Timers never fire: the debounce is sent by hand below, and the
		// ticks (clock, spinner, status) would only redraw.
		After:    func(time.Duration, tea.Msg) tea.Cmd { return nil },
		Renderer: colourRenderer(),
		Location: time.UTC,
	})
	m = drive(b, m, tea.WindowSizeMsg{Width: width, Height: height}, m.Init()) // status: online; key: admin
	m = drive(b, m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'e'}}, nil)
	m = drive(b, m, debounceMsg{editSeq: m.search.editSeq}, nil) // the pause in typing: search
	if got := m.results.count(); got != results || !m.adminMode() {
		b.Fatalf("the search shows %d results (admin mode %v), want %d", got, m.adminMode(), results)
	}
	return m
}

// drive delivers msg, then runs cmd and every command that follows from
// either, at once, as the harness does: hub calls go over loopback to
// benchServer.
func drive(b testing.TB, m Model, msg tea.Msg, cmd tea.Cmd) Model {
	b.Helper()
	pending := []tea.Cmd{cmd}
	next, first := m.Update(msg)
	m, pending = next.(Model), append(pending, first)
	for len(pending) > 0 {
		cmd, pending = pending[0], pending[1:]
		if cmd == nil {
			continue
		}
		switch out := cmd().(type) {
		case nil:
		case tea.BatchMsg:
			pending = append(pending, out...)
		default:
			var more tea.Cmd
			next, more = m.Update(out)
			m, pending = next.(Model), append(pending, more)
		}
	}
	return m
}

// step is what one key costs a person: Update, then the frame it leads to.
// Its commands are not run (they are I/O, sent off Update's path).
func step(m Model, msg tea.Msg) string {
	next, _ := m.Update(msg)
	return next.(Model).View()
}

// sink keeps the compiler from dropping the work of a benchmark.
var sink string

// BenchmarkView draws one frame with 25, 250 and 2,500 results.
func BenchmarkView(b *testing.B) {
	for _, n := range benchResultCounts {
		for _, size := range benchSizes {
			b.Run(benchName(n, size.name), func(b *testing.B) {
				m := benchModel(b, n, size.width, size.height)
				m.setFocus(focusResults) // the selected row is drawn as when the list has the keys
				b.ReportAllocs()
				for b.Loop() {
					sink = m.View()
				}
			})
		}
	}
}

// BenchmarkKeystroke types one more letter in the search box while 2,500
// results are shown, and draws the frame.
func BenchmarkKeystroke(b *testing.B) {
	for _, size := range benchSizes {
		b.Run(benchName(2500, size.name), func(b *testing.B) {
			m := benchModel(b, 2500, size.width, size.height)
			key := tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'x'}}
			if next, _ := m.Update(key); next.(Model).search.query() != "ex" {
				b.Fatal("the key does not type in the search box")
			}
			b.ReportAllocs()
			// Update takes the model by value: every iteration starts from
			// the same state, so the query does not grow.
			for b.Loop() {
				sink = step(m, key)
			}
		})
	}
}

// BenchmarkKeystrokeBackToCachedQuery deletes the letter just typed, going
// back to a query answered moments ago: its 2,500 results are shown at once
// from the cache (marked refreshing), which puts them all in the list again.
func BenchmarkKeystrokeBackToCachedQuery(b *testing.B) {
	for _, size := range benchSizes {
		b.Run(benchName(2500, size.name), func(b *testing.B) {
			m := benchModel(b, 2500, size.width, size.height)
			m = drive(b, m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'x'}}, nil) // "ex", not searched
			backspace := tea.KeyMsg{Type: tea.KeyBackspace}
			if frame := step(m, backspace); m.search.query() != "ex" || len(frame) == 0 {
				b.Fatalf("query %q", m.search.query())
			}
			b.ReportAllocs()
			for b.Loop() {
				sink = step(m, backspace)
			}
		})
	}
}

// BenchmarkCursorMove moves the selection down one row in the results (the
// list scrolls by one) with 2,500 results, and draws the frame.
func BenchmarkCursorMove(b *testing.B) {
	for _, size := range benchSizes {
		b.Run(benchName(2500, size.name), func(b *testing.B) {
			m := benchModel(b, 2500, size.width, size.height)
			m.setFocus(focusResults)
			m.syncKeys()           // the list's keys work now
			m.results.moveTo(1250) // the middle of the list, at the bottom of the window
			m.onSelectionChanged()
			key := tea.KeyMsg{Type: tea.KeyDown}
			if next, _ := m.Update(key); next.(Model).results.cursor != 1251 {
				b.Fatal("the key does not move the cursor")
			}
			b.ReportAllocs()
			for b.Loop() {
				sink = step(m, key)
			}
		})
	}
}

func benchName(results int, size string) string {
	return fmt.Sprintf("results=%d/%s", results, size)
}

// TestBenchModelReachesItsState runs the benchmarks' setup in the normal
// test run, so a change that breaks it fails there and not only under
// -bench, and checks that the frames it measures are whole.
func TestBenchModelReachesItsState(t *testing.T) {
	for _, size := range benchSizes {
		m := benchModel(t, 2500, size.width, size.height)
		lines := strings.Split(m.View(), "\n")
		if len(lines) != size.height {
			t.Errorf("%s: the frame has %d lines", size.name, len(lines))
		}
		if !strings.Contains(m.View(), "Results (2500)") {
			t.Errorf("%s: the frame does not show the 2,500 results:\n%s", size.name, m.View())
		}
		f := filterBenchModel(t, size.width, size.height)
		if view := f.View(); !f.filtering || f.filter.Value() != "e" || !strings.Contains(view, " of 2500 shown") {
			t.Errorf("%s: the filter's frame:\n%s", size.name, view)
		}
	}
}

// BenchmarkSortKey presses s in the results with 2,500 results: the list is
// sorted in the next order (from the server's order to created, name,
// email, and back), and the frame drawn.
func BenchmarkSortKey(b *testing.B) {
	m := benchModel(b, 2500, 200, 60)
	m.setFocus(focusResults)
	m.syncKeys() // the list's keys work now
	key := tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'s'}}
	for range sortOrderCount {
		next := (m.results.order + 1) % sortOrderCount
		b.Run("to-"+strings.ReplaceAll(next.String(), " ", "-"), func(b *testing.B) {
			if moved, _ := m.Update(key); moved.(Model).results.order != next {
				b.Fatal("the key does not change the order")
			}
			b.ReportAllocs()
			for b.Loop() {
				// The first time in an order, no row on screen is drawn yet.
				m.results.drawn = &rowCache{}
				sink = step(m, key)
			}
		})
		m = drive(b, m, key, nil)
	}
}

// BenchmarkNewResultList makes a full admin answer (2,500 accounts: names,
// usernames, emails) ready to show: rows cleaned and every sort order worked
// out, as the search command does when the answer arrives.
func BenchmarkNewResultList(b *testing.B) {
	m := benchModel(b, 2500, 200, 60)
	accounts := m.results.list.accounts
	b.Run("accounts=2500", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if list := newResultList(accounts, true, sanitize.PerCodePoint); len(list.rows) != 2500 {
				b.Fatal(len(list.rows))
			}
		}
	})
}

// BenchmarkFilterKey types a letter of the filter (f) while 2,500 results
// are shown: every row is looked at, those that hold the words are shown in
// the order shown, and the frame drawn. The filter is "e", the letter makes
// it "ex", which most rows of the demo data still hold (their emails).
func BenchmarkFilterKey(b *testing.B) {
	for _, size := range benchSizes {
		b.Run(benchName(2500, size.name), func(b *testing.B) {
			m := filterBenchModel(b, size.width, size.height)
			key := tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'x'}}
			next, _ := m.Update(key)
			if shown := next.(Model).results.count(); next.(Model).filter.Value() != "ex" || shown < 100 || shown == 2500 {
				b.Fatalf("the key does not filter: %q, %d shown", next.(Model).filter.Value(), shown)
			}
			b.ReportAllocs()
			for b.Loop() {
				sink = step(m, key)
			}
		})
	}
}

// filterBenchModel is benchModel's 2,500 results with the filter open,
// holding "e".
func filterBenchModel(b testing.TB, width, height int) Model {
	b.Helper()
	m := benchModel(b, 2500, width, height)
	m = drive(b, m, tea.KeyMsg{Type: tea.KeyTab}, nil)
	m = drive(b, m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'f'}}, nil)
	return drive(b, m, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'e'}}, nil)
}

// BenchmarkFilterMatch is the filter's scan of 2,500 rows alone, as done
// (each row's text lower-cased once, with the row) beside the plain way
// (each field lower-cased on every key); refilter is the model's own scan,
// which also puts the rows found in the order shown.
func BenchmarkFilterMatch(b *testing.B) {
	m := benchModel(b, 2500, 200, 60)
	rows, accounts := m.results.list.rows, m.results.list.accounts
	words := []string{"ex"}
	b.Run("kept-lowercase", func(b *testing.B) {
		for b.Loop() {
			n := 0
			for i := range rows {
				if matchesAll(rows[i].filterKey, words) {
					n++
				}
			}
			sinkInt = n
		}
	})
	b.Run("refilter", func(b *testing.B) { // the model's own scan, in the order shown
		r := m.results
		r.filter.words = words
		for b.Loop() {
			r.refilter()
			sinkInt = len(r.filter.shown)
		}
	})
	b.Run("lowercase-each-key", func(b *testing.B) {
		for b.Loop() {
			n := 0
			for i := range rows {
				for _, field := range []string{rows[i].name, rows[i].username, rows[i].email, accounts[i].AccountID} {
					if strings.Contains(strings.ToLower(field), words[0]) {
						n++
						break
					}
				}
			}
			sinkInt = n
		}
	})
}

var sinkInt int
