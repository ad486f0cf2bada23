package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"cocalc-tui/hub"
	"cocalc-tui/ui/humanize"
)

// Projects in the UI: the selected account's (admins, in the details pane)
// and the key's own (the key info window), each a list a person can move
// through and open a project of (o).

// projectsFresh is how long a loaded list is shown without asking again,
// as the search cache keeps answers.
const projectsFresh = 30 * time.Second

// projectsShown bounds the projects drawn in a list: the server sends at
// most 300, and the details are drawn again every second.
const projectsShown = hub.ProjectsLimit

// projectList is a list of projects as one account sees them (its role,
// its last use), with a cursor: -1 when none is selected.
type projectList struct {
	accountID string
	projects  []hub.Project // sorted by the account's last use
	cursor    int
}

// mayHaveMore reports whether the server sent as many projects as it ever
// does, leaving others out.
func (l projectList) mayHaveMore() bool { return len(l.projects) >= hub.ProjectsLimit }

func newProjectList(accountID string, answer hub.ProjectList) projectList {
	projects := append([]hub.Project(nil), answer.Projects...)
	hub.SortByLastUse(projects, accountID)
	return projectList{accountID: accountID, projects: projects[:min(len(projects), projectsShown)], cursor: -1}
}

// selected is the project under the cursor.
func (l projectList) selected() (hub.Project, bool) {
	if l.cursor < 0 || l.cursor >= len(l.projects) {
		return hub.Project{}, false
	}
	return l.projects[l.cursor], true
}

// linesPerProject is how many lines a project takes: its title, then the
// account's role and use and the last edit.
const linesPerProject = 2

// lines draws the projects in width cells, the one under the cursor marked
// when marked: a title too long for the width is cut, so that the short id
// stays in view.
func (l projectList) lines(st Styles, now time.Time, width int, marked bool) []string {
	var lines []string
	for i, p := range l.projects {
		marker := "   "
		if marked && i == l.cursor {
			marker = " " + st.Accent.Render("▶") + " "
		}
		title := p.Title
		if strings.TrimSpace(title) == "" {
			title = st.Muted.Render("(untitled)")
		}
		id := shortID(p.ProjectID)
		if p.ProjectID == "" {
			id = st.Bad.Render("id not a UUID")
		}
		title = st.fitStyled(title, max(8, width-3-2-st.Cells.Width(id)))
		lines = append(lines, marker+strings.TrimRight(title, " ")+st.Muted.Render("  "+id),
			"     "+st.Muted.Render(projectFacts(p, l.accountID, now)))
	}
	return lines
}

// projectFacts is "owner · used 5m ago · edited 4m ago".
func projectFacts(p hub.Project, accountID string, now time.Time) string {
	facts := []string{}
	if role := p.Role(accountID); role != "" {
		facts = append(facts, role)
	}
	if used, ok := p.LastUsedBy(accountID); ok {
		facts = append(facts, "used "+humanize.Ago(used, now))
	} else {
		facts = append(facts, "never used")
	}
	if !p.LastEdited.IsZero() {
		facts = append(facts, "edited "+humanize.Ago(p.LastEdited, now))
	}
	return strings.Join(facts, " · ")
}

// listNote says which projects the server lists.
func (l projectList) listNote() string {
	if l.mayHaveMore() {
		return fmt.Sprintf("the %d last edited, within 6 weeks; there may be more", hub.ProjectsLimit)
	}
	return "projects edited in the last 6 weeks"
}

// projectsFetch is one account's projects on their way: loaded, loading or
// failed. It is the state both lists share.
type projectsFetch struct {
	accountID string
	list      projectList
	loaded    bool
	at        time.Time // when the list was loaded
	loading   bool
	err       error
	// seq names the latest request; stop cancels it.
	seq  int
	stop context.CancelFunc
}

type projectsDebounceMsg struct{ seq int }

type projectsResultMsg struct {
	seq       int
	key       bool // the key's own projects, not the selected account's
	accountID string
	list      hub.ProjectList
	err       error
}

// cancel stops the request in flight, if any.
func (f *projectsFetch) cancel() {
	if f.stop != nil {
		f.stop()
		f.stop = nil
	}
	f.loading = false
}

// request sends the query; sudo asks for another account's projects.
func (f *projectsFetch) request(cfg Config, key bool) tea.Cmd {
	f.cancel()
	f.seq++
	ctx, stop := context.WithCancel(cfg.lifetime)
	f.stop, f.loading, f.err = stop, true, nil
	seq, accountID, client := f.seq, f.accountID, cfg.Client
	sudo := accountID
	if key {
		sudo = ""
	}
	return guarded(func() tea.Msg {
		defer stop()
		list, err := client.Projects(ctx, sudo)
		return projectsResultMsg{seq: seq, key: key, accountID: accountID, list: list, err: err}
	}, func(err error) tea.Msg { return projectsResultMsg{seq: seq, key: key, accountID: accountID, err: err} })
}

// onResult takes the answer of the latest request.
func (f *projectsFetch) onResult(msg projectsResultMsg, now time.Time) {
	if msg.seq != f.seq || msg.accountID != f.accountID {
		return // cancelled or superseded
	}
	f.loading, f.stop = false, nil
	if msg.err != nil {
		if !errors.Is(msg.err, hub.ErrCanceled) {
			f.err = msg.err
		}
		return
	}
	cursor := f.list.cursor
	f.list = newProjectList(msg.accountID, msg.list)
	f.list.cursor = min(cursor, len(f.list.projects)-1)
	f.loaded, f.at, f.err = true, now, nil
}

// accountProjects are the selected account's projects, for admins: loaded
// when the cursor rests on an account (debounced, as its profile is), the
// request cancelled when it moves on, each account's list kept for a while.
type accountProjects struct {
	projectsFetch
	cache map[string]projectsFetch // by account id
}

// arm follows the selection: the account's list from the cache, and a
// request after a pause unless it is fresh. Only admins read another
// account's projects.
func (a *accountProjects) arm(cfg Config, accountID string, admin bool, now time.Time) tea.Cmd {
	a.cancel()
	a.seq++
	if a.loaded && a.accountID != "" {
		if a.cache == nil {
			a.cache = map[string]projectsFetch{}
		}
		a.cache[a.accountID] = a.projectsFetch
	}
	cached, ok := a.cache[accountID]
	a.projectsFetch = projectsFetch{accountID: accountID, seq: a.seq, list: projectList{cursor: -1}}
	if ok {
		a.list, a.loaded, a.at = cached.list, true, cached.at
		a.list.cursor = -1
	}
	if !admin || !hub.IsUUID(accountID) {
		a.accountID = ""
		return nil
	}
	if ok && now.Sub(cached.at) < projectsFresh {
		return nil
	}
	a.loading = true
	return cfg.After(lookupDelay, projectsDebounceMsg{seq: a.seq})
}

// send sends the request an unexpired pause was armed for.
func (a *accountProjects) send(cfg Config, msg projectsDebounceMsg) tea.Cmd {
	if msg.seq != a.seq || a.accountID == "" {
		return nil
	}
	return a.request(cfg, false)
}

// sectionLines are the projects part of the details pane.
func (f projectsFetch) sectionLines(st Styles, now time.Time, width int, marked bool) []string {
	row := detailRow(st)
	// Until they are loaded, the projects take the lines of an account
	// without any, so that the lines above do not move when they come.
	note := "   " + st.Muted.Render("("+f.list.listNote()+")")
	switch {
	case f.accountID == "":
		return nil
	case f.err != nil && !f.loaded:
		return []string{"", row("Projects", st.Bad.Render("not loaded: "+errorText(f.err))), note}
	case !f.loaded:
		return []string{"", row("Projects", st.Muted.Render("loading…")), note}
	}
	count := fmt.Sprintf("%d", len(f.list.projects))
	if f.list.mayHaveMore() {
		count += "+"
	}
	header := count + st.Muted.Render(" · by this account's last use")
	switch {
	case f.err != nil:
		header += st.Bad.Render(" · not refreshed: " + errorText(f.err))
	case f.loading:
		header += st.Muted.Render(" · refreshing…")
	}
	lines := []string{"", row("Projects", header)}
	if len(f.list.projects) == 0 {
		header = st.Muted.Render("none")
		lines[1] = row("Projects", header)
	}
	lines = append(lines, f.list.lines(st, now, width, marked)...)
	return append(lines, note)
}

// projectsStart is the index of the details' first project line: after
// the account's lines, the blank line and the section's header.
func (m Model) projectsStart() int { return m.details.accountLineCount + 2 }

// moveInDetails moves down (lines > 0) or up through the details: the
// lines scroll until the first project is in view, then the cursor goes
// from project to project (a page of lines moves it by as many projects as
// the lines show), the view following it; up from the first project, no
// project is selected and the lines scroll again.
func (m *Model) moveInDetails(lines int) {
	delta := lines
	list := &m.projects.list
	view := &m.details.view
	first := m.projectsStart()
	switch {
	case len(list.projects) == 0:
		if delta > 0 {
			view.ScrollDown(delta)
		} else {
			view.ScrollUp(-delta)
		}
		return
	case list.cursor < 0 && delta > 0 && first+linesPerProject > view.YOffset+view.Height:
		view.ScrollDown(delta)
		return
	case list.cursor < 0 && delta < 0:
		view.ScrollUp(-delta)
		return
	}
	if delta > linesPerProject || delta < -linesPerProject {
		delta /= linesPerProject
	}
	list.cursor = max(-1, min(len(list.projects)-1, list.cursor+delta))
	m.rebuildDetails()
	if list.cursor < 0 {
		return
	}
	top := first + list.cursor*linesPerProject
	switch {
	case top < view.YOffset:
		view.SetYOffset(top)
	case top+linesPerProject > view.YOffset+view.Height:
		view.SetYOffset(top + linesPerProject - view.Height)
	}
}

// detailsToEdge moves to the top (no project selected) or to the last
// project and the end of the lines.
func (m *Model) detailsToEdge(bottom bool) {
	list := &m.projects.list
	if !bottom {
		list.cursor = -1
		m.rebuildDetails()
		m.details.view.GotoTop()
		return
	}
	list.cursor = len(list.projects) - 1
	m.rebuildDetails()
	m.details.view.GotoBottom()
}

// keyProjects are the projects the key's own account reaches, for the key
// info window and the count on the scope line: loaded once the key is
// known to be an account's.
type keyProjects struct {
	projectsFetch
}

// start asks for the key's projects, unless they are loading.
func (k *keyProjects) start(cfg Config, accountID string) tea.Cmd {
	if k.loading || !hub.IsUUID(accountID) {
		return nil
	}
	k.accountID = accountID
	return k.request(cfg, true)
}

// scopeCount is the text of the scope line's part about the key's
// projects, "5 recent projects", once they are known.
func (k keyProjects) scopeCount() (string, bool) {
	if !k.loaded {
		return "", false
	}
	n := len(k.list.projects)
	count := fmt.Sprint(n)
	if k.list.mayHaveMore() {
		count += "+"
	}
	return count + " recent " + plural(n, "project", "projects"), true
}

// overlayLines are the key info window's projects part.
func (k keyProjects) overlayLines(st Styles, now time.Time, width int) []string {
	row := detailRow(st)
	switch {
	case k.accountID == "":
		return nil
	case k.err != nil && !k.loaded:
		return []string{"", row("Projects", st.Bad.Render("not loaded: "+errorText(k.err)))}
	case !k.loaded:
		return []string{"", row("Projects", st.Muted.Render("loading…"))}
	case len(k.list.projects) == 0:
		return []string{"", row("Projects", st.Muted.Render("none ("+k.list.listNote()+")"))}
	}
	count := fmt.Sprint(len(k.list.projects))
	if k.list.mayHaveMore() {
		count += "+"
	}
	lines := []string{"", row("Projects", count+st.Muted.Render(" this key reaches, by its account's last use"))}
	lines = append(lines, k.list.lines(st, now, width, true)...)
	return append(lines, "   "+st.Muted.Render("("+k.list.listNote()+")"))
}

// moveKeyProject moves the cursor in the key info window's projects.
func (k *keyProjects) move(delta int) {
	if n := len(k.list.projects); n > 0 {
		k.list.cursor = max(0, min(n-1, k.list.cursor+delta))
	}
}

// armProjects follows the selection: the selected account's projects, for
// an admin's key.
func (m *Model) armProjects() tea.Cmd {
	account, ok := m.results.selected()
	row, _ := m.results.selectedRow()
	id := account.AccountID
	if !ok || row.partial && row.deleted {
		id = ""
	}
	return m.projects.arm(m.cfg, id, m.scope.admin, m.now)
}

// startProjects asks, once the key is known, for the projects it reaches,
// and, for an admin's key, for those of the account already selected.
func (m *Model) startProjects() tea.Cmd {
	if !m.scope.known || m.scope.scope.Kind != hub.ScopeAccount {
		return nil
	}
	cmds := []tea.Cmd{m.keyProjects.start(m.cfg, m.scope.scope.AccountID)}
	if m.scope.admin && m.projects.accountID == "" {
		cmds = append(cmds, m.armProjects())
	}
	return tea.Batch(cmds...)
}

func (m *Model) onProjectsResult(msg projectsResultMsg) {
	if msg.key {
		m.keyProjects.onResult(msg, m.now)
		return
	}
	if msg.err != nil && !errors.Is(msg.err, hub.ErrCanceled) {
		m.cfg.Logger.Info("projects", "account_id", msg.accountID, "error", msg.err)
	}
	m.projects.onResult(msg, m.now)
	m.rebuildDetails()
}

// keyProjectsPart is the scope line's part about the projects the key
// reaches ("5 recent projects"), after the key's own parts; none until they
// are known, or for a project's key.
func (m Model) keyProjectsPart() []linePart {
	if !m.scope.known || m.scope.isProject() {
		return nil
	}
	count, ok := m.keyProjects.scopeCount()
	if !ok {
		return nil
	}
	return []linePart{{text: count, style: m.styles.Muted, leftOutFirst: true}}
}

// hasProjects reports whether the key info window lists projects to pick.
func (k keyProjects) hasProjects() bool { return len(k.list.projects) > 0 }

// keyProjectsStart is the index of the key info window's first project
// line: the projects section ends the window (a blank line, its header,
// the projects, a note).
func (m Model) keyProjectsStart() int {
	width := m.overlayArea().inner().width
	return len(m.keyInfoContent()) - len(m.keyProjects.overlayLines(m.styles, m.now, width)) + 2
}

// moveInKeyInfo moves down (delta > 0) or up through the key info window
// as moveInDetails does through the details: the lines scroll until the
// first project is in view, then the cursor goes from project to project
// (o opens it), the window following; up from the first project, no
// project is selected and the lines scroll again.
func (m *Model) moveInKeyInfo(delta int) {
	list := &m.keyProjects.list
	height := m.overlayArea().inner().height
	first := m.keyProjectsStart()
	last := len(list.projects) - 1
	switch {
	case len(list.projects) == 0,
		list.cursor < 0 && (delta < 0 || first+linesPerProject > m.keyInfoOffset+height),
		list.cursor == last && delta > 0: // past the last project, the lines under it (the note)
		m.scrollKeyInfo(delta)
		return
	}
	list.cursor = max(-1, min(last, list.cursor+delta))
	m.showKeyProject()
}

// showKeyProject scrolls the key info window so that the selected project
// (if any) is in view: after a move, and after a resize.
func (m *Model) showKeyProject() {
	cursor := m.keyProjects.list.cursor
	if cursor < 0 {
		return
	}
	height := m.overlayArea().inner().height
	top := m.keyProjectsStart() + cursor*linesPerProject
	switch {
	case top < m.keyInfoOffset:
		m.scrollKeyInfo(top - m.keyInfoOffset)
	case top+linesPerProject > m.keyInfoOffset+height:
		m.scrollKeyInfo(top + linesPerProject - height - m.keyInfoOffset)
	}
}
