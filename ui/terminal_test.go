package ui

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"

	"github.com/creack/pty"
)

// goneReports records what a terminalWatch reports.
type goneReports struct {
	mu   sync.Mutex
	errs []error
}

func (g *goneReports) watch() *terminalWatch {
	return &terminalWatch{notify: func(err error) {
		g.mu.Lock()
		defer g.mu.Unlock()
		g.errs = append(g.errs, err)
	}}
}

func (g *goneReports) count() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return len(g.errs)
}

// openPTY is a pseudo-terminal: the emulator's side and the program's.
func openPTY(t *testing.T) (emulator, program *os.File) {
	t.Helper()
	emulator, program, err := pty.Open()
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	t.Cleanup(func() { _ = emulator.Close(); _ = program.Close() })
	return emulator, program
}

// TestTerminalGoneIsReportedOnce closes the emulator's side of a
// pseudo-terminal, as a closed window or a dropped SSH connection does:
// the program's reads end and its writes fail, and the watch says so once.
func TestTerminalGoneIsReportedOnce(t *testing.T) {
	emulator, program := openPTY(t)
	var reports goneReports
	watch := reports.watch()
	in := &terminalInput{file: program, watch: watch}
	out := &TerminalOutput{file: program, watch: watch}

	if _, err := emulator.Write([]byte("a\n")); err != nil { // a line: the terminal is not in raw mode
		t.Fatal(err)
	}
	if n, err := in.Read(make([]byte, 8)); n != 2 || err != nil || reports.count() != 0 {
		t.Fatalf("a key: read %d, %v; reported gone %d times", n, err, reports.count())
	}
	if _, err := out.Write([]byte("frame")); err != nil || reports.count() != 0 {
		t.Fatalf("a frame: %v; reported gone %d times", err, reports.count())
	}

	_ = emulator.Close()
	if _, err := in.Read(make([]byte, 8)); err == nil {
		t.Fatal("a read from a terminal that went away did not fail")
	}
	if _, err := out.Write([]byte("frame")); err == nil {
		t.Fatal("a write to a terminal that went away did not fail")
	}
	if got := reports.count(); got != 1 {
		t.Fatalf("reported gone %d times, want once", got)
	}
}

func TestMultiplexerAndLocalClipboardFromTheEnvironment(t *testing.T) {
	env := func(vars map[string]string) func(string) string {
		return func(name string) string { return vars[name] }
	}
	for _, tt := range []struct {
		vars map[string]string
		want string
	}{
		{map[string]string{"TMUX": "/tmp/tmux-0/default,1,0", "TERM": "tmux-256color"}, "tmux"},
		{map[string]string{"TMUX": "/tmp/tmux-0/default,1,0", "TERM": "screen"}, "tmux"},
		{map[string]string{"TERM": "screen.xterm-256color"}, "screen"},
		{map[string]string{"TERM": "xterm-256color"}, ""},
	} {
		if got := multiplexer(env(tt.vars)); got != tt.want {
			t.Errorf("multiplexer(%v) = %q, want %q", tt.vars, got, tt.want)
		}
	}
	// Over SSH the machine's clipboard is not the user's.
	for _, ssh := range []string{"SSH_CONNECTION", "SSH_CLIENT", "SSH_TTY"} {
		if localClipboard(env(map[string]string{ssh: "x", "DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0"})) != nil {
			t.Errorf("a local clipboard with %s set", ssh)
		}
	}
}

// TestTmuxClipboardWithoutAnAnswerIsUnknown: no tmux command, no question;
// a tmux that answers nothing (an old one, a server gone) leaves it unknown.
func TestTmuxClipboardWithoutAnAnswerIsUnknown(t *testing.T) {
	if ask := tmuxClipboard(func(string) (string, error) { return "", exec.ErrNotFound }); ask != nil {
		t.Fatal("a question to a tmux that is not there")
	}
	silent := filepath.Join(t.TempDir(), "tmux")
	if err := os.WriteFile(silent, []byte("#!/bin/sh\nexit 1\n"), 0o700); err != nil {
		t.Fatal(err)
	}
	ask := tmuxClipboard(func(string) (string, error) { return silent, nil })
	if passes, known := ask(context.Background()); passes || known {
		t.Fatalf("a tmux that answered nothing: passes %v, known %v", passes, known)
	}
}
