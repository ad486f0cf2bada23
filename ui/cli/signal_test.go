package cli

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"cocalc-tui/hub/hubtest"
	"cocalc-tui/ui"
)

// waitUntil polls cond until it holds, failing the test after a generous
// deadline: for what another process does, there is nothing to wait on.
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// lockedBuffer collects a process's output while the test reads it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// process is the built program running with its outputs collected.
type process struct {
	cmd            *exec.Cmd
	stdout, stderr lockedBuffer
	stdin          io.WriteCloser
	done           chan struct{}
	err            error
}

// startProgram starts the binary with a clean environment plus env.
func startProgram(t *testing.T, bin string, env []string, args ...string) *process {
	t.Helper()
	p := &process{cmd: exec.Command(bin, args...), done: make(chan struct{})}
	p.cmd.Env = append([]string{"HOME=" + t.TempDir(), "PATH=" + os.Getenv("PATH")}, env...)
	p.cmd.Stdout, p.cmd.Stderr = &p.stdout, &p.stderr
	stdin, err := p.cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	p.stdin = stdin
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		p.err = p.cmd.Wait()
		close(p.done)
	}()
	t.Cleanup(func() {
		_ = p.cmd.Process.Kill()
		<-p.done
	})
	return p
}

// waitForExit waits for the process to end, at most within, and returns its
// exit code.
func (p *process) waitForExit(t *testing.T, within time.Duration) int {
	t.Helper()
	select {
	case <-p.done:
	case <-time.After(within):
		t.Fatalf("the program did not exit within %s; stderr so far %q", within, p.stderr.String())
	}
	var exitErr *exec.ExitError
	switch {
	case p.err == nil:
		return 0
	case errors.As(p.err, &exitErr) && exitErr.ExitCode() >= 0:
		return exitErr.ExitCode()
	}
	t.Fatalf("the program did not exit by itself: %v", p.err) // killed by the signal: no handler ran
	return -1
}

// TestInterruptedCommandsSaySo ends each command that waits for a server
// that never answers as a signal does (the context's cause), and checks the
// one line, the exit code of the signal, and the output of search -.
func TestInterruptedCommandsSaySo(t *testing.T) {
	server := startHub(t)
	server.SetFault(hubtest.FaultHang)
	for _, signal := range []*interruption{interruptedBySIGTERM, interruptedBySIGINT} {
		for _, cmd := range serverCommands {
			c := newCLI(t, server, userKey)
			c.stdin = cmd.stdin
			ctx, cancel := context.WithCancelCause(context.Background())
			result := make(chan cliResult, 1)
			go func() { result <- c.runWithContext(ctx, cmd.args...) }()
			waitUntil(t, cmd.name+" to reach the server", func() bool { return server.Stats().InFlight == 1 })
			cancel(signal)
			r := <-result
			r.expect(t, signal.code, "", "cocalc-tui: "+cmd.what+": interrupted by "+signal.name+" (run it again to finish)\n")
			waitUntil(t, "the server to see the client leave", func() bool { return server.Stats().InFlight == 0 })
		}
	}
}

// TestInterruptedTUI checks the UI's end by a signal: main's handler hears
// it (the UI has no handler of its own, see ui.Run), the context ends, and
// the UI with it.
func TestInterruptedTUI(t *testing.T) {
	server := startHub(t)
	c := newCLI(t, server, userKey)
	c.terminal = true

	ctx, cancel := context.WithCancelCause(context.Background())
	c.runTUI = func(ctx context.Context, _ ui.Config) error { // the signal comes while the UI runs
		cancel(interruptedBySIGTERM)
		<-ctx.Done()
		return ctx.Err()
	}
	c.runWithContext(ctx).expect(t, 143, "", "cocalc-tui: the terminal UI stopped: interrupted by SIGTERM\n")

	// The user quit: no message, exit 0.
	c.runTUI = func(context.Context, ui.Config) error { return nil }
	c.run(t).expect(t, exitOK, "", "")
}

// TestBinaryStopsPromptlyOnSignal sends SIGTERM or SIGINT to a search
// waiting for a server that never answers (with --timeout 60s): the program
// must end at once, say so in one line, and exit 143 or 130.
func TestBinaryStopsPromptlyOnSignal(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no SIGTERM on Windows")
	}
	bin := buildBinary(t)
	for _, tt := range []struct {
		signal syscall.Signal
		name   string
		code   int
	}{
		{syscall.SIGTERM, "SIGTERM", 143},
		{syscall.SIGINT, "SIGINT", 130},
	} {
		t.Run(tt.name, func(t *testing.T) {
			server := startHub(t)
			server.SetFault(hubtest.FaultHang)
			p := startProgram(t, bin, []string{envHost + "=" + server.URL, envAPIKey + "=" + userKey},
				"search", "alice", "--timeout", "60s")
			waitUntil(t, "the search to reach the server", func() bool { return server.Stats().InFlight == 1 })
			sent := time.Now()
			if err := p.cmd.Process.Signal(tt.signal); err != nil {
				t.Fatal(err)
			}
			code := p.waitForExit(t, 10*time.Second)
			want := `cocalc-tui: search for "alice" failed: interrupted by ` + tt.name + " (run it again to finish)\n"
			if code != tt.code || p.stderr.String() != want || p.stdout.String() != "" {
				t.Errorf("exit %d (want %d) after %s\nstdout %q\nstderr %q\nwant   %q", code, tt.code,
					time.Since(sent).Round(time.Millisecond), p.stdout.String(), p.stderr.String(), want)
			}
			waitUntil(t, "the server to see the client leave", func() bool { return server.Stats().InFlight == 0 })
		})
	}
}

// TestBinaryBulkSearchStopsOnSignalWhileReading interrupts search - while
// it waits for the next query on standard input, as when a person types
// queries and presses Ctrl-C.
func TestBinaryBulkSearchStopsOnSignalWhileReading(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no SIGINT to send on Windows")
	}
	bin := buildBinary(t)
	server := startHub(t)
	p := startProgram(t, bin, []string{envHost + "=" + server.URL, envAPIKey + "=" + userKey}, "search", "-")
	if _, err := io.WriteString(p.stdin, "alice\n"); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "the first query's answer", func() bool { return strings.Contains(p.stdout.String(), "Alice Smith") })
	if err := p.cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	code := p.waitForExit(t, 10*time.Second)
	want := "cocalc-tui: search - stopped after 1 query, while waiting for the next one: interrupted by SIGINT (run it again for the rest)\n"
	if code != 130 || p.stderr.String() != want {
		t.Errorf("exit %d (want 130)\nstderr %q\nwant   %q", code, p.stderr.String(), want)
	}
}

// TestBinaryTUIRestoresTerminalOnSignal runs the terminal UI on a
// pseudo-terminal (through script(1)), sends it SIGTERM or SIGINT, and
// checks that the terminal is back as it was: the alternate screen left,
// the same stty settings (echo, canonical mode) as before, the one-line
// notice, and the signal's exit code.
func TestBinaryTUIRestoresTerminalOnSignal(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("drives script(1) from util-linux")
	}
	for _, tool := range []string{"script", "stty", "sh"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("needs %s to give the UI a pseudo-terminal: %v", tool, err)
		}
	}
	bin := buildBinary(t)
	for _, tt := range []struct {
		signal syscall.Signal
		name   string
		code   string
	}{
		{syscall.SIGTERM, "SIGTERM", "143"},
		{syscall.SIGINT, "SIGINT", "130"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			file := func(name string) string { return filepath.Join(dir, name) }
			// The inner sh writes its pid and becomes the UI, so the test can
			// signal the UI itself; the outer shell records the terminal's
			// settings around it and the UI's exit code.
			shell := "stty cols 100 rows 30; stty -g > " + file("before") +
				"; sh -c 'echo $$ > " + file("pid") + "; exec " + bin + " --demo'" +
				"; echo $? > " + file("code") + "; stty -g > " + file("after")
			p := startProgram(t, "script", []string{"TERM=xterm-256color"}, "-qfec", shell, "/dev/null")
			answerTerminalQueries(p)

			const enterAltScreen, leaveAltScreen = "\x1b[?1049h", "\x1b[?1049l"
			waitUntil(t, "the UI to start", func() bool { return strings.Contains(p.stdout.String(), enterAltScreen) })
			pid, err := strconv.Atoi(strings.TrimSpace(readFile(t, file("pid"))))
			if err != nil {
				t.Fatal(err)
			}
			if err := syscall.Kill(pid, tt.signal); err != nil {
				t.Fatal(err)
			}
			if code := p.waitForExit(t, 20*time.Second); code != 0 {
				t.Fatalf("script exited %d; output %q", code, p.stdout.String())
			}
			screen := p.stdout.String()
			afterUI := screen[strings.LastIndex(screen, enterAltScreen):]
			if !strings.Contains(afterUI, leaveAltScreen) {
				t.Errorf("the alternate screen was not left; the output ends %q", tail(screen, 300))
			}
			if notice := "cocalc-tui: the terminal UI stopped: interrupted by " + tt.name + "\r\n"; !strings.Contains(afterUI, notice) {
				t.Errorf("no notice %q; the output ends %q", notice, tail(screen, 300))
			}
			if before, after := readFile(t, file("before")), readFile(t, file("after")); before != after {
				t.Errorf("stty settings before the UI %q, after %q: the terminal was not restored", before, after)
			}
			if code := strings.TrimSpace(readFile(t, file("code"))); code != tt.code {
				t.Errorf("the UI exited %s, want %s", code, tt.code)
			}
		})
	}
}

// answerTerminalQueries plays the terminal emulator's part that script(1)
// lacks: it answers the background colour (OSC 11) and cursor position
// queries that Bubble Tea and Lip Gloss send, which would otherwise wait for
// their timeout.
func answerTerminalQueries(p *process) {
	go func() {
		answered := 0
		for {
			select {
			case <-p.done:
				return
			case <-time.After(20 * time.Millisecond):
			}
			queries := strings.Count(p.stdout.String(), "\x1b[6n")
			for ; answered < queries; answered++ {
				_, _ = io.WriteString(p.stdin, "\x1b]11;rgb:0000/0000/0000\x1b\\\x1b[1;1R")
			}
		}
	}()
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[len(s)-n:]
}
