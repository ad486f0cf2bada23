package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"cocalc-tui/hub"
	"cocalc-tui/hub/clean"
	"cocalc-tui/ui/humanize"
	"cocalc-tui/ui/sanitize"
)

// searchModel is the search box and the searches it sends. It owns the
// whole flow: when a search is sent (a pause in typing, enter, a change of
// mode or limit, the server back), what the cache shows meanwhile, and
// which answer is applied; the root model only routes its messages to it
// and does what each step asks of the other parts (searchStep). Every
// search carries a sequence number; only the answer to the latest one is
// applied, and sending a search cancels the one in flight, so the results
// always match the text in the box.
type searchModel struct {
	input searchBox
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
	cache      searchCache
	// cells is the terminal's measure, in which answers are measured.
	cells sanitize.Measure
}

// searchOutcome is what the line under the search box reports.
type searchOutcome struct {
	query   string
	count   int
	elapsed time.Duration
	err     error
	done    bool // a search has answered (count or err is meaningful)
	// limit is the number of results asked for; reaching it means there
	// may be more.
	limit int
	// unknownIDs counts the ids of a pasted list that name no account.
	idList     bool
	unknownIDs int
	// projectID is set when an admin's id query named a project: the
	// results are its collaborators.
	projectID string
	// refreshing marks an answer shown from the cache while the server is
	// asked again.
	refreshing bool
}

// outcomeOf describes a search's answer.
func outcomeOf(msg searchResultMsg) searchOutcome {
	o := searchOutcome{query: msg.query, elapsed: msg.elapsed, err: msg.err, done: true}
	if msg.err != nil {
		return o
	}
	if msg.idList != nil {
		o.idList, o.count = true, len(msg.idList)
		for _, id := range msg.idList {
			if name, found := msg.names[id]; !found || name.IsDeleted() {
				o.unknownIDs++
			}
		}
		return o
	}
	o.count = len(msg.accounts)
	o.limit = msg.params.EffectiveLimit()
	if id := strings.ToLower(strings.TrimSpace(msg.params.Query)); msg.params.Admin && hub.IsUUID(id) && !containsAccount(msg.accounts, id) {
		o.projectID = id
	}
	return o
}

func containsAccount(accounts []hub.Account, id string) bool {
	for _, a := range accounts {
		if strings.EqualFold(a.AccountID, id) {
			return true
		}
	}
	return false
}

type debounceMsg struct{ editSeq int }

type searchResultMsg struct {
	seq      int
	query    string
	params   hub.SearchParams // what was asked
	accounts []hub.Account
	// idList and names answer a query of account ids (see accountIDList).
	idList []string
	names  map[string]hub.DisplayName
	// list is the answer made ready to show, by the command that got it
	// (nil in answers made otherwise; see madeList).
	list    *resultList
	cells   sanitize.Measure // the measure list is made in
	elapsed time.Duration
	err     error
}

// withList makes a successful answer ready to show, in the command that got
// it: off Update's path, where cleaning and sorting 2,500 rows would delay
// the next key.
func (msg searchResultMsg) withList() tea.Msg {
	if msg.err == nil {
		list := msg.madeList()
		msg.list = &list
	}
	return msg
}

// madeList is the results list of a successful answer, measured in
// msg.cells: the one the command made, or one made now.
func (msg searchResultMsg) madeList() resultList {
	if msg.list != nil {
		return *msg.list
	}
	if msg.idList != nil {
		return namesList(msg.idList, msg.names, msg.cells)
	}
	return newResultList(msg.accounts, msg.params.Admin, msg.cells)
}

// listIn is the results list of a successful answer, measured in cells: an
// answer measured in another (the terminal said how it counts while the
// search was in flight, or it comes from the cache) is measured again.
func (msg searchResultMsg) listIn(cells sanitize.Measure) resultList {
	if list := msg.madeList(); list.cells == cells {
		return list
	}
	msg.list, msg.cells = nil, cells
	return msg.madeList().measured(cells)
}

func newSearchInput(st Styles) searchBox {
	in := searchBox{Model: textinput.New(), Cells: st.Cells}
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

// searchEnv is what the search needs to know of the rest of the UI to
// decide what to send: the configuration and the time, how the text in the
// box becomes a search in the current mode (adminModel.params), and whether
// the key can search users at all.
type searchEnv struct {
	cfg        Config
	now        time.Time
	params     func(query string) hub.SearchParams
	projectKey bool
}

// searchStep is what a step of the search asks of the other parts: to empty
// the results, or to show an answer (fresh, or from the cache), and whether
// a failed search is news for the status line. The root model applies it
// (Model.applySearch).
type searchStep struct {
	clearResults bool
	show         *searchResultMsg
	checkServer  bool
}

// update handles the search's own messages: the end of a pause in typing,
// and answers.
func (s *searchModel) update(msg tea.Msg, env searchEnv) (searchStep, tea.Cmd) {
	switch msg := msg.(type) {
	case debounceMsg:
		if msg.editSeq == s.editSeq {
			return s.send(env)
		}
	case searchResultMsg:
		return s.onAnswer(msg, env), nil
	}
	return searchStep{}, nil
}

// edited follows a change of the text in the box: an emptied box clears
// the results at once; otherwise the search waits for a pause in typing,
// and a query seen moments ago shows its answer meanwhile.
func (s *searchModel) edited(env searchEnv) (searchStep, tea.Cmd) {
	if strings.TrimSpace(s.query()) == "" {
		s.editSeq++
		return s.send(env)
	}
	step := s.showCached(env.params(s.query()), env.now)
	return step, s.afterEdit(env.cfg)
}

// searchNow sends the search in the box at once (enter): the pause in
// typing it would have waited for is moot.
func (s *searchModel) searchNow(env searchEnv) (searchStep, tea.Cmd) {
	s.editSeq++
	return s.send(env)
}

// repeat sends the search in the box again, if there is one: after a change
// of mode or limit, or on refresh.
func (s *searchModel) repeat(env searchEnv) (searchStep, tea.Cmd) {
	if strings.TrimSpace(s.query()) == "" {
		return searchStep{}, nil
	}
	return s.send(env)
}

// resendAfterOutage sends the search in the box again if it failed for want
// of the server, which has just come back. Only then, so that a search that
// fails while the server answers pings is not sent again and again.
func (s *searchModel) resendAfterOutage(env searchEnv) (searchStep, tea.Cmd) {
	if !s.failedToReach() {
		return searchStep{}, nil
	}
	return s.send(env)
}

// clear empties the box and forgets the last search, and the results with it.
func (s *searchModel) clear() (searchStep, tea.Cmd) {
	s.cancelInFlight()
	s.requestSeq++
	s.editSeq++
	s.input.SetValue("")
	s.outcome = searchOutcome{}
	return searchStep{clearResults: true}, nil
}

// afterEdit arms the debounce for the text as it is now.
func (s *searchModel) afterEdit(cfg Config) tea.Cmd {
	s.editSeq++
	return cfg.After(cfg.Debounce, debounceMsg{editSeq: s.editSeq})
}

var errProjectKeySearch = errors.New("this is a project key: user search needs an account's API key")

// send sends the search for the text in the box now, and shows the answer
// to the same search seen moments ago, if there is one, until the fresh one
// comes. A project key cannot search: the line under the box says so.
func (s *searchModel) send(env searchEnv) (searchStep, tea.Cmd) {
	if env.projectKey {
		s.cancelInFlight()
		s.outcome = searchOutcome{done: true, query: s.query(), err: errProjectKeySearch}
		return searchStep{}, nil
	}
	params := env.params(s.query())
	cmd := s.request(env.cfg, params, env.now)
	if cmd == nil { // a blank query: nothing to show
		return searchStep{clearResults: true}, nil
	}
	return s.showCached(params, env.now), cmd
}

// showCached shows the answer to a search seen moments ago, marked as
// refreshing, if there is one; the fresh answer replaces it when it comes.
func (s *searchModel) showCached(params hub.SearchParams, now time.Time) searchStep {
	cached, ok := s.cache.get(params, now)
	if !ok {
		return searchStep{}
	}
	s.outcome = outcomeOf(cached)
	s.outcome.refreshing = true
	return searchStep{show: &cached}
}

// onAnswer applies the answer of the latest search, and drops any other:
// its results no longer match the text in the box.
func (s *searchModel) onAnswer(msg searchResultMsg, env searchEnv) searchStep {
	if !s.accept(msg) {
		env.cfg.Logger.Debug("search answer dropped: superseded", "seq", msg.seq)
		return searchStep{}
	}
	env.cfg.Logger.Info("search", "query", msg.query, "admin", msg.params.Admin, "limit", msg.params.Limit,
		"ids", len(msg.idList), "accounts", len(msg.accounts), "elapsed", msg.elapsed, "error", msg.err)
	if msg.err != nil {
		return searchStep{checkServer: unreachable(msg.err)}
	}
	s.cache.put(msg.params, msg, env.now)
	return searchStep{show: &msg}
}

// request sends a search, cancelling any search in flight. For a blank query
// it sends nothing and returns nil (the server would answer [] anyway; send
// then clears the results).
// A query made only of account ids (two or more, as pasted from a log) is
// answered with one system.getNames call, in the order given.
func (s *searchModel) request(cfg Config, params hub.SearchParams, now time.Time) tea.Cmd {
	s.cancelInFlight()
	s.requestSeq++
	if strings.TrimSpace(params.Query) == "" {
		s.outcome = searchOutcome{}
		return nil
	}
	ctx, cancel := context.WithCancel(cfg.lifetime)
	s.cancel = cancel
	s.inFlight = true
	s.pending = params.Query
	s.startedAt = now
	seq, client, cells := s.requestSeq, cfg.Client, s.cells
	failed := func(err error) tea.Msg {
		return searchResultMsg{seq: seq, query: params.Query, params: params, err: err}
	}
	if ids, ok := accountIDList(params.Query); ok {
		return guarded(func() tea.Msg {
			started := time.Now()
			names, err := client.GetNames(ctx, ids)
			return searchResultMsg{seq: seq, query: params.Query, params: params, idList: ids, names: names.ByID,
				cells: cells, elapsed: time.Since(started), err: err}.withList()
		}, failed)
	}
	return guarded(func() tea.Msg {
		started := time.Now()
		result, err := client.UserSearch(ctx, params)
		elapsed := time.Since(started)
		return searchResultMsg{seq: seq, query: params.Query, params: params, accounts: result.Accounts,
			cells: cells, elapsed: elapsed, err: err}.withList()
	}, failed)
}

// accountIDList returns the ids of a query that holds nothing but two or
// more account ids, separated by commas, semicolons, spaces or newlines,
// lower-cased and without repeats, in the order given.
func accountIDList(query string) ([]string, bool) {
	fields := strings.FieldsFunc(query, func(r rune) bool { return r == ',' || r == ';' || unicode.IsSpace(r) })
	if len(fields) < 2 {
		return nil, false
	}
	seen := map[string]bool{}
	var ids []string
	for _, field := range fields {
		if !hub.IsUUID(field) {
			return nil, false
		}
		id := strings.ToLower(field)
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	return ids, true
}

func (s *searchModel) cancelInFlight() {
	if s.cancel != nil {
		s.cancel()
		s.cancel = nil
	}
	s.inFlight = false
}

// failedToReach reports whether the search in the box failed for want of
// the server (unreachable, no answer, down, or a proxy answering for it),
// so that it is worth sending again once the server is back.
func (s searchModel) failedToReach() bool {
	if s.inFlight || s.outcome.err == nil || strings.TrimSpace(s.query()) == "" {
		return false
	}
	switch hub.KindOf(s.outcome.err) {
	case hub.KindTransport, hub.KindTimeout, hub.KindUnavailable, hub.KindHTTPStatus, hub.KindBadResponse:
		return true
	}
	return false
}

// accept reports whether an answer is the latest search's, and records it.
func (s *searchModel) accept(msg searchResultMsg) bool {
	if msg.seq != s.requestSeq {
		return false
	}
	s.cancelInFlight()
	s.outcome = outcomeOf(msg)
	return true
}

// outcomeLine is the line under the search box.
func (s searchModel) outcomeLine(st Styles, spinner string, width int) string {
	quoted := func(q string) string { return "“" + clean.Line(strings.TrimSpace(q)) + "”" }
	var line string
	switch {
	case s.outcome.refreshing && !s.inFlight:
		line = s.outcome.summary(st, quoted) + st.Muted.Render(" · refreshing soon")
	case s.inFlight && s.outcome.refreshing:
		line = s.outcome.summary(st, quoted) + st.Muted.Render(" · ") + st.Accent.Render(spinner) + st.Muted.Render(" refreshing…")
	case s.inFlight:
		line = st.Accent.Render(spinner) + st.Muted.Render(" searching for "+quoted(s.pending)+"…")
	case s.outcome.err != nil:
		line = st.Bad.Render("✕ search failed: " + errorWithHint(s.outcome.err))
	case s.outcome.done && s.outcome.count == 0 && s.outcome.projectID != "":
		line = st.Warn.Render("no account or project has the id " + quoted(s.outcome.query))
	case s.outcome.done && s.outcome.count == 0:
		line = st.Warn.Render("no accounts match " + quoted(s.outcome.query))
	case s.outcome.done:
		line = s.outcome.summary(st, quoted) + st.Muted.Render(" · "+humanize.RoundTrip(s.outcome.elapsed))
	default:
		line = st.Muted.Render("Type to search as you type · enter searches now · ? for help")
	}
	return st.truncateStyled(line, width)
}

// summary is "23 accounts for …", and what else the answer means.
func (o searchOutcome) summary(st Styles, quoted func(string) string) string {
	accounts := fmt.Sprintf("%d %s", o.count, plural(o.count, "account", "accounts"))
	switch {
	case o.idList && o.unknownIDs > 0:
		return fmt.Sprintf("%d account ids: %d found, ", o.count, o.count-o.unknownIDs) +
			st.Warn.Render(fmt.Sprintf("%d unknown or deleted", o.unknownIDs))
	case o.idList:
		return fmt.Sprintf("%d account ids, all found", o.count)
	case o.projectID != "":
		return fmt.Sprintf("%d %s of project %s", o.count, plural(o.count, "collaborator", "collaborators"), shortID(o.projectID))
	case o.count >= o.limit:
		return fmt.Sprintf("%d shown, ", o.count) +
			st.Warn.Render("limit reached: narrow the query or raise the limit (+)")
	}
	return accounts + " for " + quoted(o.query)
}
