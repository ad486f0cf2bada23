package ui

import (
	"fmt"
	"runtime/debug"
	"strings"

	"github.com/charmbracelet/lipgloss"

	"cocalc-tui/hub/clean"
	"cocalc-tui/ui/sanitize"
)

// View draws the whole screen: no I/O, no clock. The one thing it changes
// is the results' row cache, which keeps the rows' lines from frame to
// frame (see rowCache); the model itself is a copy. A panic while drawing
// leaves a one-line notice instead of a crash.
func (m Model) View() (view string) {
	defer func() {
		if r := recover(); r != nil {
			m.cfg.Logger.Error("panic in View", "value", fmt.Sprint(r), "stack", string(debug.Stack()))
			view = "cocalc-tui: internal error while drawing (" + sanitize.Fit(fmt.Sprint(r), 60) +
				"); please report it. ctrl+c quits."
		}
	}()
	// Drawn in the form the terminal's measure agrees on (see
	// sanitize.Measure.Display).
	return m.styles.Cells.Display(m.screen())
}

// screen is the whole screen as drawn, before it is put in the form the
// terminal's measure agrees on.
func (m Model) screen() string {
	if m.quitting {
		return ""
	}
	if m.layout.tooSmall {
		return m.tooSmallView()
	}
	return strings.Join([]string{
		m.headerView(),
		m.searchView(),
		m.search.outcomeLine(m.styles, m.spinnerFrame(), m.layout.width),
		m.panesView(),
		m.hintView(),
	}, "\n")
}

func (m Model) headerView() string {
	st, width := m.styles, m.layout.width
	var badges []string
	if m.cfg.ReadOnly {
		badges = append(badges, st.Warn.Render("read-only"))
	}
	if m.cfg.Demo {
		badges = append(badges, st.Demo.Render("DEMO"))
	}
	badge := strings.Join(badges, " ")
	left := st.Title.Render("cocalc-tui") + "  " + st.Accent.Render(clean.Line(m.cfg.Client.Host())) +
		"  " + m.status.view(st, m.now)
	room := width - st.Cells.Width(badge)
	if badge != "" {
		room-- // a space before the badge
	}
	first := st.fitStyled(left, room)
	if badge != "" {
		first += " " + badge
	}
	return first + "\n" + st.fitStyled(m.scope.summary(st, m.now, width, m.keyProjectsPart()...), width)
}

func (m Model) searchView() string {
	right := fmt.Sprintf("limit %d", m.admin.limit())
	if m.adminMode() {
		right = "admin mode · " + right
	}
	if m.search.inFlight {
		right = m.spinnerFrame() + " searching · " + right
	}
	return m.styles.panel("Search", right, []string{" " + m.search.input.View()}, m.layout.search, m.focus == focusSearch)
}

func (m Model) panesView() string {
	l := m.layout
	switch {
	case m.helpOpen:
		return m.helpView(m.overlayArea())
	case m.overlay != overlayNone:
		return m.overlayView(m.overlayArea())
	}
	results := m.styles.panel(m.resultsTitle(), m.results.position(), m.resultsLines(), l.results, m.focus == focusResults)
	details := m.styles.panel(m.detailsTitle(), m.details.position(), m.details.visibleLines(), l.details, m.focus == focusDetails)
	if l.stacked {
		return results + "\n" + details
	}
	return joinSideBySide(results, details)
}

// joinSideBySide puts two panels next to each other, line by line. It is
// lipgloss.JoinHorizontal for the case at hand, without measuring every line
// of every frame again: panels are drawn to the exact size of their rects,
// which have the same height, so nothing needs padding. Anything else goes
// to lipgloss.
func joinSideBySide(left, right string) string {
	leftLines, rightLines := strings.Split(left, "\n"), strings.Split(right, "\n")
	if len(leftLines) != len(rightLines) || left == "" || right == "" {
		return lipgloss.JoinHorizontal(lipgloss.Top, left, right)
	}
	var b strings.Builder
	b.Grow(len(left) + len(right))
	for i := range leftLines {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(leftLines[i])
		b.WriteString(rightLines[i])
	}
	return b.String()
}

// stackedExtra is the height the details add below the results when stacked.
func stackedExtra(l layout) int {
	if l.stacked {
		return l.details.height
	}
	return 0
}

func (m Model) resultsTitle() string {
	n := m.results.count()
	switch {
	case m.results.filtered() && n > 1:
		return m.filterTitle() + " " + m.results.orderText()
	case m.results.filtered():
		return m.filterTitle()
	case n == 0:
		return "Results"
	case m.search.outcome.projectID != "":
		return fmt.Sprintf("Collaborators of project %s (%d)", shortID(m.search.outcome.projectID), n)
	case n > 1:
		return fmt.Sprintf("Results (%d) %s", n, m.results.orderText())
	}
	return fmt.Sprintf("Results (%d)", n)
}

func (m Model) resultsLines() []string {
	inner := m.layout.results.inner()
	if m.results.count() > 0 {
		return m.results.lines(m.styles, inner.width, m.focus == focusResults, m.now)
	}
	switch {
	case m.results.filtered():
		return []string{m.styles.Muted.Render(" No result holds every word of the filter: esc clears it.")}
	case m.search.inFlight:
		return []string{m.styles.Muted.Render(" searching…")}
	case m.search.outcome.err != nil:
		return failureLines(m.styles, m.search.outcome.err, inner.width)
	case m.search.outcome.done && m.search.outcome.err == nil:
		return []string{m.styles.Muted.Render(" No accounts match. Try fewer words, or part of a name.")}
	}
	return []string{m.styles.Muted.Render(" Results appear here as you type.")}
}

func (m Model) detailsTitle() string {
	if account, ok := m.results.selected(); ok {
		if name := account.FullName(); strings.TrimSpace(name) != "" {
			return clean.Line(name)
		}
		return "(no name)"
	}
	return "Search tips"
}

// searchTips fill the details pane until there is an account to show: they
// teach how the server reads a query.
func searchTips(st Styles) []string {
	tip := func(example, meaning string) string {
		return " " + st.Accent.Render(st.Cells.PadRight(example, 18)) + st.Muted.Render(meaning)
	}
	return []string{
		tip("alice", "a name contains alice"),
		tip("alice smith", "all the words match"),
		tip("@alice", "a username"),
		tip("alice@example.com", "exactly that email"),
		tip("3f2a1c9e-0b4d-…", "that account (an id)"),
		tip("alice, bob; carol", "any of several"),
		tip("sm_th", "_ any letter, % any run"),
	}
}

func (m Model) overlayView(area rect) string {
	switch m.overlay {
	case overlayKeyInfo:
		return m.styles.scrolledWindow("API key", m.keyInfoContent(), m.keyInfoOffset, area)
	case overlayConfirm:
		return m.styles.panel(m.action.spec().title, "", m.styles.wrapLines(m.action.confirmLines(m.styles), area.inner().width), area, true)
	case overlayLink:
		return m.linkView(area)
	}
	return ""
}

func (m Model) tooSmallView() string {
	w, h := m.layout.width, m.layout.height
	lines := []string{
		m.styles.Warn.Render("Terminal too small"),
		fmt.Sprintf("%d×%d, need %d×%d", w, h, minWidth, minHeight),
		m.styles.Muted.Render("Enlarge it, or ctrl+c to quit"),
	}
	for i, line := range lines {
		lines[i] = lipgloss.PlaceHorizontal(w, lipgloss.Center, m.styles.truncateStyled(line, w))
	}
	return lipgloss.PlaceVertical(h, lipgloss.Center, strings.Join(lines, "\n"))
}

// wrapLines breaks lines longer than width (a long link, a warning) so that
// nothing is cut; each piece keeps the line's one-space margin.
func (s Styles) wrapLines(lines []string, width int) []string {
	var wrapped []string
	for _, line := range lines {
		if s.Cells.Width(line) <= width {
			wrapped = append(wrapped, line)
			continue
		}
		for _, piece := range s.Cells.Wrap(line, width-1) {
			if !strings.HasPrefix(piece, " ") {
				piece = " " + piece
			}
			wrapped = append(wrapped, piece)
		}
	}
	return wrapped
}
