package cli

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"cocalc-tui/hub/hubtest"
	"cocalc-tui/ui/termtest"
)

// startUIAtHome runs the terminal UI in tmux as startUIInTmux does, with
// HOME and the XDG folders under home (so that a second run finds what the
// first left there) and the given flags.
func startUIAtHome(t *testing.T, server *hubtest.Server, home string, width, height int, flags ...string) *termtest.Tmux {
	t.Helper()
	tm := termtest.StartTmux(t, termtest.TmuxOptions{
		Width: width, Height: height,
		Env:  termtest.Environ(home, "xterm-256color", envHost+"="+server.URL, envAPIKey+"="+hubtest.DemoUserKey),
		Args: append([]string{buildBinary(t)}, flags...),
	})
	tm.WaitForText("● online")
	tm.WaitForText("Alan Turing (") // the scope line: the key is known
	return tm
}

// TestHistoryInTmux: a query searched and left for the results is in the
// history file (private) when the UI quits; the next run walks it with ↑
// and ↓ from an empty box, as a shell does.
func TestHistoryInTmux(t *testing.T) {
	server := hubtest.NewServer(hubtest.DemoData(time.Now()))
	t.Cleanup(server.Close)
	home := t.TempDir()

	tm := startUIAtHome(t, server, home, 100, 30)
	tm.Type("grace")
	tm.SendKeys("Enter")
	tm.WaitForText("for “grace”")
	tm.SendKeys("/", "Escape") // back to an empty box
	waitForBox(t, tm, "name, @username, email or account id; commas for several")
	tm.Type("alice")
	tm.SendKeys("Tab")
	tm.WaitForText("accounts for “alice”")
	tm.SendKeys("C-c")
	tm.WaitForExit()

	path := filepath.Join(home, "state", "cocalc-tui", "history")
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(path); string(data) != "grace\nalice\n" || info.Mode().Perm() != 0o600 {
		t.Fatalf("the history file holds %q, mode %04o", data, info.Mode().Perm())
	}

	tm = startUIAtHome(t, server, home, 100, 30)
	tm.WaitForText("↑ previous query")
	tm.SendKeys("Up")
	waitForBox(t, tm, "alice")
	tm.WaitForText("accounts for “alice”")
	tm.SendKeys("Up")
	waitForBox(t, tm, "grace")
	tm.WaitForText("for “grace”")
	tm.SendKeys("Down", "Down") // alice, then the empty box
	tm.WaitFor("the empty box after the newest", func(s string) bool {
		return strings.Contains(s, "Type to search as you type") && !strings.Contains(s, "› alice")
	})
	tm.SendKeys("C-c")
	tm.WaitForExit()

	// --no-history: no walk, and nothing added.
	tm = startUIAtHome(t, server, home, 100, 30, "--no-history")
	tm.SendKeys("Up")
	tm.Type("bob")
	tm.SendKeys("Enter")
	tm.WaitForText("for “bob”")
	if box := searchBox(tm.Screen()); box != "bob" {
		t.Fatalf("↑ with --no-history changed the box: %q", box)
	}
	tm.SendKeys("C-c")
	tm.WaitForExit()
	if data, _ := os.ReadFile(path); string(data) != "grace\nalice\n" {
		t.Fatalf("--no-history wrote the file: %q", data)
	}
}

// sgrMouse is a mouse event as a terminal sends it in SGR encoding (mode
// 1006): the button code, the cell's column and row counted from 1, M for
// a press and m for a release.
func sgrMouse(button, x, y int, press bool) []byte {
	final := 'M'
	if !press {
		final = 'm'
	}
	return []byte(fmt.Sprintf("\x1b[<%d;%d;%d%c", button, x+1, y+1, final))
}

// cellOf is the column and row where the screen shows text first.
func cellOf(t *testing.T, screen, text string) (x, y int) {
	t.Helper()
	for y, line := range termtest.Lines(screen) {
		if i := strings.Index(line, text); i >= 0 {
			return len([]rune(line[:i])), y // the screens here are of one-cell characters before text
		}
	}
	t.Fatalf("the screen does not show %q:\n%s", text, screen)
	return 0, 0
}

// TestMouseInTmux: with --mouse the UI asks the terminal for mouse
// reports (button events, SGR encoding) and stops asking as it quits; a
// click on a row selects it, the wheel scrolls the list. Without it, the
// terminal is never asked, so selecting text works as always.
func TestMouseInTmux(t *testing.T) {
	server := hubtest.NewServer(hubtest.DemoData(time.Now()))
	t.Cleanup(server.Close)
	const on, sgr, off = "\x1b[?1002h", "\x1b[?1006h", "\x1b[?1002l"

	tm := startUIAtHome(t, server, t.TempDir(), 100, 16)
	tm.Type("alice")
	tm.WaitForText("accounts for “alice”")
	tm.SendKeys("C-c")
	tm.WaitForExit()
	if raw := tm.Raw(); bytes.Contains(raw, []byte(on)) || bytes.Contains(raw, []byte(sgr)) {
		t.Fatal("the mouse was asked for without --mouse")
	}

	tm = startUIAtHome(t, server, t.TempDir(), 100, 16, "--mouse")
	if raw := tm.Raw(); !termtest.ContainsAll(raw, on, sgr) {
		t.Fatalf("--mouse did not ask for mouse reports: %s", termtest.Printable(raw))
	}
	tm.Type("alice")
	screen := tm.WaitForText("Results (8)")
	x, y := cellOf(t, screen, "Alice Johnson")
	tm.SendBytes(append(sgrMouse(0, x, y, true), sgrMouse(0, x, y, false)...))
	tm.WaitForText("╭─ Alice Johnson ─") // its details; the results have the keys
	tm.WaitForText("┏━ Results (8)")

	x, y = cellOf(t, tm.Screen(), "NAME")
	tm.SendBytes(sgrMouse(65, x, y, true)) // the wheel, down: the last rows come into view
	screen = tm.WaitForText("Mary-Alice Okafor")
	if strings.Contains(screen, "Alice Smith") {
		t.Fatalf("the wheel did not scroll the first rows out of view:\n%s", screen)
	}
	tm.SendKeys("C-c")
	tm.WaitForExit()
	raw := tm.Raw()
	if i := bytes.LastIndex(raw, []byte(on)); i < 0 || !bytes.Contains(raw[i:], []byte(off)) {
		t.Fatalf("the mouse reports were not turned off at the end: %s", termtest.Printable(raw))
	}
}

// TestMouseAfterCtrlZAndFg: the shell gets the terminal back without mouse
// reports (a click there selects text), and after fg the UI asks for them
// again: a click selects a row.
func TestMouseAfterCtrlZAndFg(t *testing.T) {
	tm, _ := startUIInTmux(t, termtest.TmuxOptions{Shell: true, Args: []string{buildBinary(t), "--mouse"}})
	tm.Type("alice")
	tm.WaitForText("accounts for “alice”")
	tm.SendKeys("C-z")
	tm.WaitFor("the shell to report the UI stopped", func(s string) bool {
		return strings.Contains(s, "Stopped") && termtest.AtPrompt(s)
	})
	if raw := tm.Raw(); !bytes.Contains(raw[bytes.LastIndex(raw, []byte("\x1b[?1002h")):], []byte("\x1b[?1002l")) {
		t.Fatal("the shell got the terminal with mouse reports on")
	}
	tm.Type("fg")
	tm.SendKeys("Enter")
	screen := tm.WaitForText("accounts for “alice”")
	tm.WaitFor("the mouse asked for again", func(string) bool {
		return bytes.Count(tm.Raw(), []byte("\x1b[?1002h")) == 2
	})
	x, y := cellOf(t, screen, "Alice Johnson")
	tm.SendBytes(append(sgrMouse(0, x, y, true), sgrMouse(0, x, y, false)...))
	tm.WaitForText("─ Alice Johnson ─")
	tm.SendKeys("C-c")
	tm.WaitFor("the shell's prompt after the UI quit", termtest.AtPrompt)
}
