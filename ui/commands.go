package ui

import (
	"fmt"

	tea "github.com/charmbracelet/bubbletea"
)

// guarded runs a command's work and turns a panic inside it into the
// command's own failure message, so the part that waits for the answer (a
// spinner, a status check) is released and the user sees an error instead of
// a crashed program.
func guarded(run func() tea.Msg, onPanic func(error) tea.Msg) tea.Cmd {
	return func() (msg tea.Msg) {
		defer func() {
			if r := recover(); r != nil {
				msg = onPanic(fmt.Errorf("internal error (%v); please report it", r))
			}
		}()
		return run()
	}
}
