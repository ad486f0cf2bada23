package cli

import (
	"context"
	"errors"

	"github.com/spf13/cobra"

	"cocalc-tui/hub"
	"cocalc-tui/hub/clean"
	"cocalc-tui/ui"
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
	// The UI leaves signals to main (see ui.Run): SIGINT and SIGTERM cancel
	// ctx, which ends the UI and restores the terminal.
	err := inv.env.RunTUI(ctx, ui.Config{
		Client:       conn.client,
		MaskedKey:    hub.MaskKey(conn.settings.Key),
		Demo:         conn.demo,
		PingInterval: inv.opts.pingInterval,
		Limit:        inv.opts.limit,
		Logger:       inv.log,
		ThemeChoice:  inv.themeChoice(),
		ReadOnly:     inv.opts.readOnly || conn.settings.ReadOnly,
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

// themeChoice is the theme asked for: --theme, or the config file's theme,
// or "" (auto). A config file that cannot be read gives no theme: connect
// reports it (--demo does not read the file otherwise).
func (inv *invocation) themeChoice() string {
	if inv.opts.theme != "" {
		return inv.opts.theme
	}
	if cfg, err := loadConfig(configPath(inv.env.Getenv)); err == nil {
		return cfg.Theme
	}
	return ""
}
