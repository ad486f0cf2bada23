package ui

import (
	"errors"
	"os"
	"runtime"
	"sync"

	"cocalc-tui/hub"

	"github.com/atotto/clipboard"
)

// ErrTerminalGone is what Run returns when the UI ended because its terminal
// went away while SIGHUP was ignored (nohup, some supervisors): reads from a
// terminal that hung up end, and writes to it fail, so the UI quits rather
// than live on unseen, calling the server with the key.
var ErrTerminalGone = errors.New("the terminal went away")

// terminalGoneMsg tells the model that its terminal is gone.
type terminalGoneMsg struct{ err error }

// terminalWatch reports, once, that the terminal is gone: a read from it
// ended (EOF: in raw mode only a hang-up ends the input) or failed, or a
// write to it failed (EIO).
type terminalWatch struct {
	once sync.Once
	// notify is set before the program starts, and called at most once.
	notify func(error)
}

func (w *terminalWatch) gone(err error) {
	w.once.Do(func() {
		if w.notify != nil {
			w.notify(err)
		}
	})
}

// TerminalOutput is the terminal the program draws on, shared by the
// renderer and the clipboard: every write takes a lock, so an OSC 52
// sequence never lands in the middle of a frame. It keeps the file's Fd, so
// Bubble Tea still sees a terminal (for its size and raw mode). A write that
// fails reports the terminal gone.
//
// It is the screen's last sink: with a scrubber set, each write (a whole
// frame) is scrubbed of the key, each replacement as wide as what it
// replaces so the layout holds (a key pasted into the search box shows as
// "[redacted]").
type TerminalOutput struct {
	mu       sync.Mutex
	file     *os.File
	watch    *terminalWatch
	scrubber *hub.Scrubber
}

// ScrubWith makes every later write scrubbed by s.
func (t *TerminalOutput) ScrubWith(s *hub.Scrubber) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.scrubber = s
}

func (t *TerminalOutput) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := p
	if t.scrubber != nil {
		out = []byte(t.scrubber.ScrubKeepingWidth(string(p)))
	}
	if _, err := t.file.Write(out); err != nil {
		t.watch.gone(err)
		return 0, err
	}
	return len(p), nil
}

func (t *TerminalOutput) Read(p []byte) (int, error) { return t.file.Read(p) }
func (t *TerminalOutput) Close() error               { return nil } // the file is not ours to close
func (t *TerminalOutput) Fd() uintptr                { return t.file.Fd() }

// terminalInput is the keyboard side of the terminal, as Bubble Tea needs
// it: a file (for raw mode, and for reads it can cancel, which need Fd and
// Name) that reports when the terminal is gone.
type terminalInput struct {
	file  *os.File
	watch *terminalWatch
}

func (t *terminalInput) Read(p []byte) (int, error) {
	n, err := t.file.Read(p)
	if err != nil {
		t.watch.gone(err)
	}
	return n, err
}

func (t *terminalInput) Write(p []byte) (int, error) { return t.file.Write(p) }
func (t *terminalInput) Close() error                { return nil } // closed by whoever opened it
func (t *terminalInput) Fd() uintptr                 { return t.file.Fd() }
func (t *terminalInput) Name() string                { return t.file.Name() }

// multiplexer is "tmux" or "screen" when the UI runs inside one, "" if not.
func multiplexer(getenv func(string) string) string {
	switch {
	case getenv("TMUX") != "":
		return "tmux"
	case len(getenv("TERM")) >= 6 && getenv("TERM")[:6] == "screen":
		return "screen"
	}
	return ""
}

// localClipboard is this machine's clipboard (atotto/clipboard: pbcopy,
// xclip, xsel, wl-copy, termux), for a user who sits at this machine: none
// over SSH, where it would be the server's clipboard, not the user's; none
// without a clipboard tool; none without a display where X11 or Wayland
// provide the clipboard.
func localClipboard(getenv func(string) string) func(string) error {
	if clipboard.Unsupported || getenv("SSH_CONNECTION") != "" || getenv("SSH_CLIENT") != "" || getenv("SSH_TTY") != "" {
		return nil
	}
	switch runtime.GOOS {
	case "darwin", "windows", "android":
	default:
		if getenv("DISPLAY") == "" && getenv("WAYLAND_DISPLAY") == "" {
			return nil
		}
	}
	return clipboard.WriteAll
}
