package ui

import (
	"context"
	"errors"
	"fmt"
	"os"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/term"
)

// Run starts the UI on the terminal and returns when the user quits, when
// ctx is done, or when the terminal goes away (ErrTerminalGone): the caller
// must cancel ctx on SIGINT and SIGTERM, which the UI does not watch itself.
// It fills in the terminal-related parts of cfg.
func Run(ctx context.Context, cfg Config) error {
	watch := &terminalWatch{}
	out := &TerminalOutput{file: os.Stdout, watch: watch}
	in, closeInput, err := openTerminalInput(watch)
	if err != nil {
		return err
	}
	defer closeInput()
	if cfg.Renderer == nil {
		cfg.Renderer = lipgloss.NewRenderer(out)
		// Bubble Tea asked the terminal for its background when the program
		// started (lipgloss's default renderer keeps the answer); asking again
		// once the program reads the keyboard would race with it.
		cfg.Renderer.SetHasDarkBackground(lipgloss.HasDarkBackground())
	}
	if cfg.Clipboard == nil {
		cfg.Clipboard = out
	}
	cfg.Multiplexer = multiplexer(os.Getenv)
	if cfg.LocalClipboard == nil {
		cfg.LocalClipboard = localClipboard(os.Getenv)
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
