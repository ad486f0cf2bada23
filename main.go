// Command cocalc-tui is a terminal UI and command line for the CoCalc hub
// HTTP API. With no command it starts the UI; commands (ping, whoami,
// search, names, fakehub) serve scripts. See `cocalc-tui --help`.
//
// main only wires the process to the program in ui/cli: the real terminal,
// the environment, the version and the signals.
package main

import (
	"context"
	"os"

	"github.com/charmbracelet/x/term"

	"cocalc-tui/ui/cli"
	// Before Bubble Tea's own init: no command asks the terminal anything.
	_ "cocalc-tui/ui/noquery"
)

// version is set at build time with -ldflags "-X main.version=1.2.3"; when it
// is not, the command line falls back to the module version Go recorded.
var version = ""

func main() {
	os.Exit(runMain())
}

// runMain wires the real terminal, environment and signals to cli.Run.
// SIGINT and SIGTERM cancel the context (see cli.NotifyInterrupt): calls in
// flight stop, the UI quits, and fakehub shuts down gracefully. A second
// signal gets the default action.
func runMain() (code int) {
	ctx, stop := cli.NotifyInterrupt(context.Background())
	defer stop()
	defer recoverPanic(&code)
	width := 0
	stdoutIsTerminal := term.IsTerminal(os.Stdout.Fd())
	if stdoutIsTerminal {
		width, _, _ = term.GetSize(os.Stdout.Fd())
	}
	return cli.Run(ctx, os.Args[1:], cli.Env{
		Version:          version,
		Stdin:            os.Stdin,
		Stdout:           os.Stdout,
		Stderr:           os.Stderr,
		Getenv:           os.Getenv,
		StdinIsTerminal:  term.IsTerminal(os.Stdin.Fd()),
		StdoutIsTerminal: stdoutIsTerminal,
		StderrIsTerminal: term.IsTerminal(os.Stderr.Fd()),
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
// (cli.Run recovers those inside one): one line on stderr and exit code 1.
func recoverPanic(code *int) {
	recovered := recover()
	if recovered == nil {
		return
	}
	restoreTerminal()
	cli.ReportPanic(os.Stderr, recovered)
	*code = cli.ExitFailure
}
