package ui

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/muesli/termenv"

	"cocalc-tui/hub"
	"cocalc-tui/hub/hubtest"
)

// testNow is the fixed "now" of every model test: the demo data, the fake
// server's clock and the UI's clock all agree on it.
var testNow = time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)

// harness drives a Model the way the Bubble Tea runtime would, but
// synchronously: every command runs at once (hub calls go over real HTTP to
// a fake hub on loopback) and its message is fed back into Update. Timers go
// through Config.After and fire only when the test advances the fake clock,
// so nothing waits on real time.
type harness struct {
	t *testing.T
	m Model
	// now is the fake clock; commands read it on other goroutines in the
	// async harness, so it is read and set under clockMu (clock, setClock).
	now       time.Time
	clockMu   sync.Mutex
	timers    []timer
	timersMu  sync.Mutex
	clipboard *syncBuffer
	server    *hubtest.Server
	quit      bool
	// suspended counts the times the model asked the program to suspend
	// (ctrl+z), which the runtime would do.
	suspended int
	// captured collects the messages of commands run while capturing,
	// instead of delivering them (see capture).
	captured  []tea.Msg
	capturing bool
	// async lets a command that is still running after slowCommand go on in
	// the background, as the Bubble Tea runtime would; its message waits in
	// inbox until the test delivers it. Quick commands (timers, batches, most
	// calls) are still delivered at once.
	async bool
	inbox chan tea.Msg
}

type timer struct {
	at  time.Time
	seq int // order of arming, to fire timers of the same instant in order
	msg tea.Msg
}

type harnessOption func(*harnessSetup)

type harnessSetup struct {
	key    string
	width  int
	height int
	server *hubtest.Server
	config func(*Config)
}

func withKey(key string) harnessOption { return func(s *harnessSetup) { s.key = key } }
func withSize(w, h int) harnessOption  { return func(s *harnessSetup) { s.width, s.height = w, h } }

// withConfig changes the UI's configuration before the model is built,
// after the changes of the options before it.
func withConfig(change func(*Config)) harnessOption {
	return func(s *harnessSetup) {
		before := s.config
		s.config = func(c *Config) {
			if before != nil {
				before(c)
			}
			change(c)
		}
	}
}

func withServer(srv *hubtest.Server) harnessOption {
	return func(s *harnessSetup) { s.server = srv }
}

// newDemoServer is a fake hub with the demo data as of testNow.
func newDemoServer(t *testing.T, opts ...hubtest.Option) *hubtest.Server {
	t.Helper()
	opts = append([]hubtest.Option{hubtest.WithClock(func() time.Time { return testNow })}, opts...)
	srv := hubtest.NewServer(hubtest.DemoData(testNow), opts...)
	t.Cleanup(srv.Close)
	return srv
}

func newHarness(t *testing.T, opts ...harnessOption) *harness {
	t.Helper()
	setup := harnessSetup{key: hubtest.DemoUserKey, width: 120, height: 40}
	for _, opt := range opts {
		opt(&setup)
	}
	if setup.server == nil {
		setup.server = newDemoServer(t)
	}
	client := newLocalhostClient(t, setup.server, setup.key)
	h := &harness{t: t, now: testNow, clipboard: &syncBuffer{}, server: setup.server}
	cfg := Config{
		Client:    client,
		MaskedKey: hub.MaskKey(setup.key),
		Demo:      true, // the demo data, and the DEMO badge --demo shows
		Clock:     h.clock,
		After:     h.after,
		Renderer:  plainRenderer(),
		Clipboard: h.clipboard,
		Location:  time.UTC,
		ExportDir: t.TempDir(),
	}
	if setup.config != nil {
		setup.config(&cfg)
	}
	h.m = New(cfg)
	h.send(tea.WindowSizeMsg{Width: setup.width, Height: setup.height})
	h.run(h.m.Init())
	return h
}

// newLocalhostClient is a client for srv that calls it "localhost", so the
// header reads the same whatever port the server got.
func newLocalhostClient(t *testing.T, srv *hubtest.Server, key string) *hub.Client {
	t.Helper()
	addr := strings.TrimPrefix(srv.URL, "http://")
	transport := &http.Transport{
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, network, addr)
		},
	}
	t.Cleanup(transport.CloseIdleConnections)
	client, err := hub.New("http://localhost", key, hub.WithHTTPClient(&http.Client{Transport: transport}))
	if err != nil {
		t.Fatal(err)
	}
	return client
}

// plainRenderer renders without colour, so views compare as plain text.
func plainRenderer() *lipgloss.Renderer {
	r := lipgloss.NewRenderer(&bytes.Buffer{})
	r.SetColorProfile(termenv.Ascii)
	r.SetHasDarkBackground(true)
	return r
}

func (h *harness) after(d time.Duration, msg tea.Msg) tea.Cmd {
	return func() tea.Msg {
		h.timersMu.Lock() // a test may run commands on other goroutines
		defer h.timersMu.Unlock()
		h.timers = append(h.timers, timer{at: h.clock().Add(d), seq: len(h.timers), msg: msg})
		return nil
	}
}

// nextTimer removes and returns the earliest timer due by end.
func (h *harness) nextTimer(end time.Time) (timer, bool) {
	h.timersMu.Lock()
	defer h.timersMu.Unlock()
	sort.SliceStable(h.timers, func(i, j int) bool {
		if !h.timers[i].at.Equal(h.timers[j].at) {
			return h.timers[i].at.Before(h.timers[j].at)
		}
		return h.timers[i].seq < h.timers[j].seq
	})
	if len(h.timers) == 0 || h.timers[0].at.After(end) {
		return timer{}, false
	}
	next := h.timers[0]
	h.timers = h.timers[1:]
	return next, true
}

// send delivers one message and runs what it leads to.
func (h *harness) send(msg tea.Msg) {
	h.t.Helper()
	msg = normalizeTimings(msg) // views must not depend on how fast this machine is
	model, cmd := h.m.Update(msg)
	h.m = model.(Model)
	h.run(cmd)
}

// run executes a command and everything that follows from it.
func (h *harness) run(cmd tea.Cmd) {
	h.t.Helper()
	if cmd == nil {
		return
	}
	if h.async {
		done := make(chan tea.Msg, 1)
		go func() { done <- cmd() }()
		select {
		case msg := <-done:
			h.deliver(msg)
		case <-time.After(slowCommand):
			go func() { h.inbox <- <-done }()
		}
		return
	}
	h.deliver(cmd())
}

// slowCommand is how long the async harness waits for a command before
// letting it run in the background.
const slowCommand = 100 * time.Millisecond

// deliver feeds a command's message back into the model.
func (h *harness) deliver(msg tea.Msg) {
	h.t.Helper()
	switch msg := msg.(type) {
	case nil:
	case tea.BatchMsg:
		for _, c := range msg {
			h.run(c)
		}
	case tea.QuitMsg:
		h.quit = true
	case tea.SuspendMsg:
		h.suspended++
	default:
		if h.capturing {
			h.captured = append(h.captured, msg)
			return
		}
		h.send(msg)
	}
}

// goAsync makes commands run on goroutines from now on (see deliverReady).
func (h *harness) goAsync() {
	h.async = true
	h.inbox = make(chan tea.Msg, 1024)
}

// deliverReady delivers the messages of the commands that have finished.
func (h *harness) deliverReady() {
	h.t.Helper()
	for {
		select {
		case msg := <-h.inbox:
			h.deliver(msg)
		default:
			return
		}
	}
}

// deliverUntil delivers messages as commands finish until cond holds,
// failing after a generous deadline.
func (h *harness) deliverUntil(what string, cond func() bool) {
	h.t.Helper()
	deadline := time.After(15 * time.Second)
	for !cond() {
		select {
		case msg := <-h.inbox:
			h.deliver(msg)
		case <-deadline:
			h.t.Fatalf("timed out waiting for %s:\n%s", what, h.view())
		}
	}
}

// capture runs fn, and the commands it leads to, but keeps their messages
// (answers from the server) instead of delivering them, so a test can
// deliver them later and out of order.
func (h *harness) capture(fn func()) []tea.Msg {
	h.capturing, h.captured = true, nil
	fn()
	h.capturing = false
	return h.captured
}

// clock is the fake clock's time.
func (h *harness) clock() time.Time {
	h.clockMu.Lock()
	defer h.clockMu.Unlock()
	return h.now
}

func (h *harness) setClock(t time.Time) {
	h.clockMu.Lock()
	defer h.clockMu.Unlock()
	h.now = t
}

// advance moves the fake clock and fires the timers that came due, in order.
func (h *harness) advance(d time.Duration) {
	h.t.Helper()
	end := h.clock().Add(d)
	for {
		next, due := h.nextTimer(end)
		if !due {
			break
		}
		h.setClock(next.at)
		h.send(next.msg)
	}
	h.setClock(end)
	h.send(clockTickMsg{}) // a frame at the new time, as the real clock tick would give
}

// typeText types runes into the focused part, one key at a time.
func (h *harness) typeText(text string) {
	h.t.Helper()
	for _, r := range text {
		h.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
}

func (h *harness) press(keys ...tea.KeyType) {
	h.t.Helper()
	for _, k := range keys {
		h.send(tea.KeyMsg{Type: k})
	}
}

func (h *harness) pressRune(r rune) {
	h.t.Helper()
	h.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
}

// search types a query and lets the debounce fire.
func (h *harness) search(query string) {
	h.t.Helper()
	h.typeText(query)
	h.advance(DefaultDebounce)
}

// view is the frame as drawn, less the search box's cursor: the one escape
// sequence a frame without colour holds (see searchBox.cursor), which the
// checks that no escape sequence reaches the screen must not count.
func (h *harness) view() string {
	return strings.NewReplacer(reverseVideo, "", reverseVideoOff, "").Replace(h.m.View())
}

// requireView fails unless the screen shows every one of the texts.
func (h *harness) requireView(texts ...string) {
	h.t.Helper()
	view := h.view()
	for _, text := range texts {
		if !strings.Contains(view, text) {
			h.t.Fatalf("screen does not show %q:\n%s", text, view)
		}
	}
}

func (h *harness) requireNotInView(texts ...string) {
	h.t.Helper()
	view := h.view()
	for _, text := range texts {
		if strings.Contains(view, text) {
			h.t.Fatalf("screen shows %q but should not:\n%s", text, view)
		}
	}
}

// requireFits checks the frame is exactly the terminal's size: no line wider
// than the terminal, and as many lines as it has rows.
func (h *harness) requireFits() {
	h.t.Helper()
	lines := strings.Split(h.view(), "\n")
	width, height := h.m.layout.width, h.m.layout.height
	if len(lines) != height {
		h.t.Errorf("frame has %d lines, terminal has %d rows", len(lines), height)
	}
	for i, line := range lines {
		if w := h.m.styles.Cells.Width(line); w > width {
			h.t.Errorf("line %d is %d cells wide, terminal is %d: %q", i+1, w, width, line)
		}
	}
}

// golden compares the view with testdata/<test name>.golden; go test -update
// rewrites the files (the flag belongs to x/exp/golden, as in bubbles).
func (h *harness) golden() {
	h.t.Helper()
	h.requireFits()
	golden.RequireEqual(h.t, []byte(h.view()))
}

// normalizeTimings replaces measured durations with fixed ones.
func normalizeTimings(msg tea.Msg) tea.Msg {
	switch m := msg.(type) {
	case pingResultMsg:
		m.roundTrip = 38 * time.Millisecond
		if m.err == nil {
			m.result.RoundTrip = 38 * time.Millisecond
			m.result.Sent = m.result.ServerTime.Add(-19 * time.Millisecond)
		}
		return m
	case searchResultMsg:
		m.elapsed = 52 * time.Millisecond
		return m
	}
	return msg
}

// syncBuffer is a bytes.Buffer safe for the clipboard's writes.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func keyDown() tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyDown} }

// renderer256 renders with 256 colours, as in xterm-256color.
func renderer256(theme Theme) *lipgloss.Renderer {
	r := lipgloss.NewRenderer(&bytes.Buffer{})
	r.SetColorProfile(termenv.ANSI256)
	r.SetHasDarkBackground(theme == DarkTheme)
	return r
}

// answerYes answers a dangerous action's question with y once it has
// settled (see ConfirmSettle), as a person who read it does.
func (h *harness) answerYes() {
	h.t.Helper()
	h.advance(ConfirmSettle)
	h.pressRune('y')
}

// paste sends text as a terminal's bracketed paste.
func (h *harness) paste(text string) {
	h.t.Helper()
	h.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(text), Paste: true})
}

// hintBar is the last line of the screen: the keys that work now, or a
// flash message.
func (h *harness) hintBar() string {
	lines := strings.Split(h.view(), "\n")
	return lines[len(lines)-1]
}
