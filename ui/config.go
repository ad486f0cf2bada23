package ui

import (
	"context"
	"io"
	"log/slog"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"cocalc-tui/hub"
)

// Defaults for Config's zero values.
const (
	DefaultPingInterval = 10 * time.Second
	DefaultDebounce     = 200 * time.Millisecond
	DefaultFlashTime    = 4 * time.Second
	// slowRoundTrip is the round trip above which the server is shown as slow.
	slowRoundTrip = time.Second
	// skewWorthShowing is the clock difference below which skew is not shown.
	skewWorthShowing = 2 * time.Second
	// firstRetry is the first wait after a failed status check; it doubles on
	// every failure, up to the ping interval.
	firstRetry = time.Second
	// pingTimeoutCap bounds a status check (with the client's own limit, see
	// pingTimeout), so a hung server shows as down without waiting for the
	// whole call timeout.
	pingTimeoutCap = 5 * time.Second
)

// Config is what the UI needs from the outside world. Only Client is
// required; the rest have defaults, and tests replace Clock, After and
// Renderer to run without a terminal or real time.
type Config struct {
	Client *hub.Client
	// MaskedKey is the API key as it may be shown ("sk-…abc123"), never the key.
	MaskedKey string
	// Demo marks the built-in fake server with a visible DEMO badge.
	Demo bool
	// PingInterval is the time between status checks (DefaultPingInterval).
	PingInterval time.Duration
	// Debounce is how long typing must pause before a search is sent.
	Debounce time.Duration
	// Limit is the number of results a search asks for at start (0: 25 in
	// admin mode, as on CoCalc's admin page; the server's 20 otherwise).
	Limit int
	// ExportDir is where exports are written (the current directory).
	ExportDir string

	// Clock tells the time (time.Now). The View never reads a clock itself:
	// the model keeps the time of the last tick.
	Clock func() time.Time
	// Location is the zone for absolute times (time.Local).
	Location *time.Location
	// After delivers msg after d (tea.Tick). Tests record the calls instead.
	After func(d time.Duration, msg tea.Msg) tea.Cmd
	// Renderer styles the output (a renderer on stdout), with the colour
	// profile of the terminal.
	Renderer *lipgloss.Renderer
	// ThemeChoice is --theme or the config file's theme: "auto" (or ""),
	// "dark" or "light". Run turns it into Theme and AskBackground.
	ThemeChoice string
	// Theme is the colours to start with (DarkTheme).
	Theme Theme
	// Terminal receives the questions the UI asks the terminal, a few frames
	// after the first (nil: none, as in tests): whether it counts grapheme
	// clusters (mode 2027) and, with AskBackground, its background colour.
	// The answers arrive as input; until they do, the UI counts per code
	// point, in Theme.
	Terminal io.Writer
	// AskBackground asks the terminal for its background colour and takes
	// the theme from the answer (--theme auto, when the environment did not
	// tell).
	AskBackground bool
	// Clipboard receives OSC 52 sequences for copy (the terminal's output).
	Clipboard io.Writer
	// Multiplexer is "tmux" or "screen" when the UI runs inside one, which
	// changes how an OSC 52 sequence reaches the terminal ("": neither).
	Multiplexer string
	// TmuxClipboard asks the tmux the UI runs in whether it lets a copy
	// (an OSC 52 sequence) through to the terminal, and whether that is
	// known (nil: not in tmux, or no tmux command to ask with). It is called
	// in a copy's command, with a deadline, never in Update. Run sets it.
	TmuxClipboard func(ctx context.Context) (passes, known bool)
	// LocalClipboard puts text on this machine's clipboard, for a user who
	// sits at it (nil: none, or over SSH; copies then go by OSC 52 only).
	LocalClipboard func(text string) error
	// JobControl says a shell with job control started the program, so ctrl+z
	// can stop it and fg bring it back (Run finds out; see jobControl).
	JobControl bool
	// Logger receives debug logs (discarded when nil). It never sees the key.
	Logger *slog.Logger
	// ReadOnly turns the admin actions off (--read-only, read_only in a
	// profile): none can start, their keys are neither shown nor answered,
	// and the header says read-only.
	ReadOnly bool
	// OpenURL opens a link in a browser on this machine (nil: there is
	// none, or the user is over SSH; links are copied instead). Its
	// browser's output must not reach the terminal.
	OpenURL func(url string) error

	// lifetime ends when the UI quits; calls and timers in flight stop then,
	// so no goroutine outlives the program.
	lifetime context.Context
}

// withDefaults fills in the zero values; lifetime must be set before.
func (c Config) withDefaults() Config {
	if c.PingInterval <= 0 {
		c.PingInterval = DefaultPingInterval
	}
	if c.Debounce <= 0 {
		c.Debounce = DefaultDebounce
	}
	if c.Clock == nil {
		c.Clock = time.Now
	}
	if c.Location == nil {
		c.Location = time.Local
	}
	if c.After == nil {
		c.After = c.afterUnlessStopped
	}
	if c.Renderer == nil {
		c.Renderer = lipgloss.DefaultRenderer()
	}
	if c.ExportDir == "" {
		c.ExportDir = "."
	}
	if c.Clipboard == nil {
		c.Clipboard = io.Discard
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return c
}
