package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"cocalc-tui/hub"
	"cocalc-tui/hub/hubtest"
	"cocalc-tui/ui"
)

// testNow is the time the test data is relative to; the CLI's clock is set
// to it so that relative times in the output are exact.
var testNow = time.Date(2026, 11, 28, 21, 55, 0, 0, time.UTC)

const (
	adaID     = "a0000000-0000-4000-8000-000000000001"
	aliceID   = "a0000000-0000-4000-8000-000000000002"
	hostileID = "a0000000-0000-4000-8000-000000000003"
	carolID   = "a0000000-0000-4000-8000-000000000004"
	projectID = "b0000000-0000-4000-8000-000000000001"

	adminKey   = "sk-testAdminKey00000001"
	userKey    = "sk-testUserKey000000002"
	projectKey = "sk-testProjKey000000003"
)

// hostileFirstName tries to write the clipboard (OSC 52), clear the screen,
// and hide a carriage return and a bidi override in a name.
const hostileFirstName = "Eve\x1b]52;c;aGk=\x07\x1b[2J"
const hostileLastName = "\u202eresU\rX"

func ptr[T any](v T) *T { return &v }

func msAgo(d time.Duration) *int64 { return ptr(testNow.Add(-d).UnixMilli()) }

const day = 24 * time.Hour

// testData is a small world: an admin (Ada), a user (Alice), an account
// with a hostile name, and a banned account.
func testData() *hubtest.Data {
	return &hubtest.Data{
		Accounts: []hubtest.Account{
			{AccountID: adaID, FirstName: ptr("Ada"), LastName: ptr("Lovelace"), Name: ptr("ada"),
				EmailAddress: ptr("ada@example.com"), LastActive: msAgo(3 * day), Created: msAgo(400 * day),
				Groups: []string{"admin"}},
			{AccountID: aliceID, FirstName: ptr("Alice"), LastName: ptr("Smith"),
				EmailAddress: ptr("alice@example.com"), LastActive: msAgo(2 * time.Hour), Created: msAgo(40 * day)},
			{AccountID: hostileID, FirstName: ptr(hostileFirstName), LastName: ptr(hostileLastName),
				EmailAddress: ptr("eve@example.com"), LastActive: msAgo(5 * day), Created: msAgo(10 * day)},
			{AccountID: carolID, FirstName: ptr("Carol"), LastName: ptr("Alison"),
				EmailAddress: ptr("carol@example.com"), Created: msAgo(90 * day), Banned: ptr(true)},
		},
		Keys: map[string]hubtest.Key{
			adminKey: {AccountID: adaID, Name: ptr("grading script"), Created: msAgo(30 * day), LastActive: msAgo(2 * time.Hour)},
			userKey: {AccountID: aliceID, Name: ptr("laptop"), Created: msAgo(100 * day),
				Expire: msAgo(-5 * 365 * day)},
			projectKey: {ProjectID: projectID, AccountID: adaID, Name: ptr("autograder")},
		},
		Projects: map[string]hubtest.Project{projectID: {Users: map[string]hubtest.ProjectUser{adaID: {Group: "owner"}}}},
	}
}

// startHub starts a fake hub with testData, closed when the test ends.
func startHub(t *testing.T, opts ...hubtest.Option) *hubtest.Server {
	t.Helper()
	server := hubtest.NewServer(testData(), opts...)
	t.Cleanup(server.Close)
	return server
}

// startHubAtTestNow is startHub with the server's clock stopped at
// testNow, the command line's: the keys' last use (every call moves it to
// the server's now) is then "just now".
func startHubAtTestNow(t *testing.T) *hubtest.Server {
	t.Helper()
	return startHub(t, hubtest.WithClock(func() time.Time { return testNow }))
}

// What whoami prints for the test data's account keys, on a server at testNow.
const (
	adaWhoami = "account Ada Lovelace (" + adaID + ") · admin\n" +
		"key grading script (sk-…000001) · never expires · last used just now\n"
	aliceWhoami = "account Alice Smith (" + aliceID + ") · not admin\n" +
		"key laptop (sk-…000002) · expires 2031-11-27 (in 5 years) · last used just now\n"
)

// cliResult is what a user sees from one run.
type cliResult struct {
	code           int
	stdout, stderr string
}

// cli runs the program in-process, as a user would from a shell.
type cli struct {
	env      *fakeEnv
	stdin    string
	terminal bool // stdout is a terminal of width 'width'
	width    int
	// stderrTerminal says stderr is a terminal (progress may show there).
	stderrTerminal bool
	// stdinTerminal says a person may be typing on stdin (the answers of
	// a confirmation)
	stdinTerminal bool
	runTUI        func(context.Context, ui.Config) error
}

// newCLI prepares runs against server with key in COCALC_API_KEY.
func newCLI(t *testing.T, server *hubtest.Server, key string) *cli {
	vars := []string{}
	if server != nil {
		vars = append(vars, envHost, server.URL)
	}
	if key != "" {
		vars = append(vars, envAPIKey, key)
	}
	return &cli{env: newFakeEnv(t, vars...)}
}

func (c *cli) run(t *testing.T, args ...string) cliResult {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	return c.runWithContext(ctx, args...)
}

// runWithContext runs the program with ctx, as main does with the context
// that signals end.
func (c *cli) runWithContext(ctx context.Context, args ...string) cliResult {
	var stdout, stderr bytes.Buffer
	code := Run(ctx, args, Env{
		Stdin:            strings.NewReader(c.stdin),
		Stdout:           &stdout,
		Stderr:           &stderr,
		Getenv:           c.env.getenv,
		StdoutIsTerminal: c.terminal,
		StderrIsTerminal: c.stderrTerminal,
		StdinIsTerminal:  c.stdinTerminal,
		TerminalWidth:    c.width,
		Now:              func() time.Time { return testNow },
		RunTUI:           c.runTUI,
	})
	return cliResult{code: code, stdout: stdout.String(), stderr: stderr.String()}
}

// expect checks the exit code and the exact outputs.
func (r cliResult) expect(t *testing.T, code int, stdout, stderr string) {
	t.Helper()
	if r.code != code {
		t.Errorf("exit code %d, want %d (stderr: %q)", r.code, code, r.stderr)
	}
	if r.stdout != stdout {
		t.Errorf("stdout:\n%s\nwant:\n%s", r.stdout, stdout)
	}
	if r.stderr != stderr {
		t.Errorf("stderr:\n%s\nwant:\n%s", r.stderr, stderr)
	}
}

// expectLines checks the exit code, that stdout is one line for each
// pattern (a regular expression matching the whole line), and that stderr
// is empty.
func (r cliResult) expectLines(t *testing.T, code int, patterns ...string) {
	t.Helper()
	lines := strings.SplitAfter(r.stdout, "\n")
	if r.code != code || r.stderr != "" || len(lines) != len(patterns)+1 || lines[len(patterns)] != "" {
		t.Fatalf("exit code %d (want %d), stdout:\n%s\nstderr: %q; want %d lines", r.code, code, r.stdout, r.stderr, len(patterns))
	}
	for i, pattern := range patterns {
		if !regexp.MustCompile(`^` + pattern + `\n$`).MatchString(lines[i]) {
			t.Errorf("line %d: %q, want /%s/", i+1, lines[i], pattern)
		}
	}
}

// rawAnswer is the server's own bytes for a call, to compare --json with.
func rawAnswer(t *testing.T, server *hubtest.Server, key, name string, args ...any) string {
	t.Helper()
	client, err := hub.New(server.URL, key)
	if err != nil {
		t.Fatal(err)
	}
	var raw json.RawMessage
	if err := client.Call(context.Background(), name, args, &raw); err != nil {
		t.Fatal(err)
	}
	return string(raw)
}

func TestSearchHuman(t *testing.T) {
	server := startHub(t)
	c := newCLI(t, server, userKey)
	c.terminal, c.width = true, 200
	c.run(t, "search", "alice").expect(t, exitOK, ""+
		"NAME         USERNAME  LAST ACTIVE  CREATED  ACCOUNT ID\n"+
		"Alice Smith  -         2h ago       1mo ago  "+aliceID+"\n", "")

	// Two arguments are two pieces of one query (joined with a comma); an
	// email piece is an exact lookup, and shows the email to anyone.
	c.run(t, "search", "alice", "ada@example.com").expect(t, exitOK, ""+
		"NAME          USERNAME  EMAIL            LAST ACTIVE  CREATED  ACCOUNT ID\n"+
		"Alice Smith   -         -                2h ago       1mo ago  "+aliceID+"\n"+
		"Ada Lovelace  @ada      ada@example.com  3d ago       1y ago   "+adaID+"\n", "")
}

func TestSearchAdminHuman(t *testing.T) {
	server := startHub(t)
	c := newCLI(t, server, adminKey)
	c.terminal, c.width = true, 200
	c.run(t, "search", "ali", "--admin").expect(t, exitOK, ""+
		"NAME          USERNAME  EMAIL              LAST ACTIVE  CREATED  ACCOUNT ID                            BANNED\n"+
		"Alice Smith   -         alice@example.com  2h ago       1mo ago  "+aliceID+"\n"+
		"Carol Alison  -         carol@example.com  never        3mo ago  "+carolID+"  BANNED\n", "")
}

// TestSearchPiped: into a pipe, the table's columns, all of them every time
// (banned with --admin), separated by tabs, with RFC 3339 times and no
// header, so that cut and awk find each field where they expect it.
func TestSearchPiped(t *testing.T) {
	server := startHub(t)
	c := newCLI(t, server, adminKey)
	c.run(t, "search", "ali", "--admin").expect(t, exitOK, ""+
		"Alice Smith\t\talice@example.com\t2026-11-28T19:55:00Z\t2026-10-19T21:55:00Z\t"+aliceID+"\tfalse\n"+
		"Carol Alison\t\tcarol@example.com\t\t2026-08-30T21:55:00Z\t"+carolID+"\ttrue\n", "")
	c.run(t, "search", "ada").expect(t, exitOK,
		"Ada Lovelace\tada\t\t2026-11-25T21:55:00Z\t2025-10-24T21:55:00Z\t"+adaID+"\n", "")
}

// TestSearchLimitNotices: stderr says when an answer holds as many accounts
// as the limit (there may be more), and when the server cuts the limit
// asked for; --limit 0 is refused, as its message says.
func TestSearchLimitNotices(t *testing.T) {
	server := startHub(t)
	c := newCLI(t, server, userKey)
	r := c.run(t, "search", "a", "-L", "2")
	if r.code != exitOK || strings.Count(r.stdout, "\n") != 2 || r.stderr != "cocalc-tui: note: 2 accounts, as many as "+
		"the limit: there may be more (raise --limit, up to 50)\n" {
		t.Errorf("exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	r = c.run(t, "search", "alice", "--limit", "60", "--json")
	if r.code != exitOK || r.stderr != "cocalc-tui: note: --limit 60 is more than a search without --admin gets: "+
		"the server cuts it to 50\n" {
		t.Errorf("exit %d, stderr %q", r.code, r.stderr)
	}
	if body := string(server.Requests()[len(server.Requests())-1].Body); !strings.Contains(body, `"limit":60`) {
		t.Errorf("the limit asked for is not sent as asked: %s", body)
	}
	c.stdin = "a\nzzz\n"
	r = c.run(t, "search", "-", "-L", "1")
	if r.stderr != "cocalc-tui: note: search for \"a\": 1 accounts, as many as the limit: there may be more "+
		"(raise --limit, up to 50)\n" {
		t.Errorf("search -: stderr %q", r.stderr)
	}
	c.run(t, "search", "a", "--limit", "0").expect(t, exitUsage, "",
		"cocalc-tui: --limit must be between 1 and 2500 (see cocalc-tui search --help)\n")
	admin := newCLI(t, server, adminKey)
	r = admin.run(t, "search", "a", "--admin", "-L", "2", "--csv")
	if r.stderr != "cocalc-tui: note: 2 accounts, as many as the limit: there may be more (raise --limit, up to 2500)\n" {
		t.Errorf("admin: stderr %q", r.stderr)
	}
}

// TestJQ: --jq on every JSON output, strings printed as text (cleaned,
// TABs and line breaks kept),
// other values as JSON; a mistake in the expression is found before
// anything is sent, a failure on the answer is a usage error.
func TestJQ(t *testing.T) {
	server := startHub(t)
	c := newCLI(t, server, adminKey)
	c.run(t, "search", "a", "--admin", "--jq", ".[].email_address").expect(t, exitOK,
		"alice@example.com\nada@example.com\neve@example.com\ncarol@example.com\n", "")
	c.run(t, "whoami", "--jq", "{name, admin}").expect(t, exitOK, `{"admin":true,"name":"Ada Lovelace"}`+"\n", "")
	c.run(t, "names", hostileID, "--jq", ".[].first_name").expect(t, exitOK, "Eve␛]52;c;aGk=␇␛[2J\n", "")
	// TAB and LF in a string stay, as gh keeps them (@tsv, join("\n")); CRLF
	// becomes LF; whatever else a terminal would act on is made visible or
	// removed, as in every text, and the key is scrubbed in every line.
	c.run(t, "search", "alice", "--jq", ".[] | [.first_name, .last_name] | @tsv").expect(t, exitOK, "Alice\tSmith\n", "")
	c.run(t, "search", "a", "--admin", "--jq", `[.[].email_address] | join("\r\n")`).expect(t, exitOK,
		"alice@example.com\nada@example.com\neve@example.com\ncarol@example.com\n", "")
	c.run(t, "names", hostileID, "--jq", `.[] | [.first_name, .last_name] | join("\t") + "\n\u009b2J\u202e"`).expect(t,
		exitOK, "Eve␛]52;c;aGk=␇␛[2J\tresU␍X\n\uFFFD2J\n", "")
	c.run(t, "ping", "--jq", `"key:\t" + "sk-testAdmin" + "Key00000001\nend"`).expect(t, exitOK, "key:\t[redacted]\nend\n", "")
	c.stdin = "alice\nzzz\n"
	c.run(t, "search", "-", "--jq", "[.query, (.result | length)]").expect(t, exitOK, `["alice",1]`+"\n"+`["zzz",0]`+"\n", "")
	requests := len(server.Requests())
	c.run(t, "ping", "--jq", ".now |").expect(t, exitUsage, "", "cocalc-tui: --jq: unexpected EOF (see cocalc-tui ping --help)\n")
	if len(server.Requests()) != requests {
		t.Error("a bad --jq expression was sent a request")
	}
	c.run(t, "search", "alice", "--jq", ".name").expect(t, exitUsage, "",
		"cocalc-tui: --jq: expected an object but got: array ([{\"account_id\":\"a0000000- ...]) "+
			"(see cocalc-tui search --help)\n")
	c.run(t, "ping", "--jq", "$ENV | length").expect(t, exitOK, "0\n", "") // the key is in the environment
	c.terminal = true
	r := c.run(t, "ping", "--jq", "{now}")
	if !strings.HasPrefix(r.stdout, "{\n  \"now\": ") {
		t.Errorf("JSON from --jq on a terminal is not indented: %q", r.stdout)
	}
}

func TestSearchNoMatch(t *testing.T) {
	server := startHub(t)
	c := newCLI(t, server, userKey)
	c.run(t, "search", "xyz").expect(t, exitOK, "", "cocalc-tui: no accounts match \"xyz\"\n")
	c.run(t, "search", "xyz", "--json").expect(t, exitOK, "[]\n", "")
	c.run(t, "search", "xyz", "--csv").expect(t, exitOK,
		"account_id,first_name,last_name,name,email_address,last_active,created,banned,email_address_verified\r\n", "")
}

// TestSearchJSONIsTheServersAnswer: the server's bytes, but for a bidi
// override, which JSON output writes as an escape (see clean.JSON).
func TestSearchJSONIsTheServersAnswer(t *testing.T) {
	server := startHub(t)
	c := newCLI(t, server, adminKey)
	want := rawAnswer(t, server, adminKey, hub.FuncUserSearch, hub.SearchParams{Query: "a", Limit: 3, Admin: true})
	want = strings.ReplaceAll(want, "\u202e", `\u202e`)
	for _, args := range [][]string{
		{"search", "a", "--json", "--limit", "3", "--admin"},
		{"search", "--json", "--admin", "--limit=3", "a"},
	} {
		c.run(t, args...).expect(t, exitOK, want+"\n",
			"cocalc-tui: note: 3 accounts, as many as the limit: there may be more (raise --limit, up to 2500)\n")
	}
}

func TestSearchCSV(t *testing.T) {
	server := startHub(t)
	c := newCLI(t, server, adminKey)
	c.run(t, "search", "carol", "--admin", "--csv").expect(t, exitOK, ""+
		"account_id,first_name,last_name,name,email_address,last_active,created,banned,email_address_verified\r\n"+
		carolID+",Carol,Alison,,carol@example.com,,2026-08-30T21:55:00Z,true,\r\n", "")
}

func TestSearchOnlyEmailAndLimitAreSent(t *testing.T) {
	server := startHub(t)
	c := newCLI(t, server, userKey)
	c.run(t, "search", "alice@example.com", "--only-email", "--limit", "7", "--json")
	requests := server.Requests()
	if len(requests) != 1 {
		t.Fatalf("%d requests, want 1", len(requests))
	}
	want := `{"name":"system.userSearch","args":[{"query":"alice@example.com","limit":7,"only_email":true}],"timeout":15000}`
	if got := string(requests[0].Body); got != want {
		t.Errorf("body %s\nwant %s", got, want)
	}
	if ua := requests[0].Header.Get("User-Agent"); !strings.HasPrefix(ua, "cocalc-tui/") {
		t.Errorf("User-Agent %q", ua)
	}
}

func TestSearchTerminal(t *testing.T) {
	server := startHub(t)
	c := newCLI(t, server, adminKey)
	c.terminal, c.width = true, 60
	r := c.run(t, "search", "a", "--admin")
	if r.code != exitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	for _, line := range strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n") {
		if w := len([]rune(line)); w > 60 {
			t.Errorf("line wider than the terminal (%d): %q", w, line)
		}
	}
	// JSON on a terminal is indented, still the same value.
	r = c.run(t, "search", "alice", "--json")
	if !strings.HasPrefix(r.stdout, "[\n  {\n    \"account_id\": ") {
		t.Errorf("JSON on a terminal is not indented:\n%s", r.stdout)
	}
}

func TestHostileNames(t *testing.T) {
	server := startHub(t)
	c := newCLI(t, server, adminKey)
	for _, terminal := range []bool{false, true} {
		c.terminal, c.width = terminal, 200
		for _, args := range [][]string{
			{"search", "eve@example.com"},
			{"search", "eve", "--admin"},
			{"names", hostileID},
		} {
			r := c.run(t, args...)
			if r.code != exitOK {
				t.Fatalf("%q: exit %d: %s", args, r.code, r.stderr)
			}
			if strings.ContainsAny(r.stdout+r.stderr, "\x1b\x07\r\u202e") {
				t.Errorf("%q (terminal %v): control characters reach the terminal: %q", args, terminal, r.stdout)
			}
			if !strings.Contains(r.stdout, "Eve␛]52;c;aGk=␇␛[2J resU␍X") {
				t.Errorf("%q: the hostile name is not shown, made visible:\n%s", args, r.stdout)
			}
		}
	}
	// --csv holds the cleaned value, for files and pipes too: a spreadsheet
	// or a later cat would act on the escape sequences.
	c.terminal = false
	if r := c.run(t, "names", hostileID, "--csv"); !strings.Contains(r.stdout, "Eve␛]52;c;aGk=␇␛[2J") {
		t.Errorf("--csv to a pipe does not hold the cleaned name: %q", r.stdout)
	}
	c.terminal = true
	if r := c.run(t, "names", hostileID, "--csv"); strings.ContainsAny(r.stdout, "\x1b\x07\u202e") {
		t.Errorf("--csv to a terminal has raw controls: %q", r.stdout)
	}

	// --json keeps the raw value, JSON-escaped.
	c.terminal = false
	r := c.run(t, "names", hostileID, "--json")
	var names map[string]struct {
		FirstName string `json:"first_name"`
		LastName  string `json:"last_name"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &names); err != nil {
		t.Fatalf("%v: %s", err, r.stdout)
	}
	if names[hostileID].FirstName != hostileFirstName || names[hostileID].LastName != hostileLastName {
		t.Errorf("--json changed the name: %+v", names[hostileID])
	}
	if strings.ContainsAny(r.stdout, "\x1b\x07\r") {
		t.Errorf("--json has raw controls: %q", r.stdout)
	}
	// On a terminal, the bidi override is escaped too.
	c.terminal = true
	r = c.run(t, "names", hostileID, "--json")
	if strings.Contains(r.stdout, "\u202e") || !strings.Contains(r.stdout, `\u202e`) {
		t.Errorf("--json on a terminal does not escape U+202E: %q", r.stdout)
	}
}

func TestSearchBulk(t *testing.T) {
	server := startHub(t)
	c := newCLI(t, server, userKey)
	c.stdin = "alice\n\n  nobody  \nada@example.com\n"
	c.terminal, c.width = true, 200
	c.run(t, "search", "-").expect(t, exitOK, ""+
		"== alice: 1 account\n"+
		"NAME         USERNAME  LAST ACTIVE  CREATED  ACCOUNT ID\n"+
		"Alice Smith  -         2h ago       1mo ago  "+aliceID+"\n"+
		"\n"+
		"== nobody: no accounts match\n"+
		"\n"+
		"== ada@example.com: 1 account\n"+
		"NAME          USERNAME  EMAIL            LAST ACTIVE  CREATED  ACCOUNT ID\n"+
		"Ada Lovelace  @ada      ada@example.com  3d ago       1y ago   "+adaID+"\n", "")
	c.terminal = false
	c.run(t, "search", "-").expect(t, exitOK, ""+
		"alice\tAlice Smith\t\t\t2026-11-28T19:55:00Z\t2026-10-19T21:55:00Z\t"+aliceID+"\n"+
		"nobody\t\t\t\t\t\t\n"+ // no account: the query and empty fields
		"ada@example.com\tAda Lovelace\tada\tada@example.com\t2026-11-25T21:55:00Z\t2025-10-24T21:55:00Z\t"+adaID+"\n", "")

	alice := rawAnswer(t, server, userKey, hub.FuncUserSearch, hub.SearchParams{Query: "alice"})
	ada := rawAnswer(t, server, userKey, hub.FuncUserSearch, hub.SearchParams{Query: "ada@example.com"})
	c.run(t, "search", "-", "--json").expect(t, exitOK, ""+
		`{"query":"alice","result":`+alice+"}\n"+
		`{"query":"nobody","result":[]}`+"\n"+
		`{"query":"ada@example.com","result":`+ada+"}\n", "")

	c.run(t, "search", "-", "--csv").expect(t, exitOK, ""+
		"query,account_id,first_name,last_name,name,email_address,last_active,created,banned,email_address_verified\r\n"+
		"alice,"+aliceID+",Alice,Smith,,,2026-11-28T19:55:00Z,2026-10-19T21:55:00Z,,\r\n"+
		"nobody,,,,,,,,,\r\n"+
		"ada@example.com,"+adaID+",Ada,Lovelace,ada,ada@example.com,2026-11-25T21:55:00Z,2025-10-24T21:55:00Z,,\r\n", "")
}

func TestSearchBulkErrors(t *testing.T) {
	server := startHub(t)
	c := newCLI(t, server, userKey)
	c.stdin = "alice\nbob\n"
	// A non-admin key with --admin: the first query fails with exit code 3,
	// and the run stops, since every query would fail the same way.
	c.run(t, "search", "-", "--admin", "--json").expect(t, exitKeyError,
		`{"query":"alice","error":"Must be an admin to do admin search."}`+"\n",
		"cocalc-tui: search for \"alice\" failed: Must be an admin to do admin search. (use an admin's API key, or search without --admin)"+
			"; stopped at this query, as every query would fail alike\n")

	// A server-side timeout on one query does not stop the others.
	server.SetFault(hubtest.FaultServerTimeout)
	r := c.run(t, "search", "-")
	if r.code != exitFailure || strings.Count(r.stderr, "failed: operation has timed out (the server gave up: try again, or raise --timeout above 15s)\n") != 2 {
		t.Errorf("exit %d, stderr:\n%s", r.code, r.stderr)
	}
	if r.stdout != "" {
		t.Errorf("stdout:\n%s", r.stdout)
	}
}

func TestNames(t *testing.T) {
	server := startHub(t)
	c := newCLI(t, server, userKey)
	unknown := "c0000000-0000-4000-8000-00000000ffff"
	c.terminal, c.width = true, 200
	c.run(t, "names", aliceID, strings.ToUpper(adaID), unknown).expect(t, exitOK, ""+
		"ACCOUNT ID                            NAME\n"+
		aliceID+"  Alice Smith\n"+
		adaID+"  Ada Lovelace\n"+
		unknown+"  Deleted User (unknown or deleted account)\n", "")
	c.terminal = false
	c.run(t, "names", aliceID, unknown).expect(t, exitOK, aliceID+"\tAlice Smith\n"+unknown+"\tDeleted User\n", "")

	want := rawAnswer(t, server, userKey, hub.FuncGetNames, []string{aliceID, adaID})
	c.run(t, "names", aliceID, adaID, "--json").expect(t, exitOK, want+"\n", "")

	c.run(t, "names", "--csv", aliceID, unknown).expect(t, exitOK, ""+
		"account_id,first_name,last_name\r\n"+
		aliceID+",Alice,Smith\r\n"+
		unknown+",Deleted,User\r\n", "")

	c.stdin = aliceID + "\n\n" + adaID + "\n"
	c.run(t, "names", "-").expect(t, exitOK, aliceID+"\tAlice Smith\n"+adaID+"\tAda Lovelace\n", "")
}

func TestNamesBadIDsSendNothing(t *testing.T) {
	server := startHub(t)
	c := newCLI(t, server, userKey)
	c.run(t, "names", aliceID, "foo").expect(t, exitUsage, "",
		`cocalc-tui: "foo" is not an account id (a UUID such as 3f2a1c9e-0b4d-4c8e-9a7f-1d2e3f4a5b6c) (see cocalc-tui names --help)`+"\n")
	c.stdin = "bar\n" + aliceID + "\nbaz\x1b[2J\n"
	c.run(t, "names", "-").expect(t, exitUsage, "",
		`cocalc-tui: 2 of the ids are not account ids (UUIDs): "bar", "baz␛[2J" (see cocalc-tui names --help)`+"\n")
	// 100,000 wrong lines make one short line.
	c.stdin = strings.Repeat("not-an-id\n", 99_999) + strings.Repeat("x", 60_000) + "\n"
	c.run(t, "names", "-").expect(t, exitUsage, "", `cocalc-tui: 100000 of the ids are not account ids (UUIDs): "not-an-id", `+
		`"not-an-id", "not-an-id", "not-an-id", "not-an-id" and 99995 more (see cocalc-tui names --help)`+"\n")
	c.stdin = strings.Repeat("x", 60_000) + "\n"
	r := c.run(t, "names", "-")
	if r.code != exitUsage || len(r.stderr) > 200 {
		t.Errorf("one long wrong id: exit %d, %d bytes of stderr: %.300q", r.code, len(r.stderr), r.stderr)
	}
	if n := len(server.Requests()); n != 0 {
		t.Errorf("%d requests were sent", n)
	}
}

func TestPing(t *testing.T) {
	server := startHub(t)
	c := newCLI(t, server, userKey)
	r := c.run(t, "ping")
	human := regexp.MustCompile(`^server time \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC · round trip \d+ ms · clock skew [+-]\d+\.\d s\n$`)
	if r.code != exitOK || !human.MatchString(r.stdout) || r.stderr != "" {
		t.Errorf("exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	r = c.run(t, "ping", "--json")
	jsonLine := regexp.MustCompile(`^\{"now":\d+,"round_trip_ms":\d+,"skew_ms":-?\d+\}\n$`)
	if r.code != exitOK || !jsonLine.MatchString(r.stdout) {
		t.Errorf("exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
}

func TestWhoami(t *testing.T) {
	server := startHubAtTestNow(t)
	const (
		now        = "2026-11-28T21:55:00.000Z" // testNow: the call itself uses the key
		adaKey     = `"name":"grading script","created":"2026-10-29T21:55:00.000Z","expire":null,"last_active":"` + now + `","trunc":"sk-...000001"`
		aliceKey   = `"name":"laptop","created":"2026-08-20T21:55:00.000Z","expire":"2031-11-27T21:55:00.000Z","last_active":"` + now + `","trunc":"sk-...000002"`
		adaEntry   = `{"id":1,"account_id":"` + adaID + `","expire":null,"created":"2026-10-29T21:55:00.000Z","name":"grading script","trunc":"sk-...000001","last_active":"` + now + `"}`
		aliceEntry = `{"id":2,"account_id":"` + aliceID + `","expire":"2031-11-27T21:55:00.000Z","created":"2026-08-20T21:55:00.000Z","name":"laptop","trunc":"sk-...000002","last_active":"` + now + `"}`
	)
	tests := []struct {
		key, human string
		json       *regexp.Regexp
	}{
		{adminKey, adaWhoami,
			regexp.MustCompile(`^\{"account_id":"` + adaID + `","server_time":\d+,"name":"Ada Lovelace","admin":true,"round_trip_ms":\d+,` +
				`"key":\{` + regexp.QuoteMeta(adaKey) + `\},"keys":\[` + regexp.QuoteMeta(adaEntry) + `\]\}\n$`)},
		{userKey, aliceWhoami,
			regexp.MustCompile(`^\{"account_id":"` + aliceID + `","server_time":\d+,"name":"Alice Smith","admin":false,"round_trip_ms":\d+,` +
				`"key":\{` + regexp.QuoteMeta(aliceKey) + `\},"keys":\[` + regexp.QuoteMeta(aliceEntry) + `\]\}\n$`)},
		{projectKey, "project " + projectID + " (project-scoped key: user search unavailable)\n",
			regexp.MustCompile(`^\{"project_id":"` + projectID + `","server_time":\d+,"round_trip_ms":\d+\}\n$`)},
	}
	for _, tt := range tests {
		c := newCLI(t, server, tt.key)
		c.run(t, "whoami").expect(t, exitOK, tt.human, "")
		r := c.run(t, "whoami", "--json")
		if r.code != exitOK || !tt.json.MatchString(r.stdout) {
			t.Errorf("exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
		}
	}
}

func TestFailures(t *testing.T) {
	closed := hubtest.NewServer(testData())
	closed.Close()
	proxy := startHub(t)
	proxy.SetFault(hubtest.FaultBadGateway)
	live := startHub(t)

	tests := []struct {
		name   string
		server *hubtest.Server
		key    string
		args   []string
		code   int
		stderr *regexp.Regexp
	}{
		{"server down", closed, userKey, []string{"ping"}, exitFailure,
			regexp.MustCompile(`^cocalc-tui: ping failed: cannot connect to 127\.0\.0\.1:\d+: connection refused \(check that the server is running and the address is right: http://127\.0\.0\.1:\d+, from COCALC_HOST\)\n$`)},
		{"proxy error page", proxy, userKey, []string{"search", "alice"}, exitFailure,
			regexp.MustCompile(`^cocalc-tui: search for "alice" failed: HTTP 502 Bad Gateway\b.* \(try again later, and tell the server's administrators if it keeps failing\)\n$`)},
		{"key rejected", live, "sk-wrongKey000000000009", []string{"whoami"}, exitKeyError,
			regexp.MustCompile(`^cocalc-tui: whoami failed: must be signed in and MUST provide an api key \(cookies are not allowed\) \(check the API key: it may be mistyped, expired or revoked, or its account banned; the key sk-…000009 came from COCALC_API_KEY\)\n$`)},
		{"project key on the hub", live, projectKey, []string{"names", adaID}, exitKeyError,
			regexp.MustCompile(`^cocalc-tui: name lookup failed: the API key is a project key \(of project ` + projectID + `\), but this needs an account's API key \(.*; the key sk-…000003 came from COCALC_API_KEY\)\n$`)},
		{"not an admin", live, userKey, []string{"search", "x", "--admin"}, exitKeyError,
			regexp.MustCompile(`^cocalc-tui: search for "x" failed: Must be an admin to do admin search\. \(use an admin's API key, or search without --admin\)\n$`)},
		{"no key", live, "", []string{"search", "x"}, exitKeyError,
			regexp.MustCompile(`^cocalc-tui: no API key\. Set COCALC_API_KEY, or add api_key_file / api_key_command to a profile in ~/\.config/cocalc-tui/config\.toml, or try the demo: cocalc-tui --demo\n$`)},
		{"usage", live, userKey, []string{"search"}, exitUsage,
			regexp.MustCompile(`^cocalc-tui: search needs a query \(or - to read queries from standard input\) \(see cocalc-tui search --help\)\n$`)},
		{"unknown command", live, userKey, []string{"serch", "x"}, exitUsage,
			regexp.MustCompile(`^cocalc-tui: unknown command "serch": did you mean search\? \(commands: ban, completion, fakehub, help, names, ping, search, unban, version, whoami\)\n$`)},
		{"bad limit", live, userKey, []string{"search", "x", "--limit", "3000"}, exitUsage,
			regexp.MustCompile(`^cocalc-tui: --limit must be between 1 and 2500 \(see cocalc-tui search --help\)\n$`)},
		{"plain http to another host", nil, userKey, []string{"--host", "http://cocalc.example.org", "ping"}, exitUsage,
			regexp.MustCompile(`^cocalc-tui: refusing plain http:// to cocalc\.example\.org \(the address came from --host\): .*; use https://, or add --insecure-http to send it anyway\n$`)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newCLI(t, tt.server, tt.key)
			r := c.run(t, tt.args...)
			if r.code != tt.code || r.stdout != "" || !tt.stderr.MatchString(r.stderr) {
				t.Errorf("exit %d (want %d), stdout %q\nstderr %q\nwant   %s", r.code, tt.code, r.stdout, r.stderr, tt.stderr)
			}
			if strings.Contains(r.stderr, "<") {
				t.Errorf("stderr shows markup: %q", r.stderr)
			}
		})
	}
}

// TestKeyNeverShown runs every command, succeeding and failing, and looks
// for the key in everything the user and the debug log get.
func TestKeyNeverShown(t *testing.T) {
	live := startHub(t)
	broken := startHub(t)
	broken.SetFault(hubtest.FaultNotJSON)
	closed := hubtest.NewServer(testData())
	closed.Close()
	keys := []string{adminKey, projectKey, "sk-unknownKey0000000042"}
	commandLines := [][]string{
		{"ping"}, {"whoami"}, {"search", "a", "--admin"}, {"search", "-", "--json"}, {"search", "alice", "--csv"},
		{"names", adaID}, {"names", adaID, "--json"},
	}
	for _, server := range []*hubtest.Server{live, broken, closed} {
		for _, key := range keys {
			for _, args := range commandLines {
				c := newCLI(t, server, key)
				c.stdin = "alice\n"
				r := c.run(t, append(args, "--debug")...)
				log, err := os.ReadFile(filepath.Join(stateDir(c.env.getenv), "debug.log"))
				if err != nil {
					t.Fatalf("%q: no debug log: %v", args, err)
				}
				for where, text := range map[string]string{"stdout": r.stdout, "stderr": r.stderr, "debug log": string(log)} {
					if strings.Contains(text, key) {
						t.Errorf("%q with key %s: the key is in the %s:\n%s", args, hub.MaskKey(key), where, text)
					}
				}
				if !strings.Contains(r.stderr, "cocalc-tui: debug log: "+filepath.Join(stateDir(c.env.getenv), "debug.log")) {
					t.Errorf("%q: the debug log's path is not shown: %q", args, r.stderr)
				}
			}
		}
	}
}

func TestDebugLogContent(t *testing.T) {
	server := startHub(t)
	c := newCLI(t, server, userKey)
	c.env.vars["XDG_STATE_HOME"] = filepath.Join(c.env.home, "state")
	r := c.run(t, "search", "alice", "--debug")
	path := filepath.Join(c.env.home, "state", "cocalc-tui", "debug.log")
	if r.code != exitOK || !strings.HasPrefix(r.stderr, "cocalc-tui: debug log: "+path+"\n") {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
	log, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"key=sk-…000002", "key_from=COCALC_API_KEY", "msg=http method=POST", "status=200", "msg=search query=alice accounts=1"} {
		if !strings.Contains(string(log), want) {
			t.Errorf("the log lacks %q:\n%s", want, log)
		}
	}
	if info, err := os.Stat(path); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("log permissions: %v %v", info.Mode(), err)
	}
}

func TestProfilesThroughRun(t *testing.T) {
	server := startHubAtTestNow(t)
	c := newCLI(t, nil, "")
	c.env.writeConfig(t, `default_profile = "test"
[profiles.test]
host = "`+server.URL+`"
api_key_command = "echo `+userKey+`"

[profiles.leaky]
host = "`+server.URL+`"
api_key_file = "~/leaky.key"

[profiles.admin]
host = "`+server.URL+`"
api_key_file = "~/admin.key"
`)
	c.env.writeKeyFile(t, "leaky.key", adminKey+"\n", 0o644)
	c.env.writeKeyFile(t, "admin.key", adminKey+"\n", 0o600)

	c.run(t, "whoami").expect(t, exitOK, aliceWhoami, "")
	c.run(t, "whoami", "--profile", "admin").expect(t, exitOK, adaWhoami, "")
	leaky := filepath.Join(c.env.home, "leaky.key")
	c.run(t, "--profile", "leaky", "whoami").expect(t, exitKeyError, "",
		"cocalc-tui: refusing the API key file "+leaky+": its permissions 0644 let other users read it; run: chmod 600 "+leaky+"\n")
	c.run(t, "--profile", "nope", "whoami").expect(t, exitUsage, "",
		`cocalc-tui: unknown profile "nope" (from --profile); profiles in `+configPath(c.env.getenv)+": admin, leaky, test\n")
	// The environment beats the default profile, when it names the server
	// its key is for...
	c.env.vars[envAPIKey], c.env.vars[envHost] = adminKey, server.URL
	c.run(t, "whoami").expect(t, exitOK, adaWhoami, "")
	// ...and COCALC_API_KEY alone is cocalc.com's key: it never goes to the
	// default profile's server, which has a key of its own.
	delete(c.env.vars, envHost)
	c.run(t, "whoami").expect(t, exitUsage, "", "cocalc-tui: COCALC_API_KEY is for https://cocalc.com (COCALC_HOST is not set), "+
		"but the server is "+server.URL+` (from the config file's default_profile "test"): a key goes only to the server it `+
		"was configured for; set COCALC_HOST to that server too, or unset COCALC_API_KEY (or name the profile: --profile test) "+
		"to use the profile's own key\n")
	// A profile's key never goes to the server of COCALC_HOST.
	delete(c.env.vars, envAPIKey)
	c.env.vars[envHost] = "http://other.localhost:1"
	c.run(t, "whoami").expect(t, exitUsage, "", `cocalc-tui: the key of profile "test" is for `+server.URL+
		", but the server is http://other.localhost:1 (from COCALC_HOST): a key goes only to the server it was configured "+
		"for; set COCALC_API_KEY to a key of that server, or use a profile whose host it is\n")
	if n := len(server.Requests()); n == 0 {
		t.Fatal("no request at all: the test is wrong")
	}
	// ...but not a profile named on the command line.
	c.env.vars[envAPIKey] = adminKey
	c.run(t, "whoami", "--profile", "test").expect(t, exitOK, aliceWhoami, "")
}

func TestKeyCommandFailureThroughRun(t *testing.T) {
	c := newCLI(t, nil, "")
	c.env.writeConfig(t, "[profiles.vault]\napi_key_command = \"echo 'vault is sealed' >&2; exit 1\"\n")
	c.run(t, "--profile", "vault", "ping").expect(t, exitKeyError, "",
		"cocalc-tui: api_key_command failed (exit status 1): vault is sealed\n")
}

func TestTUI(t *testing.T) {
	server := startHub(t)
	c := newCLI(t, server, userKey)
	var got ui.Config
	c.runTUI = func(_ context.Context, cfg ui.Config) error { got = cfg; return nil }
	c.run(t).expect(t, exitUsage, "",
		"cocalc-tui: the terminal UI needs a terminal; for scripts use a command: ban, completion, fakehub, help, names, ping, search, unban, version, whoami\n")
	c.terminal = true
	c.run(t, "--ping-interval", "3s", "--timeout", "5s", "--limit", "500").expect(t, exitOK, "", "")
	if got.Client == nil || got.MaskedKey != "sk-…000002" || got.Demo || got.PingInterval != 3*time.Second ||
		got.Client.CallTimeout() != 5*time.Second || got.Client.BaseURL() != server.URL || got.Limit != 500 {
		t.Errorf("ui.Config = %+v", got)
	}
	c.run(t, "--json").expect(t, exitUsage, "",
		"cocalc-tui: --json is a flag of the fakehub, names, ping, search and whoami commands, not of the terminal UI (see cocalc-tui --help)\n")
}

func TestHelpAndVersion(t *testing.T) {
	c := newCLI(t, nil, "")
	for _, args := range [][]string{{"--help"}, {"-h"}, {"help", "search"}, {"search", "--help"}, {"names", "-h"},
		{"ping", "--help"}, {"whoami", "--help"}, {"fakehub", "--help"}} {
		r := c.run(t, args...)
		if r.code != exitOK || !strings.Contains(r.stdout, "Usage:") || !strings.Contains(r.stdout, "Exit codes:") || r.stderr != "" {
			t.Errorf("%q: exit %d, stdout:\n%s\nstderr: %q", args, r.code, r.stdout, r.stderr)
		}
	}
	if r := c.run(t, "search", "--help"); !strings.Contains(r.stdout, "--only-email") {
		t.Errorf("search --help does not explain --only-email:\n%s", r.stdout)
	}
	c.run(t, "--version").expect(t, exitOK, "cocalc-tui "+buildVersion()+"\n", "")
}
