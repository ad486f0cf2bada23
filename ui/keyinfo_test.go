package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"cocalc-tui/hub"
	"cocalc-tui/hub/hubtest"
)

// serverWithAdaKeyExpiring serves the demo data with Ada's key expiring
// at testNow+expiresIn, on a clock stopped at testNow.
func serverWithAdaKeyExpiring(t *testing.T, expiresIn time.Duration) *hubtest.Server {
	t.Helper()
	d := hubtest.DemoData(testNow)
	k := d.Keys[hubtest.DemoAdminKey]
	expire := testNow.Add(expiresIn).UnixMilli()
	k.Expire = &expire
	d.Keys[hubtest.DemoAdminKey] = k
	srv := hubtest.NewServer(d, hubtest.WithClock(func() time.Time { return testNow }))
	t.Cleanup(srv.Close)
	return srv
}

// serverWithoutKeyList is the demo server, older than system.manageApiKeys.
func serverWithoutKeyList(t *testing.T) *hubtest.Server {
	srv := newDemoServer(t)
	srv.SetFault(hubtest.FaultUnknownFunction, hub.FuncManageAPIKeys)
	return srv
}

// scopeLine is the second line of the screen, without its padding.
func (h *harness) scopeLine() string {
	return strings.TrimRight(strings.Split(h.view(), "\n")[1], " ")
}

// TestScopeLine: the key's name, whose key it is, admin, its expiry and the
// projects it reaches, the expiry
// marked with a glyph and a word when it is within a week or past; nothing
// of the key list when the server cannot list keys.
func TestScopeLine(t *testing.T) {
	tests := []struct {
		name   string
		key    string
		server func(t *testing.T) *hubtest.Server
		later  time.Duration // how long the UI runs before the line is read
		want   string
	}{
		{"expiring within a week", hubtest.DemoAdminKey, nil, 0,
			"key: grading script · Ada Lovelace (a5e0905b…) · admin · ⚠ expires in 5 days · 5 recent projects"},
		{"never expires: nothing more", hubtest.DemoUserKey, nil, 0,
			"key: notebook sync · Alan Turing (052c18e6…) · 4 recent projects"},
		{"expires in months: said, not marked", hubtest.DemoAdminKey,
			func(t *testing.T) *hubtest.Server { return serverWithAdaKeyExpiring(t, 95*24*time.Hour) }, 0,
			"key: grading script · Ada Lovelace (a5e0905b…) · admin · expires in 3 months · 5 recent projects"},
		{"expired while the UI runs", hubtest.DemoAdminKey,
			func(t *testing.T) *hubtest.Server { return serverWithAdaKeyExpiring(t, time.Minute) }, 2 * time.Minute,
			"key: grading script · Ada Lovelace (a5e0905b…) · admin · ✕ expired 1 minute ago · 5 recent projects"},
		{"the list is missing (an older server)", hubtest.DemoAdminKey, serverWithoutKeyList, 0,
			"key: Ada Lovelace (a5e0905b…) · admin · 5 recent projects"},
		{"a legacy key, which the server does not list", hubtest.DemoLegacyKey, nil, 0,
			"key: Alice Smith (9e1fed9b…) · 2 recent projects"},
		{"a project's key", hubtest.DemoProjectKey, nil, 0,
			"key: project bb9b517d… (project-scoped: user search unavailable)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := []harnessOption{withKey(tt.key)}
			if tt.server != nil {
				opts = append(opts, withServer(tt.server(t)))
			}
			h := newHarness(t, opts...)
			if tt.later > 0 {
				h.advance(tt.later)
			}
			if got := h.scopeLine(); got != tt.want {
				t.Errorf("scope line\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

// TestScopeLineMakesRoom: on a narrow terminal the key's name goes first,
// then the account's id, then the account's name is cut: admin and the
// expiry stay in view.
func TestScopeLineMakesRoom(t *testing.T) {
	tests := []struct {
		width int
		want  string
	}{
		{80, "key: grading script · Ada Lovelace (a5e0905b…) · admin · ⚠ expires in 5 days"},
		{72, "key: grading s… · Ada Lovelace (a5e0905b…) · admin · ⚠ expires in 5 days"},
		{62, "key: Ada Lovelace (a5e0905b…) · admin · ⚠ expires in 5 days"},
		{50, "key: Ada Lovelace · admin · ⚠ expires in 5 days"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.width), func(t *testing.T) {
			h := newHarness(t, withKey(hubtest.DemoAdminKey), withSize(tt.width, 24))
			if got := h.scopeLine(); got != tt.want {
				t.Errorf("at %d cells\n got %q\nwant %q", tt.width, got, tt.want)
			}
			h.requireFits()
		})
	}
}

// TestKeyInfoWindow: this key's name, creation, expiry, last use and mask,
// whose key it is, then the account's other keys; or why the key's facts
// are missing, in one line. Nothing but "get" is ever sent.
func TestKeyInfoWindow(t *testing.T) {
	tests := []struct {
		name   string
		key    string
		server func(t *testing.T) *hubtest.Server
		later  time.Duration
		want   []string
		never  []string
	}{
		{"expiring", hubtest.DemoAdminKey, nil, 0, []string{
			"API key     sk-…0000Tj", "Name        grading script", "Created     2026-10-29 12:00 UTC (1 month ago)",
			"Expires     ⚠ soon: 2026-12-03 12:00 UTC (in 5 days)", "Last used   2026-11-28 12:00 UTC (just now)",
			"Account     Ada Lovelace", "Other keys of this account (2)", "NAME", "LAST USED",
			"laptop", "sk-…0000To  2026-05-12  never       3d ago", "ci runner", "sk-…0000Tp  2025-10-24  ✕ expired   15d ago",
		}, []string{"sk-…0000Tj  2026-10-29"}}, // the key in use is not among the others
		{"never expires", hubtest.DemoUserKey, nil, 0, []string{
			"Name        notebook sync", "Expires     never expires", "Other keys of this account (1)",
			"old laptop", "✕ expired",
		}, nil},
		{"expired", hubtest.DemoAdminKey,
			func(t *testing.T) *hubtest.Server { return serverWithAdaKeyExpiring(t, time.Minute) }, 2 * time.Minute,
			// The status checks since are uses of the key, which the server counts.
			[]string{"Expires     ✕ expired: 2026-11-28 12:01 UTC (1 minute ago)", "Last used   2026-11-28 12:02 UTC (just now)"}, nil},
		{"missing", hubtest.DemoAdminKey, serverWithoutKeyList, 0, []string{
			"API key     sk-…0000Tj",
			"Name, expiry, last use unknown: unknown function 'system.manageApiKeys' — the server may be older than this client",
			"Account     Ada Lovelace", "Admin       yes",
		}, []string{"Other keys", "Expires"}},
		{"a legacy key", hubtest.DemoLegacyKey, nil, 0, []string{
			"API key     sk_…BoS0Vq", "Name, expiry, last use: none (the server does not list old sk_ keys)",
			"Other keys of this account: none",
		}, []string{"Expires"}},
		{"a project's key", hubtest.DemoProjectKey, nil, 0, []string{
			"Scope       project key", "Can search  no: user search and names need an account key",
			"Name, expiry, last use: unknown (the project endpoint cannot list keys)",
		}, []string{"Other keys", "autograder"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newDemoServer(t)
			if tt.server != nil {
				srv = tt.server(t)
			}
			h := newHarness(t, withKey(tt.key), withServer(srv), withSize(160, 40))
			h.advance(tt.later)
			h.press(tea.KeyEsc)
			h.pressRune('i')
			h.requireView(tt.want...)
			h.requireNotInView(tt.never...)
			h.requireNotInView(tt.key)
			h.requireFits()
			for _, r := range srv.Requests() {
				if r.Function == hub.FuncManageAPIKeys && !strings.Contains(string(r.Body), `"args":[{"action":"get"}]`) {
					t.Errorf("sent %s", r.Body)
				}
			}
		})
	}
}

// TestKeyInfoScrolls: a window that does not fit scrolls with the moves,
// says where it is, and the moves are shown; at a size where it fits,
// they only pick one of the key's projects. Down scrolls the lines until
// the first project is in view, then picks project after project.
func TestKeyInfoScrolls(t *testing.T) {
	h := newHarness(t, withKey(hubtest.DemoAdminKey), withSize(60, 20))
	h.press(tea.KeyEsc)
	h.pressRune('i')
	lines := len(h.m.keyInfoContent())
	h.requireView(fmt.Sprintf("1-11/%d", lines), "API key     sk-…0000Tj")
	h.requireNotInView("ci runner", "▶")
	if bar := h.hintBar(); !strings.Contains(bar, "↓/j down") {
		t.Errorf("hint bar %q lacks the moves", bar)
	}
	h.pressRune('G')
	h.requireView(fmt.Sprintf("%d-%d/%d", lines-10, lines, lines), "(projects edited in the last 6 weeks)")
	h.requireNotInView("API key     sk-…0000Tj")
	h.pressRune('g')
	h.requireView(fmt.Sprintf("1-11/%d", lines))
	h.press(tea.KeyCtrlD) // half of a page of 10 (a line stays in view)
	h.requireView(fmt.Sprintf("6-16/%d", lines))
	h.press(tea.KeyCtrlU)
	h.requireView(fmt.Sprintf("1-11/%d", lines))
	for range 20 { // down to the first project, which is then picked
		h.pressRune('j')
	}
	h.requireView("▶ ")
	h.send(tea.WindowSizeMsg{Width: 120, Height: 40})
	h.requireView("esc to close", "ci runner", "API key     sk-…0000Tj")
	if bar := h.hintBar(); strings.Contains(bar, "page down") {
		t.Errorf("hint bar %q shows moves where nothing scrolls", bar)
	}
	// Closed and opened again, it starts at the top, no project picked.
	h.send(tea.WindowSizeMsg{Width: 60, Height: 20})
	h.pressRune('G')
	h.press(tea.KeyEsc)
	h.pressRune('i')
	h.requireView(fmt.Sprintf("1-11/%d", lines))
	h.requireNotInView("▶")
}

// TestKeyListIsAskedAgainWhenTheServerAnswers: a key list that went
// unanswered is asked for again once the server answers; one the server
// does not know is not.
func TestKeyListIsAskedAgainWhenTheServerAnswers(t *testing.T) {
	srv := newDemoServer(t)
	srv.SetFault(hubtest.FaultServerTimeout, hub.FuncManageAPIKeys)
	h := newHarness(t, withKey(hubtest.DemoAdminKey), withServer(srv))
	if got := h.scopeLine(); got != "key: Ada Lovelace (a5e0905b…) · admin · 5 recent projects" {
		t.Fatalf("scope line %q", got)
	}
	srv.SetFault(hubtest.FaultNone, hub.FuncManageAPIKeys)
	h.advance(DefaultPingInterval)
	if got := h.scopeLine(); !strings.HasPrefix(got, "key: grading script · ") {
		t.Fatalf("scope line %q after the server answered", got)
	}

	older := serverWithoutKeyList(t)
	h = newHarness(t, withKey(hubtest.DemoAdminKey), withServer(older))
	older.ResetRequests()
	h.advance(3 * DefaultPingInterval)
	for _, r := range older.Requests() {
		if r.Function == hub.FuncManageAPIKeys {
			t.Fatal("a key list the server does not know was asked for again")
		}
	}
}

// TestHostileKeyListIsHarmless: the hostile server's key names reach the
// screen as visible text, its trunc holding the whole key shows nothing of
// it, and every frame fits.
func TestHostileKeyListIsHarmless(t *testing.T) {
	srv := newDemoServer(t)
	srv.SetFault(hubtest.FaultHostile, hub.FuncManageAPIKeys)
	h := newHarness(t, withKey(hubtest.DemoAdminKey), withServer(srv), withSize(160, 40))
	h.press(tea.KeyEsc)
	h.pressRune('i')
	view := h.view()
	for _, r := range view {
		if r != '\n' && (r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0 || r >= 0x202a && r <= 0x202e) {
			t.Fatalf("control character %U reached the screen:\n%s", r, view)
		}
	}
	h.requireView("Name        grading3f2a1c9e␛]0;pwned␇", "[redacted]", "Other keys of this account (2)")
	h.requireNotInView(hubtest.DemoAdminKey, strings.TrimPrefix(hubtest.DemoAdminKey, "sk-"))
	h.requireFits()
}

// TestLastUseOfTheKeyInUse: the later of the list's last use and the last
// call the server answered; "never" when neither is known.
func TestLastUseOfTheKeyInUse(t *testing.T) {
	st := NewStyles(plainRenderer(), DarkTheme)
	listed := func(lastActive *time.Time) scopeModel {
		return scopeModel{known: true, scope: hub.Scope{Kind: hub.ScopeAccount, AccountID: hubtest.DemoUserAccountID},
			keys: hub.APIKeys{Keys: []hub.APIKey{{Name: "laptop", LastActive: lastActive}}, This: 0}}
	}
	hourAgo := testNow.Add(-time.Hour)
	tests := []struct {
		name       string
		s          scopeModel
		answeredAt time.Time
		want       string
	}{
		{"never used, nothing answered yet", listed(nil), time.Time{}, "Last used   never"},
		{"the list's", listed(&hourAgo), time.Time{}, "Last used   2026-11-28 11:00 UTC (1 hour ago)"},
		{"a later answer", listed(&hourAgo), testNow.Add(-time.Minute), "Last used   2026-11-28 11:59 UTC (1 minute ago)"},
	}
	for _, tt := range tests {
		tt.s.noteAnswer(tt.answeredAt)
		lines := strings.Join(tt.s.keyFactsLines(st, testNow, time.UTC), "\n")
		if !strings.Contains(lines, tt.want) {
			t.Errorf("%s: %s\nwant %q", tt.name, lines, tt.want)
		}
	}
}

// TestKeyInfoMovesReachEveryLine: j goes through the lines, then the
// projects, then on to the lines under the last project (the list's note),
// so that every line is reached without G; a resize keeps the selected
// project in view.
func TestKeyInfoMovesReachEveryLine(t *testing.T) {
	h := newHarness(t, withKey(hubtest.DemoAdminKey), withSize(80, 24))
	h.press(tea.KeyEsc)
	h.pressRune('i')
	lines := len(h.m.keyInfoContent())
	height := h.m.overlayArea().inner().height
	for range lines + len(h.m.keyProjects.list.projects) {
		h.pressRune('j')
	}
	h.requireView(fmt.Sprintf("%d-%d/%d", lines-height+1, lines, lines), "(projects edited in the last 6 weeks)", "▶ ")
	h.send(tea.WindowSizeMsg{Width: 60, Height: 20})
	h.requireView("▶ ")
	for range 3 { // up to a project in the middle, then smaller again
		h.pressRune('k')
	}
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	h.send(tea.WindowSizeMsg{Width: 50, Height: 14})
	h.requireView("▶ ")
}

// A key list the server, though up, never answers in time is asked again
// a few times, not at every status check: each time the whole key check
// goes again.
func TestAnUnansweredKeyListIsAskedAgainOnlyAFewTimes(t *testing.T) {
	srv := newDemoServer(t)
	srv.SetFault(hubtest.FaultServerTimeout, hub.FuncManageAPIKeys)
	h := newHarness(t, withKey(hubtest.DemoAdminKey), withServer(srv))
	srv.ResetRequests()
	h.advance(10 * DefaultPingInterval)
	asked := 0
	for _, r := range srv.Requests() {
		if r.Function == hub.FuncManageAPIKeys {
			asked++
		}
	}
	if asked != maxKeysAskedAgain {
		t.Fatalf("the key list was asked %d times in 10 status checks, want %d", asked, maxKeysAskedAgain)
	}
}
