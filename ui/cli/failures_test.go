package cli

import (
	"encoding/base64"
	"encoding/json"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"cocalc-tui/hub/clean/cleantest"
	"cocalc-tui/hub/hubtest"
)

// commandUnderTest is one command that talks to the server, as the failure
// matrix runs it.
type commandUnderTest struct {
	name  string
	args  []string
	stdin string
	what  string // the start of its error line, before ": ": what failed
	bulk  bool   // search -, whose output has a record per query, failed ones too
}

var serverCommands = []commandUnderTest{
	{name: "ping", args: []string{"ping"}, what: "ping failed"},
	{name: "whoami", args: []string{"whoami"}, what: "whoami failed"},
	{name: "search", args: []string{"search", "alice"}, what: `search for "alice" failed`},
	{name: "search -", args: []string{"search", "-"}, stdin: "alice\n", what: `search for "alice" failed`, bulk: true},
	{name: "names", args: []string{"names", adaID}, what: "name lookup failed"},
}

// failureSetup is the world one run fails in.
type failureSetup struct {
	host string // COCALC_HOST
	key  string // COCALC_API_KEY
	// check, if set, checks the servers after the run (that no request
	// reached a host it must not reach).
	check func(t *testing.T)
}

// failureCase is one way a call can fail, and what every command must say.
type failureCase struct {
	name  string
	start func(t *testing.T) failureSetup
	flags []string
	code  int
	// message is the regexp of the error line after "<what failed>: ";
	// messages overrides it for some commands.
	message  string
	messages map[string]string
	// line, for failures found before any call, is the regexp of the whole
	// line after "cocalc-tui: ".
	line string
	// only lists the commands the failure applies to (all when empty).
	only []string
	// continues says that search - goes on after this error, which may be
	// the query's own; otherwise it stops there, and says so.
	continues bool
	// within bounds how long a run may take (generous: a bound, not a
	// measurement).
	within time.Duration
}

func (fc failureCase) appliesTo(cmd commandUnderTest) bool {
	return len(fc.only) == 0 || slices.Contains(fc.only, cmd.name)
}

// wantLine is the regexp of the whole stderr line a command must print.
func (fc failureCase) wantLine(cmd commandUnderTest) *regexp.Regexp {
	if fc.line != "" {
		return regexp.MustCompile(`^cocalc-tui: ` + fc.line + `\n$`)
	}
	message := fc.message
	if m, ok := fc.messages[cmd.name]; ok {
		message = m
	}
	stopped := ""
	if cmd.bulk && !fc.continues {
		stopped = regexp.QuoteMeta("; stopped at this query, as every query would fail alike")
	}
	return regexp.MustCompile(`^cocalc-tui: ` + regexp.QuoteMeta(cmd.what) + `: ` + message + stopped + `\n$`)
}

const (
	wrongKey = "sk-wrongKey000000000009"
	// fromEnv is how hints name the address the runs get from COCALC_HOST.
	localFromEnv = `http://127\.0\.0\.1:\d+, from COCALC_HOST`
)

// liveHub is a setup with the test data's server and a key.
func liveHub(key string) func(t *testing.T) failureSetup {
	return func(t *testing.T) failureSetup {
		return failureSetup{host: startHub(t).URL, key: key}
	}
}

// faultyHub is a setup whose server fails every call with fault.
func faultyHub(fault hubtest.Fault) func(t *testing.T) failureSetup {
	return func(t *testing.T) failureSetup {
		server := startHub(t)
		server.SetFault(fault)
		return failureSetup{host: server.URL, key: userKey}
	}
}

// stalledBodyServer sends the headers and the first bytes of an answer,
// then nothing more until the client goes away.
func stalledBodyServer(t *testing.T) failureSetup {
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(http.StatusOK)
		_, _ = io.WriteString(w, `[{"account_id":`)
		_ = http.NewResponseController(w).Flush()
		<-r.Context().Done()
	}))
	t.Cleanup(server.Close)
	return failureSetup{host: server.URL, key: userKey}
}

// redirectingServer answers every request with a 307 to another server, a
// fake hub that must never hear from the client.
func redirectingServer(t *testing.T) failureSetup {
	other := startHub(t)
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+r.URL.Path, http.StatusTemporaryRedirect)
	}))
	t.Cleanup(server.Close)
	return failureSetup{host: server.URL, key: userKey, check: func(t *testing.T) {
		t.Helper()
		if n := len(other.Requests()); n != 0 {
			t.Errorf("the host redirected to received %d requests, want none", n)
		}
	}}
}

// untrustedTLSServer serves the fake hub over https with a certificate no
// system trusts.
func untrustedTLSServer(t *testing.T) failureSetup {
	hub := startHub(t)
	server := httptest.NewUnstartedServer(hub.Handler())
	server.Config.ErrorLog = log.New(io.Discard, "", 0) // the failed handshakes are the point
	server.StartTLS()
	t.Cleanup(server.Close)
	return failureSetup{host: server.URL, key: userKey, check: func(t *testing.T) {
		t.Helper()
		for _, r := range hub.Requests() {
			t.Errorf("a request reached the server (Authorization sent: %v)", r.Header.Get("Authorization") != "")
		}
	}}
}

func failureCases() []failureCase {
	anyCheckHint := `\(check that the address is a CoCalc server's: ` + localFromEnv + `\)`
	retryLater := regexp.QuoteMeta(`(try again later, and tell the server's administrators if it keeps failing)`)
	return []failureCase{
		{name: "missing key", start: liveHub(""), code: exitKeyError,
			line: `no API key\. Set COCALC_API_KEY, or add api_key_file / api_key_command to a profile in ` +
				`~/\.config/cocalc-tui/config\.toml, or try the demo: cocalc-tui --demo`},
		{name: "bad key", start: liveHub(wrongKey), code: exitKeyError,
			message: `must be signed in and MUST provide an api key \(cookies are not allowed\) \(check the API key: it may ` +
				`be mistyped, expired or revoked, or its account banned; the key sk-…000009 came from COCALC_API_KEY\)`},
		{name: "project key", start: liveHub(projectKey), code: exitKeyError,
			only: []string{"ping", "search", "search -", "names"}, // whoami reports the key's project, exit 0
			message: `the API key is a project key \(of project ` + projectID + `\), but this needs an account's API key ` +
				`\(create one under API keys in your CoCalc account's settings; the key sk-…000003 came from COCALC_API_KEY\)`},
		{name: "not an admin", start: liveHub(userKey), flags: []string{"--admin"}, code: exitKeyError,
			only:    []string{"search", "search -"}, // --admin is a search flag
			message: `Must be an admin to do admin search\. \(use an admin's API key, or search without --admin\)`},
		{name: "wrong base path (404 page)", code: exitFailure,
			start: func(t *testing.T) failureSetup {
				return failureSetup{host: startHub(t).URL + "/cocalc", key: userKey}
			},
			message: `HTTP 404 Not Found\b[^()]* \(check the host and base path: http://127\.0\.0\.1:\d+/cocalc, from COCALC_HOST\)`},
		{name: "502 page of a proxy", start: faultyHub(hubtest.FaultBadGateway), code: exitFailure,
			message: `HTTP 502 Bad Gateway\b[^()]* ` + retryLater},
		{name: "504 page of a proxy", start: faultyHub(hubtest.FaultGatewayTimeout), code: exitFailure,
			message: `HTTP 504 Gateway Timeout\b[^()]* ` + retryLater},
		{name: "500 plain text", start: faultyHub(hubtest.FaultInternalText), code: exitFailure,
			message: `HTTP 500 Internal Server Error\b[^()]* ` + retryLater},
		{name: "400 bad request", start: faultyHub(hubtest.FaultBadRequest), code: exitFailure,
			message: `HTTP 400 Bad Request\b[^()]* \(check the host and base path: ` + localFromEnv + `\)`},
		{name: "not JSON", start: faultyHub(hubtest.FaultNotJSON), code: exitFailure,
			message: `the answer is not valid JSON \(it looks like an HTML page\) ` + anyCheckHint},
		{name: "truncated", start: faultyHub(hubtest.FaultTruncated), code: exitFailure,
			message: `the answer is not valid JSON \(it looks cut short\) ` + anyCheckHint},
		{name: "wrong shape", start: faultyHub(hubtest.FaultWrongShape), code: exitFailure,
			messages: map[string]string{
				"ping":     `the answer has an unexpected shape: got a JSON array, expected an object ` + anyCheckHint,
				"whoami":   `the answer has an unexpected shape: got a JSON array, expected an object ` + anyCheckHint,
				"search":   `the answer has an unexpected shape: got a JSON object, expected a list ` + anyCheckHint,
				"search -": `the answer has an unexpected shape: got a JSON object, expected a list ` + anyCheckHint,
				"names":    `the answer has an unexpected shape: got a JSON array, expected an object of names ` + anyCheckHint,
			}},
		{name: "oversized", start: faultyHub(hubtest.FaultOversized), code: exitFailure,
			message: `the answer is larger than 32 MiB; not read ` + anyCheckHint},
		{name: "no answer", start: faultyHub(hubtest.FaultHang), flags: []string{"--timeout", "1s"}, code: exitFailure,
			within: 10 * time.Second,
			message: `no answer from 127\.0\.0\.1:\d+ within [\d.]+m?s ` +
				`\(the server may be down or overloaded: try again, or raise --timeout above 1s\)`},
		{name: "answer stalls after the headers", start: stalledBodyServer, flags: []string{"--timeout", "1s"},
			code: exitFailure, within: 10 * time.Second,
			message: `the answer from 127\.0\.0\.1:\d+ stopped arriving: nothing more within 1s ` +
				`\(the server may be down or overloaded: try again, or raise --timeout above 1s\)`},
		{name: "server's timeout (408)", start: faultyHub(hubtest.FaultServerTimeout), code: exitFailure, continues: true,
			message: `operation has timed out \(the server gave up: try again, or raise --timeout above 15s\)`},
		{name: "hub service down (503)", start: faultyHub(hubtest.FaultUnavailable), code: exitFailure, continues: true,
			message: `request -- no subscribers matching 'hub\.account\.` + aliceID + `\.api' ` +
				`\(the server is up but its hub service is not; try again shortly\)`},
		{name: "server stopped", code: exitFailure,
			start: func(t *testing.T) failureSetup {
				server := startHub(t)
				server.Stop()
				return failureSetup{host: server.URL, key: userKey}
			},
			message: `cannot connect to 127\.0\.0\.1:\d+: connection refused ` +
				`\(check that the server is running and the address is right: ` + localFromEnv + `\)`},
		{name: "unknown host", flags: []string{"--timeout", "5s"}, code: exitFailure, within: 15 * time.Second,
			start: func(*testing.T) failureSetup { return failureSetup{host: "https://cocalc.invalid", key: userKey} },
			// .invalid never resolves (RFC 6761); where no resolver answers at all, the time limit ends the wait.
			message: `(cannot find host cocalc\.invalid \(check the host name: https://cocalc\.invalid, from COCALC_HOST\)` +
				`|no answer from cocalc\.invalid within [\d.]+m?s \(.*\))`},
		{name: "redirect to another host", start: redirectingServer, code: exitFailure,
			message: `the server redirected \(HTTP 307\) instead of answering; not followed, so the key stays with ` +
				`127\.0\.0\.1:\d+; it pointed to http://127\.0\.0\.1:\d+/api/conat/hub ` +
				`\(check the host and base path: ` + localFromEnv + `; if the server moved, use its new address\)`},
		{name: "untrusted certificate", start: untrustedTLSServer, code: exitFailure,
			message: `the certificate of 127\.0\.0\.1:\d+ is not trusted: x509: [^()]*(\([^()]*\))?[^()]* ` +
				`\(if the server's certificate comes from a private authority, add that authority to the system's ` +
				`trusted certificates or point SSL_CERT_FILE at it; the key was not sent\)`},
		{name: "plain http to another host", code: exitUsage,
			start: func(*testing.T) failureSetup { return failureSetup{host: "http://cocalc.invalid", key: userKey} },
			line: `refusing plain http:// to cocalc\.invalid \(the address came from COCALC_HOST\): the API key would ` +
				`cross the network unencrypted; use https://, or add --insecure-http to send it anyway`},
	}
}

// TestEveryFailureOfEveryCommand runs each command that talks to the server
// into each failure, and checks what the user gets: the exit code, one line
// on stderr that says what failed and what to do, free of markup, controls
// and the key, and nothing on stdout but the documented records of search -.
// Every cell runs twice: human output, then --json with --debug, whose log
// must not hold the key either.
func TestEveryFailureOfEveryCommand(t *testing.T) {
	for _, fc := range failureCases() {
		t.Run(fc.name, func(t *testing.T) {
			t.Parallel()
			for _, cmd := range serverCommands {
				if !fc.appliesTo(cmd) {
					continue
				}
				t.Run(cmd.name, func(t *testing.T) {
					t.Parallel()
					setup := fc.start(t)
					runFailure(t, fc, cmd, setup, false)
					runFailure(t, fc, cmd, setup, true)
					if setup.check != nil {
						setup.check(t)
					}
				})
			}
		})
	}
}

// runFailure runs one cell of the matrix and checks everything the user and
// the debug log get.
func runFailure(t *testing.T, fc failureCase, cmd commandUnderTest, setup failureSetup, jsonAndDebug bool) {
	t.Helper()
	c := newCLI(t, nil, setup.key)
	c.env.vars[envHost] = setup.host
	c.env.vars["XDG_STATE_HOME"] = t.TempDir()
	c.stdin = cmd.stdin
	args := append(append([]string{}, cmd.args...), fc.flags...)
	mode := "human output"
	if jsonAndDebug {
		args = append(args, "--json", "--debug")
		mode = "--json --debug"
	}
	started := time.Now()
	r := c.run(t, args...)
	elapsed := time.Since(started)
	if fc.within > 0 && elapsed > fc.within {
		t.Errorf("%s: took %s, want at most %s", mode, elapsed.Round(time.Millisecond), fc.within)
	}
	if r.code != fc.code {
		t.Errorf("%s: exit code %d, want %d (stderr %q)", mode, r.code, fc.code, r.stderr)
	}

	stderr := r.stderr
	if jsonAndDebug {
		logPath := filepath.Join(stateDir(c.env.getenv), "debug.log")
		notice := "cocalc-tui: debug log: " + logPath + "\n"
		if !strings.HasPrefix(stderr, notice) {
			t.Errorf("%s: stderr does not start with %q: %q", mode, notice, stderr)
		}
		stderr = strings.TrimPrefix(stderr, notice)
		debugLog, err := os.ReadFile(logPath)
		if err != nil {
			t.Fatalf("%s: no debug log: %v", mode, err)
		}
		checkKeyAbsent(t, "the debug log", string(debugLog), setup.key)
	}
	line := checkOneErrorLine(t, mode, stderr)
	if want := fc.wantLine(cmd); !want.MatchString(line) {
		t.Errorf("%s: stderr line\n  %q\nwant\n  %s", mode, line, want)
	}
	checkNoMarkupOrControls(t, "stderr ("+mode+")", line)
	checkKeyAbsent(t, "stderr ("+mode+")", r.stderr, setup.key)
	checkKeyAbsent(t, "stdout ("+mode+")", r.stdout, setup.key)
	checkFailureStdout(t, fc, cmd, jsonAndDebug, r.stdout)
	if cmd.name == "search" && !jsonAndDebug {
		t.Logf("search: exit %d, stderr %s", r.code, strings.TrimSuffix(line, "\n"))
	}
}

// checkOneErrorLine checks that stderr is exactly one line starting with
// "cocalc-tui: ", and returns it.
func checkOneErrorLine(t *testing.T, mode, stderr string) string {
	t.Helper()
	if strings.Count(stderr, "\n") != 1 || !strings.HasSuffix(stderr, "\n") {
		t.Errorf("%s: stderr is not exactly one line: %q", mode, stderr)
	}
	if !strings.HasPrefix(stderr, "cocalc-tui: ") {
		t.Errorf("%s: stderr does not start with %q: %q", mode, "cocalc-tui: ", stderr)
	}
	return stderr
}

// checkNoMarkupOrControls checks that a message holds no HTML and nothing a
// terminal would act on: no byte below 0x20 but the final newline, no DEL,
// no C1 control, no bidi control, valid UTF-8.
func checkNoMarkupOrControls(t *testing.T, where, text string) {
	t.Helper()
	for _, markup := range []string{"<", "html", "DOCTYPE", "&lt;", "&quot;"} {
		if strings.Contains(text, markup) {
			t.Errorf("%s holds markup %q: %q", where, markup, text)
		}
	}
	if bad, ok := firstTerminalHazard(strings.TrimSuffix(text, "\n"), false); ok {
		t.Errorf("%s holds %U, which a terminal would act on: %q", where, bad, text)
	}
}

// firstTerminalHazard finds the first rune of text that a terminal would
// act on: C0 controls (but newline, and tab if allowed), DEL, C1 controls,
// bidi controls, invalid UTF-8.
func firstTerminalHazard(text string, newlines bool) (rune, bool) {
	return cleantest.FirstHazard(text, newlines)
}

// checkKeyAbsent looks for the key in every form it could leak in: as is,
// as the Authorization header's base64 (with and without padding), and
// without its "sk-" prefix.
func checkKeyAbsent(t *testing.T, where, text, key string) {
	t.Helper()
	if key == "" {
		return
	}
	basic := base64.StdEncoding.EncodeToString([]byte(key + ":"))
	forms := map[string]string{
		"the key":                     key,
		"the key's Basic credentials": basic,
		"the key's Basic credentials without padding": strings.TrimRight(basic, "="),
		"the key without its prefix":                  strings.TrimPrefix(strings.TrimPrefix(key, "sk-"), "sk_"),
		"the key's standard base64":                   base64.StdEncoding.EncodeToString([]byte(key)),
	}
	for what, form := range forms {
		if strings.Contains(text, form) {
			t.Errorf("%s holds %s (%q):\n%s", where, what, form, text)
		}
	}
}

// checkFailureStdout checks that a failed run printed nothing, or for
// search - its documented record of the failed query: a heading in human
// output, a JSON line with the error in --json.
func checkFailureStdout(t *testing.T, fc failureCase, cmd commandUnderTest, jsonOutput bool, stdout string) {
	t.Helper()
	if !cmd.bulk || fc.line != "" { // a failure before any call prints nothing
		if stdout != "" {
			t.Errorf("stdout %q, want nothing", stdout)
		}
		return
	}
	if !jsonOutput { // tab-separated, into a pipe: no line for a failed query
		if stdout != "" {
			t.Errorf("stdout %q, want nothing", stdout)
		}
		return
	}
	var record struct {
		Query string  `json:"query"`
		Error *string `json:"error"`
	}
	if strings.Count(stdout, "\n") != 1 || json.Unmarshal([]byte(stdout), &record) != nil ||
		record.Query != "alice" || record.Error == nil || *record.Error == "" {
		t.Errorf("stdout %q, want one JSON line {\"query\":\"alice\",\"error\":\"…\"}", stdout)
		return
	}
	checkNoMarkupOrControls(t, "the JSON line's error", *record.Error)
}
