package cli

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"sync/atomic"
	"time"

	"cocalc-tui/ui/humanize"
)

// When the progress of bulk work shows: only after progressDelay (short runs
// show none), redrawn at most every progressInterval. Tests set both to 0.
var (
	progressDelay    = time.Second
	progressInterval = 200 * time.Millisecond
)

// progress is one line on a terminal's stderr saying how far a bulk run
// is: "search -: 1234 of 5000 lines · 850/s · 4s left". It is drawn with
// a carriage return and erased (EL, CSI K) before anything else is written
// to the terminal, so that it is never part of the output: data goes to
// stdout, and a file or pipe there never sees it.
type progress struct {
	w       io.Writer // the terminal (stderr)
	what    string    // "search -", "names"
	unit    string    // "lines", "ids"
	total   atomic.Int64
	started time.Time
	drawn   time.Time // when the line was last drawn
	shown   bool      // the line is on the terminal now
}

func newProgress(w io.Writer, what, unit string) *progress {
	return &progress{w: w, what: what, unit: unit, started: time.Now()}
}

// setTotal sets how many units the run has, when it is known (0: unknown).
func (p *progress) setTotal(total int) { p.total.Store(int64(total)) }

// show draws the line for done units, unless it is too early or too soon
// after the last drawing.
func (p *progress) show(done int) {
	now := time.Now()
	if now.Sub(p.started) < progressDelay || (p.shown && now.Sub(p.drawn) < progressInterval) {
		return
	}
	p.drawn, p.shown = now, true
	_, _ = io.WriteString(p.w, "\r"+p.text(done, now.Sub(p.started))+"\x1b[K")
}

// text is the line, at most about 60 characters, so that it never wraps on
// an 80-column terminal (a wrapped line could not be erased).
func (p *progress) text(done int, elapsed time.Duration) string {
	total := int(p.total.Load())
	rate := 0.0
	if elapsed > 0 {
		rate = float64(done) / elapsed.Seconds()
	}
	text := fmt.Sprintf("%s: %d %s", p.what, done, p.unit)
	if total >= done && total > 0 {
		text = fmt.Sprintf("%s: %d of %d %s", p.what, done, total, p.unit)
	}
	text += fmt.Sprintf(" · %.0f/s", rate)
	if total > done && rate > 0 {
		left := time.Duration(float64(total-done) / rate * float64(time.Second))
		text += " · " + humanize.Duration(left) + " left"
	}
	return text
}

// erase removes the line from the terminal, if it is there.
func (p *progress) erase() {
	if p.shown {
		_, _ = io.WriteString(p.w, "\r\x1b[K")
		p.shown = false
	}
}

// console is what a bulk run writes to: stdout buffered (a write per line
// of 100,000 would cost a system call each), stderr unbuffered, and the
// progress line, if any, on stderr. Writes to either stream first flush or
// erase what must come before them, so that on a terminal showing both the
// order is the order of writing and the progress line is never left inside
// the output. One goroutine writes to it.
type console struct {
	out        *bufio.Writer
	stdout     io.Writer // the stream out writes to
	stderr     io.Writer
	progress   *progress // nil: none
	outOnStage bool      // stdout is the terminal the progress line is on
}

// newConsole wraps the invocation's outputs for a bulk run: progress shows
// only when stderr is a terminal and nobody types the input there.
func (inv *invocation) newConsole(what, unit string) *console {
	c := &console{out: bufio.NewWriterSize(inv.env.Stdout, 64<<10), stdout: inv.env.Stdout, stderr: inv.env.Stderr,
		outOnStage: inv.env.StdoutIsTerminal}
	if inv.env.StderrIsTerminal && !inv.env.StdinIsTerminal {
		c.progress = newProgress(inv.env.Stderr, what, unit)
	}
	return c
}

// stdoutWriter is stdout through the console.
type stdoutWriter struct{ c *console }

func (w stdoutWriter) Write(b []byte) (int, error) {
	if w.c.outOnStage && w.c.progress != nil {
		w.c.progress.erase()
	}
	return w.c.out.Write(b)
}

// stderrWriter is stderr through the console: what was written to stdout
// comes first.
type stderrWriter struct{ c *console }

func (w stderrWriter) Write(b []byte) (int, error) {
	_ = w.c.out.Flush()
	if w.c.progress != nil {
		w.c.progress.erase()
	}
	return w.c.stderr.Write(b)
}

// attach makes the invocation write through the console until the
// function it returns is called, which flushes stdout, erases the
// progress line and puts the outputs back.
func (c *console) attach(inv *invocation) (detach func() error) {
	stdout, stderr := inv.env.Stdout, inv.env.Stderr
	inv.env.Stdout, inv.env.Stderr = stdoutWriter{c}, stderrWriter{c}
	return func() error {
		err := c.out.Flush()
		if c.progress != nil {
			c.progress.erase()
		}
		inv.env.Stdout, inv.env.Stderr = stdout, stderr
		return err
	}
}

// idle is called when the run is about to wait: what is written so far
// goes out, and the progress line is brought up to date for done units.
func (c *console) idle(done int) {
	_ = c.out.Flush()
	if c.progress != nil {
		c.progress.show(done)
	}
}

// progressTick is how often a waiting writer wakes to redraw the progress.
func progressTick() time.Duration { return max(progressInterval, 10*time.Millisecond) }

// receive takes the next value of ch for a bulk run's writer (open is
// false once ch is closed). While it waits, the console writes out what
// it holds and redraws the progress for done() units, then again every
// progressTick. ok is false when ctx ended first with nothing to take; a
// value ready as ctx ends is taken (it is what the end interrupted).
func receive[T any](ctx context.Context, c *console, done func() int, ch <-chan T) (value T, open, ok bool) {
	select {
	case value, open = <-ch:
		return value, open, true
	default: // not ready: flush and wait (never per line when lines are ready)
	}
	ticks := time.NewTicker(progressTick())
	defer ticks.Stop()
	for {
		c.idle(done())
		select {
		case value, open = <-ch:
			return value, open, true
		case <-ctx.Done():
			select {
			case value, open = <-ch:
				return value, open, true
			default:
				return value, false, false
			}
		case <-ticks.C:
		}
	}
}

// countLines tells p how many lines r holds when it is a regular file
// (input redirected from a file), counting in the background without
// moving the file's offset; for a pipe or a terminal the total stays
// unknown.
func countLines(r io.Reader, p *progress) {
	file, ok := r.(*os.File)
	if !ok || p == nil {
		return
	}
	info, err := file.Stat()
	if err != nil || !info.Mode().IsRegular() {
		return
	}
	start, err := file.Seek(0, io.SeekCurrent)
	if err != nil {
		return
	}
	go func() {
		buf := make([]byte, 64<<10)
		lines, last := 0, byte('\n')
		for offset := start; ; {
			n, err := file.ReadAt(buf, offset)
			for _, b := range buf[:n] {
				if b == '\n' {
					lines++
				}
			}
			if n > 0 {
				last = buf[n-1]
			}
			offset += int64(n)
			if err != nil {
				break
			}
		}
		if last != '\n' {
			lines++
		}
		p.setTotal(lines)
	}()
}
