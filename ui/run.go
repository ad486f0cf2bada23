package ui

import (
	"context"
	"errors"
	"os"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
)

// Run starts the UI on the terminal and returns when the user quits, or when
// ctx is done: the caller must cancel ctx on SIGINT and SIGTERM, which the UI
// does not watch itself. It fills in the terminal-related parts of cfg.
func Run(ctx context.Context, cfg Config) error {
	out := NewTerminalOutput(os.Stdout)
	out.ScrubWith(cfg.Client.Scrubber()) // the screen's last sink
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
	program := tea.NewProgram(New(cfg),
		tea.WithAltScreen(),
		tea.WithOutput(out),
		// The caller owns SIGINT and SIGTERM and cancels ctx on them. Bubble
		// Tea v1 handling them too, at the same moment, can deadlock its
		// shutdown (leaving the terminal in the alternate screen).
		tea.WithContext(ctx),
		tea.WithoutSignalHandler(),
	)
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
