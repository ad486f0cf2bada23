package cli

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"cocalc-tui/hub"
	"cocalc-tui/hub/hubtest"
	"cocalc-tui/ui"
	"cocalc-tui/ui/termtest"
)

// bannedState is an account's "banned" as an admin search shows it.
func bannedState(t *testing.T, c *cli, id string) string {
	t.Helper()
	r := c.run(t, "search", id, "--admin", "--json")
	var rows []map[string]json.RawMessage
	if err := json.Unmarshal([]byte(r.stdout), &rows); err != nil || len(rows) != 1 {
		t.Fatalf("search %s: %q (%s)", id, r.stdout, r.stderr)
	}
	return string(rows[0]["banned"])
}

const cacheNote = "cocalc-tui: note: searches may show the old state for about 15 s (the server's cache)\n"

func TestBanAndUnbanWithYes(t *testing.T) {
	server := startHub(t)
	c := newCLI(t, server, adminKey)
	c.run(t, "ban", aliceID, "--yes").expect(t, exitOK, "banned "+aliceID+"\n", cacheNote)
	if got := bannedState(t, c, aliceID); got != "true" {
		t.Fatalf("after ban, banned is %s", got)
	}
	c.run(t, "unban", "-y", strings.ToUpper(aliceID)).expect(t, exitOK, "ban removed "+aliceID+"\n", cacheNote)
	if got := bannedState(t, c, aliceID); got != "false" {
		t.Fatalf("after unban, banned is %s", got)
	}
	requests := server.Requests()
	var routes []string
	for _, r := range requests {
		if strings.HasPrefix(r.Path, "/api/v2/") {
			routes = append(routes, r.Path+" "+string(r.Body))
		}
	}
	want := []string{hub.RouteBan + ` {"account_id":"` + aliceID + `"}`, hub.RouteRemoveBan + ` {"account_id":"` + aliceID + `"}`}
	if strings.Join(routes, "\n") != strings.Join(want, "\n") {
		t.Errorf("requests:\n%s\nwant:\n%s", strings.Join(routes, "\n"), strings.Join(want, "\n"))
	}
}

func TestBanAsksOnATerminal(t *testing.T) {
	server := startHub(t)
	c := newCLI(t, server, adminKey)
	c.stdinTerminal = true
	c.stdin = "n\n"
	r := c.run(t, "ban", aliceID, "00000000-0000-4000-8000-0000000000ff")
	r.expect(t, exitFailure, "", "Ban 2 accounts:\n"+
		"  "+aliceID+"  Alice Smith\n"+
		"  00000000-0000-4000-8000-0000000000ff  (unknown or deleted account)\n"+
		"A ban blocks sign-in and ends the account's sessions; its API keys stop working within about a minute, "+
		"and its pay-as-you-go purchases halt. unban lifts it.\n"+
		"Ban? [y/N] cocalc-tui: ban: not confirmed; nothing was changed\n")
	if got := bannedState(t, c, aliceID); got != "null" {
		t.Fatalf("a ban not confirmed was sent: banned is %s", got)
	}
	c.stdin = "yes\n"
	r = c.run(t, "ban", aliceID)
	tooSoon := "Ban? [y/N] cocalc-tui: y came too soon after the question opened: read it, then answer again\n" +
		"Ban? [y/N] cocalc-tui: ban: not confirmed; nothing was changed\n"
	if r.code != exitFailure || !strings.HasSuffix(r.stderr, tooSoon) || bannedState(t, c, aliceID) != "null" {
		t.Fatalf("a yes at once banned: %d %q %q", r.code, r.stdout, r.stderr)
	}
	saved := confirmSettle
	confirmSettle = 0 // as if the yes came after the question had settled
	t.Cleanup(func() { confirmSettle = saved })
	r = c.run(t, "ban", aliceID)
	if r.code != exitOK || r.stdout != "banned "+aliceID+"\n" {
		t.Fatalf("after yes: %d %q %q", r.code, r.stdout, r.stderr)
	}
}

func TestBanRefusals(t *testing.T) {
	server := startHub(t)
	admin := newCLI(t, server, adminKey)
	// No terminal to ask on, and no --yes.
	admin.run(t, "ban", aliceID).expect(t, exitUsage, "",
		"cocalc-tui: ban changes accounts: on a terminal it asks first; without one (or with -) give --yes\n")
	admin.stdinTerminal = true
	admin.stdin = aliceID + "\n"
	admin.run(t, "ban", "-").expect(t, exitUsage, "",
		"cocalc-tui: ban changes accounts: on a terminal it asks first; without one (or with -) give --yes\n")
	admin.run(t, "ban", "bob", "--yes").expect(t, exitUsage, "",
		`cocalc-tui: "bob" is not an account id (a UUID such as 3f2a1c9e-0b4d-4c8e-9a7f-1d2e3f4a5b6c) (see cocalc-tui ban --help)`+"\n")
	admin.run(t, "--read-only", "ban", aliceID, "--yes").expect(t, exitUsage, "",
		"cocalc-tui: ban: refused in read-only mode (--read-only): it is an admin action\n")

	user := newCLI(t, server, userKey)
	user.run(t, "unban", carolID, "--yes").expect(t, exitKeyError, "",
		"cocalc-tui: unban failed for "+carolID+" (0 of 1 done before): only admins can ban users (use an admin's API key)\n")
	project := newCLI(t, server, projectKey)
	r := project.run(t, "ban", carolID, "--yes")
	if r.code != exitKeyError || !strings.Contains(r.stderr, "the API key is a project key") {
		t.Errorf("a project key: %d %q", r.code, r.stderr)
	}
	if got := bannedState(t, admin, carolID); got != "true" {
		t.Errorf("Carol's ban changed: %s", got)
	}
}

func TestReadOnlyFromTheProfileReachesTheUIAndRefusesBans(t *testing.T) {
	server := startHub(t)
	c := newCLI(t, nil, "")
	c.env.writeConfig(t, `default_profile = "safe"
[profiles.safe]
host = "`+server.URL+`"
api_key_command = "echo `+adminKey+`"
read_only = true
`)
	c.run(t, "ban", aliceID, "--yes").expect(t, exitUsage, "",
		`cocalc-tui: ban: refused in read-only mode (read_only in profile "safe"): it is an admin action`+"\n")
	var got ui.Config
	c.terminal = true
	c.env.vars["TERM"] = "xterm-256color"
	c.runTUI = func(_ context.Context, cfg ui.Config) error { got = cfg; return nil }
	if r := c.run(t); r.code != exitOK || !got.ReadOnly {
		t.Fatalf("the UI got ReadOnly %v (exit %d, %q)", got.ReadOnly, r.code, r.stderr)
	}
	c.env.writeConfig(t, "[profiles.safe]\nhost = \""+server.URL+"\"\n")
	c.env.vars[envAPIKey] = adminKey
	if r := c.run(t, "--read-only", "--profile", "safe"); r.code != exitOK || !got.ReadOnly {
		t.Fatalf("--read-only: the UI got ReadOnly %v (exit %d, %q)", got.ReadOnly, r.code, r.stderr)
	}
	if r := c.run(t, "--profile", "safe"); r.code != exitOK || got.ReadOnly {
		t.Fatalf("without it: ReadOnly %v (exit %d, %q)", got.ReadOnly, r.code, r.stderr)
	}
}

// TestBanPromptIgnoresTypeAhead runs ban on a pseudo-terminal against a hub
// that answers in 1 s: a y and Enter typed while the names load do not
// answer the question (they are discarded when it is printed, unseen), and
// a y typed after the question has been read bans.
func TestBanPromptIgnoresTypeAhead(t *testing.T) {
	server, p := startBanOnPTY(t)
	p.Write([]byte("y\r")) // typed ahead: the prompt comes after the names, a second or more away
	p.WaitForOutput(banPrompt)
	time.Sleep(confirmSettle) // a person reading the question: the time is what is tested, not a wait for an event
	if out := p.Output(); banRequests(server) != 0 || strings.Contains(string(out), "too soon") {
		t.Fatalf("the y typed ahead reached the question (%d ban requests):\n%s", banRequests(server),
			termtest.Printable(out))
	}
	p.Write([]byte("y\r"))
	expectBanned(t, server, p)
}

// TestBanPromptRefusesAnAnswerTooSoon: a y at once after the question is
// refused, and the question asked again; a y once it has settled bans.
func TestBanPromptRefusesAnAnswerTooSoon(t *testing.T) {
	server, p := startBanOnPTY(t)
	p.WaitForOutput(banPrompt)
	p.Write([]byte("y\r"))
	out := p.WaitForOutput("answer again\r\n" + banPrompt)
	if banRequests(server) != 0 {
		t.Fatalf("a y at once banned:\n%s", termtest.Printable(out))
	}
	time.Sleep(confirmSettle) // as above
	p.Write([]byte("y\r"))
	expectBanned(t, server, p)
}

const banPrompt = "Ban? [y/N] "

// startBanOnPTY runs the built program's ban of Alice on a pseudo-terminal,
// against a hub that takes a second for every answer.
func startBanOnPTY(t *testing.T) (*hubtest.Server, *termtest.PTY) {
	bin := buildBinary(t)
	server := startHub(t)
	server.SetLatency(time.Second, time.Second)
	env := termtest.Environ(t.TempDir(), "xterm-256color", envHost+"="+server.URL, envAPIKey+"="+adminKey)
	return server, termtest.StartPTY(t, 100, 30, env, bin, "ban", aliceID)
}

// expectBanned waits for the program's end, which must be Alice's ban.
func expectBanned(t *testing.T, server *hubtest.Server, p *termtest.PTY) {
	t.Helper()
	code, out := p.Wait()
	if code != exitOK || !strings.Contains(string(out), "banned "+aliceID) || banRequests(server) != 1 {
		t.Fatalf("exit %d, %d ban requests after a y that came in time:\n%s", code, banRequests(server),
			termtest.Printable(out))
	}
}

// banRequests counts the ban calls the hub received.
func banRequests(server *hubtest.Server) int {
	n := 0
	for _, r := range server.Requests() {
		if r.Path == hub.RouteBan {
			n++
		}
	}
	return n
}
