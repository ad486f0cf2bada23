package termtest

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// CellsInTmux prints each text on a line of its own in tmux and returns how
// many cells tmux moved the cursor for it: the width tmux gives the text,
// whatever the program thinks. Each text is printed in a window of its own
// (one tmux server for all), which sets its title once the text is out.
func CellsInTmux(t testing.TB, texts []string) []int {
	t.Helper()
	Require(t, "tmux")
	dir := t.TempDir()
	tm := &Tmux{t: t, socket: "cocalc-tui-test-" + randomHex(6)}
	t.Cleanup(func() { _ = tm.command("kill-server").Run() })
	tm.run("-f", "/dev/null", "new-session", "-d", "-x", "200", "-y", "5", "sleep 600")
	for i, text := range texts {
		file := filepath.Join(dir, strconv.Itoa(i))
		if err := os.WriteFile(file, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		script := "cat " + shellQuote(file) + `; printf '\033]2;printed\033\\'; exec sleep 600`
		tm.run("new-window", "-d", "-n", "w"+strconv.Itoa(i), "env", "LANG=C.UTF-8", "sh", "-c", script)
	}
	cells := make([]int, len(texts))
	for i := range texts {
		cells[i] = tm.cursorAfterPrinting("w" + strconv.Itoa(i))
	}
	return cells
}

// cursorAfterPrinting waits until the window's program has printed its text
// (its title says so) and returns the cursor's column.
func (tm *Tmux) cursorAfterPrinting(window string) int {
	tm.t.Helper()
	deadline := time.Now().Add(waitLimit)
	for {
		fields := strings.Fields(tm.run("display-message", "-p", "-t", window, "#{pane_title} #{cursor_x}"))
		if len(fields) == 2 && fields[0] == "printed" {
			x, err := strconv.Atoi(fields[1])
			if err != nil {
				tm.t.Fatal(err)
			}
			return x
		}
		if time.Now().After(deadline) {
			tm.t.Fatalf("window %s did not print its text: %v", window, fields)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
