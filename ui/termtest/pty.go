package termtest

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"
)

// PTY is the program running on a bare pseudo-terminal: no terminal
// emulator behind it, so nothing answers the queries a program may send
// (as on some CI runners, serial consoles, or a pipe through script(1)).
// Everything the program writes is kept; the test writes what a person
// would type.
type PTY struct {
	t    testing.TB
	cmd  *exec.Cmd
	tty  *os.File // the terminal's controlling side
	mu   sync.Mutex
	out  bytes.Buffer
	done chan struct{} // closed when the program has exited
	err  error         // its exit, once done
	read chan struct{} // closed when the program's output has been read to the end
}

// StartPTY runs the command on a new pseudo-terminal of the given size with
// exactly the environment env. The program is killed when the test ends.
func StartPTY(t testing.TB, width, height int, env []string, args ...string) *PTY {
	t.Helper()
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Env = env
	cmd.Dir = t.TempDir()
	tty, err := pty.StartWithSize(cmd, &pty.Winsize{Cols: uint16(width), Rows: uint16(height)})
	if err != nil {
		t.Fatal(err)
	}
	p := &PTY{t: t, cmd: cmd, tty: tty, done: make(chan struct{}), read: make(chan struct{})}
	go p.collect()
	go func() {
		p.err = cmd.Wait()
		close(p.done)
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-p.done
		_ = tty.Close()
	})
	return p
}

// collect keeps everything the program writes until the terminal closes.
func (p *PTY) collect() {
	defer close(p.read)
	buf := make([]byte, 32<<10)
	for {
		n, err := p.tty.Read(buf)
		p.mu.Lock()
		p.out.Write(buf[:n])
		p.mu.Unlock()
		if err != nil {
			return
		}
	}
}

// Output is every byte the program has written so far.
func (p *PTY) Output() []byte {
	p.mu.Lock()
	defer p.mu.Unlock()
	return bytes.Clone(p.out.Bytes())
}

// Write types bytes into the terminal, in one write.
func (p *PTY) Write(b []byte) {
	p.t.Helper()
	if _, err := p.tty.Write(b); err != nil {
		p.t.Fatal(err)
	}
}

// WaitForOutput waits until the output holds text, and returns the output.
func (p *PTY) WaitForOutput(text string) []byte {
	p.t.Helper()
	deadline := time.Now().Add(waitLimit)
	for {
		out := p.Output()
		if bytes.Contains(out, []byte(text)) {
			return out
		}
		select {
		case <-p.done:
			<-p.read
			out = p.Output()
			if bytes.Contains(out, []byte(text)) {
				return out
			}
			p.t.Fatalf("the program exited (%v) without writing %q; it wrote %q", p.err, text, out)
		default:
		}
		if time.Now().After(deadline) {
			p.t.Fatalf("timed out waiting for %q; the output so far: %q", text, out)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// Wait waits for the program to exit and returns its exit code and all it
// wrote.
func (p *PTY) Wait() (int, []byte) {
	p.t.Helper()
	select {
	case <-p.done:
	case <-time.After(waitLimit):
		p.t.Fatalf("the program did not exit; it wrote %q", p.Output())
	}
	select { // the rest of the output, if the terminal still holds some
	case <-p.read:
	case <-time.After(time.Second):
	}
	code := 0
	var exitErr *exec.ExitError
	if errors.As(p.err, &exitErr) {
		code = exitErr.ExitCode()
	} else if p.err != nil {
		p.t.Fatal(p.err)
	}
	return code, p.Output()
}

// Process is the running program.
func (p *PTY) Process() *os.Process { return p.cmd.Process }

// Printable is text with escape sequences and controls spelled out, for
// test messages.
func Printable(b []byte) string {
	var s strings.Builder
	for _, r := range string(b) {
		switch {
		case r == 0x1b:
			s.WriteString(`\e`)
		case r < 0x20 && r != '\n':
			s.WriteString(`^` + string(rune(r+'@')))
		default:
			s.WriteRune(r)
		}
	}
	return s.String()
}
