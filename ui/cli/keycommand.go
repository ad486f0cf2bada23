package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"

	"cocalc-tui/hub"
	"cocalc-tui/hub/clean"
)

// keyCommandTimeout bounds api_key_command: a password manager waiting for a
// passphrase nobody will type must not hang the program forever.
var keyCommandTimeout = 10 * time.Second

// maxKeyCommandStderr bounds what is kept of api_key_command's stderr, of
// which only the last line is shown.
const maxKeyCommandStderr = 64 << 10

// outputGrace is how long the command's output is still read once the
// command is gone: only a process that left its session (a daemon it
// started) can still hold the pipes then, and it is not waited for.
const outputGrace = time.Second

// errKeyCommandTimeout is the cause of the end of the command's context at
// its deadline.
var errKeyCommandTimeout = errors.New("api_key_command took too long")

// runKeyCommand runs api_key_command through sh -c and returns its output
// with the trailing newline trimmed. Its standard input is empty, so it can
// never eat queries piped to `search -`. It runs in a session of its own,
// without the terminal: a password manager that needs a passphrase asks
// through its agent (as pass and gpg do), and a command that opens the
// terminal itself fails at once rather than wait for keys that never reach
// it. Its environment is this program's without COCALC_API_KEY: the command
// is asked for the profile's key, and has no business with another.
//
// Whatever happens, everything it started that is still in its process
// group is killed on the way out (SIGKILL): when it ends, when it prints
// more than a key can be (maxKeyBytes: it is stopped at once), after
// keyCommandTimeout, and on SIGINT or SIGTERM, which end the program as an
// interruption (exit code 130 or 143). When it fails, the last line of its
// stderr is shown, cleaned and without the key.
func runKeyCommand(ctx context.Context, command string) (string, error) {
	ctx, cancel := context.WithTimeoutCause(ctx, keyCommandTimeout, errKeyCommandTimeout)
	defer cancel()
	stdout := &cappedBuffer{limit: maxKeyBytes, overflowed: make(chan struct{})}
	stderr := &cappedBuffer{limit: maxKeyCommandStderr, keepEnd: true}
	run, err := startKeyCommand(command, stdout, stderr)
	if err != nil {
		return "", &keyError{"api_key_command could not start: " + clean.Line(err.Error())}
	}
	defer run.killGroup() // on the way out, whatever of it is left
	var exitErr error
	select {
	case exitErr = <-run.exited:
	case <-ctx.Done():
		run.killGroup()
		<-run.exited
	case <-stdout.overflowed: // at once: `yes` must not run until the deadline
		run.killGroup()
		<-run.exited
	}
	run.killGroup() // what it left running may hold the pipes
	run.finishReading()
	if signal, ok := interruptionOf(ctx); ok {
		return "", signal
	}
	if stdout.overflowedLimit() {
		return "", &keyError{fmt.Sprintf("api_key_command printed more than %d bytes; it must print the API key alone", maxKeyBytes)}
	}
	if errors.Is(context.Cause(ctx), errKeyCommandTimeout) {
		return "", &keyError{fmt.Sprintf("api_key_command did not finish within %s", keyCommandTimeout)}
	}
	printed := strings.TrimSpace(stdout.String())
	if exitErr != nil {
		msg := "api_key_command failed (" + describeExit(exitErr) + ")"
		if detail := lastLine(stderr.String()); detail != "" {
			msg += ": " + hub.NewScrubber(printedKeys(printed)...).Scrub(clean.Bounded(detail, 200))
		}
		return "", &keyError{msg}
	}
	if printed == "" {
		return "", &keyError{"api_key_command printed nothing; it must print the API key"}
	}
	return printed, nil
}

// printedKeys is what a failed api_key_command printed on stdout, trimmed,
// whole and line by line: the key may be among it (a command that printed
// the key, then a warning, then failed), and the program's scrubber does
// not know the key yet when the command's stderr is shown.
// Lines shorter than any key (a "done", an "error") are left out, so the
// message does not lose its words.
func printedKeys(printed string) []string {
	var keys []string
	for _, text := range append([]string{printed}, strings.Split(printed, "\n")...) {
		if text = strings.TrimSpace(text); len(text) >= minPrintedKey {
			keys = append(keys, text)
		}
	}
	return keys
}

// minPrintedKey is the shortest line of a failed api_key_command's output
// taken for a key: CoCalc's keys are far longer.
const minPrintedKey = 16

// keyCommandRun is a started api_key_command: its end, and the reading of
// its output.
type keyCommandRun struct {
	cmd     *exec.Cmd
	exited  chan error // the command's end, once
	pipes   []*os.File // the read ends of its stdout and stderr
	reading sync.WaitGroup
}

// startKeyCommand starts the command in a session of its own, its stdout
// and stderr read into the buffers until every process holding them ends.
// The pipes are the program's own, not exec's: exec would wait for them
// before saying the command ended, and the command's leftovers, killed only
// then, could keep them open.
func startKeyCommand(command string, stdout, stderr io.Writer) (*keyCommandRun, error) {
	cmd := exec.Command("sh", "-c", command)
	cmd.Env = environWithout(os.Environ(), envAPIKey)
	inSessionOfItsOwn(cmd)
	run := &keyCommandRun{cmd: cmd, exited: make(chan error, 1)}
	var writeEnds []*os.File
	for range 2 { // stdout, stderr
		readEnd, writeEnd, err := os.Pipe()
		if err != nil {
			closeAll(run.pipes)
			closeAll(writeEnds)
			return nil, err
		}
		run.pipes, writeEnds = append(run.pipes, readEnd), append(writeEnds, writeEnd)
	}
	cmd.Stdout, cmd.Stderr = writeEnds[0], writeEnds[1]
	err := cmd.Start()
	closeAll(writeEnds) // the command has its own copies
	if err != nil {
		closeAll(run.pipes)
		return nil, err
	}
	for i, sink := range []io.Writer{stdout, stderr} {
		run.reading.Add(1)
		go func(pipe *os.File) {
			defer run.reading.Done()
			_, _ = io.Copy(sink, pipe)
		}(run.pipes[i])
	}
	go func() { run.exited <- cmd.Wait() }()
	return run, nil
}

// killGroup kills every process left in the command's process group.
func (r *keyCommandRun) killGroup() { killProcessGroup(r.cmd.Process) }

// finishReading waits for the output to end (every writer gone), for
// outputGrace at most, then stops reading.
func (r *keyCommandRun) finishReading() {
	done := make(chan struct{})
	go func() {
		r.reading.Wait()
		close(done)
	}()
	timer := time.NewTimer(outputGrace)
	defer timer.Stop()
	select {
	case <-done:
	case <-timer.C:
	}
	closeAll(r.pipes) // ends the reads still waiting
	<-done
}

func closeAll(files []*os.File) {
	for _, f := range files {
		_ = f.Close()
	}
}

// environWithout is environ without the variable name.
func environWithout(environ []string, name string) []string {
	kept := make([]string, 0, len(environ))
	for _, kv := range environ {
		if !strings.HasPrefix(kv, name+"=") {
			kept = append(kept, kv)
		}
	}
	return kept
}

// cappedBuffer keeps the first limit bytes written to it (the last ones,
// with keepEnd) and notes whether more came, closing overflowed (if not
// nil) when they do; it never fails a write, so the command is never
// blocked. It is safe for one writer and readers after the writes. (The
// buffer is a field, not embedded: io.Copy would use an embedded
// bytes.Buffer's ReadFrom and bypass the cap.)
type cappedBuffer struct {
	buf        bytes.Buffer
	limit      int
	keepEnd    bool
	overflow   bool
	overflowed chan struct{}
	mu         sync.Mutex
}

func (b *cappedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	written := len(p)
	room := b.limit - b.buf.Len()
	switch {
	case len(p) <= room:
		return b.buf.Write(p)
	case b.keepEnd:
		p = p[max(0, len(p)-b.limit):]
		b.buf.Next(max(0, b.buf.Len()+len(p)-b.limit)) // drop the oldest bytes
		b.buf.Write(p)
	default:
		b.buf.Write(p[:max(0, room)])
	}
	if !b.overflow && b.overflowed != nil {
		close(b.overflowed)
	}
	b.overflow = true
	return written, nil
}

// overflowedLimit tells whether more than limit bytes came.
func (b *cappedBuffer) overflowedLimit() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.overflow
}

func (b *cappedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func describeExit(err error) string {
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) {
		if exitErr.ExitCode() < 0 {
			return exitErr.String() // "signal: killed"
		}
		return fmt.Sprintf("exit status %d", exitErr.ExitCode())
	}
	return err.Error()
}

// lastLine is the last non-blank line of a command's stderr: usually the one
// that says what went wrong.
func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.TrimSpace(lines[len(lines)-1])
}
