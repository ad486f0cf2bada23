package ui

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"cocalc-tui/hub"
	"cocalc-tui/ui/sanitize"
)

// resultsModel is the list of accounts found. Server text is cleaned once,
// when the results arrive; a frame draws only the rows that fit, so its cost
// does not grow with the number of results.
type resultsModel struct {
	// accounts are in the server's order; rows, in display order, point to
	// them by serverRank. Sorting moves rows only, and neither slice is ever
	// written in place (see replace), so they may be shared.
	accounts []hub.Account
	rows     []resultRow
	order    sortOrder
	cursor   int
	offset   int // index of the first visible row
	visible  int // how many rows fit
	// showVerified marks each email as verified or not (admin results).
	showVerified bool
	// widest username and email among all rows, measured once on arrival
	usernameWidth, emailWidth int
	// shown is the search these results answer.
	shown hub.SearchParams
	// drawn keeps the rows' lines as last drawn (see rowCache).
	drawn *rowCache
}

// rowCache keeps each row's line as last drawn, so that a frame draws again
// only the rows whose text changed (a relative time that moved on). A frame
// is drawn after every message, and most messages (a letter typed in the
// search box, a cursor move, a tick) change no row: redrawing every visible
// row each time made a frame cost twice as much with a full list as with a
// short one. A cache belongs to one list of rows and one width: afterChange,
// through which every change of the rows goes, starts a new one, and a new
// width empties it; a new order keeps it, as lines are kept by serverRank. It
// is a pointer so that View, which only reads the model (a copy of it), can
// fill it; Bubble Tea calls Update and View from one goroutine.
type rowCache struct {
	width  int
	header string      // the styled column header
	rows   []cachedRow // by serverRank
}

// cachedRow is a row's line without its marker or style, and the relative
// times it shows, which are the only part of it that changes with the clock.
type cachedRow struct {
	drawn           bool
	active, created string
	line            string // "  " and the cells, exactly the width
}

// forWidth returns the cache emptied if it was drawn for another width.
func (c *rowCache) forWidth(width, rows int) *rowCache {
	if c.width != width || len(c.rows) != rows {
		*c = rowCache{width: width, rows: make([]cachedRow, rows)}
	}
	return c
}

// resultRow is one account's cells, already sanitized.
type resultRow struct {
	name, username, email string
	// nameKey and emailKey are name and email lower-cased, to sort by: made
	// with the row, off Update's path (see newResultRows), as lower-casing
	// 2,500 names took a third of the time of the key that sorts by name.
	nameKey, emailKey   string
	noName              bool
	noEmail             bool // the server said there is no email (admin results)
	verified            *bool
	banned              bool
	lastActive, created *hub.Millis
	// serverRank is the row's place in the server's answer, which is ordered
	// by last activity: the index of its account in resultsModel.accounts.
	serverRank int
	// partial rows come from a list of pasted ids: names only, until the
	// full record is fetched. deleted ones are unknown or deleted accounts.
	partial, deleted bool
}

// Column widths: fixed ones, and the bounds of the flexible ones.
const (
	markerWidth      = 2 // "▶ "
	timeColumnWidth  = 8
	columnGap        = 2
	minNameWidth     = 18
	maxUsernameWidth = 18
	minEmailWidth    = 16
	maxEmailWidth    = 34
)

func newResultRow(a hub.Account, rank int, emailExpected bool) resultRow {
	row := resultRow{
		banned:     a.IsBanned(),
		verified:   a.EmailAddressVerified,
		lastActive: a.LastActive,
		created:    a.Created,
		serverRank: rank,
	}
	row.setName(sanitize.Line(a.FullName()))
	if strings.TrimSpace(row.name) == "" {
		row.setName("(no name)")
		row.noName = true
	}
	if a.Username != nil && *a.Username != "" {
		row.username = "@" + sanitize.Line(*a.Username)
	}
	switch {
	case a.EmailAddress != nil && *a.EmailAddress != "":
		row.email = sanitize.Line(*a.EmailAddress)
		row.emailKey = strings.ToLower(row.email)
	case emailExpected:
		row.noEmail = true
	}
	return row
}

// setName sets the name shown and the one sorted by.
func (row *resultRow) setName(name string) {
	row.name, row.nameKey = name, strings.ToLower(name)
}

// set replaces the results with a search's answer and selects the first row.
// Admin answers carry every email, so a missing one means "no email".
func (r *resultsModel) set(accounts []hub.Account, admin bool) {
	r.setRows(accounts, newResultRows(accounts, admin), admin)
}

// setRows is set with rows made by newResultRows(accounts, admin).
func (r *resultsModel) setRows(accounts []hub.Account, rows []resultRow, admin bool) {
	r.accounts, r.rows, r.showVerified = accounts, rows, admin
	r.afterChange()
	r.cursor, r.offset = 0, 0
}

// newResultRows cleans a search's answer into rows, in the server's order.
// The search command calls it as the answer arrives, off Update's path, and
// the rows stay with the answer in the search cache: cleaning 2,500 rows on
// the keystroke that goes back to a cached query made it miss its budget.
func newResultRows(accounts []hub.Account, admin bool) []resultRow {
	rows := make([]resultRow, len(accounts))
	for i := range accounts {
		rows[i] = newResultRow(accounts[i], i, admin)
	}
	return rows
}

// setNames fills the list from system.getNames' answer to a list of ids, in
// the order the ids were given.
func (r *resultsModel) setNames(ids []string, names map[string]hub.DisplayName) {
	accounts := make([]hub.Account, len(ids))
	rows := make([]resultRow, len(ids))
	for i, id := range ids {
		name := names[id]
		accounts[i] = accountFromName(id, name)
		rows[i] = newResultRow(accounts[i], i, false)
		rows[i].partial = true
		if _, found := names[id]; !found || name.IsDeleted() {
			rows[i].deleted = true
			rows[i].setName("unknown or deleted account")
		}
	}
	r.accounts, r.rows, r.showVerified = accounts, rows, false
	r.afterChange()
	r.cursor, r.offset = 0, 0
}

// accountFromName is what system.getNames tells of an account, as an Account
// whose Raw holds just those fields.
func accountFromName(id string, name hub.DisplayName) hub.Account {
	raw, _ := json.Marshal(struct {
		AccountID string `json:"account_id"`
		FirstName string `json:"first_name"`
		LastName  string `json:"last_name"`
	}{id, name.FirstName, name.LastName})
	return hub.Account{AccountID: id, FirstName: name.FirstName, LastName: name.LastName, Raw: raw}
}

// replace puts the full record of an account in place of its partial row.
func (r *resultsModel) replace(record hub.Account) {
	for i, row := range r.rows {
		if rank := row.serverRank; r.accounts[rank].AccountID == record.AccountID && row.partial {
			// Changed in copies: the list's slices may be shared, with an
			// answer in the search cache or an earlier copy of the model.
			r.accounts, r.rows = slices.Clone(r.accounts), slices.Clone(r.rows)
			r.accounts[rank] = record
			r.rows[i] = newResultRow(record, rank, r.showVerified)
			r.afterChange()
			return
		}
	}
}

// afterChange re-measures the columns and re-applies the sort order.
func (r *resultsModel) afterChange() {
	r.usernameWidth, r.emailWidth = 0, 0
	for i := range r.rows {
		// A text is never wider than its length in bytes, so one that is no
		// longer than the widest so far cannot change it and is not measured:
		// measuring graphemes is most of the cost of showing 2,500 results.
		if username := r.rows[i].username; len(username) > r.usernameWidth {
			r.usernameWidth = max(r.usernameWidth, sanitize.Width(username))
		}
		if row := &r.rows[i]; row.emailCellMaxBytes() > r.emailWidth {
			r.emailWidth = max(r.emailWidth, sanitize.Width(row.emailCell(r.showVerified)))
		}
	}
	r.drawn = &rowCache{} // new rows: nothing of them is drawn yet
	r.sortRows()
}

func (r *resultsModel) clear() { r.set(nil, false) }

// selected is the account under the cursor, if any.
func (r resultsModel) selected() (hub.Account, bool) {
	if r.cursor < 0 || r.cursor >= len(r.rows) {
		return hub.Account{}, false
	}
	return r.account(r.cursor), true
}

// account is the account of row i.
func (r resultsModel) account(i int) hub.Account { return r.accounts[r.rows[i].serverRank] }

// inOrder is a copy of the accounts in the order shown.
func (r resultsModel) inOrder() []hub.Account {
	accounts := make([]hub.Account, len(r.rows))
	for i := range r.rows {
		accounts[i] = r.account(i)
	}
	return accounts
}

// selectID moves the cursor to an account, if it is in the list.
func (r *resultsModel) selectID(accountID string) bool {
	for i := range r.rows {
		if r.account(i).AccountID == accountID {
			r.moveTo(i)
			return true
		}
	}
	return false
}

// selectedRow is the cells of the account under the cursor.
func (r resultsModel) selectedRow() (resultRow, bool) {
	if r.cursor < 0 || r.cursor >= len(r.rows) {
		return resultRow{}, false
	}
	return r.rows[r.cursor], true
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

// sortOrder is how the results are ordered.
type sortOrder int

const (
	byLastActive sortOrder = iota // the server's order
	byCreated
	byName
	byEmail
	sortOrderCount
)

var sortOrderNames = [...]string{"last active", "created", "name", "email"}

func (o sortOrder) String() string { return sortOrderNames[o] }

// cycleSort switches to the next order, keeping the same account selected.
func (r *resultsModel) cycleSort() {
	r.order = (r.order + 1) % sortOrderCount
	r.sortRows()
}

// sortRows orders rows and accounts together, keeping the selection.
func (r *resultsModel) sortRows() {
	selectedID := ""
	if account, ok := r.selected(); ok {
		selectedID = account.AccountID
	}
	index := make([]int, len(r.rows))
	for i := range index {
		index[i] = i
	}
	compare := r.order.compare(r.rows)
	// Rows in the server's order, as every answer comes, are sorted already:
	// then nothing moves and nothing is copied.
	if !slices.IsSortedFunc(index, compare) {
		slices.SortFunc(index, compare)
		rows := make([]resultRow, len(index))
		for to, from := range index {
			rows[to] = r.rows[from]
		}
		r.rows = rows
	}
	for i := range r.rows {
		if r.account(i).AccountID == selectedID {
			r.cursor = i
		}
	}
	r.scrollToCursor()
}

// compare returns the order's comparison of rows[i] and rows[j]: negative
// when row i comes first. Rows without the value come last, and rows that
// compare equal keep their places, as a stable sort keeps them, so that
// pdqsort gives the same order in a third less time than sort.SliceStable.
// Text is compared lower-cased, by the rows' keys: sorting 2,500 rows makes
// some 30,000 comparisons, and lower-casing in each took 11 ms.
func (o sortOrder) compare(rows []resultRow) func(i, j int) int {
	// One closure per order, not one calling another: pdqsort calls it some
	// 30,000 times for 2,500 rows.
	switch o {
	case byCreated:
		return func(i, j int) int {
			return cmp.Or(cmp.Compare(millisOrZero(rows[j].created), millisOrZero(rows[i].created)), cmp.Compare(i, j))
		}
	case byName:
		return func(i, j int) int {
			if a, b := &rows[i], &rows[j]; a.noName != b.noName {
				return boolOrder(b.noName)
			}
			return cmp.Or(strings.Compare(rows[i].nameKey, rows[j].nameKey), cmp.Compare(i, j))
		}
	case byEmail:
		return func(i, j int) int {
			if a, b := &rows[i], &rows[j]; (a.email == "") != (b.email == "") {
				return boolOrder(b.email == "")
			}
			return cmp.Or(strings.Compare(rows[i].emailKey, rows[j].emailKey), cmp.Compare(i, j))
		}
	}
	return func(i, j int) int {
		return cmp.Or(cmp.Compare(rows[i].serverRank, rows[j].serverRank), cmp.Compare(i, j))
	}
}

// boolOrder is -1 when true (comes first), else 1.
func boolOrder(first bool) int {
	if first {
		return -1
	}
	return 1
}

func millisOrZero(ms *hub.Millis) hub.Millis {
	if ms == nil {
		return 0
	}
	return *ms
}

// emailCellMaxBytes bounds the length of emailCell's text without building
// it: the address and a mark ("✓ ", "✗ "), or "– no email".
func (row resultRow) emailCellMaxBytes() int {
	return max(len(row.email)+len("✓ "), len("– no email"))
}

// emailCell is the email column's text: the address, with its verified
// state in admin results, or "no email".
func (row resultRow) emailCell(showVerified bool) string {
	switch {
	case row.noEmail:
		return "– no email"
	case row.email == "":
		return ""
	case !showVerified:
		return row.email
	case row.verified != nil && *row.verified:
		return "✓ " + row.email
	}
	return "✗ " + row.email
}

// columns decides which columns fit in width and how wide each is.
type columns struct {
	name, username, email, active, created int
}

// Columns are given room in order of importance (email, username, created),
// each as much as it wants if that leaves the name its minimum, or less down
// to a least useful width, or not at all; the name gets what is left.
func (r resultsModel) columns(width int) columns {
	c := columns{active: timeColumnWidth}
	rest := width - markerWidth - columnGap - timeColumnWidth
	take := func(want, least int) int {
		got := min(want, rest-columnGap-minNameWidth)
		if want <= 0 || got < least {
			return 0
		}
		rest -= columnGap + got
		return got
	}
	if r.emailWidth > 0 {
		c.email = take(max(len("EMAIL"), min(r.emailWidth, maxEmailWidth)), minEmailWidth)
	}
	if r.usernameWidth > 0 {
		c.username = take(max(len("USERNAME"), min(r.usernameWidth, maxUsernameWidth)), len("USERNAME"))
	}
	c.created = take(timeColumnWidth, timeColumnWidth)
	c.name = max(0, rest)
	return c
}

// lines renders the column header and the visible rows in width cells.
func (r resultsModel) lines(st Styles, width int, focused bool, now time.Time) []string {
	if len(r.rows) == 0 {
		return nil
	}
	cols := r.columns(width)
	drawn := r.drawn
	if drawn == nil {
		drawn = &rowCache{} // not reached: sortRows makes one for any rows
	}
	drawn = drawn.forWidth(width, len(r.rows))
	if drawn.header == "" {
		drawn.header = st.ColumnHead.Render(fitStyled(r.header(cols), width))
	}
	lines := make([]string, 0, r.visible+1)
	lines = append(lines, drawn.header)
	end := min(len(r.rows), r.offset+r.visible)
	for i := r.offset; i < end; i++ {
		lines = append(lines, r.rowLine(st, i, cols, width, focused, now, &drawn.rows[r.rows[i].serverRank]))
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

// rowLine is row i's line: its cells (from the cache when its times have
// not changed), its marker and its style.
func (r resultsModel) rowLine(st Styles, i int, c columns, width int, focused bool, now time.Time, cached *cachedRow) string {
	row := r.rows[i]
	active, created := relativeMillis(row.lastActive, now), relativeMillis(row.created, now)
	if row.partial {
		active, created = "", "" // not known until the full record is fetched
	}
	if !cached.drawn || cached.active != active || cached.created != created {
		*cached = cachedRow{drawn: true, active: active, created: created,
			line: r.plainLine(row, c, width, active, created)}
	}
	line := cached.line
	selected := i == r.cursor
	if selected {
		// The marker is as wide as the two spaces it replaces, so the
		// line still fits as it did.
		line = "▶ " + line[len("  "):]
	}
	switch {
	case selected && focused:
		return st.Selected.Render(line)
	case selected:
		return st.Accent.Render(line)
	case row.banned:
		return st.Bad.Render(line)
	case row.noName || row.deleted:
		return st.Muted.Render(line)
	}
	return line
}

// plainLine is a row's line without style, behind a marker of two spaces,
// cut or padded to width cells.
func (r resultsModel) plainLine(row resultRow, c columns, width int, active, created string) string {
	name := row.name
	if row.banned {
		name = "BANNED " + name
	}
	// PadRight cuts what is too wide, with an ellipsis, and pads the rest.
	cells := []string{sanitize.PadRight(name, c.name)}
	if c.username > 0 {
		cells = append(cells, sanitize.PadRight(row.username, c.username))
	}
	if c.email > 0 {
		cells = append(cells, sanitize.PadRight(row.emailCell(r.showVerified), c.email))
	}
	cells = append(cells, sanitize.PadRight(active, c.active))
	if c.created > 0 {
		cells = append(cells, sanitize.PadRight(created, c.created))
	}
	return fitStyled("  "+strings.Join(cells, strings.Repeat(" ", columnGap)), width)
}

// position is "3/23" for the panel border.
func (r resultsModel) position() string {
	if len(r.rows) == 0 {
		return ""
	}
	return fmt.Sprintf("%d/%d", r.cursor+1, len(r.rows))
}
