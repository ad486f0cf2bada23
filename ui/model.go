// Package ui is the Bubble Tea terminal UI of cocalc-tui: a search box, a
// results list, a details pane, live server status and the key's scope.
package ui

import (
	"context"
	"fmt"
	"runtime/debug"
	"time"

	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"

	"cocalc-tui/ui/sanitize"
)

// focusArea is the part of the screen that receives keys.
type focusArea int

const (
	focusSearch focusArea = iota
	focusResults
	focusDetails
	focusCount // number of focus areas, for cycling
)

// overlayKind is a window or dialog drawn over the panes, which takes the
// keys while open. The help is drawn over any of them (Model.helpOpen).
type overlayKind int

const (
	overlayNone overlayKind = iota
	overlayKeyInfo
	overlayConfirm // an admin action waits for yes or no
	overlayLink    // a link shown to be copied or selected (linkWindow)
)

type clockTickMsg struct{}
type spinnerTickMsg struct{}

// spinnerFrames is the animation shown while a request is in flight.
var spinnerFrames = spinner.MiniDot

// Model is the root of the UI. It holds the concrete parts and routes each
// message to the part that owns it.
type Model struct {
	cfg    Config
	styles Styles
	keys   KeyMap
	layout layout
	now    time.Time

	focus    focusArea
	overlay  overlayKind
	spinning bool // a spinner tick is armed
	frame    int  // spinner frame
	quitting bool
	// helpOpen shows the help over everything else, scrolled by helpOffset
	// lines; closing it shows again what it covered.
	helpOpen   bool
	helpOffset int
	// keyInfoOffset is how far the key info window is scrolled.
	keyInfoOffset int
	// stop ends the UI's lifetime (see Config.lifetime).
	stop context.CancelFunc
	// failure is why the UI ended on its own (a panic, its terminal gone),
	// for Run to return.
	failure error
	// pasteTrail holds the keys that come with a paste (see afterPaste).
	pasteTrail pasteTrail
	// toldClipboardSetting records that the user was told once how to let
	// copies through tmux.
	toldClipboardSetting bool
	// tmuxBlocksCopies records that tmux said, at the start or at the last
	// copy, that it stops the terminal's clipboard sequence (for the
	// help's notes).
	tmuxBlocksCopies bool
	tmuxAsked        bool // the question is armed (see armTmuxQuestion)
	// link is the link shown in overlayLink.
	link linkWindow

	status  statusModel
	scope   scopeModel
	admin   adminModel
	action  actionModel
	search  searchModel
	results resultsModel
	details detailsModel
	flash   flashModel
	probe   terminalProbe
	// projects are the selected account's (admins), keyProjects the key's.
	projects    accountProjects
	keyProjects keyProjects
	// banChanged records when the UI banned an account or lifted its ban,
	// by account id: searches may show the old state for a while.
	banChanged map[string]time.Time
	// history is the search box's past queries, walked with ↑ and ↓ (see
	// queryhistory.go).
	history queryHistory
	// filter is the input of the results' filter; filtering gives it the
	// keys (see filter.go).
	filter    searchBox
	filtering bool

	// startup are the commands Init returns; they are created in New, where
	// the state they change (checks in flight) can be recorded.
	startup []tea.Cmd
}

// New builds the UI for cfg. Nothing is sent until the program runs Init.
func New(cfg Config) Model {
	lifetime, stop := context.WithCancel(context.Background())
	cfg.lifetime = lifetime
	cfg = cfg.withDefaults()
	st := NewStyles(cfg.Renderer, cfg.Theme)
	m := Model{
		cfg:    cfg,
		styles: st,
		keys:   DefaultKeyMap(),
		now:    cfg.Clock(),
		admin:  newAdminModel(cfg.Limit),
		stop:   stop,
	}
	m.search.input = newSearchInput(st)
	m.history.position = -1
	m.filter = newFilterInput(st)
	m.setSize(80, 24) // a sane frame before the terminal reports its size
	m.startup = []tea.Cmd{
		m.status.startCheck(cfg, m.now),
		m.scope.startCheck(cfg),
		cfg.After(time.Second, clockTickMsg{}),
		loadHistory(cfg.History),
	}
	m.rebuildDetails()
	m.syncKeys()
	return m
}

// Init starts the status loop, the key check and the clock.
func (m Model) Init() tea.Cmd { return tea.Batch(m.startup...) }

// Update routes a message to the part that owns it (route); a panic on
// the way ends the program cleanly (crash).
func (m Model) Update(msg tea.Msg) (model tea.Model, cmd tea.Cmd) {
	defer func() {
		if r := recover(); r != nil {
			model, cmd = m.crash(r)
		}
	}()
	return m.route(msg)
}

// route gives a message to the part that owns it.
func (m Model) route(msg tea.Msg) (tea.Model, tea.Cmd) {
	m.now = m.cfg.Clock()
	if cmd, handled := m.onTerminalMsg(msg); handled { // the terminal's answers
		m.syncKeys()
		return m, tea.Batch(cmd, m.animate())
	}
	var cmd tea.Cmd
	inBox := m.focus == focusSearch
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.setSize(msg.Width, msg.Height)
		cmd = tea.Batch(m.startProbe(), m.armTmuxQuestion())
	case askTmuxMsg:
		cmd = askTmuxClipboard(m.cfg)
	case tea.KeyMsg:
		cmd = m.handleKey(msg)
	case tea.MouseMsg:
		cmd = m.onMouse(msg)
	case clockTickMsg:
		m.rebuildDetails() // relative times move on
		cmd = m.cfg.After(time.Second, clockTickMsg{})
	case spinnerTickMsg:
		m.spinning = false
		m.frame++
	case pingTickMsg:
		cmd = m.status.onTick(msg, m.cfg, m.now)
	case pingResultMsg:
		cmd = m.onPingResult(msg)
	case scopeResultMsg:
		cmd = m.onScopeResult(msg)
	case debounceMsg, searchResultMsg:
		cmd = m.applySearch(m.search.update(msg, m.searchEnv()))
	case lookupDebounceMsg:
		cmd = m.details.sendLookup(m.cfg, msg)
	case lookupResultMsg:
		if record := m.details.onResult(msg); record != nil {
			m.results.replace(*record, msg.admin)
		}
		m.rebuildDetails()
		cmd = m.checkIfUnreachable(msg.err)
	case projectsDebounceMsg:
		cmd = m.projects.send(m.cfg, msg)
	case projectsResultMsg:
		m.onProjectsResult(msg)
		cmd = m.checkIfUnreachable(msg.err)
	case openedMsg:
		cmd = m.onOpened(msg)
	case actionResultMsg:
		cmd = m.onActionResult(msg)
	case exportedMsg:
		cmd = m.onExported(msg)
	case copiedMsg:
		cmd = m.onCopied(msg)
	case tmuxClipboardMsg:
		m.onTmuxClipboard(msg)
	case flashExpiredMsg:
		m.flash.onExpired(msg)
	case historyLoadedMsg:
		cmd = m.onHistoryLoaded(msg)
	case historySavedMsg:
		cmd = m.onHistorySaved(msg)
	case tea.ResumeMsg:
		// Back from ctrl+z: what the header says may be minutes old; and
		// Bubble Tea v1.3 gives the terminal back without the mouse.
		cmd = tea.Batch(m.status.startCheck(m.cfg, m.now), m.mouseBack())
	case terminalGoneMsg:
		m.cfg.Logger.Warn("the terminal went away", "error", msg.err)
		m.failure = ErrTerminalGone
		cmd = m.quit()
	}
	if inBox && m.focus != focusSearch { // a query the user meant (see recordQuery)
		cmd = tea.Batch(cmd, m.recordQuery())
	}
	m.syncKeys()
	return m, tea.Batch(cmd, m.animate())
}

// crash ends the program after a panic in Update, cleanly: the terminal is
// restored by the normal quit, the stack goes to the debug log, and Run
// returns the error. (Bubble Tea's own recovery would print the panic's
// value and stack, unfiltered, on the terminal.)
func (m Model) crash(recovered any) (tea.Model, tea.Cmd) {
	m.cfg.Logger.Error("panic in Update", "value", fmt.Sprint(recovered), "stack", string(debug.Stack()))
	m.failure = fmt.Errorf("internal error (%s); please report it", sanitize.Fit(fmt.Sprint(recovered), 200))
	return m, m.quit()
}

// animate arms the next spinner frame while something is loading.
func (m *Model) animate() tea.Cmd {
	if m.spinning || !m.loading() {
		return nil
	}
	m.spinning = true
	return m.cfg.After(spinnerFrames.FPS, spinnerTickMsg{})
}

func (m Model) loading() bool { return m.search.inFlight || m.details.loading }

func (m Model) spinnerFrame() string {
	return spinnerFrames.Frames[m.frame%len(spinnerFrames.Frames)]
}

func (m *Model) setSize(width, height int) {
	m.layout = computeLayout(width, height)
	m.search.input.Width = max(1, m.layout.search.inner().width-4) // margin, prompt and cursor
	m.search.input = m.search.input.scrolled()
	m.filter.Width = filterInputWidth(width)
	m.filter = m.filter.scrolled()
	// one line of each pane is the column header or the border's title
	m.results.setHeight(m.layout.results.inner().height - 1)
	m.details.setSize(m.layout.details.inner())
	m.rebuildDetails()
	m.scrollHelp(0)
	m.scrollKeyInfo(0)
	if m.overlay == overlayKeyInfo {
		m.showKeyProject()
	}
}

func (m *Model) onPingResult(msg pingResultMsg) tea.Cmd {
	wasOnline := m.status.state == connOnline
	cmd := m.status.onResult(msg, m.cfg, m.now)
	online := m.status.state == connOnline
	if online != wasOnline || msg.err != nil {
		m.cfg.Logger.Info("status", "online", online, "round_trip", msg.roundTrip, "error", msg.err,
			"next_check_in", m.status.nextAt.Sub(m.now))
	}
	cmds := []tea.Cmd{cmd}
	if msg.err == nil {
		m.scope.noteAnswer(m.now)
	}
	keysAgain := m.scope.keysWorthAskingAgain(!wasOnline)
	if online && (m.scope.needsRetry() || keysAgain) && !m.status.forFailure {
		if keysAgain && !wasOnline {
			m.scope.keysAskedAgain = 0 // the server is back: a new count
		}
		if keysAgain {
			m.scope.keysAskedAgain++
		}
		// The key could not be checked while the server was away. (Not
		// after a check that a failed call asked for: if that call was the
		// key's check, failing again it would ask for another, and so on.)
		cmds = append(cmds, m.scope.startCheck(m.cfg))
	}
	if online && !wasOnline {
		// A search that failed while the server was away can be answered now.
		cmds = append(cmds, m.applySearch(m.search.resendAfterOutage(m.searchEnv())))
	}
	return tea.Batch(cmds...)
}

// onScopeResult records what the key can do. An admin's key turns admin
// mode on (unless the user already chose), and the search is sent again in
// that mode.
func (m *Model) onScopeResult(msg scopeResultMsg) tea.Cmd {
	m.scope.onResult(msg)
	m.cfg.Logger.Info("key scope", "kind", msg.scope.Kind, "account_id", msg.scope.AccountID,
		"project_id", msg.scope.ProjectID, "admin", msg.admin, "error", msg.err)
	failed := msg.err
	if failed == nil {
		failed = msg.keysErr // the list of keys, asked for last
	}
	cmds := []tea.Cmd{m.startProjects(), m.checkIfUnreachable(failed)}
	if !m.scope.admin || m.admin.enabled || m.admin.chosen {
		return tea.Batch(cmds...)
	}
	m.admin.enabled = true
	return tea.Batch(append(cmds, m.applySearch(m.search.repeat(m.searchEnv())))...)
}

// checkIfUnreachable starts a status check when a call failed for want of
// the server (see unreachable).
func (m *Model) checkIfUnreachable(err error) tea.Cmd {
	if !unreachable(err) {
		return nil
	}
	return m.checkAfterFailure()
}

// checkAfterFailure starts a status check after a call found the server
// away, while the header says online, unless one is in flight: the header
// must not say online after any call, a search or any other, found the
// server away. (Offline, the next check is already armed, backing off; one
// more would only shorten the backoff.)
func (m *Model) checkAfterFailure() tea.Cmd {
	if m.status.state != connOnline {
		return nil
	}
	cmd := m.status.startCheck(m.cfg, m.now)
	if cmd != nil {
		m.status.forFailure = true
	}
	return cmd
}

// adminMode reports whether searches are sent as an admin's.
func (m Model) adminMode() bool { return m.admin.enabled && m.scope.admin }

// searchEnv is what the search model needs to know of the other parts.
func (m Model) searchEnv() searchEnv {
	return searchEnv{cfg: m.cfg, now: m.now, params: m.admin.params, projectKey: m.scope.isProject()}
}

// applySearch does what a step of the search asks of the other parts (see
// searchStep), after the command the search itself returned.
func (m *Model) applySearch(step searchStep, searchCmd tea.Cmd) tea.Cmd {
	cmds := []tea.Cmd{searchCmd}
	if step.checkServer {
		cmds = append(cmds, m.checkAfterFailure())
	}
	switch {
	case step.clearResults:
		m.dropFilter()
		m.results.clear()
		cmds = append(cmds, m.onSelectionChanged())
	case step.show != nil:
		cmds = append(cmds, m.showAnswer(*step.show))
	}
	return tea.Batch(cmds...)
}

// showAnswer puts a search's answer in the results. An answer to the search
// already shown (a refresh) keeps the same account selected.
func (m *Model) showAnswer(answer searchResultMsg) tea.Cmd {
	if answer.params.Query != m.results.shown.Query {
		m.dropFilter() // a filter of other results; another limit or mode keeps it
	}
	if m.results.showAnswer(answer.listIn(m.styles.Cells), answer.params) {
		m.rebuildDetails()
		return nil
	}
	return m.onSelectionChanged()
}

// onSelectionChanged shows the selected account from its top and arms the
// lookup of its profile.
func (m *Model) onSelectionChanged() tea.Cmd {
	m.details.toTop()
	var cmd tea.Cmd
	if row, ok := m.results.selectedRow(); ok {
		account, _ := m.results.selected()
		cmd = m.details.armLookup(m.cfg, account.AccountID, row.partial && !row.deleted, m.adminMode())
	}
	projectsCmd := m.armProjects()
	m.rebuildDetails()
	return tea.Batch(cmd, projectsCmd)
}

// rebuildDetails makes the details pane's lines again from the model's
// state: the selected account, its profile, the clock, the width.
func (m *Model) rebuildDetails() {
	account, ok := m.results.selected()
	row, _ := m.results.selectedRow()
	switch {
	case ok && row.partial:
		m.details.setLines(m.details.partialLines(m.styles, account, row.deleted))
	case ok:
		lines := m.details.accountLines(m.styles, account, row, m.now, m.cfg.Location)
		if note := m.banNote(m.styles, account.AccountID); note != "" {
			lines = append(lines, note)
		}
		m.details.accountLineCount = len(lines)
		lines = append(lines, m.projects.sectionLines(m.styles, m.now, m.layout.details.inner().width,
			m.focus == focusDetails)...)
		m.details.setLines(lines)
	default:
		m.details.setLines(searchTips(m.styles))
	}
}

// refreshFromServer is the r key: the server's status, the key's scope if
// it is not known, and the search in the box, all asked again now.
func (m *Model) refreshFromServer() tea.Cmd {
	cmds := []tea.Cmd{m.status.startCheck(m.cfg, m.now)}
	if !m.scope.known {
		cmds = append(cmds, m.scope.startCheck(m.cfg))
	}
	cmds = append(cmds, m.applySearch(m.search.repeat(m.searchEnv())))
	return tea.Batch(cmds...)
}

func (m *Model) quit() tea.Cmd {
	m.search.cancelInFlight()
	m.stop()
	m.quitting = true
	return tea.Quit
}

func (m *Model) setFocus(f focusArea) {
	if m.focus == focusDetails && f != focusDetails && m.projects.list.cursor >= 0 {
		m.projects.list.cursor = -1 // a project is selected in the details only
		defer m.rebuildDetails()
	}
	m.focus = f
	if f == focusSearch {
		m.search.input.Focus()
	} else {
		m.search.input.Blur()
	}
}

func (m *Model) cycleFocus(step int) {
	m.setFocus((m.focus + focusArea(step) + focusCount) % focusCount)
}
