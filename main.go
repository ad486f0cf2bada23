// Command cocalc-tui is a terminal UI and command line for the CoCalc hub
// HTTP API. With no command it starts the UI; commands (ping, whoami,
// search, names, fakehub) serve scripts. See `cocalc-tui --help`.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/charmbracelet/x/term"

	"cocalc-tui/ui/sanitize"
)

func main() {
	os.Exit(runMain())
}

// runMain wires the real terminal, environment and signals to run. SIGINT
// and SIGTERM cancel the context: calls in flight stop, the UI quits, and
// fakehub shuts down gracefully. A second signal gets the default action.
func runMain() (code int) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		stop() // the first signal asks for a clean end; a second one kills at once
	}()
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

// recoverPanic turns a panic into one line on stderr and exit code 1. The
// panic value is sanitized and cut short: it could hold anything.
func recoverPanic(code *int) {
	recovered := recover()
	if recovered == nil {
		return
	}
	if terminalState != nil {
		_ = term.Restore(os.Stdin.Fd(), terminalState)
	}
	fmt.Fprintf(os.Stderr, "%s: internal error: %s (please report this bug)\n",
		programName, sanitize.Fit(fmt.Sprint(recovered), 200))
	*code = exitFailure
}
