package ui

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"cocalc-tui/hub"
	"cocalc-tui/hub/hubtest"
)

func searchRequests(srv *hubtest.Server) []string {
	var queries []string
	for _, r := range srv.Requests() {
		if r.Function == hub.FuncUserSearch && !strings.Contains(string(r.Body), `"query":""`) { // not the admin probe
			queries = append(queries, string(r.Body))
		}
	}
	return queries
}

func TestStartupShowsStatusAndScope(t *testing.T) {
	tests := []struct {
		name string
		key  string
		want []string
	}{
		{"user key", hubtest.DemoUserKey, []string{"● online", "key: notebook sync · Alan Turing (052c18e6…) · 4 recent projects" + strings.Repeat(" ", 10)}},
		{"admin key", hubtest.DemoAdminKey, []string{"● online", "key: grading script · Ada Lovelace (a5e0905b…) · admin · ⚠ expires in 5 days"}},
		{"project key", hubtest.DemoProjectKey, []string{"● online", "key: project bb9b517d… (project-scoped: user search unavailable)"}},
		{"bad key", "sk-thisIsNotAValidKey000", []string{"● online", "key: rejected: must be signed in"}},
		{"banned account's key", hubtest.DemoBannedKey, []string{"key: rejected:"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, withKey(tt.key))
			h.requireView(tt.want...)
			h.requireView("DEMO")
			h.requireNotInView(tt.key) // the key itself never shows
		})
	}
}

func TestTypingSearchesAfterAPause(t *testing.T) {
	h := newHarness(t)
	h.typeText("alic")
	h.advance(DefaultDebounce / 2)
	h.typeText("e")
	if got := searchRequests(h.server); len(got) != 0 {
		t.Fatalf("searched before typing paused: %v", got)
	}
	h.advance(DefaultDebounce)
	got := searchRequests(h.server)
	if len(got) != 1 || got[0] != `{"name":"system.userSearch","args":[{"query":"alice"}]}` {
		t.Fatalf("searches sent: %v, want one for alice", got)
	}
	h.requireView("8 accounts for “alice”", "▶ Alice Smith", "Results (8)")
}

func TestEnterSearchesAtOnceAndFocusesResults(t *testing.T) {
	h := newHarness(t)
	h.typeText("alice")
	h.press(tea.KeyEnter)
	h.requireView("8 accounts for “alice”")
	if h.m.focus != focusResults {
		t.Fatalf("focus = %v after enter, want the results", h.m.focus)
	}
	h.advance(DefaultDebounce) // the debounce armed by typing must not search again
	if got := searchRequests(h.server); len(got) != 1 {
		t.Fatalf("%d searches sent, want 1: %v", len(got), got)
	}
}

func TestLateAnswerOfASupersededSearchIsDropped(t *testing.T) {
	h := newHarness(t)
	h.typeText("alan")
	// The search for "alan" is sent, but its answer is held back...
	late := h.capture(func() { h.advance(DefaultDebounce) })
	if len(late) == 0 {
		t.Fatal("no search was sent for alan")
	}
	// ...while the user edits the query and that search answers first.
	h.press(tea.KeyBackspace, tea.KeyBackspace, tea.KeyBackspace, tea.KeyBackspace)
	h.search("alice")
	h.requireView("8 accounts for “alice”")
	for _, msg := range late {
		h.send(msg)
	}
	h.requireView("8 accounts for “alice”", "▶ Alice Smith")
	h.requireNotInView("for “alan”")
	if first, _ := h.m.results.selected(); h.m.results.count() != 8 || first.FirstName != "Alice" {
		t.Fatalf("results replaced by the late answer: %d rows, first %q", h.m.results.count(), first.FullName())
	}
	if h.m.search.query() != "alice" {
		t.Fatalf("box holds %q", h.m.search.query())
	}
}

func TestSupersededSearchIsCancelledOnTheWire(t *testing.T) {
	srv := newDemoServer(t)
	h := newHarness(t, withServer(srv))
	srv.SetFault(hubtest.FaultHang, hub.FuncUserSearch)
	h.typeText("alan")

	// Let the debounce fire, and run the search it sends in the background,
	// where it hangs until cancelled.
	model, cmd := h.m.Update(debounceMsg{editSeq: h.m.search.editSeq})
	h.m = model.(Model)
	answers := make(chan tea.Msg, 8)
	for _, c := range cmd().(tea.BatchMsg) {
		go func(c tea.Cmd) { answers <- c() }(c)
	}
	waitFor(t, "the first search to reach the server", func() bool { return srv.Stats().InFlight == 1 })

	srv.SetFault(hubtest.FaultNone)
	h.typeText("x") // a new search supersedes the hanging one
	h.advance(DefaultDebounce)
	waitFor(t, "the server to see the first request cancelled", func() bool { return srv.Stats().Canceled == 1 })
	for msg := range answers {
		if result, ok := msg.(searchResultMsg); ok {
			if !errors.Is(result.err, hub.ErrCanceled) {
				t.Fatalf("first search ended with %v, want a cancellation", result.err)
			}
			h.send(result) // and its late answer changes nothing
			break
		}
	}
	h.requireView("no accounts match “alanx”")
}

// waitFor polls until cond holds (for work happening on other goroutines),
// failing after a generous deadline. It asserts nothing about speed.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestQTypedInTheSearchBoxDoesNotQuit(t *testing.T) {
	h := newHarness(t)
	h.typeText("q")
	if h.quit {
		t.Fatal("q in the search box quit the program")
	}
	if h.m.search.query() != "q" {
		t.Fatalf("box holds %q, want q", h.m.search.query())
	}
	h.press(tea.KeyEsc) // clears the box
	if h.m.search.query() != "" || h.m.focus != focusSearch {
		t.Fatalf("esc: box %q, focus %v", h.m.search.query(), h.m.focus)
	}
	h.press(tea.KeyEsc) // leaves the empty box
	if h.m.focus != focusResults {
		t.Fatalf("second esc: focus %v, want results", h.m.focus)
	}
	h.pressRune('q')
	if !h.quit {
		t.Fatal("q outside the search box did not quit")
	}
}

func TestKeysThatArriveTogetherAreEachApplied(t *testing.T) {
	h := newHarness(t)
	h.search("alice")
	h.press(tea.KeyTab)
	h.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("jjy")}) // read from the terminal at once
	h.requireView("3/8", "account id", "sent to the terminal's clipboard")
}

func TestCtrlCAlwaysQuits(t *testing.T) {
	h := newHarness(t)
	h.typeText("abc")
	h.press(tea.KeyCtrlC)
	if !h.quit {
		t.Fatal("ctrl+c while typing did not quit")
	}
}

func TestResultsNavigation(t *testing.T) {
	h := newHarness(t)
	h.search("alice")
	h.press(tea.KeyTab)
	if h.m.focus != focusResults {
		t.Fatalf("tab: focus %v", h.m.focus)
	}
	h.pressRune('j')
	h.requireView("▶ Alice Miller", "2/8")
	h.pressRune('G')
	h.requireView("8/8")
	h.pressRune('g')
	h.requireView("1/8", "▶ Alice Smith")
	h.press(tea.KeyPgDown)
	h.requireView("8/8")
	h.press(tea.KeyHome)
	h.requireView("1/8")
	h.press(tea.KeyEnd)
	h.requireView("8/8")
	h.pressRune('k')
	h.requireView("7/8")
	h.press(tea.KeyShiftTab)
	if h.m.focus != focusSearch {
		t.Fatalf("shift+tab: focus %v", h.m.focus)
	}
	h.send(keyDown()) // arrows move the selection while typing
	h.requireView("8/8")
}

func TestDetailsShowEveryFieldAndTheProfile(t *testing.T) {
	h := newHarness(t, withKey(hubtest.DemoAdminKey))
	h.search("ada@example.com") // an exact email search returns the email to anyone
	h.requireView("1 account for “ada@example.com”", "Ada Lovelace")
	h.requireView("First name  Ada", "Last name   Lovelace", "Username    @ada",
		"Email       ada@example.com", "Verified    ✓ verified",
		"Account id  "+hubtest.DemoAdminAccountID, "Profile     loading…")
	h.advance(lookupDelay)
	h.requireView("Colour")
	h.requireNotInView("loading…")
}

func TestCopyUsesOSC52(t *testing.T) {
	h := newHarness(t)
	h.search("alice")
	h.press(tea.KeyTab)
	account, _ := h.m.results.selected()
	h.pressRune('y')
	want := "\x1b]52;c;" + base64.StdEncoding.EncodeToString([]byte(account.AccountID)) + "\a"
	if !strings.Contains(h.clipboard.String(), want) {
		t.Fatalf("clipboard got %q, want %q", h.clipboard.String(), want)
	}
	// A terminal never says whether it carried the sequence out: the flash
	// says what was done, not that the text is on the clipboard.
	h.requireView("✓ account id " + shortID(account.AccountID) + " sent to the terminal's clipboard")
	h.advance(DefaultFlashTime)
	h.requireNotInView("account id " + shortID(account.AccountID))

	h.pressRune('Y')
	wantJSON := base64.StdEncoding.EncodeToString(account.Raw)
	if !strings.Contains(h.clipboard.String(), wantJSON) {
		t.Fatalf("clipboard lacks the raw JSON of the account")
	}
}

func TestCopyToALocalClipboardToo(t *testing.T) {
	var local []string
	h := newHarness(t, withConfig(func(c *Config) {
		c.LocalClipboard = func(text string) error { local = append(local, text); return nil }
	}))
	h.search("alice")
	h.press(tea.KeyTab)
	account, _ := h.m.results.selected()
	h.pressRune('y')
	if len(local) != 1 || local[0] != account.AccountID {
		t.Fatalf("the local clipboard got %q", local)
	}
	if !strings.Contains(h.clipboard.String(), "\x1b]52;c;") {
		t.Fatal("no OSC 52 sequence was sent as well")
	}
	// This machine's clipboard took it: now it is known to be copied.
	h.requireView("✓ copied account id " + shortID(account.AccountID) + " to the clipboard")
}

func TestCopyWithAFailingLocalClipboardSaysWhatWasDone(t *testing.T) {
	h := newHarness(t, withConfig(func(c *Config) {
		c.LocalClipboard = func(string) error { return errors.New("Error: Can't open display") }
	}))
	h.search("alice")
	h.press(tea.KeyTab)
	h.pressRune('y')
	h.requireView("sent to the terminal's clipboard")
	h.requireNotInView("copied")
}

// TestCopyInTmuxNamesTheSettingOnce copies inside a tmux that cannot be
// asked about its settings: the first copy says what was copied and names
// the setting that lets it through; later copies only say what was copied.
func TestCopyInTmuxNamesTheSettingOnce(t *testing.T) {
	h := newHarness(t, withConfig(func(c *Config) { c.Multiplexer = "tmux" }))
	h.search("alice")
	h.press(tea.KeyTab)
	account, _ := h.m.results.selected()
	h.pressRune('y')
	h.requireView("✓ sent; if tmux drops it: set -g set-clipboard on")
	sequences := strings.Count(h.clipboard.String(), "52;c;")
	if sequences != 2 || !strings.Contains(h.clipboard.String(), "\x1bPtmux;") {
		t.Fatalf("inside tmux, want the sequence bare and wrapped for passthrough: %q", h.clipboard.String())
	}
	h.advance(DefaultFlashTime)
	h.pressRune('y')
	h.requireView("✓ account id " + shortID(account.AccountID) + " sent to the terminal's clipboard")
	h.requireNotInView("set-clipboard")
}

// TestCopyInTmuxNamesTheSettingOnlyWhenItIsOff copies inside a tmux that
// says whether it lets copies through: the setting is named on every copy
// while it is off, and never while it is on.
func TestCopyInTmuxNamesTheSettingOnlyWhenItIsOff(t *testing.T) {
	passes := false
	h := newHarness(t, withKey(hubtest.DemoAdminKey), withConfig(func(c *Config) {
		c.Multiplexer = "tmux"
		c.TmuxClipboard = func(context.Context) (bool, bool) { return passes, true }
	}))
	h.search("alice")
	h.press(tea.KeyTab)
	for range 2 {
		h.pressRune('c')
		h.requireView("✕ not copied: tmux blocks it — set -g set-clipboard on")
	}
	// The help explains it while tmux stops copies, and no longer after.
	h.pressRune('?')
	h.requireView("tmux stops the terminal's clipboard sequence (OSC 52)")
	h.press(tea.KeyEsc)
	passes = true
	h.pressRune('Y')
	h.requireView("✓ account JSON sent to the terminal's clipboard")
	h.requireNotInView("set-clipboard")
	h.pressRune('?')
	h.requireNotInView("tmux stops")
}

func TestHelpListsOnlyKeysThatWork(t *testing.T) {
	h := newHarness(t)
	h.press(tea.KeyEsc) // leave the empty box: nothing to copy yet
	h.pressRune('?')
	h.requireView("Keys", "quit")
	h.requireNotInView("copy id")
	h.press(tea.KeyEsc)
	h.requireNotInView("esc to close")

	h.pressRune('/')
	h.search("alice")
	h.press(tea.KeyTab)
	h.pressRune('?')
	h.requireView("copy id", "copy JSON", "page down")
	h.pressRune('?')
	h.requireNotInView("esc to close")
}

func TestKeyInfoShowsTheMaskedKeyOnly(t *testing.T) {
	h := newHarness(t, withKey(hubtest.DemoAdminKey))
	h.press(tea.KeyEsc)
	h.pressRune('i')
	h.requireView("API key", hub.MaskKey(hubtest.DemoAdminKey), "account key", hubtest.DemoAdminAccountID, "Admin       yes")
	h.requireNotInView(hubtest.DemoAdminKey)
}

func TestProjectKeyExplainsWhySearchIsUnavailable(t *testing.T) {
	h := newHarness(t, withKey(hubtest.DemoProjectKey))
	h.search("alice")
	h.requireView("this is a project key: user search needs an account's API key")
	if got := searchRequests(h.server); len(got) != 0 {
		t.Fatalf("a project key searched anyway: %v", got)
	}
}

func TestBadKeySearchSaysWhatToDo(t *testing.T) {
	h := newHarness(t, withKey("sk-thisIsNotAValidKey000"))
	h.search("alice")
	h.requireView("✕ search failed: must be signed in", "check the API key")
	if h.m.search.query() != "alice" {
		t.Fatalf("the box lost what was typed: %q", h.m.search.query())
	}
}

func TestStatusBacksOffWhileDownAndRecovers(t *testing.T) {
	srv := newDemoServer(t)
	h := newHarness(t, withServer(srv))
	h.requireView("● online")
	srv.Stop()

	h.advance(DefaultPingInterval) // the next check fails
	h.requireView("✕ offline: connection refused · retrying in 1s")
	for _, wait := range []string{"2s", "4s", "8s", "10s", "10s"} {
		h.advance(h.m.status.nextAt.Sub(h.clock()))
		h.requireView("retrying in " + wait)
	}
	h.search("alice")
	h.requireView("✕ search failed: cannot connect")
	if h.m.search.query() != "alice" {
		t.Fatalf("the box lost what was typed: %q", h.m.search.query())
	}
	if err := srv.Restart(); err != nil {
		t.Fatal(err)
	}
	h.advance(DefaultPingInterval) // within one interval of the server's return
	h.requireView("● online")
	h.requireNotInView("offline")
	h.press(tea.KeyEnter) // a search now works again, without a restart
	h.requireView("8 accounts for “alice”")
}

// TestFailedSearchIsSentAgainWhenTheServerIsBack leaves a search failed
// during an outage in the box: once the status check succeeds again, the
// search is sent again by itself, once.
func TestFailedSearchIsSentAgainWhenTheServerIsBack(t *testing.T) {
	srv := newDemoServer(t)
	h := newHarness(t, withServer(srv))
	srv.Stop()
	h.search("alice")
	h.requireView("✕ search failed: cannot connect", "✕ offline")
	if err := srv.Restart(); err != nil {
		t.Fatal(err)
	}
	sent := len(searchRequests(srv))
	h.advance(h.m.status.nextAt.Sub(h.clock())) // the next check finds the server back
	h.requireView("● online", "8 accounts for “alice”")
	if got := len(searchRequests(srv)); got != sent+1 {
		t.Fatalf("%d searches sent when the server came back, want 1", got-sent)
	}
	h.advance(2 * DefaultPingInterval) // and not again while it stays online
	if got := len(searchRequests(srv)); got != sent+1 {
		t.Fatalf("%d searches sent in all, want 1", got-sent)
	}
}

// A search the server answered with an error (here: a bad key) is not news
// that the server is back: it is not sent again on its own.
func TestSearchRefusedByTheServerIsNotSentAgain(t *testing.T) {
	h := newHarness(t, withKey("sk-thisIsNotAValidKey000"))
	h.search("alice")
	sent := len(searchRequests(h.server))
	h.advance(3 * DefaultPingInterval)
	if got := len(searchRequests(h.server)); got != sent {
		t.Fatalf("a refused search was sent again %d times", got-sent)
	}
}

func TestFailedSearchTriggersAStatusCheck(t *testing.T) {
	srv := newDemoServer(t)
	h := newHarness(t, withServer(srv))
	srv.Stop()
	h.search("alice")
	h.requireView("✕ search failed", "✕ offline: connection refused")
}

func TestScopeIsCheckedAgainWhenTheServerComesBack(t *testing.T) {
	srv := newDemoServer(t)
	srv.Stop()
	h := newHarness(t, withServer(srv), withKey(hubtest.DemoAdminKey))
	h.requireView("✕ offline", "key: unknown until the server answers")
	if err := srv.Restart(); err != nil {
		t.Fatal(err)
	}
	h.advance(time.Second)
	h.requireView("● online", "key: grading script · Ada Lovelace")
}

func TestHostileNamesAreHarmless(t *testing.T) {
	h := newHarness(t, withKey(hubtest.DemoAdminKey))
	h.search(hubtest.DemoHostileAccountID)
	h.advance(lookupDelay)
	view := h.view()
	for i, r := range view {
		if r == '\n' {
			continue
		}
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) {
			t.Fatalf("control character %U at byte %d reached the screen:\n%q", r, i, view)
		}
	}
	h.requireView("Mallory␛[2J")
	h.requireFits()
}

func TestResizeKeepsEveryFrameInside(t *testing.T) {
	h := newHarness(t)
	h.search("a")
	for _, size := range [][2]int{{120, 40}, {80, 24}, {60, 20}, {50, 14}, {40, 10}, {200, 60}, {99, 30}} {
		h.send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			h.t = t
			h.requireFits()
		})
	}
	h.send(tea.WindowSizeMsg{Width: 40, Height: 10})
	h.requireView("Terminal too small")
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	h.requireNotInView("Terminal too small")
	h.requireView("20 shown, limit reached")
}

func TestPasteOfLinesSearchesEachLine(t *testing.T) {
	h := newHarness(t)
	h.press(tea.KeyEsc) // a paste goes to the search box from anywhere
	h.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("ada@example.com\nalan.turing@example.com\n"), Paste: true})
	if got := h.m.search.query(); got != "ada@example.com, alan.turing@example.com" {
		t.Fatalf("box holds %q", got)
	}
}

func TestPanicInACommandBecomesAnError(t *testing.T) {
	cmd := guarded(func() tea.Msg { panic("boom") }, func(err error) tea.Msg { return searchResultMsg{seq: 7, err: err} })
	msg, ok := cmd().(searchResultMsg)
	if !ok || msg.seq != 7 || msg.err == nil || !strings.Contains(msg.err.Error(), "internal error (boom)") {
		t.Fatalf("got %#v", msg)
	}
}

func TestGoingBackToARecentQueryShowsItsResultsAtOnce(t *testing.T) {
	h := newHarness(t)
	h.search("alice")
	h.press(tea.KeyDown) // select the second account
	h.typeText("x")
	h.advance(DefaultDebounce)
	h.requireView("no accounts match “alicex”")

	h.press(tea.KeyBackspace) // back to "alice": no search sent yet, results shown
	h.requireView("8 accounts for “alice”", "refreshing")
	sent := len(searchRequests(h.server))
	h.advance(DefaultDebounce) // the refresh
	if got := len(searchRequests(h.server)); got != sent+1 {
		t.Fatalf("%d searches sent for the refresh, want 1", got-sent)
	}
	h.requireView("8 accounts for “alice”")
	h.requireNotInView("refreshing")

	h.advance(cacheLifetime + time.Second) // an old answer is not shown from the cache
	h.typeText("x")
	h.advance(DefaultDebounce)
	h.press(tea.KeyBackspace)
	h.requireNotInView("refreshing", "8 accounts")
}

func TestDebugLogRecordsEventsButNeverTheKeyOrALink(t *testing.T) {
	var log syncBuffer
	h := newHarness(t, withKey(hubtest.DemoAdminKey), withConfig(func(c *Config) {
		c.Logger = slog.New(slog.NewTextHandler(&log, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}))
	h.search("alan turing")
	h.press(tea.KeyTab)
	h.pressRune('I')
	h.answerYes()
	token := strings.TrimPrefix(h.m.link.url, "http://localhost/auth/impersonate?auth_token=")
	text := log.String()
	for _, want := range []string{"msg=search", `query="alan turing"`, "msg=\"key scope\"", "msg=\"admin action\""} {
		if !strings.Contains(text, want) {
			t.Errorf("log lacks %s:\n%s", want, text)
		}
	}
	for _, secret := range []string{hubtest.DemoAdminKey, token} {
		if secret == "" || strings.Contains(text, secret) {
			t.Fatalf("log holds a secret (%q):\n%s", secret, text)
		}
	}
}

func TestPanicInUpdateQuitsCleanlyWithAnError(t *testing.T) {
	h := newHarness(t)
	h.m.cfg.Clock = func() time.Time { panic("boom") } // Update reads the clock first
	h.typeText("a")
	if !h.quit || h.m.failure == nil || !strings.Contains(h.m.failure.Error(), "internal error (boom); please report it") {
		t.Fatalf("quit %v, failure %v", h.quit, h.m.failure)
	}
}

func TestPanicInViewLeavesANotice(t *testing.T) {
	h := newHarness(t)
	h.m.cfg.Client = nil // the header asks the client for its host
	if view := h.view(); !strings.HasPrefix(view, "cocalc-tui: internal error while drawing") {
		t.Fatalf("view %q", view)
	}
}

// TestAnyCallThatCannotReachTheServerTriggersAStatusCheck stops the server
// while the header says online, then makes a call other than a search: an
// admin action, a details lookup. The failure starts a status check (the
// next one was 10 s away), so the header says offline at once.
func TestAnyCallThatCannotReachTheServerTriggersAStatusCheck(t *testing.T) {
	for name, call := range map[string]func(h *harness){
		"admin action":   func(h *harness) { h.pressRune('I'); h.answerYes() },
		"details lookup": func(h *harness) { h.press(tea.KeyDown); h.advance(lookupDelay) },
	} {
		t.Run(name, func(t *testing.T) {
			srv := newDemoServer(t)
			h := newHarness(t, withServer(srv), withKey(hubtest.DemoAdminKey))
			h.search("alice")
			h.press(tea.KeyTab)
			h.requireView("● online")
			srv.Stop()
			call(h)
			h.requireView("✕ offline: connection refused")
		})
	}
}

// TestAProjectsLookupWithNoAnswerTriggersAStatusCheck has the selected
// account's projects time out on a server that answers pings: the failure
// asks for a status check, as any call that finds the server away does.
func TestAProjectsLookupWithNoAnswerTriggersAStatusCheck(t *testing.T) {
	srv := newDemoServer(t)
	h := newHarness(t, withServer(srv), withKey(hubtest.DemoAdminKey))
	h.search("alice")
	h.press(tea.KeyTab)
	h.advance(lookupDelay)
	srv.SetFault(hubtest.FaultServerTimeout, hub.FuncUserQuery)
	pings := countCalls(h, hub.FuncPing)
	h.press(tea.KeyDown)
	h.advance(lookupDelay)
	if got := countCalls(h, hub.FuncPing); got != pings+1 {
		t.Fatalf("%d status checks after the projects lookup timed out, want 1", got-pings)
	}
}

// TestAKeyCheckWithNoAnswerTriggersAStatusCheck has the key's check time
// out on a server that answers pings: the failure asks for a status check
// of its own, as any call that finds the server away does.
func TestAKeyCheckWithNoAnswerTriggersAStatusCheck(t *testing.T) {
	srv := newDemoServer(t)
	srv.SetFault(hubtest.FaultServerTimeout, hub.FuncTest)
	h := newHarness(t, withServer(srv), withKey(hubtest.DemoAdminKey))
	if got := countCalls(h, hub.FuncPing); got != 2 {
		t.Fatalf("%d status checks, want 2: the first, and one after the key check timed out", got)
	}
	// The next check retries the key's check, which asks for one more
	// check, and no more: they do not ask for each other without end.
	h.advance(DefaultPingInterval)
	if pings, tests := countCalls(h, hub.FuncPing), countCalls(h, hub.FuncTest); pings != 4 || tests != 2 {
		t.Fatalf("after one interval: %d status checks (want 4), %d key checks (want 2)", pings, tests)
	}
}

// TestAKeyListWithNoAnswerTriggersAStatusCheck has the list of keys, the
// last call of the key's check, time out: that call found the server away
// too, so it asks for a status check as any other call does.
func TestAKeyListWithNoAnswerTriggersAStatusCheck(t *testing.T) {
	srv := newDemoServer(t)
	srv.SetFault(hubtest.FaultServerTimeout, hub.FuncManageAPIKeys)
	h := newHarness(t, withServer(srv), withKey(hubtest.DemoAdminKey))
	if got := countCalls(h, hub.FuncPing); got != 2 {
		t.Fatalf("%d status checks, want 2: the first, and one after the key list timed out", got)
	}
}

// screenText is the screen with the window's borders, the margins and the
// line breaks gone: a link wrapped over lines reads as one.
func screenText(view string) string {
	return strings.NewReplacer("┃", "", "│", "", " ", "", "\n", "").Replace(view)
}

// hintLine is the screen's last line, where messages show.
func hintLine(view string) string {
	lines := strings.Split(view, "\n")
	return lines[len(lines)-1]
}

// TestCopyMessagesFitAt60To120Columns copies inside a tmux that stops
// copies, at every size from the smallest usual one: the hint bar shows
// the whole fix, not cut; and o, with no browser, shows the whole link.
func TestCopyMessagesFitAt60To120Columns(t *testing.T) {
	const fix = "✕ not copied: tmux blocks it — set -g set-clipboard on"
	for _, size := range [][2]int{{60, 20}, {80, 24}, {120, 40}} {
		t.Run(sizeName(size), func(t *testing.T) {
			h := newHarness(t, withKey(hubtest.DemoAdminKey), withSize(size[0], size[1]), withConfig(func(c *Config) {
				c.Multiplexer = "tmux"
				c.TmuxClipboard = func(context.Context) (bool, bool) { return false, true }
			}))
			h.search("alice")
			h.press(tea.KeyTab)
			for _, key := range []rune{'y', 'c', 'Y'} {
				h.pressRune(key)
				if line := hintLine(h.view()); !strings.Contains(line, fix) {
					t.Fatalf("after %c the hint bar is %q, want the whole %q", key, line, fix)
				}
				h.advance(DefaultFlashTime)
			}

			h.pressRune('i') // the key's window, from the results
			// Down until a project is picked: a small window scrolls first.
			for range 60 {
				if h.m.keyProjects.list.cursor >= 0 {
					break
				}
				h.pressRune('j')
			}
			project, _ := h.m.keyProjects.list.selected()
			h.pressRune('o')
			view := h.view()
			link := "http://localhost/projects/" + project.ProjectID
			if !strings.Contains(screenText(view), link) || !strings.Contains(hintLine(view), fix) {
				t.Fatalf("want the whole link in the window and %q in the hint bar:\n%s", fix, view)
			}
			h.requireView("Project link", "No browser here")
			h.pressRune('G') // a small window scrolls to the rest
			h.requireView("Not copied: tmux stops", " set -g set-clipboard on ", "c copy the link")
		})
	}
}

// TestHelpNamesTheTmuxSettingBeforeAnyCopy: tmux is asked at the start,
// so the help explains a tmux that stops copies before the first one.
func TestHelpNamesTheTmuxSettingBeforeAnyCopy(t *testing.T) {
	for _, passes := range []bool{false, true} {
		h := newHarness(t, withConfig(func(c *Config) {
			c.Multiplexer = "tmux"
			c.TmuxClipboard = func(context.Context) (bool, bool) { return passes, true }
		}))
		h.advance(probeDelay) // tmux is asked after the first frame
		h.press(tea.KeyEsc)   // out of the empty box: ? is the help
		h.pressRune('?')
		note := strings.ReplaceAll("add to ~/.tmux.conf: set -g set-clipboard on", " ", "") // as screenText reads it
		if shown := strings.Contains(screenText(h.view()), note); shown == passes {
			t.Fatalf("with tmux letting copies through %v, the help's note shown is %v:\n%s", passes, shown, h.view())
		}
	}
}
