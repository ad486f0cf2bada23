package ui

import (
	"fmt"
	"strings"
	"time"

	"cocalc-tui/hub"
	"cocalc-tui/ui/sanitize"
)

// resultsModel is the list of accounts found. Server text is cleaned once,
// when the results arrive; a frame draws only the rows that fit, so its cost
// does not grow with the number of results.
type resultsModel struct {
	accounts []hub.Account
	rows     []resultRow
	cursor   int
	offset   int // index of the first visible row
	visible  int // how many rows fit
	// widest username and email among all rows, measured once on arrival
	usernameWidth, emailWidth int
}

// resultRow is one account's cells, already sanitized.
type resultRow struct {
	name, username, email string
	noName                bool
	banned                bool
	lastActive, created   *hub.Millis
}

// Column widths: fixed ones, and the bounds of the flexible ones.
const (
	markerWidth      = 2 // "▶ "
	timeColumnWidth  = 8
	columnGap        = 2
	minNameWidth     = 12
	maxUsernameWidth = 18
	maxEmailWidth    = 32
)

func newResultRow(a hub.Account) resultRow {
	row := resultRow{
		name:       sanitize.Line(a.FullName()),
		banned:     a.IsBanned(),
		lastActive: a.LastActive,
		created:    a.Created,
	}
	if strings.TrimSpace(row.name) == "" {
		row.name, row.noName = "(no name)", true
	}
	if a.Username != nil && *a.Username != "" {
		row.username = "@" + sanitize.Line(*a.Username)
	}
	if a.EmailAddress != nil {
		row.email = sanitize.Line(*a.EmailAddress)
	}
	return row
}

// set replaces the results and puts the cursor on the first row.
func (r *resultsModel) set(accounts []hub.Account) {
	r.accounts = accounts
	r.rows = make([]resultRow, len(accounts))
	r.usernameWidth, r.emailWidth = 0, 0
	for i, a := range accounts {
		row := newResultRow(a)
		r.rows[i] = row
		r.usernameWidth = max(r.usernameWidth, sanitize.Width(row.username))
		r.emailWidth = max(r.emailWidth, sanitize.Width(row.email))
	}
	r.cursor, r.offset = 0, 0
}

func (r *resultsModel) clear() { r.set(nil) }

// selected is the account under the cursor, if any.
func (r resultsModel) selected() (hub.Account, bool) {
	if r.cursor < 0 || r.cursor >= len(r.accounts) {
		return hub.Account{}, false
	}
	return r.accounts[r.cursor], true
}

// setHeight records how many rows fit and keeps the cursor in view.
func (r *resultsModel) setHeight(rows int) {
	r.visible = max(1, rows)
	r.scrollToCursor()
}

// move moves the cursor by delta rows, clamped to the list.
func (r *resultsModel) move(delta int) { r.moveTo(r.cursor + delta) }

func (r *resultsModel) moveTo(index int) {
	r.cursor = max(0, min(index, len(r.rows)-1))
	r.scrollToCursor()
}

func (r *resultsModel) scrollToCursor() {
	if r.cursor < r.offset {
		r.offset = r.cursor
	}
	if r.cursor >= r.offset+r.visible {
		r.offset = r.cursor - r.visible + 1
	}
	r.offset = max(0, min(r.offset, len(r.rows)-r.visible))
}

// columns decides which columns fit in width and how wide each is.
type columns struct {
	name, username, email, active, created int
}

func (r resultsModel) columns(width int) columns {
	c := columns{active: timeColumnWidth}
	rest := width - markerWidth - columnGap - timeColumnWidth
	take := func(want int) int {
		if want <= 0 || rest-columnGap-want < minNameWidth {
			return 0
		}
		rest -= columnGap + want
		return want
	}
	if r.usernameWidth > 0 {
		c.username = take(max(len("USERNAME"), min(r.usernameWidth, maxUsernameWidth)))
	}
	if r.emailWidth > 0 {
		c.email = take(max(len("EMAIL"), min(r.emailWidth, maxEmailWidth)))
	}
	c.created = take(timeColumnWidth)
	c.name = max(0, rest)
	return c
}

// lines renders the column header and the visible rows in width cells.
func (r resultsModel) lines(st Styles, width int, focused bool, now time.Time) []string {
	if len(r.rows) == 0 {
		return nil
	}
	cols := r.columns(width)
	lines := make([]string, 0, r.visible+1)
	lines = append(lines, st.ColumnHead.Render(fitStyled(r.header(cols), width)))
	end := min(len(r.rows), r.offset+r.visible)
	for i := r.offset; i < end; i++ {
		lines = append(lines, r.rowLine(st, i, cols, width, focused, now))
	}
	return lines
}

func (r resultsModel) header(c columns) string {
	cells := []string{strings.Repeat(" ", markerWidth-1) + sanitize.PadRight("NAME", c.name)}
	if c.username > 0 {
		cells = append(cells, sanitize.PadRight("USERNAME", c.username))
	}
	if c.email > 0 {
		cells = append(cells, sanitize.PadRight("EMAIL", c.email))
	}
	cells = append(cells, sanitize.PadRight("ACTIVE", c.active))
	if c.created > 0 {
		cells = append(cells, sanitize.PadRight("CREATED", c.created))
	}
	return " " + strings.Join(cells, strings.Repeat(" ", columnGap))
}

func (r resultsModel) rowLine(st Styles, i int, c columns, width int, focused bool, now time.Time) string {
	row := r.rows[i]
	selected := i == r.cursor
	marker := "  "
	if selected {
		marker = "▶ "
	}
	name := row.name
	if row.banned {
		name = "BANNED " + name
	}
	cells := []string{sanitize.PadRight(sanitize.Truncate(name, c.name), c.name)}
	if c.username > 0 {
		cells = append(cells, sanitize.PadRight(sanitize.Truncate(row.username, c.username), c.username))
	}
	if c.email > 0 {
		cells = append(cells, sanitize.PadRight(sanitize.Truncate(row.email, c.email), c.email))
	}
	cells = append(cells, sanitize.PadRight(relativeMillis(row.lastActive, now), c.active))
	if c.created > 0 {
		cells = append(cells, sanitize.PadRight(relativeMillis(row.created, now), c.created))
	}
	line := fitStyled(marker+strings.Join(cells, strings.Repeat(" ", columnGap)), width)
	switch {
	case selected && focused:
		return st.Selected.Render(line)
	case selected:
		return st.Accent.Render(line)
	case row.banned:
		return st.Bad.Render(line)
	case row.noName:
		return st.Muted.Render(line)
	}
	return line
}

// position is "3/23" for the panel border.
func (r resultsModel) position() string {
	if len(r.rows) == 0 {
		return ""
	}
	return fmt.Sprintf("%d/%d", r.cursor+1, len(r.rows))
}
