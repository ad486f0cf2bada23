package termtest

import (
	"os"
	"strings"
	"testing"
)

func TestMain(m *testing.M) {
	code := m.Run()
	Cleanup()
	os.Exit(code)
}

// TestTmuxRunsTheUI checks the harness itself: the demo UI starts in tmux,
// takes typed keys, and its raw output is captured from the first byte.
func TestTmuxRunsTheUI(t *testing.T) {
	bin := Binary(t)
	home := t.TempDir()
	tm := StartTmux(t, TmuxOptions{Width: 100, Height: 30, Env: Environ(home, "xterm-256color"),
		Args: []string{bin, "--demo"}})
	tm.WaitForText("cocalc-tui")
	tm.Type("alice")
	tm.WaitFor("results for alice", func(s string) bool { return strings.Contains(s, "Alice") && strings.Contains(s, "alice") })
	if raw := tm.Raw(); !ContainsAll(raw, "\x1b[?1049h") {
		t.Errorf("the raw output does not switch to the alternate screen: %q", Printable(raw[:min(len(raw), 200)]))
	}
	tm.SendKeys("C-c")
	if status := tm.WaitForExit(); status != 0 {
		t.Errorf("exit status %d after ctrl+c", status)
	}
}

// TestPTYRunsACommand checks the pseudo-terminal harness with a command.
func TestPTYRunsACommand(t *testing.T) {
	bin := Binary(t)
	p := StartPTY(t, 80, 24, Environ(t.TempDir(), "xterm-256color"), bin, "--version")
	code, out := p.Wait()
	if code != 0 || !strings.Contains(string(out), "cocalc-tui 9.8.7-test") {
		t.Errorf("exit %d, output %q", code, out)
	}
}
