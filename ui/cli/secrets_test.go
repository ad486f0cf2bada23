package cli

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"cocalc-tui/hub"
	"cocalc-tui/ui"
)

func TestPanicLineNeverShowsTheKey(t *testing.T) {
	key := "sk-panicKey000000000077"
	secrets.Add(key)
	basic := base64.StdEncoding.EncodeToString([]byte(key + ":"))
	for _, value := range []any{
		"boom with " + key,
		&struct{ Header, Key string }{"Basic " + basic, key},
		[]byte("raw " + strings.TrimPrefix(key, "sk-") + "\x1b]52;c;aGk=\x07<html>"),
	} {
		var stderr bytes.Buffer
		ReportPanic(&stderr, value)
		line := checkOneErrorLine(t, "panic", stderr.String())
		checkKeyAbsent(t, "the panic line", line, key)
		if !strings.HasPrefix(line, "cocalc-tui: internal error: ") || !strings.Contains(line, "please report it") {
			t.Errorf("panic line %q: want an internal error that asks for a report", line)
		}
		if bad, found := firstTerminalHazard(strings.TrimSuffix(line, "\n"), false); found {
			t.Errorf("the panic line holds %U: %q", bad, line)
		}
	}
}

// TestPanicInACommandBecomesAMessage makes the terminal UI panic with the
// key in the panic's value, as a bug might, and checks the user gets one
// line without the key, exit code 1, the terminal restored, and the debug
// log the stack, also without the key.
func TestPanicInACommandBecomesAMessage(t *testing.T) {
	server := startHub(t)
	c := newCLI(t, server, userKey)
	c.env.vars["XDG_STATE_HOME"] = t.TempDir()
	c.terminal = true
	c.runTUI = func(_ context.Context, cfg ui.Config) error {
		panic("the UI broke while holding " + userKey + " for " + cfg.Client.BaseURL())
	}
	restored := false
	var stdout, stderr bytes.Buffer
	code := Run(context.Background(), []string{"--debug"}, Env{
		Stdout: &stdout, Stderr: &stderr, Getenv: c.env.getenv, StdoutIsTerminal: true,
		RunTUI: c.runTUI, RestoreTerminal: func() { restored = true },
	})
	if code != exitFailure {
		t.Errorf("exit code %d, want %d", code, exitFailure)
	}
	logPath := filepath.Join(stateDir(c.env.getenv), "debug.log")
	// The UI hides the first notice of the log's path, so it comes again at the end.
	notice := "cocalc-tui: debug log: " + logPath + "\n"
	lines := strings.SplitAfter(stderr.String(), "\n")
	if len(lines) != 4 || lines[0] != notice || lines[2] != notice || lines[3] != "" {
		t.Fatalf("stderr %q: want the debug log's path, one line, the path again", stderr.String())
	}
	if want := "cocalc-tui: internal error: the UI broke while holding [redacted] for " + server.URL +
		" (this is a bug: please report it, with the --debug log if you can)\n"; lines[1] != want {
		t.Errorf("stderr line\n  %q\nwant\n  %q", lines[1], want)
	}
	if !restored {
		t.Error("the terminal was not restored")
	}
	debugLog, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(debugLog), "msg=panic") || !strings.Contains(string(debugLog), "runtime/debug.Stack") {
		t.Errorf("the debug log lacks the panic and its stack:\n%s", debugLog)
	}
	checkKeyAbsent(t, "the debug log", string(debugLog), userKey)
	checkKeyAbsent(t, "stderr", stderr.String(), userKey)
	checkKeyAbsent(t, "stdout", stdout.String(), userKey)
}

// TestNoFlagForTheKey checks that the flags people try for the key are
// refused, pointing to where the key goes, without echoing the value and
// before anything is sent.
func TestNoFlagForTheKey(t *testing.T) {
	server := startHub(t)
	secret := "sk-typedOnTheCommandLine01"
	for _, args := range [][]string{
		{"--api-key", secret, "ping"},
		{"--api-key=" + secret, "ping"},
		{"ping", "--key", secret},
		{"search", "alice", "-k", secret},
		{"-k=" + secret, "whoami"},
		{"names", adaID, "--token", secret},
		{"--API-KEY", secret, "search", "x"},
	} {
		c := newCLI(t, server, "")
		r := c.run(t, args...)
		want := "cocalc-tui: there is no flag for the API key, since the process list would show it: set COCALC_API_KEY, " +
			"or use api_key_file or api_key_command in a profile of ~/.config/cocalc-tui/config.toml (see cocalc-tui --help)\n"
		if r.code != exitUsage || r.stdout != "" || r.stderr != want {
			t.Errorf("%q: exit %d, stdout %q\nstderr %q\nwant   %q", args, r.code, r.stdout, r.stderr, want)
		}
		checkKeyAbsent(t, "stderr", r.stderr, secret)
	}
	if n := len(server.Requests()); n != 0 {
		t.Errorf("%d requests were sent", n)
	}
	// A key pasted where the command goes is not repeated.
	c := newCLI(t, server, "")
	c.run(t, secret, "ping").expect(t, exitUsage, "", "cocalc-tui: unknown command: the first word looks like an API key, "+
		"which goes in COCALC_API_KEY, never on the command line (commands: ban, completion, fakehub, help, names, ping, search, unban, version, whoami)\n")
	for _, word := range []string{"sk-short", "sk-not a key at all, just words", "skip"} {
		if hub.LooksLikeKey(word) {
			t.Errorf("%q looks like a key", word)
		}
	}
	// Other unknown flags are shown as typed.
	c = newCLI(t, server, userKey)
	c.run(t, "ping", "-x").expect(t, exitUsage, "", "cocalc-tui: unknown flag -x (see cocalc-tui ping --help)\n")
	c.run(t, "ping", "--nope").expect(t, exitUsage, "", "cocalc-tui: unknown flag --nope (see cocalc-tui ping --help)\n")
}

// TestKeyInTheServerAddressStaysOutOfTheLog puts the key where it does not
// belong, in the address, and checks that neither the message nor the debug
// log repeats it.
func TestKeyInTheServerAddressStaysOutOfTheLog(t *testing.T) {
	for _, host := range []string{
		"https://" + userKey + ":@cocalc.example.org",
		"https://user:" + userKey + "@cocalc.example.org",
		"https://cocalc.example.org/?api_key=" + userKey,
		"https://cocalc.example.org/#" + userKey,
		"http://127.0.0.1:1/" + userKey,
		"http://127.0.0.1:1/base/sk-SomeOtherKeyPasted00001/x",
		"127.0.0.1:1/" + userKey, // no scheme: the suggested URL repeats the address
		"cocalc.example.org/sk-SomeOtherKeyPasted00001",
	} {
		c := newCLI(t, nil, "sk-anotherKey0000000001")
		c.env.vars["XDG_STATE_HOME"] = t.TempDir()
		r := c.run(t, "--host", host, "ping", "--debug")
		refused := r.code == exitUsage && strings.Contains(r.stderr, "bad server address from --host: ")
		unreachable := r.code == exitFailure && strings.Contains(r.stderr, "ping failed: cannot connect to 127.0.0.1:1")
		if !refused && !unreachable {
			t.Errorf("--host %s: exit %d, stderr %q", hub.MaskKey(host), r.code, r.stderr)
		}
		for _, key := range []string{userKey, "sk-SomeOtherKeyPasted00001"} {
			checkKeyAbsent(t, "stderr", r.stderr, key)
			checkKeyAbsent(t, "the debug log", readDebugLog(t, c), key)
		}
	}
}

// TestNamesFromStandardInputStopOnSignal interrupts names - while it waits
// for ids that never come.
func TestNamesFromStandardInputStopOnSignal(t *testing.T) {
	server := startHub(t)
	c := newCLI(t, server, userKey)
	stdin, writer := io.Pipe()
	defer writer.Close()
	ctx, cancel := context.WithCancelCause(context.Background())
	cancel(interruptedBySIGTERM)
	var stdout, stderr bytes.Buffer
	code := Run(ctx, []string{"names", "-"}, Env{Stdin: stdin, Stdout: &stdout, Stderr: &stderr, Getenv: c.env.getenv})
	want := "cocalc-tui: names stopped while reading ids from standard input: interrupted by SIGTERM (run it again to finish)\n"
	if code != 143 || stdout.String() != "" || stderr.String() != want {
		t.Errorf("exit %d (want 143), stdout %q\nstderr %q\nwant   %q", code, stdout.String(), stderr.String(), want)
	}
	if n := len(server.Requests()); n != 0 {
		t.Errorf("%d requests were sent", n)
	}
}

// TestServerErrorNeverShowsTheKeyWithoutPrefixInBase64 has a server answer
// every call with an error holding the key without its "sk-" prefix in
// base64 (the variants an attacker tried: both alphabets, with and without
// padding, after one or two bytes, after "Bearer ", as Basic credentials)
// and the base64 of the key's base64: neither stderr nor a --json record's
// error shows it.
func TestServerErrorNeverShowsTheKeyWithoutPrefixInBase64(t *testing.T) {
	key := "sk-LVFqtICOfKU6kULz0000Tj"
	rest := strings.TrimPrefix(key, "sk-")
	b64 := func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
	leaks := []string{
		"TFZGcXRJQ09mS1U2a1VMejAwMDBUag==", // base64(rest), as the attacker's server sent it
		base64.RawURLEncoding.EncodeToString([]byte(rest)),
		b64("x" + rest), b64("xy" + rest), b64("Bearer " + rest), b64(rest + ":"),
		b64(b64(key)), b64("x" + b64(key) + "y"), b64(b64(rest)),
	}
	for _, leak := range leaks {
		server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			_ = json.NewEncoder(w).Encode(map[string]string{"error": "bad: " + leak})
		}))
		c := newCLI(t, nil, key)
		c.env.vars[envHost] = server.URL
		c.stdin = "alice\n"
		ping := c.run(t, "ping")
		search := c.run(t, "search", "-", "--json")
		server.Close()
		for where, text := range map[string]string{"ping's stderr": ping.stderr, "search's JSON record": search.stdout} {
			if strings.Contains(text, leak) || !strings.Contains(text, "bad: ") || !strings.Contains(text, hub.Redacted) {
				t.Errorf("%s for the error %q: %q", where, "bad: "+leak, text)
			}
		}
	}
}
