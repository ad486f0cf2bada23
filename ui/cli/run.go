// Package cli is cocalc-tui's command line: the commands for scripts (ping,
// whoami, search, names, fakehub), the settings they share (flags, the
// environment, the config file's profiles, where the key comes from), their
// output formats and failure reports, and the start of the terminal UI. It
// is the program's second face beside the terminal UI (package ui); main
// only wires the process to Run.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"cocalc-tui/hub"
	"cocalc-tui/hub/clean"
	"cocalc-tui/ui"
)

// Exit codes, as documented in the README and in --help.
// A command stopped by SIGINT or SIGTERM exits 130 or 143 (see interruption).
const (
	exitOK       = 0 // success
	exitFailure  = 1 // the server or the network failed, or a bug (ExitFailure)
	exitUsage    = 2 // the command line or the config file is wrong
	exitKeyError = 3 // no key, key rejected, or the key lacks the rights asked for

	// ExitFailure is exitFailure, for main's last line of defence.
	ExitFailure = exitFailure
)

// exitHangup is the terminal UI's exit when its terminal went away while
// SIGHUP was ignored: 128 + 1, as the shell reports a death by SIGHUP.
const exitHangup = 128 + 1

const programName = "cocalc-tui"

// buildVersion is the module version Go recorded in the binary, or "dev":
// the version when the build did not set one (see Env.Version).
func buildVersion() string {
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	return "dev"
}

// Env is everything run needs from the outside world, so tests can run the
// whole program in-process with buffers for the terminal.
type Env struct {
	// Version is the program's version ("1.2.3"); buildVersion when empty.
	Version string

	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	// Getenv reads environment variables (os.Getenv).
	Getenv func(string) string
	// StdinIsTerminal tells whether a person may be typing on Stdin.
	StdinIsTerminal bool
	// StdoutIsTerminal selects the terminal-friendly forms: columns fitted to
	// TerminalWidth, indented JSON, escaped control characters.
	StdoutIsTerminal bool
	// StderrIsTerminal allows the progress of long bulk work on Stderr.
	StderrIsTerminal bool
	// TerminalWidth is the width of the terminal on Stdout, when it is one.
	TerminalWidth int
	// Now is the clock for relative times (time.Now).
	Now func() time.Time
	// RunTUI starts the terminal UI (ui.Run).
	RunTUI func(context.Context, ui.Config) error
	// RestoreTerminal puts the terminal back in the mode it had at start,
	// after a panic; nil when there is nothing to restore.
	RestoreTerminal func()
}

func (e Env) withDefaults() Env {
	if e.Version == "" {
		e.Version = buildVersion()
	}
	if e.Stdin == nil {
		e.Stdin = strings.NewReader("")
	}
	if e.Stdout == nil {
		e.Stdout = io.Discard
	}
	if e.Stderr == nil {
		e.Stderr = io.Discard
	}
	if e.Getenv == nil {
		e.Getenv = func(string) string { return "" }
	}
	if e.Now == nil {
		e.Now = time.Now
	}
	if e.RunTUI == nil {
		e.RunTUI = ui.Run
	}
	return e
}

// usageError is a mistake on the command line; it exits with exitUsage.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// invocation is one run of the program: its arguments, options and
// outputs, and the exit code of the command it ran.
type invocation struct {
	env     Env
	opts    *options
	rawArgs []string // the command line as given
	command string   // the command that runs ("" for the terminal UI)
	args    []string // its arguments
	code    int      // its exit code
	log     *slog.Logger
	root    *cobra.Command
}

func (inv *invocation) stdout() io.Writer { return inv.env.Stdout }

// errorf prints one line on stderr, prefixed with the program's name. The
// line is cleaned (it may quote the server, a file, a command's output) and
// then scrubbed of every key, last.
func (inv *invocation) errorf(format string, a ...any) {
	line := secrets.Scrub(clean.Line(fmt.Sprintf(format, a...)))
	fmt.Fprintf(inv.env.Stderr, "%s: %s\n", programName, line)
}

// Run is the whole program: it parses args, runs the command and returns the
// exit code. main only wires the real terminal, environment and signals to
// it: ctx must end, with an interruption as its cause (NotifyInterrupt), on
// SIGINT and SIGTERM.
func Run(ctx context.Context, args []string, env Env) (code int) {
	env = env.withDefaults()
	inv := &invocation{env: env, opts: &options{}, rawArgs: args, log: slog.New(slog.DiscardHandler)}
	defer inv.recoverPanic(&code)
	root := inv.newRootCommand()
	inv.root = root
	root.SetArgs(args)
	cmd, err := root.ExecuteContextC(ctx)
	if err != nil {
		return inv.commandLineFailure(cmd, err)
	}
	return inv.code
}

// commandLineFailure reports a mistake on the command line, found before
// the command ran, in one line, and returns its exit code.
func (inv *invocation) commandLineFailure(cmd *cobra.Command, err error) int {
	if _, ok := errorsAs[keyFlagError](err); ok {
		inv.errorf("there is no flag for the API key, since the process list would show it: set %s, or use "+
			"api_key_file or api_key_command in a profile of %s (see %s --help)",
			envAPIKey, displayPath(configPath(inv.env.Getenv), inv.env.Getenv), programName)
		return exitUsage
	}
	if unknown, ok := errorsAs[unknownCommandError](err); ok {
		inv.errorf("%s", unknown.msg)
		return exitUsage
	}
	if errors.Is(err, errHelpAsked) {
		_ = cmd.Help()
		return exitOK
	}
	inv.errorf("%s (see %s --help)", clean.Line(err.Error()), cmd.CommandPath())
	return exitUsage
}

// commandList names the commands, for messages.
func (inv *invocation) commandList() string {
	return strings.Join(commandNames(inv.root), ", ")
}

// runCommand runs the command, turning a panic into an error message while
// the debug log is still open to receive its stack.
func (inv *invocation) runCommand(ctx context.Context, run func(context.Context, *invocation) int) (code int) {
	defer inv.recoverPanic(&code)
	return run(ctx, inv)
}

func (inv *invocation) usageFailure(err error) int {
	name := programName
	if inv.command != "" {
		name += " " + inv.command
	}
	inv.errorf("%s (see %s --help)", clean.Line(err.Error()), name)
	return exitUsage
}

// openDebugLog starts the --debug log file. The key never reaches it: only
// its masked form is logged, requests are logged without headers, and every
// value, then every record, is scrubbed of keys (see newLogger).
func (inv *invocation) openDebugLog() (func(), error) {
	file, err := createDebugLog(inv.env.Getenv)
	if err != nil {
		return nil, err
	}
	path := file.Name()
	inv.log = newLogger(file)
	inv.errorf("debug log: %s", path)
	return func() {
		_ = file.Close()
		if inv.command == "" { // the TUI hid the first notice; repeat it
			inv.errorf("debug log: %s", path)
		}
	}, nil
}

// recoverPanic turns a panic inside a command into one line on stderr and
// exit code 1, after putting the terminal back. The panic's value and stack
// go to the --debug log, scrubbed of the key.
func (inv *invocation) recoverPanic(code *int) {
	recovered := recover()
	if recovered == nil {
		return
	}
	if inv.env.RestoreTerminal != nil {
		inv.env.RestoreTerminal()
	}
	inv.log.Error("panic", "value", panicText(recovered), "stack", string(debug.Stack()))
	ReportPanic(inv.env.Stderr, recovered)
	*code = exitFailure
}

// ReportPanic writes the one line that replaces a panic's dump. The panic's
// value could hold anything: the key (scrubbed in every form it travels in),
// server text (sanitized), a whole answer (cut short).
func ReportPanic(w io.Writer, recovered any) {
	fmt.Fprintf(w, "%s: internal error: %s (this is a bug: please report it, with the --debug log if you can)\n",
		programName, panicText(recovered))
}

// panicText is a panic's value made safe to show or log: cleaned, cut
// short (never inside a key), then scrubbed.
func panicText(recovered any) string {
	return secrets.Scrub(clean.Bounded(fmt.Sprint(recovered), 200))
}

// exitCodeOf maps an error to the documented exit codes.
func exitCodeOf(err error) int {
	var usage usageError
	var cfgErr *configError
	var keyErr *keyError
	var signal *interruption
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &signal):
		return signal.code
	case errors.As(err, &usage), errors.As(err, &cfgErr):
		return exitUsage
	case errors.As(err, &keyErr):
		return exitKeyError
	}
	var hubErr *hub.Error
	if !errors.As(err, &hubErr) {
		return exitFailure
	}
	switch hubErr.Kind {
	case hub.KindKeyRejected, hub.KindNoKey, hub.KindNotAdmin:
		return exitKeyError
	case hub.KindInvalidArgument:
		return exitUsage
	}
	return exitFailure
}

// connection is a client ready for calls, and how its settings were found.
type connection struct {
	client   *hub.Client
	settings *settings
	demo     bool
	stop     func() // stops the in-process demo server, if any
}

// scrub removes the connection's key, in every form it travels in, and any
// key-shaped word, from any text, as a last line of defence.
func (c *connection) scrub(text string) string {
	if c == nil || c.client == nil {
		return secrets.Scrub(text)
	}
	return c.client.Scrubber().Scrub(text)
}

// connect resolves the settings (or starts the demo server) and builds the
// client. On failure it has already printed the message; the int is the
// exit code.
func (inv *invocation) connect(ctx context.Context) (*connection, int) {
	conn := &connection{stop: func() {}}
	var err error
	if inv.opts.demo {
		conn.settings, conn.stop, err = startDemo(inv.opts.demoKey)
		conn.demo = true
	} else {
		conn.settings, err = resolveSettings(ctx, inv.opts, inv.env.Getenv)
	}
	if err != nil {
		inv.errorf("%s", clean.Line(err.Error()))
		return nil, exitCodeOf(err)
	}
	s := conn.settings
	secrets.Add(s.Key)
	inv.log.Info("settings", "host", hostForLog(s.Host), "host_from", s.HostSource, "profile", s.Profile,
		"key", hub.MaskKey(s.Key), "key_from", s.KeySource, "insecure_http", s.InsecureHTTP, "demo", conn.demo)
	if s.Key == "" {
		conn.stop()
		inv.errorf("no API key. Set %s, or add api_key_file / api_key_command to a profile in %s, or try the demo: %s --demo",
			envAPIKey, displayPath(configPath(inv.env.Getenv), inv.env.Getenv), programName)
		return nil, exitKeyError
	}
	if err := refusePlainHTTP(s); err != nil {
		conn.stop()
		inv.errorf("%s", clean.Line(err.Error()))
		return nil, exitUsage
	}
	conn.client, err = hub.New(s.Host, s.Key, inv.clientOptions(s)...)
	if err != nil {
		conn.stop()
		inv.errorf("%s", clean.Line(conn.scrub(fmt.Sprintf("bad server address from %s: %s (correct it: %s)",
			s.HostSource, errorMessage(err), hostAdvice(s.HostSource, s.Host)))))
		return nil, exitUsage
	}
	return conn, exitOK
}

func (inv *invocation) clientOptions(s *settings) []hub.Option {
	opts := []hub.Option{
		hub.WithCallTimeout(inv.opts.timeout),
		hub.WithUserAgent(programName + "/" + inv.env.Version),
		hub.WithHTTPClient(&http.Client{Transport: loggingTransport{next: http.DefaultTransport, log: inv.log}}),
	}
	if s.InsecureHTTP {
		opts = append(opts, hub.WithInsecureHTTP())
	}
	return opts
}

// loggingTransport logs each request's method, URL, status and duration to
// the debug log. It never logs headers: Authorization holds the key.
type loggingTransport struct {
	next http.RoundTripper
	log  *slog.Logger
}

func (t loggingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	started := time.Now()
	resp, err := t.next.RoundTrip(req)
	elapsed := time.Since(started).Round(time.Millisecond)
	if err != nil {
		t.log.Debug("http", "method", req.Method, "url", req.URL.Redacted(), "elapsed", elapsed, "error", err.Error())
		return nil, err
	}
	t.log.Debug("http", "method", req.Method, "url", req.URL.Redacted(), "status", resp.StatusCode, "elapsed", elapsed,
		"content_type", resp.Header.Get("Content-Type"))
	return resp, nil
}
