package cli

import (
	"cmp"
	"context"
	"errors"
	"path/filepath"

	"github.com/spf13/cobra"

	"cocalc-tui/hub"
	"cocalc-tui/hub/clean"
	"cocalc-tui/ui"
	"cocalc-tui/ui/history"
)

// newTUICommand is the root command: with no command, the terminal UI.
func (inv *invocation) newTUICommand() *cobra.Command {
	c := &cobra.Command{
		Use:   programName,
		Short: "a terminal UI and command line for the CoCalc hub API",
		Long: `With no command it starts the terminal UI: users found as you type, what the
API key can do, and (with an admin's key) accounts as CoCalc's admin page
shows them. The commands serve scripts: their output is plain text, JSON or
CSV, and their exit code says what failed.`,
		Example: `  cocalc-tui --demo                       the UI on a built-in fake hub: no account, no key
  cocalc-tui                              the UI, with the key in COCALC_API_KEY
  cocalc-tui search alice --json --jq '.[].account_id'
  cocalc-tui completion bash > ~/.local/share/bash-completion/completions/cocalc-tui`,
	}
	fs := c.Flags()
	addConnectionFlags(fs, inv.opts)
	addLimitFlag(fs, inv.opts, "results per search at start (default 25 for admins, as on CoCalc's admin page; 20 otherwise)")
	fs.DurationVar(&inv.opts.pingInterval, "ping-interval", defaultPingInterval, "time between status checks")
	fs.StringVar(&inv.opts.theme, "theme", "", "colours for a dark or light background: auto (the terminal's, the "+
		"default), dark or light")
	fs.BoolVar(&inv.opts.mouse, "mouse", false, "use the mouse: the wheel scrolls, a click selects (hold shift to "+
		"select text; also mouse = true in the config file)")
	fs.BoolVar(&inv.opts.noHistory, "no-history", false, "keep no search history, and walk none with ↑ (also "+
		"history = false in the config file)")
	return inv.wire(c, noArgs, runTUI)
}

func runTUI(ctx context.Context, inv *invocation) int {
	if !inv.env.StdoutIsTerminal {
		inv.errorf("the terminal UI needs a terminal; for scripts use a command: %s", inv.commandList())
		return exitUsage
	}
	if term := inv.env.Getenv("TERM"); term == "" || term == "dumb" {
		// Nothing is written to the terminal before this: no escape
		// sequence reaches an editor's shell buffer.
		inv.errorf("the terminal UI needs a terminal that understands escape sequences, and TERM is %q; "+
			"the commands work here: %s", term, inv.commandList())
		return exitUsage
	}
	conn, code := inv.connect(ctx)
	if conn == nil {
		return code
	}
	defer conn.stop()
	choices := inv.uiChoices(ctx)
	// The UI leaves signals to main (see ui.Run): SIGINT and SIGTERM cancel
	// ctx, which ends the UI and restores the terminal.
	err := inv.env.RunTUI(ctx, ui.Config{
		Client:       conn.client,
		MaskedKey:    hub.MaskKey(conn.settings.Key),
		Demo:         conn.demo,
		PingInterval: inv.opts.pingInterval,
		Limit:        inv.opts.limit,
		Logger:       inv.log,
		ThemeChoice:  choices.theme,
		ReadOnly:     inv.opts.readOnly || conn.settings.ReadOnly,
		Mouse:        choices.mouse,
		History:      inv.historyFile(choices.history, conn.client.Scrubber()),
	})
	if signal, ok := interruptionOf(ctx); ok {
		inv.errorf("the terminal UI stopped: %s", signal)
		return signal.code
	}
	if errors.Is(err, ui.ErrTerminalGone) {
		inv.errorf("the terminal UI stopped: %s", err)
		return exitHangup
	}
	if err != nil && ctx.Err() == nil {
		inv.errorf("the terminal UI failed: %s (try again; with --debug, the log may say more)", clean.Line(conn.scrub(err.Error())))
		return exitFailure
	}
	return exitOK // quit by the user
}

// uiChoices are the terminal UI's own settings, each from its flag if
// given, else from the config file, else the default.
type uiChoices struct {
	theme   string // "" is auto
	mouse   bool
	history bool
}

// uiChoices reads the UI's settings. A config file that cannot be read
// gives the defaults: connect reports it (--demo does not read the file
// otherwise).
func (inv *invocation) uiChoices(ctx context.Context) uiChoices {
	file := &configFile{}
	if cfg, err := loadConfig(ctx, configPath(inv.env.Getenv), inv.env.Getenv("HOME")); err == nil {
		file = cfg
	}
	c := uiChoices{theme: cmp.Or(inv.opts.theme, file.Theme), mouse: file.Mouse, history: file.History == nil || *file.History}
	flags := inv.root.Flags()
	if flags.Changed("mouse") {
		c.mouse = inv.opts.mouse
	}
	if flags.Changed("no-history") {
		c.history = !inv.opts.noHistory
	}
	return c
}

// historyFile is the search history, $XDG_STATE_HOME/cocalc-tui/history,
// or nil when it is off or there is no state folder (neither
// XDG_STATE_HOME nor HOME is set). Its folders are checked from HOME down,
// as the debug log's are (localfile.OpenDir). A query the scrubber finds a
// key in is never kept.
func (inv *invocation) historyFile(on bool, scrubber *hub.Scrubber) *history.File {
	path := filepath.Join(stateDir(inv.env.Getenv), "history")
	if !on || !filepath.IsAbs(path) {
		inv.log.Info("no search history", "on", on, "path", path)
		return nil
	}
	return history.New(path, inv.env.Getenv("HOME"), scrubber.Contains)
}
