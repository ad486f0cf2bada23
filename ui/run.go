package ui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/term"
	"github.com/muesli/termenv"
)

// Run starts the UI on the terminal and returns when the user quits, when
// ctx is done, or when the terminal goes away (ErrTerminalGone): the caller
// must cancel ctx on SIGINT and SIGTERM, which the UI does not watch itself.
// It fills in the terminal-related parts of cfg: the renderer, with the
// colour profile of the terminal (see colorProfile); the theme, from
// cfg.ThemeChoice and, for auto, the environment (COLORFGBG) or else the
// terminal's answer; and where the questions to the terminal go.
func Run(ctx context.Context, cfg Config) error {
	watch := &terminalWatch{}
	out := &TerminalOutput{file: os.Stdout, watch: watch}
	out.ScrubWith(cfg.Client.Scrubber()) // the screen's last sink
	in, closeInput, err := openTerminalInput(watch)
	if err != nil {
		return err
	}
	defer closeInput()
	profile := colorProfile(os.Stdout)
	cfg.Theme, cfg.AskBackground = chooseTheme(cfg.ThemeChoice, os.Getenv("COLORFGBG"))
	cfg.AskBackground = cfg.AskBackground && profile != termenv.Ascii
	if cfg.Renderer == nil {
		cfg.Renderer = lipgloss.NewRenderer(out)
		cfg.Renderer.SetColorProfile(profile)
		// Explicit, so that lipgloss never asks the terminal itself (it would
		// wait up to 5 s, reading the keyboard Bubble Tea reads).
		cfg.Renderer.SetHasDarkBackground(cfg.Theme == DarkTheme)
	}
	if cfg.Clipboard == nil {
		cfg.Clipboard = out
	}
	if asksTerminal(os.Getenv("TERM")) {
		cfg.Terminal = out
	}
	cfg.Multiplexer = multiplexer(os.Getenv)
	if cfg.TmuxClipboard == nil && cfg.Multiplexer == "tmux" {
		cfg.TmuxClipboard = tmuxClipboard(exec.LookPath)
	}
	if cfg.LocalClipboard == nil {
		cfg.LocalClipboard = localClipboard(os.Getenv)
	}
	if cfg.OpenURL == nil {
		cfg.OpenURL = localBrowser(os.Getenv)
	}
	cfg.JobControl = jobControl()
	program := tea.NewProgram(New(cfg),
		tea.WithAltScreen(),
		tea.WithInput(in),
		tea.WithOutput(out),
		// The caller owns SIGINT and SIGTERM and cancels ctx on them. Bubble
		// Tea v1 handling them too, at the same moment, can deadlock its
		// shutdown (leaving the terminal in the alternate screen).
		tea.WithContext(ctx),
		tea.WithoutSignalHandler(),
	)
	// Send waits for the program to take the message: not on the reader's or
	// the renderer's goroutine, which the program may be waiting for.
	watch.notify = func(err error) { go program.Send(terminalGoneMsg{err: err}) }
	final, err := program.Run()
	if m, ok := final.(Model); ok {
		if m.probe.graphemesEnabled {
			_, _ = io.WriteString(out, disableGraphemeMode) // as the terminal was
		}
		m.stop() // also when a signal, not the user, ended the program
		if m.failure != nil {
			return m.failure
		}
	}
	if errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil {
		return ctx.Err()
	}
	return err
}

// colorProfile is the colours the terminal on f shows, as termenv reads them
// from the environment of a terminal file: TERM (xterm-256color: 256
// colours; xterm-kitty, alacritty, wezterm, xterm-ghostty: true colour),
// COLORTERM=truecolor or 24bit, NO_COLOR (none, whatever else says),
// CLICOLOR_FORCE. It must be asked of the terminal's own file: a renderer
// built on anything else (a writer that wraps it) decides that it is not a
// terminal and draws without colour.
func colorProfile(f *os.File) termenv.Profile {
	return termenv.NewOutput(f).EnvColorProfile()
}

// chooseTheme is the theme of a --theme or config file choice ("auto",
// "dark", "light"; "" is auto). For auto, COLORFGBG ("15;0": foreground 15
// on background 0), which rxvt, Konsole and others set, tells; otherwise
// the theme is dark until the terminal answers the question about its
// background (ask).
func chooseTheme(choice, colorFGBG string) (theme Theme, ask bool) {
	switch choice {
	case "dark":
		return DarkTheme, false
	case "light":
		return LightTheme, false
	}
	if theme, ok := themeOfColorFGBG(colorFGBG); ok {
		return theme, false
	}
	return DarkTheme, true
}

// themeOfColorFGBG reads the background of COLORFGBG: its last field, a
// colour of the 16-colour palette, 0 to 6 and 8 dark, 7 and 9 to 15 light.
func themeOfColorFGBG(value string) (Theme, bool) {
	fields := strings.Split(value, ";")
	if len(fields) < 2 {
		return DarkTheme, false
	}
	bg, err := strconv.Atoi(fields[len(fields)-1])
	switch {
	case err != nil || bg < 0 || bg > 15:
		return DarkTheme, false
	case bg == 7 || bg >= 9:
		return LightTheme, true
	}
	return DarkTheme, true
}

// asksTerminal reports whether the UI asks a terminal of this TERM how it
// counts cells and what its background is. The Linux console is left out:
// it knows neither question, counts per code point, and may misread them.
func asksTerminal(term string) bool {
	return term != "linux"
}

// openTerminalInput is the keyboard: standard input when it is the
// terminal, else the process's terminal itself (as Bubble Tea does when
// input was piped or redirected), and how to close what it opened.
func openTerminalInput(watch *terminalWatch) (*terminalInput, func(), error) {
	if term.IsTerminal(os.Stdin.Fd()) {
		return &terminalInput{file: os.Stdin, watch: watch}, func() {}, nil
	}
	tty, err := os.Open("/dev/tty")
	if err != nil {
		return nil, nil, fmt.Errorf("no terminal to read keys from: %w", err)
	}
	return &terminalInput{file: tty, watch: watch}, func() { _ = tty.Close() }, nil
}
