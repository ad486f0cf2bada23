package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"cocalc-tui/hub/hubtest"
	"cocalc-tui/ui/termtest"
)

// The terminal UI as people really use it, in tmux: the built program, a
// fake hub on loopback, keys and pastes as a terminal sends them, the shell's
// job control, and a terminal that goes away.

// startUIInTmux runs the terminal UI in tmux, or the command opts.Args that
// runs it, against a fake hub with the demo data, with an account's key that
// is not an admin's, and waits for its first screen.
func startUIInTmux(t *testing.T, opts termtest.TmuxOptions) (*termtest.Tmux, *hubtest.Server) {
	t.Helper()
	server := hubtest.NewServer(hubtest.DemoData(time.Now()))
	t.Cleanup(server.Close)
	opts.Env = termtest.Environ(t.TempDir(), "xterm-256color", envHost+"="+server.URL, envAPIKey+"="+hubtest.DemoUserKey)
	if len(opts.Args) == 0 {
		opts.Args = []string{buildBinary(t)}
	}
	if opts.Width == 0 {
		opts.Width, opts.Height = 100, 30
	}
	tm := termtest.StartTmux(t, opts)
	tm.WaitForText("● online")
	tm.WaitForText("key: notebook sync · Alan Turing")
	return tm, server
}

// searchBox is the text in the search box, as the screen shows it, with
// the box focused (heavy borders) or not.
func searchBox(screen string) string {
	for _, line := range termtest.Lines(screen) {
		for _, side := range []string{"┃", "│"} {
			if _, after, found := strings.Cut(line, side+" › "); found {
				return strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(after), side))
			}
		}
	}
	return ""
}

// waitForBox waits until the search box holds exactly want.
func waitForBox(t *testing.T, tm *termtest.Tmux, want string) string {
	t.Helper()
	return tm.WaitFor("the search box to hold "+want, func(s string) bool { return searchBox(s) == want })
}

// TestPastedLinesInTmuxAreSeparateSearches pastes a column of names as tmux
// (like xterm, VTE and iTerm2) sends it: bracketed, with CR line breaks.
func TestPastedLinesInTmuxAreSeparateSearches(t *testing.T) {
	tm, _ := startUIInTmux(t, termtest.TmuxOptions{})
	tm.Paste("alice\nbob\ncarol\n")
	waitForBox(t, tm, "alice, bob, carol")
	tm.WaitForText("for “alice, bob, carol”")
	if screen := tm.Screen(); strings.Contains(screen, "no accounts match") {
		t.Fatalf("the pasted lines were searched as one query:\n%s", screen)
	}
}

// TestPasteFromTheResultsReplacesTheQuery pastes while the results have
// the focus: the paste is a new query, not more of the old one.
func TestPasteFromTheResultsReplacesTheQuery(t *testing.T) {
	tm, _ := startUIInTmux(t, termtest.TmuxOptions{})
	tm.Type("zebulon")
	tm.SendKeys("Enter") // search now, and move to the results
	tm.WaitForText("no accounts match “zebulon”")
	tm.Paste("alice")
	waitForBox(t, tm, "alice")
	tm.WaitForText("accounts for “alice”")
}

// TestEscAndTextInOneReadClearThenType sends Esc and the next letters in
// one write, as they arrive from a fast typist over SSH: Esc clears the box,
// then the letters are typed.
func TestEscAndTextInOneReadClearThenType(t *testing.T) {
	tm, _ := startUIInTmux(t, termtest.TmuxOptions{})
	tm.Type("alice")
	tm.WaitForText("accounts for “alice”")
	tm.SendBytes([]byte("\x1bbob"))
	waitForBox(t, tm, "bob")
	tm.WaitForText("for “bob”")
}

// TestCtrlZSuspendsToTheShellAndFgComesBack stops the UI with ctrl+z from
// an interactive shell, checks the shell has the normal screen back, and
// brings the UI back with fg, its screen redrawn as it was.
func TestCtrlZSuspendsToTheShellAndFgComesBack(t *testing.T) {
	tm, _ := startUIInTmux(t, termtest.TmuxOptions{Shell: true})
	tm.Type("alice")
	tm.WaitForText("accounts for “alice”")

	tm.SendKeys("C-z")
	screen := tm.WaitFor("the shell to report the UI stopped", func(s string) bool {
		return strings.Contains(s, "Stopped") && termtest.AtPrompt(s)
	})
	if strings.Contains(screen, "key: notebook sync · Alan Turing") {
		t.Fatalf("the UI's screen is still shown after ctrl+z:\n%s", screen)
	}

	tm.Type("fg")
	tm.SendKeys("Enter")
	screen = tm.WaitForText("accounts for “alice”")
	if lines := termtest.Lines(screen); !strings.HasPrefix(lines[0], "cocalc-tui") || searchBox(screen) != "alice" {
		t.Fatalf("after fg the screen is not the UI as it was:\n%s", screen)
	}
	if n := bytes.Count(tm.Raw(), []byte("\x1b[?1049h")); n != 2 {
		t.Errorf("the alternate screen was entered %d times, want twice (start, fg)", n)
	}
	tm.Type("bob") // the keyboard works again
	waitForBox(t, tm, "alicebob")

	tm.SendKeys("C-c")
	tm.WaitFor("the shell's prompt after the UI quit", termtest.AtPrompt)
}

// TestCtrlZWithoutJobControlKeepsRunning presses ctrl+z where no shell
// could bring the program back (tmux runs it directly): stopping it would
// leave it stopped for good, so it says why it does not, and goes on.
func TestCtrlZWithoutJobControlKeepsRunning(t *testing.T) {
	tm, _ := startUIInTmux(t, termtest.TmuxOptions{})
	// The UI's note that tmux did not tell its background comes once the
	// terminal has answered; ctrl+z's note must not race with it.
	tm.WaitForText("background unknown")
	tm.SendKeys("C-z")
	tm.WaitForText("ctrl+z: no shell with job control to return to here")
	tm.Type("alice")
	tm.WaitForText("accounts for “alice”")
}

// TestUIQuitsWhenItsTerminalGoesAway closes the UI's terminal while SIGHUP
// is ignored (as under nohup): the program must notice (its reads end, its
// writes fail), quit with 129 (as the shell reports a hang-up), and stop
// calling the server. A shell around it, which ignores SIGHUP too, writes
// down its exit code.
func TestUIQuitsWhenItsTerminalGoesAway(t *testing.T) {
	exitCode := filepath.Join(t.TempDir(), "code")
	bin := buildBinary(t)
	tm, server := startUIInTmux(t, termtest.TmuxOptions{Setup: "trap '' HUP",
		Args: []string{"/bin/sh", "-c", "'" + bin + "'; echo $? > " + exitCode}})
	shell := tm.PanePID()
	tm.Type("alice")
	tm.WaitForText("accounts for “alice”")
	// The details of the selected result are looked up a moment after the
	// results show: wait for that call, so the count is taken with the UI
	// idle and only calls made after the terminal went away count.
	waitForCall(t, server, "system.getNames")
	seen := len(server.Requests())

	tm.KillPane()
	termtest.WaitForProcessExit(t, shell) // after the program, which it waits for
	if code, err := os.ReadFile(exitCode); err != nil || strings.TrimSpace(string(code)) != "129" {
		t.Errorf("exit code %q (%v), want 129", code, err)
	}
	if stats := server.Stats(); stats.InFlight != 0 {
		t.Errorf("%d calls still in flight after the program ended", stats.InFlight)
	}
	if later := server.Requests()[seen:]; len(later) != 0 {
		t.Errorf("the server was called %d times after the terminal went away, first %s", len(later), later[0].Body)
	}
}

// waitForCall waits until the server has received a call of function.
func waitForCall(t *testing.T, server *hubtest.Server, function string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		for _, r := range server.Requests() {
			if r.Function == function {
				return
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("no %s call reached the server", function)
}
