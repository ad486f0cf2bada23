package ui

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"cocalc-tui/hub"
	"cocalc-tui/hub/hubtest"
)

// lastSearchBody is the body of the latest user search the server received.
func lastSearchBody(t *testing.T, srv *hubtest.Server) string {
	t.Helper()
	bodies := searchRequests(srv)
	if len(bodies) == 0 {
		t.Fatal("no search was sent")
	}
	return bodies[len(bodies)-1]
}

func TestAdminModeIsOnForAnAdminsKey(t *testing.T) {
	h := newHarness(t, withKey(hubtest.DemoAdminKey))
	h.search("  ALICE ")
	if got, want := lastSearchBody(t, h.server), `{"name":"system.userSearch","args":[{"query":"alice","limit":25,"admin":true}]}`; got != want {
		t.Fatalf("sent %s\nwant %s", got, want)
	}
	h.requireView("admin mode · limit 25", "✓ alice.smith@example.com", "Alice Wong") // unlisted, seen by admins
	h.search("")
	h.press(tea.KeyEsc) // clear the box
	h.search("spam, grace")
	h.requireView("BANNED Spam Bot", "– no email")
}

func TestAdminModeToggles(t *testing.T) {
	h := newHarness(t, withKey(hubtest.DemoAdminKey))
	h.search("alice")
	h.press(tea.KeyTab)
	h.pressRune('a')
	if got, want := lastSearchBody(t, h.server), `{"name":"system.userSearch","args":[{"query":"alice"}]}`; got != want {
		t.Fatalf("after toggling admin mode off, sent %s", got)
	}
	h.requireView("admin mode off", "limit 20")
	h.requireNotInView("Alice Wong", "admin mode ·")
	h.pressRune('a')
	h.requireView("admin mode on", "Alice Wong")
}

func TestNonAdminsCannotUseAdminModeOrActions(t *testing.T) {
	h := newHarness(t)
	h.search("alice")
	h.press(tea.KeyTab)
	// Each key says why it does nothing, instead of nothing.
	for key, why := range map[rune]string{
		'a': "✕ admin mode needs an admin's key; this key is Alan Turing's",
		'P': "✕ password reset links need an admin's key; this key is Alan Turing's",
		'I': "✕ impersonation links need an admin's key; this key is Alan Turing's",
	} {
		h.pressRune(key)
		h.requireView(why)
	}
	if h.m.adminMode() || h.m.overlay != overlayNone {
		t.Fatalf("a non-admin got admin mode %v or overlay %v", h.m.adminMode(), h.m.overlay)
	}
	h.advance(DefaultFlashTime)
	h.pressRune('?')
	h.requireNotInView("admin mode", "password reset", "impersonation")
}

func TestLimitSteps(t *testing.T) {
	h := newHarness(t, withKey(hubtest.DemoAdminKey))
	h.search("a")
	h.requireView("25 shown, limit reached: narrow the query or raise the limit (+)")
	h.press(tea.KeyTab)
	h.pressRune('+')
	if got := lastSearchBody(t, h.server); !strings.Contains(got, `"limit":50`) {
		t.Fatalf("after +, sent %s", got)
	}
	h.requireView("limit 50", "50 shown, limit reached")
	h.pressRune('-')
	h.pressRune('-')
	h.requireView("✕ 25 is the lowest limit") // a refusal, not a success
}

func TestLimitFromConfig(t *testing.T) {
	h := newHarness(t, withKey(hubtest.DemoAdminKey), withConfig(func(c *Config) { c.Limit = 2500 }))
	h.search("a")
	if got := lastSearchBody(t, h.server); !strings.Contains(got, `"limit":2500`) {
		t.Fatalf("sent %s", got)
	}
	h.requireNotInView("limit reached")
}

func TestProjectIDListsCollaborators(t *testing.T) {
	h := newHarness(t, withKey(hubtest.DemoAdminKey))
	h.search(hubtest.DemoProjectID)
	h.requireView("collaborators of project bb9b517d…", "Collaborators of project bb9b517d…", "Ada Lovelace", "Alan Turing")
}

func TestSortCycles(t *testing.T) {
	h := newHarness(t, withKey(hubtest.DemoAdminKey))
	h.search("alice")
	h.press(tea.KeyTab)
	first := func() string { a, _ := h.m.results.selected(); return a.FullName() }
	h.pressRune('G') // the selection must follow its account through a re-sort
	selected := first()
	h.pressRune('s')
	h.requireView("by created")
	if first() != selected {
		t.Fatalf("sorting moved the selection from %q to %q", selected, first())
	}
	h.pressRune('g')
	if got := first(); got != "アリス 山本" { // the newest account
		t.Errorf("newest created first: got %q", got)
	}
	h.pressRune('s')
	h.requireView("by name")
	h.pressRune('g')
	if got := first(); got != "Alice Dubois" {
		t.Errorf("by name, first is %q", got)
	}
	h.pressRune('s')
	h.requireView("by email")
	h.pressRune('g')
	if a, _ := h.m.results.selected(); *a.EmailAddress != "ajohnson@example.net" {
		t.Errorf("by email, first is %q", *a.EmailAddress)
	}
	h.pressRune('s')
	h.requireView("by last active")
}

func TestPastedIDsAreLookedUpWithOneGetNames(t *testing.T) {
	h := newHarness(t, withKey(hubtest.DemoAdminKey))
	unknown := "00000000-0000-4000-8000-00000000beef"
	pasted := hubtest.DemoUserAccountID + "\n" + unknown + "\n" + strings.ToUpper(hubtest.DemoNoEmailAccountID) + "\n"
	h.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(pasted), Paste: true})
	h.advance(DefaultDebounce)

	var getNames []string
	for _, r := range h.server.Requests() {
		if r.Function == hub.FuncGetNames && strings.Contains(string(r.Body), unknown) {
			getNames = append(getNames, string(r.Body))
		}
	}
	want := `{"name":"system.getNames","args":[["` + hubtest.DemoUserAccountID + `","` + unknown + `","` + hubtest.DemoNoEmailAccountID + `"]]}`
	if len(getNames) != 1 || getNames[0] != want {
		t.Fatalf("getNames calls: %v\nwant one: %s", getNames, want)
	}
	h.requireView("3 account ids: 2 found, 1 unknown or deleted", "Alan Turing", "(unknown or deleted)", "Grace Hopper")
	r := h.m.results
	if r.row(0).name != "Alan Turing" || !r.row(1).deleted || r.row(2).name != "Grace Hopper" {
		t.Fatalf("rows not in the order pasted: %q, %q, %q", r.row(0).name, r.row(1).name, r.row(2).name)
	}

	// Selecting a row fetches its full record, which replaces the names.
	h.advance(lookupDelay)
	h.requireView("alan.turing@math.example.ac.uk", "Last active")
}

func TestPasswordResetLink(t *testing.T) {
	h := newHarness(t, withKey(hubtest.DemoAdminKey))
	h.search("alice.smith@example.com")
	h.press(tea.KeyTab)
	h.pressRune('P')
	h.requireView("Create a password reset link for", "Alice Smith <alice.smith@example.com> 9e1fed9b…?")
	h.pressRune('n')
	if h.m.overlay != overlayNone {
		t.Fatal("n did not cancel")
	}
	h.pressRune('P')
	h.answerYes()
	h.requireView("http://localhost/auth/password-reset/", "Valid for 24 hours")
	link := h.m.link.url
	h.pressRune('c')
	if want := base64.StdEncoding.EncodeToString([]byte(link)); !strings.Contains(h.clipboard.String(), want) {
		t.Fatalf("the link %q was not copied", link)
	}
	h.press(tea.KeyEsc)
	h.requireView("the link sent to the terminal's clipboard")
	h.requireNotInView("password-reset")
}

func TestResetLinkForAnAccountWithoutEmailIsExplained(t *testing.T) {
	h := newHarness(t, withKey(hubtest.DemoAdminKey))
	h.search("grace hopper")
	h.press(tea.KeyTab)
	h.pressRune('P')
	h.answerYes()
	h.requireView("this account has no email address, and CoCalc has passwords only for accounts with one")
}

func TestImpersonationLink(t *testing.T) {
	h := newHarness(t, withKey(hubtest.DemoAdminKey))
	h.search("alan turing")
	h.press(tea.KeyTab)
	h.pressRune('I')
	h.requireView("Create a link that signs in as", "Alan Turing")
	h.answerYes()
	h.requireView("http://localhost/auth/impersonate?auth_token=", "Open it in a private window")
	if token := strings.TrimPrefix(h.m.link.url, "http://localhost/auth/impersonate?auth_token="); len(token) != 24 {
		t.Fatalf("token %q is not the server's 24 characters", token)
	}
}

func TestCopyEmail(t *testing.T) {
	h := newHarness(t, withKey(hubtest.DemoAdminKey))
	h.search("ada lovelace")
	h.press(tea.KeyTab)
	h.pressRune('c')
	if want := base64.StdEncoding.EncodeToString([]byte("ada@example.com")); !strings.Contains(h.clipboard.String(), want) {
		t.Fatal("email not copied")
	}
	h.requireView("email address sent to the terminal's clipboard")
}

func TestExportWritesEveryResultFieldByField(t *testing.T) {
	dir := t.TempDir()
	h := newHarness(t, withKey(hubtest.DemoAdminKey), withConfig(func(c *Config) { c.ExportDir = dir; c.Limit = 100 }))
	h.search("a")
	h.press(tea.KeyTab)
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24}) // far fewer rows visible than found

	// What the server answers, fetched directly, to compare with.
	client, _ := hub.New(h.server.URL, hubtest.DemoAdminKey)
	result, err := client.UserSearch(context.Background(), hub.SearchParams{Query: "a", Admin: true, Limit: 100})
	want := result.Accounts
	if err != nil || len(want) != 100 {
		t.Fatalf("direct search: %d accounts, %v", len(want), err)
	}

	h.pressRune('e')
	jsonPath := filepath.Join(dir, "cocalc-accounts-a-20261128-120000.json")
	h.requireView("exported 100 accounts to ")
	var exported []json.RawMessage
	if err := json.Unmarshal(readFile(t, jsonPath), &exported); err != nil {
		t.Fatal(err)
	}
	if len(exported) != len(want) {
		t.Fatalf("exported %d accounts, want %d", len(exported), len(want))
	}
	for i := range want {
		if !jsonEqual(exported[i], want[i].Raw) {
			t.Fatalf("account %d:\n got %s\nwant %s", i, exported[i], want[i].Raw)
		}
	}

	h.pressRune('E')
	records, err := csv.NewReader(bytes.NewReader(readFile(t, strings.TrimSuffix(jsonPath, ".json")+".csv"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(records[0], ",") != "account_id,first_name,last_name,name,email_address,last_active,created,banned,email_address_verified" {
		t.Fatalf("CSV header %v", records[0])
	}
	for i, a := range want {
		row := records[i+1]
		checks := map[string][2]string{
			"account_id":    {row[0], a.AccountID},
			"first_name":    {row[1], a.FirstName},
			"email_address": {row[4], deref(a.EmailAddress)},
			"last_active":   {row[5], rfc3339(a.LastActive)},
			"banned":        {row[7], boolText(a.Banned)},
		}
		for field, got := range checks {
			if got[0] != got[1] {
				t.Fatalf("row %d %s = %q, want %q", i+1, field, got[0], got[1])
			}
		}
	}

	h.pressRune('e') // a second export never replaces the first
	if len(readFile(t, strings.TrimSuffix(jsonPath, ".json")+"-2.json")) == 0 {
		t.Fatal("the second export is empty")
	}
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func jsonEqual(a, b []byte) bool {
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return false
	}
	xs, _ := json.Marshal(x)
	ys, _ := json.Marshal(y)
	return bytes.Equal(xs, ys)
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func rfc3339(ms *hub.Millis) string {
	if ms == nil {
		return ""
	}
	return ms.Time().UTC().Format("2006-01-02T15:04:05.999999999Z07:00")
}

func boolText(b *bool) string {
	switch {
	case b == nil:
		return ""
	case *b:
		return "true"
	}
	return "false"
}

func TestGoldenAdminViews(t *testing.T) {
	states := []struct {
		name  string
		setup func(h *harness)
	}{
		{"admin-results", func(h *harness) {
			h.search("alice, spam, grace")
			h.advance(lookupDelay)
		}},
		{"collaborators", func(h *harness) { h.search(hubtest.DemoProjectID) }},
		{"pasted-ids", func(h *harness) {
			h.send(tea.KeyMsg{Type: tea.KeyRunes, Paste: true, Runes: []rune(hubtest.DemoUserAccountID + "\n" +
				"00000000-0000-4000-8000-00000000beef\n" + hubtest.DemoCJKAccountID)})
			h.advance(DefaultDebounce + lookupDelay)
		}},
		{"confirm", func(h *harness) {
			h.search("alice smith")
			h.press(tea.KeyTab)
			h.pressRune('P')
		}},
		{"link", func(h *harness) {
			h.search("alan turing")
			h.press(tea.KeyTab)
			h.pressRune('I')
			h.answerYes()
		}},
		{"ban-confirm", func(h *harness) {
			h.search("alan turing")
			h.press(tea.KeyTab)
			h.pressRune('B')
		}},
		{"banned", func(h *harness) {
			h.search("alan turing")
			h.press(tea.KeyTab)
			h.pressRune('B')
			h.answerYes()
			h.press(tea.KeyEnter) // the details, with the note
		}},
		{"projects", func(h *harness) {
			h.search("alan turing")
			h.advance(lookupDelay)
			h.press(tea.KeyTab, tea.KeyEnter) // the details
			h.pressRune('j')                  // the first project in view, or a line
			h.pressRune('j')
		}},
		{"projects-loading", func(h *harness) {
			h.search("alan turing")
			h.capture(func() { h.advance(lookupDelay) }) // the answer has not arrived
		}},
		{"projects-failed", func(h *harness) {
			h.server.SetFault(hubtest.FaultUnavailable, hub.FuncUserQuery)
			h.search("alan turing")
			h.advance(lookupDelay)
		}},
		{"key-projects", func(h *harness) {
			h.press(tea.KeyEsc)
			h.pressRune('i')
			h.pressRune('j')
		}},
		{"read-only", func(h *harness) {
			h.m.cfg.ReadOnly = true
			h.search("alan turing")
			h.advance(lookupDelay)
			h.press(tea.KeyTab)
		}},
	}
	for _, state := range states {
		for _, size := range [][2]int{{120, 40}, {80, 24}} {
			t.Run(state.name+"-"+sizeName(size), func(t *testing.T) {
				h := newHarness(t, withKey(hubtest.DemoAdminKey), withSize(size[0], size[1]))
				state.setup(h)
				if state.name == "link" { // the token is random: show a fixed one
					h.m.link.url = "http://localhost/auth/impersonate?auth_token=AbCdEfGhIjKlMnOpQrStUvWx"
				}
				h.golden()
			})
		}
	}
}

func TestOnlyYConfirmsADangerousAction(t *testing.T) {
	h := newHarness(t, withKey(hubtest.DemoAdminKey))
	h.search("alice smith")
	h.press(tea.KeyTab)
	for _, notYes := range []tea.KeyMsg{{Type: tea.KeyEnter}, {Type: tea.KeyRunes, Runes: []rune("Y")},
		{Type: tea.KeySpace, Runes: []rune(" ")}} {
		h.pressRune('P')
		h.send(notYes)
		if h.m.overlay != overlayConfirm || h.m.action.inFlight || countCalls(h, hub.FuncResetPasswordLink) != 0 {
			t.Fatalf("%s answered the confirmation: overlay %v, in flight %v", notYes, h.m.overlay, h.m.action.inFlight)
		}
		h.requireView("y yes · n/esc no")
		h.press(tea.KeyEsc)
	}
	for _, no := range "nq" {
		h.pressRune('P')
		h.pressRune(no)
		if h.m.overlay != overlayNone {
			t.Fatalf("%c did not say no", no)
		}
	}
	if got := countCalls(h, hub.FuncResetPasswordLink); got != 0 {
		t.Fatalf("%d links made without a yes", got)
	}
}

// TestPendingActionIsCancelledAtOnce answers no while the server has not
// answered yet: the dialog closes at once, the call is cancelled on the
// wire, and its answer, should it still come, is dropped.
func TestPendingActionIsCancelledAtOnce(t *testing.T) {
	for _, key := range []tea.KeyMsg{{Type: tea.KeyEsc}, {Type: tea.KeyRunes, Runes: []rune("n")},
		{Type: tea.KeyRunes, Runes: []rune("q")}} {
		t.Run(key.String(), func(t *testing.T) {
			srv := newDemoServer(t)
			h := newHarness(t, withKey(hubtest.DemoAdminKey), withServer(srv))
			h.search("alan turing")
			h.press(tea.KeyTab)
			srv.SetFault(hubtest.FaultHang, hub.FuncImpersonateToken)
			h.goAsync()
			h.pressRune('I')
			h.answerYes()
			waitFor(t, "the request to reach the server", func() bool { return srv.Stats().InFlight == 1 })
			h.requireView("asking the server…", "esc cancels")
			if bar := h.hintBar(); !strings.Contains(bar, "esc/n cancel the request") || strings.Contains(bar, "y yes") {
				t.Fatalf("hint bar while the request is out: %q", bar)
			}

			h.send(key)
			if h.m.overlay != overlayNone || h.m.action.inFlight || h.quit {
				t.Fatalf("%s did not close the dialog at once: overlay %v, in flight %v, quit %v",
					key, h.m.overlay, h.m.action.inFlight, h.quit)
			}
			h.requireView("Impersonation link: request cancelled")
			waitFor(t, "the server to see the request cancelled", func() bool { return srv.Stats().Canceled == 1 })
			waitFor(t, "the cancelled call's answer", func() bool { return len(h.inbox) > 0 })
			h.deliverReady()
			if h.m.overlay != overlayNone || h.m.link.url != "" {
				t.Fatalf("the cancelled call's answer opened overlay %v, link %q", h.m.overlay, h.m.link.url)
			}
		})
	}
}

func TestSortColumnIsShownMarkedAndReversible(t *testing.T) {
	h := newHarness(t, withKey(hubtest.DemoAdminKey), withSize(80, 24))
	h.search("alice")
	h.press(tea.KeyTab)
	h.requireView("by last active ▼", "ACTIVE▼")
	h.requireNotInView("CREATED") // no room for it at 80 columns, beside the emails

	h.pressRune('s') // by created: its column is shown, marked
	h.requireView("by created ▼", "CREATED▼")
	h.pressRune('g')
	first, _ := h.m.results.selected()
	h.pressRune('S') // oldest first
	h.requireView("by created ▲", "CREATED▲")
	h.pressRune('G')
	if last, _ := h.m.results.selected(); last.AccountID != first.AccountID {
		t.Fatalf("reversed, the last row is %q, want %q (first before)", last.FullName(), first.FullName())
	}

	h.pressRune('s') // by name, A to Z
	h.requireView("by name ▲", "NAME▲")
	h.pressRune('S')
	h.requireView("by name ▼", "NAME▼")
	h.pressRune('s')
	h.requireView("by email ▲", "EMAIL▲")
	h.pressRune('s')
	h.requireView("by last active ▼", "ACTIVE▼")
}

func TestSortSkipsEmailWhenNoRowHasOne(t *testing.T) {
	h := newHarness(t) // a user's search: no emails
	h.search("alice")
	h.press(tea.KeyTab)
	for _, want := range []string{"by created ▼", "by name ▲", "by last active ▼"} {
		h.pressRune('s')
		h.requireView(want)
	}
}

// TestListAndDetailsUseTheSameWords checks that the results and the details
// say the same of an email that is missing, hidden, or unverified.
func TestListAndDetailsUseTheSameWords(t *testing.T) {
	admin := newHarness(t, withKey(hubtest.DemoAdminKey))
	admin.search("grace hopper") // an admin's answer without an email: there is none
	admin.requireView("│▶ Grace Hopper", "– no email", "Email       – no email")
	admin.requireNotInView("hidden")

	user := newHarness(t)
	user.search("alice smith, ada@example.com") // emails only for the exact address
	user.press(tea.KeyTab)
	user.requireView("ada@example.com")
	user.pressRune('j')
	user.requireView("┃▶ Alice Smith", "– hidden ", "Email       – hidden (admins see it")
	user.pressRune('c')
	user.requireView("✕ email hidden: only admins, or an exact search, see it")

	unrecorded := newHarness(t, withKey(hubtest.DemoAdminKey))
	unrecorded.search(hubtest.DemoHostileAccountID) // email_address_verified: null
	unrecorded.requireView("– mallory@", "Verified    – not recorded")
	unrecorded.requireNotInView("✗ mallory@")
}

// TestPastedIDsAreATableOfIDsAndNames pastes account ids as an admin: the
// rows not loaded yet show each id and its name, and nothing of what is
// not known yet (no "hidden" email, no empty times to sort by); a loaded
// row's email carries its verified mark, as in an admin's search.
func TestPastedIDsAreATableOfIDsAndNames(t *testing.T) {
	h := newHarness(t, withKey(hubtest.DemoAdminKey), withSize(200, 40))
	unknown := "00000000-0000-4000-8000-00000000beef"
	h.paste(hubtest.DemoUserAccountID + "\n" + unknown + "\n" + hubtest.DemoNoEmailAccountID + "\n" + hubtest.DemoAdminAccountID)
	h.advance(DefaultDebounce)
	h.press(tea.KeyTab) // before the selected row's record comes
	h.requireView("NAME", "ACCOUNT ID", "▶ Alan Turing", hubtest.DemoUserAccountID, unknown, "(unknown or deleted)")
	h.requireNotInView("hidden", "EMAIL", "ACTIVE", "CREATED")
	for _, want := range []string{"by name ▲", "in the order given", "by name ▲"} {
		h.pressRune('s')
		h.requireView("Results (4) " + want)
	}
	h.pressRune('s') // back to the order given
	h.pressRune('c')
	h.requireView("✕ no email yet: the record is not loaded (details say why)")

	h.advance(lookupDelay) // Alan Turing's record
	h.requireView("✓ alan.turing@math.example.ac.uk", "EMAIL", "ACTIVE")
	h.requireNotInView("hidden")
	h.press(tea.KeyDown)
	h.pressRune('c')
	h.requireView("✕ no email: the server knows no account with this id")
	for _, want := range []string{"by created ▼", "by name ▲", "by email ▲", "in the order given"} {
		h.pressRune('s')
		h.requireView("Results (4) " + want)
	}
}

// TestImpersonatingTheKeysOwnAccountWarns asks for an impersonation link
// for the key's own account: the question says so, with what it means; for
// another account, and for a password reset link, it does not.
func TestImpersonatingTheKeysOwnAccountWarns(t *testing.T) {
	const warning = "This is your own account, the one this API key belongs to"
	h := newHarness(t, withKey(hubtest.DemoAdminKey))
	h.search("ada lovelace") // the demo admin's own account
	h.press(tea.KeyTab)
	h.pressRune('I')
	h.requireView("Create a link that signs in as", "Ada Lovelace", warning)
	h.requireFits()
	h.press(tea.KeyEsc)
	h.pressRune('P')
	h.requireNotInView(warning)
	h.press(tea.KeyEsc)

	h.press(tea.KeyEsc)
	h.press(tea.KeyEsc) // an empty box
	h.search("alan turing")
	h.press(tea.KeyTab)
	h.pressRune('I')
	h.requireView("Create a link that signs in as", "Alan Turing")
	h.requireNotInView(warning)
}
