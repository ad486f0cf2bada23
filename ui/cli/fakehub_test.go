package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"cocalc-tui/hub/hubtest"
)

// runningFakehub is `cocalc-tui fakehub` running in a goroutine.
type runningFakehub struct {
	stdout *bufio.Reader
	stderr *syncBuffer
	cancel context.CancelFunc
	done   chan int
	drain  sync.Once
}

// syncBuffer is a bytes.Buffer safe to write from the command's goroutine.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// startFakehub runs the fakehub command until the test ends (or stop).
func startFakehub(t *testing.T, args ...string) *runningFakehub {
	t.Helper()
	reader, writer := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	f := &runningFakehub{stdout: bufio.NewReader(reader), stderr: &syncBuffer{}, cancel: cancel, done: make(chan int, 1)}
	env := newFakeEnv(t)
	go func() {
		code := Run(ctx, append([]string{"fakehub"}, args...), Env{Stdout: writer, Stderr: f.stderr, Getenv: env.getenv,
			Now: func() time.Time { return testNow }})
		writer.Close()
		f.done <- code
	}()
	t.Cleanup(func() { f.stop(t) })
	return f
}

// stop sends what SIGINT would (a canceled context) and returns the exit code.
func (f *runningFakehub) stop(t *testing.T) int {
	f.cancel()
	f.drain.Do(func() { go io.Copy(io.Discard, f.stdout) }) // never block the command on its output
	select {
	case code := <-f.done:
		f.done <- code
		return code
	case <-time.After(10 * time.Second):
		t.Fatal("fakehub did not stop")
		return -1
	}
}

func (f *runningFakehub) readLine(t *testing.T) string {
	t.Helper()
	line, err := f.stdout.ReadString('\n')
	if err != nil {
		t.Fatalf("reading fakehub's output: %v (stderr: %s)", err, f.stderr.String())
	}
	return line
}

// writeDataFile writes testData as a --data file.
func writeDataFile(t *testing.T) string {
	t.Helper()
	data, err := json.MarshalIndent(testData(), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "hub.json")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestFakehubServesADataFile(t *testing.T) {
	path := writeDataFile(t)
	f := startFakehub(t, "--data", path, "--base-path", "/cocalc", "--json")
	var intro struct {
		URL  string    `json:"url"`
		Data string    `json:"data"`
		Keys []fakeKey `json:"keys"`
	}
	if err := json.Unmarshal([]byte(f.readLine(t)), &intro); err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^http://127\.0\.0\.1:\d+/cocalc$`).MatchString(intro.URL) || intro.Data != path {
		t.Errorf("intro %+v", intro)
	}
	wantKeys := []fakeKey{
		{Key: adminKey, Kind: "account", AccountID: adaID, Name: "Ada Lovelace", Admin: true},
		{Key: userKey, Kind: "account", AccountID: aliceID, Name: "Alice Smith"},
		{Key: projectKey, Kind: "project", ProjectID: projectID},
	}
	if len(intro.Keys) != len(wantKeys) {
		t.Fatalf("keys %+v", intro.Keys)
	}
	for i := range wantKeys {
		if intro.Keys[i] != wantKeys[i] {
			t.Errorf("key %d = %+v, want %+v", i, intro.Keys[i], wantKeys[i])
		}
	}

	// The served data answers like any hub, here through this program.
	c := &cli{env: newFakeEnv(t, envHost, intro.URL, envAPIKey, userKey)}
	c.run(t, "search", "alice").expect(t, exitOK, "Alice Smith\t\t\t2026-11-28T19:55:00Z\t2026-10-19T21:55:00Z\t"+aliceID+"\n", "")
	// The data's key metadata served: the key's name and expiry (the
	// server's clock is the real one, so its last use is the real now).
	c.run(t, "whoami").expectLines(t, exitOK, regexp.QuoteMeta("account Alice Smith ("+aliceID+") · not admin"),
		regexp.QuoteMeta("key laptop (sk-…000002) · expires 2031-11-27 (in 5 years) · last used ")+".+")

	if code := f.stop(t); code != exitOK {
		t.Errorf("exit code %d after the signal", code)
	}
	if got := f.stderr.String(); got != "cocalc-tui: fake hub stopped\n" {
		t.Errorf("stderr %q", got)
	}
}

func TestFakehubHumanIntro(t *testing.T) {
	f := startFakehub(t, "--data", writeDataFile(t))
	var intro strings.Builder
	for !strings.Contains(intro.String(), "Press Ctrl-C") {
		intro.WriteString(f.readLine(t))
	}
	url := regexp.MustCompile(`http://127\.0\.0\.1:\d+`).FindString(intro.String())
	got := strings.ReplaceAll(intro.String(), url, "URL")
	path := regexp.MustCompile(`data of (\S+) at`).FindStringSubmatch(got)[1]
	got = strings.ReplaceAll(got, path, "FILE")
	want := "" +
		"Fake CoCalc hub with the data of FILE at URL\n" +
		"\n" +
		"API keys (from that file: your own test data):\n" +
		"  KEY                      SCOPE\n" +
		"  " + adminKey + "  admin Ada Lovelace (" + adaID + ")\n" +
		"  " + userKey + "  user Alice Smith (" + aliceID + ")\n" +
		"  " + projectKey + "  project " + projectID + "\n" +
		"\n" +
		"Try:\n" +
		"  curl -s -u '" + adminKey + ":' -H 'Content-Type: application/json' -d '{\"name\":\"system.ping\",\"args\":[{}]}' URL/api/conat/hub\n" +
		"  COCALC_HOST=URL COCALC_API_KEY='" + adminKey + "' cocalc-tui search alice\n" +
		"\n" +
		"Press Ctrl-C to stop.\n"
	if got != want {
		t.Errorf("intro:\n%s\nwant:\n%s", got, want)
	}
}

func TestFakehubDemoData(t *testing.T) {
	f := startFakehub(t, "--json")
	var intro struct {
		URL  string    `json:"url"`
		Keys []fakeKey `json:"keys"`
	}
	if err := json.Unmarshal([]byte(f.readLine(t)), &intro); err != nil {
		t.Fatal(err)
	}
	if len(intro.Keys) < 3 || intro.Keys[0].Key != hubtest.DemoAdminKey {
		t.Errorf("keys %+v", intro.Keys)
	}
	c := &cli{env: newFakeEnv(t, envHost, intro.URL, envAPIKey, hubtest.DemoUserKey)}
	if r := c.run(t, "whoami"); r.code != exitOK || !strings.Contains(r.stdout, hubtest.DemoUserAccountID) {
		t.Errorf("whoami on the demo data: %+v", r)
	}
}

func TestFakehubRefusals(t *testing.T) {
	c := newCLI(t, nil, "")
	c.run(t, "fakehub", "--addr", "0.0.0.0:0").expect(t, exitUsage, "",
		"cocalc-tui: refusing to listen on 0.0.0.0:0: other machines could use the fake hub's keys; "+
			"use a loopback address such as 127.0.0.1, or add --public (see cocalc-tui fakehub --help)\n")
	c.run(t, "fakehub", "--addr", "localhost").expect(t, exitUsage, "",
		`cocalc-tui: --addr "localhost" is not HOST:PORT (e.g. 127.0.0.1:8080) (see cocalc-tui fakehub --help)`+"\n")
	bad := filepath.Join(t.TempDir(), "bad.json")
	_ = os.WriteFile(bad, []byte(`{"accounts": [{"account_id": "nope"}]}`), 0o600)
	r := c.run(t, "fakehub", "--data", bad)
	if r.code != exitUsage || !strings.HasPrefix(r.stderr, "cocalc-tui: cannot load --data: "+bad+": hub data: accounts[0]: account_id \"nope\"") {
		t.Errorf("exit %d, stderr %q", r.code, r.stderr)
	}
}

func TestDemoFlag(t *testing.T) {
	c := newCLI(t, nil, "")
	r := c.run(t, "--demo", "search", "alice")
	if r.code != exitOK || !strings.Contains(r.stdout, "Alice Smith") || strings.Contains(r.stdout, "\x1b") {
		t.Errorf("--demo search: %+v", r)
	}
	c.run(t, "whoami", "--demo", "--demo-key", "user").expectLines(t, exitOK,
		regexp.QuoteMeta("account Alan Turing ("+hubtest.DemoUserAccountID+") · not admin"),
		regexp.QuoteMeta("key notebook sync (sk-…0000Tk) · never expires · last used ")+".+")
	c.run(t, "whoami", "--demo", "--demo-key", "project").expect(t, exitOK,
		"project "+hubtest.DemoProjectID+" (project-scoped key: user search unavailable)\n", "")
}

// TestFakehubHostile serves the hostile mode: this program, pointed at it,
// shows the attacks made harmless.
func TestFakehubHostile(t *testing.T) {
	f := startFakehub(t, "--hostile", "--json")
	var intro struct {
		URL string `json:"url"`
	}
	if err := json.Unmarshal([]byte(f.readLine(t)), &intro); err != nil {
		t.Fatal(err)
	}
	c := &cli{env: newFakeEnv(t, envHost, intro.URL, envAPIKey, hubtest.DemoAdminKey), terminal: true, width: 200}
	r := c.run(t, "search", "x")
	if r.code != exitOK || !strings.Contains(r.stdout, "(not a UUID: 3f2a1c9e␛]0;pwned␇)") {
		t.Errorf("search against the hostile fake hub: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	c.run(t, "whoami").expect(t, exitFailure, "", "cocalc-tui: whoami failed: the answer's account_id is not a UUID "+
		"(check that the address is a CoCalc server's: "+intro.URL+", from COCALC_HOST)\n")
	f.stop(t)
	if !strings.Contains(f.stderr.String(), "hostile mode") {
		t.Errorf("fakehub did not say it is hostile: %q", f.stderr.String())
	}
}

// TestFakehubLatency: --latency holds every answer that long, as a distant
// server would; a call with a shorter time limit gets the hub's own
// timeout error (seen without measuring any time).
func TestFakehubLatency(t *testing.T) {
	f := startFakehub(t, "--latency", "1m", "--json")
	var intro struct {
		URL string `json:"url"`
	}
	if err := json.Unmarshal([]byte(f.readLine(t)), &intro); err != nil {
		t.Fatal(err)
	}
	c := &cli{env: newFakeEnv(t, envHost, intro.URL, envAPIKey, hubtest.DemoAdminKey)}
	c.run(t, "ping", "--timeout", "100ms").expect(t, exitFailure, "", "cocalc-tui: ping failed: operation has timed "+
		"out (the server gave up: try again, or raise --timeout above 100ms)\n")
	f.stop(t)

	c.run(t, "fakehub", "--latency", "-1s").expect(t, exitUsage, "",
		"cocalc-tui: --latency must not be negative, e.g. 20ms (see cocalc-tui fakehub --help)\n")
}
