package ui

import (
	"encoding/base64"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"cocalc-tui/hub"
	"cocalc-tui/hub/hubtest"
)

// projectQueries are the bodies of the projects queries the server got.
func projectQueries(srv *hubtest.Server) []string {
	var bodies []string
	for _, r := range srv.Requests() {
		if r.Function == hub.FuncUserQuery {
			bodies = append(bodies, string(r.Body))
		}
	}
	return bodies
}

// browserLog records the links the UI hands to the browser.
type browserLog struct {
	mu    sync.Mutex
	urls  []string
	fails bool
}

func (b *browserLog) open(url string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.urls = append(b.urls, url)
	if b.fails {
		return errors.New("xdg-open: no method available")
	}
	return nil
}

func (b *browserLog) opened() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.urls...)
}

func TestAccountProjectsShowInTheDetailsByThatAccountsLastUse(t *testing.T) {
	h := newHarness(t, withKey(hubtest.DemoAdminKey))
	h.search("alan turing")
	h.requireView("Projects    loading…")
	h.advance(lookupDelay)
	h.requireView("Projects    4 · by this account's last use", "owner · used 1h ago · edited 50m ago")
	view := h.view()
	if strings.Index(view, "Bombe rotor settings") > strings.Index(view, "Analytical Engine notes") {
		t.Errorf("Alan used the Bombe last, yet it is not first:\n%s", view)
	}
	queries := projectQueries(h.server)
	// The key's own projects, then Alan's, for this admin.
	if len(queries) != 2 || !strings.Contains(queries[1], `"options":[{"account_id":"`+hubtest.DemoUserAccountID+`"}]`) {
		t.Fatalf("projects queries %q", queries)
	}
}

func TestAccountProjectsWaitForThePauseAndFollowTheSelection(t *testing.T) {
	h := newHarness(t, withKey(hubtest.DemoAdminKey))
	h.search("alice")
	before := len(projectQueries(h.server))
	h.press(tea.KeyTab)
	for range 4 { // moving through the list sends nothing
		h.pressRune('j')
	}
	if n := len(projectQueries(h.server)) - before; n != 0 {
		t.Fatalf("%d projects queries while the cursor moved", n)
	}
	h.advance(lookupDelay)
	queries := projectQueries(h.server)
	selected, _ := h.m.results.selected()
	if len(queries) != before+1 || !strings.Contains(queries[len(queries)-1], selected.AccountID) {
		t.Fatalf("after the pause: %q, want one query for %s", queries[before:], selected.AccountID)
	}
	// Back to an account seen a moment ago: its projects at once, from memory.
	h.pressRune('k')
	h.pressRune('j')
	if n := len(projectQueries(h.server)); n != before+1 {
		t.Errorf("the projects of an account just shown were asked again (%d queries)", n-before)
	}
}

func TestAccountProjectsRequestIsCancelledWhenTheSelectionMoves(t *testing.T) {
	h := newHarness(t, withKey(hubtest.DemoAdminKey))
	h.search("alice")
	h.advance(lookupDelay)
	h.server.SetFault(hubtest.FaultHang, hub.FuncUserQuery)
	h.goAsync()
	h.press(tea.KeyTab)
	h.pressRune('j')
	h.advance(lookupDelay) // the query is sent, and hangs
	h.deliverUntil("the query to reach the server", func() bool { return h.server.Stats().InFlight > 0 })
	canceled := h.server.Stats().Canceled
	h.pressRune('j')
	// The server sees the closed connection on its own time: poll it.
	deadline := time.Now().Add(15 * time.Second)
	for h.server.Stats().Canceled == canceled {
		if time.Now().After(deadline) {
			t.Fatal("the query in flight was not cancelled when the selection moved")
		}
		h.deliverReady()
		time.Sleep(2 * time.Millisecond)
	}
	h.requireView("Projects    loading…")
	h.requireNotInView("not loaded")
}

func TestAccountProjectsFailureShowsInPlace(t *testing.T) {
	h := newHarness(t, withKey(hubtest.DemoAdminKey))
	h.server.SetFault(hubtest.FaultUnavailable, hub.FuncUserQuery)
	h.search("alan turing")
	h.advance(lookupDelay)
	h.requireView("Projects    not loaded: request -- no subscribers")
}

func TestNoProjectsForAUsersKeyInTheDetails(t *testing.T) {
	h := newHarness(t) // Alan: his own projects only, never another account's
	h.search("alice")
	h.advance(lookupDelay)
	h.requireNotInView("Projects    ")
	for _, q := range projectQueries(h.server) {
		if strings.Contains(q, "options") {
			t.Fatalf("a user's key asked for another account's projects: %s", q)
		}
	}
}

func TestTheKeysProjectsOnTheScopeLineAndInTheKeyInfo(t *testing.T) {
	browser := &browserLog{}
	h := newHarness(t, withConfig(func(c *Config) { c.OpenURL = browser.open }))
	h.requireView("key: notebook sync · Alan Turing (052c18e6…) · 4 recent projects")
	h.press(tea.KeyEsc) // out of the search box
	h.pressRune('i')
	h.requireView("Projects    4 this key reaches", "Bombe rotor settings", "owner · used 1h ago")
	h.requireNotInView("▶ Bombe rotor settings") // none picked until a move reaches them
	h.pressRune('j')
	h.requireView("▶ Bombe rotor settings")
	h.pressRune('j')
	h.requireView("▶ Analytical Engine notes")
	h.pressRune('o')
	want := "http://localhost/projects/" + hubtest.DemoProjectID
	if got := browser.opened(); len(got) != 1 || got[0] != want {
		t.Fatalf("opened %q, want %q", got, want)
	}
	h.requireView("✓ opened project link bb9b517d… in the browser")
}

func TestAProjectKeySaysWhichProjectAndOpensIt(t *testing.T) {
	browser := &browserLog{}
	h := newHarness(t, withKey(hubtest.DemoProjectKey), withConfig(func(c *Config) { c.OpenURL = browser.open }))
	h.requireView("key: project bb9b517d… (project-scoped: user search unavailable)")
	h.press(tea.KeyEsc)
	h.pressRune('i')
	h.requireView("Project id  "+hubtest.DemoProjectID, "user search and names need an account key")
	h.pressRune('o')
	if got := browser.opened(); len(got) != 1 || got[0] != "http://localhost/projects/"+hubtest.DemoProjectID {
		t.Fatalf("opened %q", got)
	}
	if n := len(projectQueries(h.server)); n != 0 {
		t.Errorf("a project key sent %d projects queries (the hub refuses it)", n)
	}
}

func TestOpenWithoutABrowserCopiesTheLinkAndSaysSo(t *testing.T) {
	h := newHarness(t) // no OpenURL: over SSH, or no display
	h.press(tea.KeyEsc)
	h.pressRune('i')
	h.pressRune('j')
	h.pressRune('o')
	link := "http://localhost/projects/5b7e2c1a-9d4f-4e6b-8a3c-1f2e3d4c5b6a"
	if !strings.Contains(h.clipboard.String(), base64.StdEncoding.EncodeToString([]byte(link))) {
		t.Fatalf("the link was not sent to the clipboard: %q", h.clipboard.String())
	}
	// No clipboard is known to hold it: the link is shown, for the mouse.
	h.requireView("┏━ Project link", "No browser here: over SSH, or without a display.", link, "c copy the link")
	h.press(tea.KeyEsc) // back to the key's window it was opened from
	h.requireView("┏━ API key")
	h.requireNotInView("Project link")
}

func TestOpenWhenTheBrowserFailsCopiesTheLink(t *testing.T) {
	browser := &browserLog{fails: true}
	h := newHarness(t, withConfig(func(c *Config) { c.OpenURL = browser.open }))
	h.press(tea.KeyEsc)
	h.pressRune('i')
	h.pressRune('j')
	h.pressRune('o')
	if len(browser.opened()) != 1 || !strings.Contains(h.clipboard.String(), "\x1b]52;c;") {
		t.Fatalf("opened %q, clipboard %q", browser.opened(), h.clipboard.String())
	}
	h.requireView("The browser did not start.", "http://localhost/projects/5b7e2c1a-9d4f-4e6b-8a3c-1f2e3d4c5b6a")
}

func TestOpenAProjectFromTheDetailsAndFromItsCollaborators(t *testing.T) {
	browser := &browserLog{}
	h := newHarness(t, withKey(hubtest.DemoAdminKey), withConfig(func(c *Config) { c.OpenURL = browser.open }))
	h.search("alan turing")
	h.advance(lookupDelay)
	h.press(tea.KeyTab, tea.KeyEnter) // the details
	h.pressRune('o')                  // no project selected yet: nothing
	if len(browser.opened()) != 0 {
		t.Fatalf("o opened %q with no project selected", browser.opened())
	}
	h.pressRune('j')
	h.requireView("▶ Bombe rotor settings")
	h.pressRune('o')
	h.pressRune('G')
	h.requireView("▶ Morphogenesis simulations")
	h.pressRune('k')
	h.pressRune('k')
	h.pressRune('k')
	h.pressRune('k') // up from the first: no project
	h.requireNotInView("▶ Bombe")
	h.press(tea.KeyEsc) // to the results
	h.pressRune('/')
	h.press(tea.KeyEsc)
	h.search(hubtest.DemoProjectID)
	h.press(tea.KeyEnter)
	h.pressRune('o')
	want := []string{"http://localhost/projects/5b7e2c1a-9d4f-4e6b-8a3c-1f2e3d4c5b6a", "http://localhost/projects/" + hubtest.DemoProjectID}
	if got := browser.opened(); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("opened %q\nwant %q", got, want)
	}
}

func TestBanAndRemoveTheBan(t *testing.T) {
	h := newHarness(t, withKey(hubtest.DemoAdminKey))
	h.search("alan turing")
	h.press(tea.KeyTab)
	h.pressRune('B')
	h.requireView("Ban", "Alan Turing <alan.turing@math.example.ac.uk> 052c18e6…?", "its API keys stop working",
		"pay-as-you-go purchases halt")
	h.pressRune('n')
	h.pressRune('B')
	h.press(tea.KeyEnter) // enter is not yes
	if h.m.overlay != overlayConfirm {
		t.Fatal("enter answered the ban's question")
	}
	for _, r := range h.server.Requests() {
		if r.Path == hub.RouteBan {
			t.Fatal("a ban was sent before the user said yes")
		}
	}
	h.answerYes()
	h.requireView("BANNED Alan Turing", "✕ BANNED", "✓ banned: Alan Turing", "searches may show the old state for about 15 s",
		"changed now; searches may lag ~15 s")
	requests := h.server.Requests()
	if last := requests[len(requests)-1]; last.Path != hub.RouteBan || !strings.Contains(string(last.Body), hubtest.DemoUserAccountID) {
		t.Fatalf("last request %s %s", last.Path, last.Body)
	}
	h.advance(hub.BanCacheTime)
	h.requireNotInView("changed just now")

	h.pressRune('B')
	h.requireView("Remove ban", "Remove the ban of", "The account can sign in again")
	h.answerYes()
	h.requireView("✓ ban removed: Alan Turing")
	h.requireNotInView("BANNED Alan Turing")
	// The server agrees: a search now shows the ban lifted.
	h.search(" ")
	h.requireView("Alan Turing")
	h.requireNotInView("BANNED")
}

func TestBanNeedsTheAccountsState(t *testing.T) {
	h := newHarness(t, withKey(hubtest.DemoAdminKey))
	h.search("alan turing")
	h.press(tea.KeyTab)
	h.pressRune('a') // admin mode off: the search does not send "banned"
	h.pressRune('B')
	h.requireView("does not tell whether the account is banned; search in admin mode (a)")
	if h.m.overlay != overlayNone {
		t.Fatal("B asked about an account whose state is unknown")
	}
}

func TestBanRefusedByTheServerSaysWhyInOneLine(t *testing.T) {
	h := newHarness(t, withKey(hubtest.DemoAdminKey))
	h.search("alan turing")
	h.press(tea.KeyTab)
	h.server.SetFault(hubtest.FaultBadGateway, strings.TrimPrefix(hub.RouteBan, "/"))
	h.pressRune('B')
	h.answerYes()
	h.requireView("✕ ban failed: HTTP 502 Bad Gateway")
	h.requireNotInView("BANNED Alan")
}

func TestReadOnlyModeStartsNoAdminAction(t *testing.T) {
	h := newHarness(t, withKey(hubtest.DemoAdminKey), withConfig(func(c *Config) { c.ReadOnly = true }))
	h.requireView("read-only")
	h.search("alan turing")
	h.press(tea.KeyTab)
	for _, r := range []rune{'P', 'I', 'B'} {
		h.pressRune(r)
		h.requireView("off in read-only mode")
		if h.m.overlay != overlayNone {
			t.Fatalf("%c opened a dialog in read-only mode", r)
		}
	}
	h.advance(DefaultFlashTime)
	h.pressRune('?')
	h.requireNotInView("password reset", "impersonation", "ban")
}

func TestNonAdminsCannotBan(t *testing.T) {
	h := newHarness(t)
	h.search("alice")
	h.press(tea.KeyTab)
	h.pressRune('B')
	h.requireView("✕ bans need an admin's key; this key is Alan Turing's")
}
