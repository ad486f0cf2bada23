package cli

import (
	"context"
	"errors"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"cocalc-tui/hub"
	"cocalc-tui/hub/clean"
	"cocalc-tui/ui"
)

var tuiCommand = &command{
	name:      "",
	usage:     "cocalc-tui [flags]\n  cocalc-tui --demo",
	summary:   "start the terminal UI",
	checkArgs: noArgs,
	run:       runTUI,
}

func runTUI(ctx context.Context, inv *invocation) int {
	if !inv.env.StdoutIsTerminal {
		inv.errorf("the terminal UI needs a terminal; for scripts use a command: %s", strings.Join(commandNames(), ", "))
		return exitUsage
	}
	if term := inv.env.Getenv("TERM"); term == "" || term == "dumb" {
		// Nothing is written to the terminal before this: no escape
		// sequence reaches an editor's shell buffer.
		inv.errorf("the terminal UI needs a terminal that understands escape sequences, and TERM is %q; "+
			"the commands work here: %s", term, strings.Join(commandNames(), ", "))
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
	})
	if signal, ok := tuiInterruption(ctx, err); ok {
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

// tuiInterruption tells whether a signal ended the UI. Bubble Tea listens
// for SIGINT and SIGTERM too, and whichever hears first ends the UI: it
// quits on SIGTERM as on a key, and ends with tea.ErrInterrupted on SIGINT.
func tuiInterruption(ctx context.Context, err error) (*interruption, bool) {
	if signal, ok := interruptionOf(ctx); ok {
		return signal, true
	}
	if errors.Is(err, tea.ErrInterrupted) {
		return interruptedBySIGINT, true
	}
	return nil, false
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
