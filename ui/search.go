package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"cocalc-tui/hub"
	"cocalc-tui/ui/sanitize"
)

// searchModel is the search box and the searches it sends. Every search
// carries a sequence number; only the answer to the latest one is applied,
// and starting a search cancels the one in flight, so the results always
// match the text in the box.
type searchModel struct {
	input textinput.Model
	// editSeq counts edits of the text; a debounce tick for an older edit is
	// ignored, so only a pause in typing sends a search.
	editSeq int
	// requestSeq names the latest search sent.
	requestSeq int
	cancel     context.CancelFunc
	inFlight   bool
	pending    string // the query of the search in flight
	startedAt  time.Time
	outcome    searchOutcome
}

// searchOutcome is what the line under the search box reports.
type searchOutcome struct {
	query   string
	count   int
	elapsed time.Duration
	err     error
	done    bool // a search has answered (count or err is meaningful)
}

type debounceMsg struct{ editSeq int }

type searchResultMsg struct {
	seq      int
	query    string
	accounts []hub.Account
	elapsed  time.Duration
	err      error
}

func newSearchInput(st Styles) textinput.Model {
	in := textinput.New()
	in.Prompt = "› "
	in.PromptStyle = st.Prompt
	in.PlaceholderStyle = st.Placeholder
	in.Placeholder = "name, @username, email or account id; commas for several"
	in.CharLimit = 4096
	// A static cursor: a blinking one redraws the screen twice a second, which
	// costs bandwidth over SSH and makes tests depend on time.
	in.Cursor.SetMode(cursor.CursorStatic)
	in.Focus()
	return in
}

func (s searchModel) query() string { return s.input.Value() }

// afterEdit arms the debounce for the text as it is now.
func (s *searchModel) afterEdit(cfg Config) tea.Cmd {
	s.editSeq++
	return cfg.After(cfg.Debounce, debounceMsg{editSeq: s.editSeq})
}

// start sends a search for the text in the box, cancelling any search in
// flight. A blank query clears the results without asking the server, which
// would answer [] anyway.
func (s *searchModel) start(cfg Config, params hub.SearchParams, now time.Time) tea.Cmd {
	s.cancelInFlight()
	s.requestSeq++
	if strings.TrimSpace(params.Query) == "" {
		s.outcome = searchOutcome{}
		return nil
	}
	ctx, cancel := callContext(cfg)
	s.cancel = cancel
	s.inFlight = true
	s.pending = params.Query
	s.startedAt = now
	seq := s.requestSeq
	client := cfg.Client
	return guarded(func() tea.Msg {
		started := time.Now()
		accounts, err := client.UserSearch(ctx, params)
		return searchResultMsg{seq: seq, query: params.Query, accounts: accounts, elapsed: time.Since(started), err: err}
	}, func(err error) tea.Msg { return searchResultMsg{seq: seq, query: params.Query, err: err} })
}

func (s *searchModel) cancelInFlight() {
	if s.cancel != nil {
		s.cancel()
		s.cancel = nil
	}
	s.inFlight = false
}

// accept reports whether an answer is the latest search's, and records it.
func (s *searchModel) accept(msg searchResultMsg) bool {
	if msg.seq != s.requestSeq {
		return false
	}
	s.cancelInFlight()
	s.outcome = searchOutcome{query: msg.query, count: len(msg.accounts), elapsed: msg.elapsed, err: msg.err, done: true}
	return true
}

// clear empties the box and forgets the last search.
func (s *searchModel) clear() {
	s.cancelInFlight()
	s.requestSeq++
	s.editSeq++
	s.input.SetValue("")
	s.outcome = searchOutcome{}
}

// outcomeLine is the line under the search box.
func (s searchModel) outcomeLine(st Styles, spinner string, width int) string {
	quoted := func(q string) string { return "“" + sanitize.Line(strings.TrimSpace(q)) + "”" }
	var line string
	switch {
	case s.inFlight:
		line = st.Accent.Render(spinner) + st.Muted.Render(" searching for "+quoted(s.pending)+"…")
	case s.outcome.err != nil:
		line = st.Bad.Render("✕ search failed: " + errorWithHint(s.outcome.err))
	case s.outcome.done && s.outcome.count == 0:
		line = st.Warn.Render("no accounts match " + quoted(s.outcome.query))
	case s.outcome.done:
		line = fmt.Sprintf("%d %s for %s", s.outcome.count, plural(s.outcome.count, "account", "accounts"), quoted(s.outcome.query)) +
			st.Muted.Render(" · "+formatRTT(s.outcome.elapsed))
	default:
		line = st.Muted.Render("Type to search as you type · enter searches now · ? for help")
	}
	return truncateStyled(line, width)
}

// errorText is an error's message, safe for the screen, without the hub
// function name (the user did not call a function, they searched).
func errorText(err error) string {
	var hubErr *hub.Error
	if errors.As(err, &hubErr) {
		return sanitize.Line(hubErr.Message)
	}
	return sanitize.Line(err.Error())
}

// errorWithHint is errorText plus what to do about it.
func errorWithHint(err error) string {
	if hint := hub.Hint(err); hint != "" {
		return errorText(err) + " — " + hint
	}
	return errorText(err)
}
