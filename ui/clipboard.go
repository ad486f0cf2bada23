package ui

import (
	"io"
	"os"
	"strings"
	"sync"

	"github.com/aymanbagabas/go-osc52/v2"
	tea "github.com/charmbracelet/bubbletea"

	"cocalc-tui/hub"
)

// copiedMsg reports a copy to the clipboard.
type copiedMsg struct {
	what string // "account id", "account JSON", …
	err  error
}

// copyCmd puts text on the user's clipboard with OSC 52, which the terminal
// (not this machine) carries out, so it works over SSH. Inside tmux the
// sequence is also sent wrapped for tmux's passthrough, since tmux drops bare
// OSC 52 unless its set-clipboard option allows it.
func copyCmd(out io.Writer, text, what string) tea.Cmd {
	return func() tea.Msg {
		sequence := osc52.New(text).String()
		if os.Getenv("TMUX") != "" {
			sequence += osc52.New(text).Tmux().String()
		} else if strings.HasPrefix(os.Getenv("TERM"), "screen") {
			sequence = osc52.New(text).Screen().String()
		}
		_, err := io.WriteString(out, sequence)
		return copiedMsg{what: what, err: err}
	}
}

// TerminalOutput is the terminal the program draws on, shared by the
// renderer and the clipboard: every write takes a lock, so an OSC 52
// sequence never lands in the middle of a frame. It keeps the file's Fd, so
// Bubble Tea still sees a terminal (for its size and raw mode).
//
// It is the screen's last sink: with a scrubber set, each write (a whole
// frame) is scrubbed of the key, each replacement as wide as what it
// replaces so the layout holds (a key pasted into the search box shows as
// "[redacted]").
type TerminalOutput struct {
	mu       sync.Mutex
	file     *os.File
	scrubber *hub.Scrubber
}

// NewTerminalOutput wraps a terminal file, usually os.Stdout.
func NewTerminalOutput(f *os.File) *TerminalOutput { return &TerminalOutput{file: f} }

// ScrubWith makes every later write scrubbed by s.
func (t *TerminalOutput) ScrubWith(s *hub.Scrubber) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.scrubber = s
}

func (t *TerminalOutput) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.scrubber == nil {
		return t.file.Write(p)
	}
	if _, err := io.WriteString(t.file, t.scrubber.ScrubKeepingWidth(string(p))); err != nil {
		return 0, err
	}
	return len(p), nil
}

func (t *TerminalOutput) Read(p []byte) (int, error) { return t.file.Read(p) }
func (t *TerminalOutput) Close() error               { return nil } // the file is not ours to close
func (t *TerminalOutput) Fd() uintptr                { return t.file.Fd() }
