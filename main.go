// Command cocalc-tui is a terminal UI and command line for the CoCalc hub
// HTTP API. With no command it starts the UI; commands (ping, whoami,
// search, names, fakehub) serve scripts. See `cocalc-tui --help`.
package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/charmbracelet/x/term"

	"cocalc-tui/ui/sanitize"
)

func main() {
	os.Exit(runMain())
}

// runMain wires the real terminal, environment and signals to run. SIGINT
// and SIGTERM cancel the context (see notifyInterrupt): calls in flight
// stop, the UI quits, and fakehub shuts down gracefully. A second signal
// gets the default action.
func runMain() (code int) {
	ctx, stop := notifyInterrupt(context.Background())
	defer stop()
	defer recoverPanic(&code)
	width := 0
	stdoutIsTerminal := term.IsTerminal(os.Stdout.Fd())
	if stdoutIsTerminal {
		width, _, _ = term.GetSize(os.Stdout.Fd())
	}
	return run(ctx, os.Args[1:], Env{
		Stdin:            os.Stdin,
		Stdout:           os.Stdout,
		Stderr:           os.Stderr,
		Getenv:           os.Getenv,
		StdinIsTerminal:  term.IsTerminal(os.Stdin.Fd()),
		StdoutIsTerminal: stdoutIsTerminal,
		TerminalWidth:    width,
		RestoreTerminal:  restoreTerminal,
	})
}

// terminalState is the terminal's mode at start, restored after a panic so a
// crash never leaves the shell without echo. Bubble Tea restores the
// terminal after panics inside the UI itself; this covers everything else.
var terminalState = saveTerminal()

func saveTerminal() *term.State {
	if !term.IsTerminal(os.Stdin.Fd()) {
		return nil
	}
	state, err := term.GetState(os.Stdin.Fd())
	if err != nil {
		return nil
	}
	return state
}

// restoreTerminal puts the terminal back in the mode it had at start.
func restoreTerminal() {
	if terminalState != nil {
		_ = term.Restore(os.Stdin.Fd(), terminalState)
	}
}

// recoverPanic is the last line of defence, for a panic outside a command
// (run recovers those inside one): one line on stderr and exit code 1.
func recoverPanic(code *int) {
	recovered := recover()
	if recovered == nil {
		return
	}
	restoreTerminal()
	reportPanic(os.Stderr, recovered)
	*code = exitFailure
}

// reportPanic writes the one line that replaces a panic's dump. The panic's
// value could hold anything: the key (scrubbed in every form it travels in),
// server text (sanitized), a whole answer (cut short).
func reportPanic(w io.Writer, recovered any) {
	fmt.Fprintf(w, "%s: internal error: %s (this is a bug: please report it, with the --debug log if you can)\n",
		programName, panicText(recovered))
}

// panicText is a panic's value made safe to show or log.
func panicText(recovered any) string {
	return sanitize.Fit(secrets.scrub(fmt.Sprint(recovered)), 200)
}
