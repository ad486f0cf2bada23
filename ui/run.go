package ui

import (
	"context"
	"errors"
	"os"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
)

// Run starts the UI on the terminal and returns when the user quits (or ctx
// is done). It fills in the terminal-related parts of cfg.
func Run(ctx context.Context, cfg Config) error {
	out := NewTerminalOutput(os.Stdout)
	if cfg.Renderer == nil {
		cfg.Renderer = lipgloss.NewRenderer(out)
		// Ask the terminal for its background now: asking once the program
		// reads the keyboard would race with it for the terminal's answer.
		cfg.Renderer.SetHasDarkBackground(cfg.Renderer.HasDarkBackground())
	}
	if cfg.Clipboard == nil {
		cfg.Clipboard = out
	}
	program := tea.NewProgram(New(cfg),
		tea.WithAltScreen(),
		tea.WithOutput(out),
		tea.WithContext(ctx),
	)
	final, err := program.Run()
	if m, ok := final.(Model); ok {
		m.stop() // also when a signal, not the user, ended the program
	}
	if errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil {
		return ctx.Err()
	}
	return err
}
