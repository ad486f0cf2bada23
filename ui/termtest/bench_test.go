package termtest

import (
	"bytes"
	"os/exec"
	"testing"
	"time"
)

// BenchmarkSilentTerminal times the program on a pseudo-terminal that never
// answers a query (a bare pty, some CI runners, a serial console):
// --version there beside --version into a pipe (no terminal at all), and the
// terminal UI's first frame. Before the UI stopped Bubble Tea's init from
// asking the terminal for its background, each of these waited 5 s.
func BenchmarkSilentTerminal(b *testing.B) {
	bin := Binary(b)
	env := Environ(b.TempDir(), "xterm-256color")
	b.Run("version-pipe", func(b *testing.B) {
		for b.Loop() {
			cmd := exec.Command(bin, "--version")
			cmd.Env = env
			if out, err := cmd.Output(); err != nil || !bytes.Contains(out, []byte("9.8.7-test")) {
				b.Fatalf("%v: %q", err, out)
			}
		}
	})
	b.Run("version-pty", func(b *testing.B) {
		for b.Loop() {
			p := StartPTY(b, 80, 24, env, bin, "--version")
			if code, out := p.Wait(); code != 0 {
				b.Fatalf("exit %d: %q", code, out)
			}
		}
	})
	b.Run("ui-first-frame-pty", func(b *testing.B) {
		for b.Loop() {
			p := StartPTY(b, 120, 40, env, bin, "--demo")
			waitQuickly(b, p, "Search")
			b.StopTimer()
			_ = p.Process().Kill()
			b.StartTimer()
		}
	})
}

// waitQuickly polls the output every 0.2 ms, so the wait adds little to
// the time measured.
func waitQuickly(b *testing.B, p *PTY, text string) {
	deadline := time.Now().Add(waitLimit)
	for !bytes.Contains(p.Output(), []byte(text)) {
		if time.Now().After(deadline) {
			b.Fatalf("no %q in %q", text, p.Output())
		}
		time.Sleep(200 * time.Microsecond)
	}
}
