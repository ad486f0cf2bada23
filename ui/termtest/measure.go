package termtest

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// CellsInTmux prints each text in tmux and returns how many cells tmux
// moved the cursor for it: the width tmux gives the text, whatever the
// program thinks. A text must be one line.
//
// The texts are printed in one window, each on a line of its own over a
// ruler of dots wider than the text could be, and followed by EL 1 (erase
// from the start of the line to the cursor): the line read back starts with
// one blank more than the cells the text took, whatever it holds. Hundreds of
// thousands of texts take about a second.
func CellsInTmux(t testing.TB, texts []string) []int {
	t.Helper()
	Require(t, "tmux")
	var script strings.Builder
	rulers := make([]int, len(texts))
	widest := 0
	for i, text := range texts {
		// A code point takes at most two cells, and EL 1 erases the cell
		// under the cursor too: one dot is left after the widest text.
		rulers[i] = 2*utf8.RuneCountInString(text) + 2
		widest = max(widest, rulers[i])
		script.WriteString(strings.Repeat(".", rulers[i]) + "\r" + text + "\x1b[1K\r\n")
	}
	file := filepath.Join(t.TempDir(), "texts")
	if err := os.WriteFile(file, []byte(script.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	tm := &Tmux{t: t, socket: "cocalc-tui-test-" + randomHex(6)}
	t.Cleanup(func() { _ = tm.command("kill-server").Run() })
	tm.run("-f", "/dev/null", "new-session", "-d", "-x", strconv.Itoa(widest+1), "-y", "5", "sleep 600")
	tm.run("set-option", "-g", "history-limit", strconv.Itoa(len(texts)+10))
	printed := "cat " + shellQuote(file) + `; printf '\033]2;printed\033\\'; exec sleep 600`
	tm.run("new-window", "-d", "-n", "texts", "env", "LANG=C.UTF-8", "sh", "-c", printed)
	tm.waitForTitle("texts", "printed")
	lines := strings.Split(tm.run("capture-pane", "-p", "-S", "-", "-E", "-", "-t", "texts"), "\n")
	if len(lines) < len(texts) {
		t.Fatalf("tmux shows %d lines for %d texts", len(lines), len(texts))
	}
	cells := make([]int, len(texts))
	for i, line := range lines[:len(texts)] {
		dots := strings.TrimLeft(line, " ")
		if len(line) != rulers[i] || strings.Trim(dots, ".") != "" {
			t.Fatalf("tmux drew text %d, %q, as %q: not on its ruler of %d cells", i, texts[i], line, rulers[i])
		}
		cells[i] = len(line) - len(dots) - 1
	}
	return cells
}

// waitForTitle waits until the window's program has set its title to title.
func (tm *Tmux) waitForTitle(window, title string) {
	tm.t.Helper()
	deadline := time.Now().Add(waitLimit)
	for {
		if strings.TrimSpace(tm.run("display-message", "-p", "-t", window, "#{pane_title}")) == title {
			return
		}
		if time.Now().After(deadline) {
			tm.t.Fatalf("window %s did not print its text", window)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
