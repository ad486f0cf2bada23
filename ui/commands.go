package ui

import (
	"fmt"
	"time"

	tea "github.com/charmbracelet/bubbletea"
)

// How the UI's commands run: every hub call and every timer lives no longer
// than the UI (Config.lifetime), and a panic in a command's work becomes
// that command's failure.

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

// afterUnlessStopped delivers msg after d, like tea.Tick, but gives up when
// the UI quits, so a pending timer does not keep a goroutine alive.
func (c Config) afterUnlessStopped(d time.Duration, msg tea.Msg) tea.Cmd {
	lifetime := c.lifetime
	return func() tea.Msg {
		timer := time.NewTimer(d)
		defer timer.Stop()
		select {
		case <-timer.C:
			return msg
		case <-lifetime.Done():
			return nil
		}
	}
}
