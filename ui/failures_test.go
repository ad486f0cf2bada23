package ui

import (
	"math/rand/v2"
	"net/http"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"cocalc-tui/hub"
	"cocalc-tui/hub/hubtest"
)

// requireHarmlessScreen checks what every failure must leave on screen: no
// HTML, no control characters, the frame inside the terminal.
func (h *harness) requireHarmlessScreen() {
	h.t.Helper()
	view := h.view()
	for _, bad := range []string{"<", "html", "DOCTYPE", "\x1b"} {
		if strings.Contains(view, bad) {
			h.t.Fatalf("screen shows %q:\n%s", bad, view)
		}
	}
	h.requireFits()
}

func TestEveryServerFailureIsExplained(t *testing.T) {
	tests := []struct {
		name   string
		fault  hubtest.Fault
		search string // what the line under the box says
		status string // what the status line says
	}{
		{"502 page from a proxy", hubtest.FaultBadGateway,
			"✕ search failed: HTTP 502 Bad Gateway, an HTML page instead of the hub's JSON",
			"✕ offline: HTTP 502"},
		{"504 page from a proxy", hubtest.FaultGatewayTimeout, "HTTP 504 Gateway Timeout, an HTML page", "✕ offline: HTTP 504"},
		{"500 plain text", hubtest.FaultInternalText, "HTTP 500 Internal Server Error, plain text", "✕ offline: HTTP 500"},
		{"not JSON", hubtest.FaultNotJSON, "the answer is not valid JSON (it looks like an HTML page) — check that the host is a CoCalc server",
			"✕ offline: not a CoCalc answer"},
		{"truncated", hubtest.FaultTruncated, "the answer is not valid JSON (it looks cut short)", "✕ offline: not a CoCalc answer"},
		{"wrong shape", hubtest.FaultWrongShape, "the answer has an unexpected shape: got a JSON object, expected a list", "✕ offline: not a CoCalc answer"},
		{"oversized", hubtest.FaultOversized, "the answer is larger than 32 MiB; not read", "✕ offline: not a CoCalc answer"},
		{"hub timeout (408)", hubtest.FaultServerTimeout, "operation has timed out — try again, or raise the timeout", "✕ offline: no answer"},
		{"hub service down (503)", hubtest.FaultUnavailable,
			"request -- no subscribers matching", "✕ offline: hub service down"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newDemoServer(t)
			h := newHarness(t, withServer(srv))
			srv.SetFault(tt.fault)
			h.search("alice")
			h.advance(DefaultPingInterval)
			h.requireView(tt.search, tt.status)
			h.requireHarmlessScreen()
			if h.m.search.query() != "alice" {
				t.Fatalf("the box lost what was typed: %q", h.m.search.query())
			}
			srv.SetFault(hubtest.FaultNone) // and it all works again once the server does
			h.advance(h.m.status.nextAt.Sub(h.clock()))
			h.press(tea.KeyEnter)
			h.requireView("● online", "8 accounts for “alice”")
		})
	}
}

func TestWrongBasePathSaysSo(t *testing.T) {
	srv := newDemoServer(t)
	client, err := hub.New(srv.URL+"/wrong", hubtest.DemoUserKey)
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, withServer(srv), withConfig(func(c *Config) { c.Client = client }))
	h.search("alice")
	h.requireView("HTTP 404 Not Found, an HTML page instead of the hub's JSON: no CoCalc API at this address",
		"What to do: check the host and base path.", "✕ offline: HTTP 404")
	h.requireHarmlessScreen()
}

func TestMissingKeySaysWhatToDo(t *testing.T) {
	h := newHarness(t, withKey(""))
	h.requireView("key: rejected: no API key was given")
	h.search("alice")
	h.requireView("✕ search failed: no API key was given — provide an API key")
	h.requireHarmlessScreen()
}

func TestNotAnAdminSaysSo(t *testing.T) {
	// A key that lost its admin rights after the start: the server refuses.
	h := newHarness(t)
	h.m.scope.admin, h.m.admin.enabled = true, true
	h.search("alice")
	h.requireView("✕ search failed: Must be an admin to do admin search. — use an admin's API key, or search without admin mode")
}

func TestHangingServerLeavesTheUIResponsive(t *testing.T) {
	srv := newDemoServer(t)
	h := newHarness(t, withServer(srv))
	h.goAsync()
	srv.SetFault(hubtest.FaultHang)

	h.typeText("alice")
	h.advance(DefaultDebounce) // the search is sent, and hangs
	h.advance(DefaultPingInterval)
	h.advance(3 * time.Second) // so does the status check
	h.requireView("searching for “alice”", "◐ waiting for the server (3s)")

	// Meanwhile every key works.
	h.typeText("x")
	h.press(tea.KeyTab)
	h.pressRune('?')
	h.requireView("Keys")
	h.press(tea.KeyEsc)
	h.press(tea.KeyShiftTab)
	h.press(tea.KeyBackspace)
	if h.m.search.query() != "alice" {
		t.Fatalf("box holds %q", h.m.search.query())
	}

	// The server dies: the hanging calls fail, and the screen says so.
	srv.Close()
	h.deliverUntil("the hanging check to fail", func() bool { return h.m.status.state == connOffline })
	h.requireView("✕ offline")
	h.requireHarmlessScreen()
}

func TestRapidRandomEditsEndWithTheFinalQuerysResults(t *testing.T) {
	baseline, heapBefore := runtime.NumGoroutine(), heapInUse()
	srv := hubtest.NewServer(hubtest.DemoData(testNow), hubtest.WithClock(func() time.Time { return testNow }), hubtest.WithSeed(7))
	srv.SetLatency(0, 30*time.Millisecond) // answers overtake each other
	transport := &http.Transport{}
	client, err := hub.New(srv.URL, hubtest.DemoAdminKey, hub.WithHTTPClient(&http.Client{Transport: transport}))
	if err != nil {
		t.Fatal(err)
	}
	// An admin's key and a limit above the number of accounts: every answer
	// is complete, and the line under the box names its query.
	model := New(Config{Client: client, Renderer: plainRenderer(), Debounce: time.Millisecond, Limit: hub.MaxAdminSearchLimit})
	tm := teatest.NewTestModel(t, model, teatest.WithInitialTermSize(120, 40))

	rng := rand.New(rand.NewPCG(1, 2))
	query := ""
	for range 1000 {
		if len(query) >= 3 || (len(query) > 0 && rng.IntN(10) < 3) {
			query = query[:len(query)-1]
			tm.Send(tea.KeyMsg{Type: tea.KeyBackspace})
		} else {
			letter := string("aeilnorst"[rng.IntN(9)])
			query += letter
			tm.Type(letter)
		}
		if rng.IntN(4) == 0 {
			time.Sleep(time.Duration(rng.IntN(2000)) * time.Microsecond) // let some searches start
		}
	}
	if query == "" { // make sure there is something to search for
		query = "al"
		tm.Type(query)
	}
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter}) // search now, whatever is in flight
	answered := regexp.MustCompile(`(accounts? for|no accounts match) “` + query + `”`)
	teatest.WaitFor(t, tm.Output(), answered.Match, teatest.WithDuration(15*time.Second))
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	final := tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second)).(Model)

	result, err := client.UserSearch(t.Context(), hub.SearchParams{Query: query, Admin: true, Limit: hub.MaxAdminSearchLimit})
	if err != nil {
		t.Fatal(err)
	}
	want := result.Accounts
	if final.search.query() != query || final.search.outcome.query != query {
		t.Fatalf("box %q, results for %q; want %q", final.search.query(), final.search.outcome.query, query)
	}
	shown := final.results.inOrder()
	if len(shown) != len(want) {
		t.Fatalf("%d results on screen, %d for %q", len(shown), len(want), query)
	}
	for i := range want {
		if shown[i].AccountID != want[i].AccountID {
			t.Fatalf("result %d is %s, want %s", i, shown[i].AccountID, want[i].AccountID)
		}
	}

	// Nothing is left running: no goroutine outlives the program and the server.
	srv.Close()
	transport.CloseIdleConnections()
	waitFor(t, "goroutines to end", func() bool { return runtime.NumGoroutine() <= baseline+2 })
	// …and no memory: the program, its answers and its cache are garbage now.
	if grown := heapInUse() - heapBefore; grown > 8<<20 {
		t.Errorf("the heap grew by %d MiB and stayed so", grown>>20)
	}
}

// heapInUse is the live heap after a collection, in bytes.
func heapInUse() int64 {
	runtime.GC()
	var stats runtime.MemStats
	runtime.ReadMemStats(&stats)
	return int64(stats.HeapInuse)
}
