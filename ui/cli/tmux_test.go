package cli

import (
	"encoding/base64"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"cocalc-tui/hub/clean"
	"cocalc-tui/hub/clean/cleantest"
	"cocalc-tui/hub/hubtest"
)

// tmuxSession is the built program running in a tmux server of its own
// (never the user's), its raw output piped to a file.
type tmuxSession struct {
	t      *testing.T
	socket string
	raw    string // the file of every byte the program wrote
}

// startInTmux starts command (a shell command line) in a new tmux server
// 120x40 wide, with every byte it writes copied to a file from the first.
func startInTmux(t *testing.T, command string) *tmuxSession {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed (CI installs it)")
	}
	s := &tmuxSession{t: t, socket: fmt.Sprintf("cocalc-tui-test-%d-%d", os.Getpid(), time.Now().UnixNano()),
		raw: filepath.Join(t.TempDir(), "raw")}
	t.Cleanup(func() { _ = exec.Command("tmux", "-L", s.socket, "kill-server").Run() })
	// The pane waits for a line before it starts the program, so that the
	// pipe is in place before the program's first byte.
	s.tmux("-f", "/dev/null", "new-session", "-d", "-x", "120", "-y", "40", "sh", "-c", "read go; exec "+command)
	s.tmux("set-option", "-g", "set-clipboard", "on") // as the README recommends
	s.tmux("pipe-pane", "-O", "-t", "0", "cat >> "+s.raw)
	s.tmux("send-keys", "-t", "0", "Enter")
	return s
}

func (s *tmuxSession) tmux(args ...string) string {
	s.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-L", s.socket}, args...)...).CombinedOutput()
	if err != nil {
		s.t.Fatalf("tmux %q: %v: %s", args, err, out)
	}
	return string(out)
}

func (s *tmuxSession) screen() string { return s.tmux("capture-pane", "-p", "-t", "0") }

// waitFor polls the screen until it shows text, with a generous deadline.
func (s *tmuxSession) waitFor(text string) {
	s.t.Helper()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if strings.Contains(s.screen(), text) {
			return
		}
	}
	s.t.Fatalf("the screen never showed %q:\n%s", text, s.screen())
}

// waitForExit polls until the program has ended (and so its pane).
func (s *tmuxSession) waitForExit() {
	s.t.Helper()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if exec.Command("tmux", "-L", s.socket, "has-session").Run() != nil {
			return
		}
	}
	s.t.Fatal("the program did not end")
}

// osc52Writes finds OSC 52 clipboard writes (bare, or in tmux passthrough)
// and OSC 52 queries in raw output.
var osc52Writes = regexp.MustCompile("\x1b\x1b?]52;[a-z]*;([^\a\x1b]*)")

// TestBinaryInTmuxAgainstAHostileHub runs the program in tmux against the
// hostile hub, browses every hostile account, tries every copy, pastes the
// key into the search box, and reads every byte the program wrote: no
// window title, no clipboard query, no end of bracketed paste, clipboard
// writes of safe text only, and the key in no form.
func TestBinaryInTmuxAgainstAHostileHub(t *testing.T) {
	bin := buildBinary(t)
	server := hubtest.NewDemoServer()
	t.Cleanup(server.Close)
	server.SetFault(hubtest.FaultHostile)
	key := hubtest.DemoAdminKey
	s := startInTmux(t, fmt.Sprintf("env HOME=%s TERM=xterm-256color COCALC_HOST=%s COCALC_API_KEY=%s %s",
		t.TempDir(), server.URL, key, bin))
	s.waitFor("key:")
	s.tmux("send-keys", "-t", "0", "-l", "x")
	s.waitFor("Results (10)")
	s.tmux("send-keys", "-t", "0", "Tab")
	for range 10 {
		s.tmux("send-keys", "-t", "0", "y", "c", "Y", "Down")
	}
	s.tmux("send-keys", "-t", "0", "/", "Escape") // to the search box, and empty it
	s.waitFor("Type to search as you type")
	s.tmux("set-buffer", "-b", "key", key)               // a buffer of its own: copies make buffers too
	s.tmux("paste-buffer", "-p", "-b", "key", "-t", "0") // bracketed, as a terminal pastes
	s.waitFor("the query looks like an API key; it was not sent")
	screen := s.screen()
	if strings.Contains(screen, key) || !strings.Contains(screen, "› [redacted]") {
		t.Errorf("the pasted key is not redacted on the screen:\n%s", screen)
	}
	s.tmux("send-keys", "-t", "0", "C-c")
	s.waitForExit()

	raw, err := os.ReadFile(s.raw)
	if err != nil {
		t.Fatal(err)
	}
	output := string(raw)
	for name, sequence := range map[string]string{
		"a window title (OSC 0)": "\x1b]0;", "a window title (OSC 2)": "\x1b]2;",
		"the end of bracketed paste": "\x1b[201~", "a clipboard query": ";?\a",
	} {
		if strings.Contains(output, sequence) {
			t.Errorf("the program wrote %s: %q", name, sequence)
		}
	}
	writes := osc52Writes.FindAllStringSubmatch(output, -1)
	if len(writes) == 0 {
		t.Error("no copy reached the clipboard at all")
	}
	for _, w := range writes {
		text, err := base64.StdEncoding.DecodeString(w[1])
		if err != nil {
			t.Errorf("a clipboard write that is not base64: %q", w[0])
			continue
		}
		if r, found := cleantest.FirstHazard(string(text), false); found {
			t.Errorf("the clipboard got %U: %q", r, text)
		}
	}
	for _, form := range append(hubtest.HostileKeyForms(key), clean.Line(hubtest.HostileKeyForms(key)[4])) {
		if strings.Contains(output, form) {
			t.Errorf("the program wrote the key as %q", form)
		}
	}
	t.Logf("%d bytes written, %d clipboard writes", len(raw), len(writes))
}
