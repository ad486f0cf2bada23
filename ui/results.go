package ui

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"cocalc-tui/hub"
	"cocalc-tui/hub/clean"
	"cocalc-tui/ui/sanitize"
)

// resultsModel is the list of accounts found. Server text is cleaned once,
// when the answer arrives (in the search command); a frame draws only the
// rows that fit, so its cost does not grow with the number of results.
type resultsModel struct {
	list    resultList
	order   sortOrder
	cursor  int // position in the order shown
	offset  int // position of the first visible row
	visible int // how many rows fit
	// reversed turns the order around: oldest first, Z to A (S).
	reversed bool
	// shown is the search these results answer.
	shown hub.SearchParams
	// filter narrows the rows shown (f; see filter.go).
	filter rowFilter
	// drawn keeps the rows' lines as last drawn (see rowCache).
	drawn *rowCache
}

// resultList is a search's answer made ready to show: its rows cleaned and
// measured, and the order of the rows for every sort order worked out. It is
// made in the search command, off Update's path, and kept with the answer in
// the search cache, so that showing 2,500 results or sorting them again
// costs a key next to nothing. It is never changed in place (see withRecord):
// copies of the model and the cache share it.
type resultList struct {
	accounts []hub.Account
	rows     []resultRow // rows[i] shows accounts[i]; i is the server's rank
	// orders[o][k] is the row shown k-th when sorted by o. Rows that compare
	// equal keep the server's order.
	orders [sortOrderCount][]int
	// hasData tells the orders some row has a value for: the others have
	// nothing to sort by, and are not offered.
	hasData [sortOrderCount]bool
	// givenOrder marks a list of ids, whose server order is the order the
	// ids were given in, not by activity. Its rows are names until their
	// records are loaded (resultRow.partial); timesKnown tells that some
	// row's record is, so that its times are worth a column.
	givenOrder bool
	timesKnown bool
	// the widest username and email cells, for the columns, in cells
	usernameWidth, emailWidth int
	cells                     sanitize.Measure // the measure of those widths
}

// newResultList makes a search's answer ready to show, measured in cells.
// Admin answers carry every email, so a missing one means "no email".
func newResultList(accounts []hub.Account, admin bool, cells sanitize.Measure) resultList {
	rows := make([]resultRow, len(accounts))
	for i := range accounts {
		rows[i] = newResultRow(accounts[i], admin)
	}
	return finishList(accounts, rows, false, cells)
}

// namesList is the list for a query of account ids: system.getNames' answer,
// in the order the ids were given, each row to be completed by its record.
func namesList(ids []string, names map[string]hub.DisplayName, cells sanitize.Measure) resultList {
	accounts := make([]hub.Account, len(ids))
	rows := make([]resultRow, len(ids))
	for i, id := range ids {
		name, found := names[id]
		accounts[i] = accountFromName(id, name)
		rows[i] = newResultRow(accounts[i], false)
		rows[i].partial = true
		if !found || name.IsDeleted() {
			rows[i].deleted = true
			rows[i].setName("(unknown or deleted)")
			rows[i].filterKey = filterKey(rows[i], id)
		}
	}
	return finishList(accounts, rows, true, cells)
}

// finishList measures the rows and works out every sort order; givenOrder
// marks a list of ids (see resultList).
func finishList(accounts []hub.Account, rows []resultRow, givenOrder bool, cells sanitize.Measure) resultList {
	l := resultList{accounts: accounts, rows: rows, givenOrder: givenOrder}.measured(cells)
	l.hasData[byLastActive], l.hasData[byName] = true, true // the server's order (or the order given), and names
	for i := range rows {
		l.timesKnown = l.timesKnown || !rows[i].partial
		l.hasData[byCreated] = l.hasData[byCreated] || rows[i].created != nil
		l.hasData[byEmail] = l.hasData[byEmail] || rows[i].email != ""
	}
	for o := range sortOrderCount {
		order := make([]int, len(rows))
		for i := range order {
			order[i] = i
		}
		// A list of ids keeps the order given under byLastActive (its title
		// says so); any other is sorted, even by last activity: a search's
		// rows come sorted so (which the stable sort keeps), but a project's
		// collaborators (an admin's search for a project id) do not.
		if o != byLastActive || !givenOrder {
			slices.SortStableFunc(order, o.compare(rows))
		}
		l.orders[o] = order
	}
	return l
}

// measured is the list with its columns measured in cells. A list made while
// the terminal's measure was not yet known (a search sent before the
// terminal answered) is measured again when it is shown.
func (l resultList) measured(cells sanitize.Measure) resultList {
	l.cells, l.usernameWidth, l.emailWidth = cells, 0, 0
	for i := range l.rows {
		// A text is never wider than its length in bytes, so one that is no
		// longer than the widest so far cannot change it and is not measured:
		// measuring graphemes is most of the cost of cleaning 2,500 rows.
		if username := l.rows[i].username; len(username) > l.usernameWidth {
			l.usernameWidth = max(l.usernameWidth, cells.Width(username))
		}
		if row := &l.rows[i]; row.emailShown() && row.emailCellMaxBytes() > l.emailWidth {
			l.emailWidth = max(l.emailWidth, cells.Width(row.emailCell()))
		}
	}
	return l
}

// withRecord is the list with the full record of an account in place of its
// partial row (from a list of ids), in copies, as the list may be shared.
// admin tells whether the record came from an admin's search, which holds
// every email.
func (l resultList) withRecord(record hub.Account, admin bool) (resultList, bool) {
	for i, row := range l.rows {
		if row.partial && l.accounts[i].AccountID == record.AccountID {
			accounts, rows := slices.Clone(l.accounts), slices.Clone(l.rows)
			accounts[i] = record
			rows[i] = newResultRow(record, admin)
			return finishList(accounts, rows, l.givenOrder, l.cells), true
		}
	}
	return l, false
}

// rowCache keeps each row's line as last drawn, so that a frame draws again
// only the rows whose text changed (a relative time that moved on). A frame
// is drawn after every message, and most messages (a letter typed in the
// search box, a cursor move, a tick) change no row: redrawing every visible
// row each time made a frame cost twice as much with a full list as with a
// short one. A cache belongs to one list of rows and one width: afterChange,
// through which every change of the rows goes, starts a new one, and a new
// width empties it; a new order keeps it, as lines are kept by the row's
// index in the list. It is a pointer so that View, which gets a copy of the
// model, can fill it: the one thing a frame changes. Bubble Tea calls
// Update and View from one goroutine.
type rowCache struct {
	width  int
	cells  sanitize.Measure
	cols   columns     // the columns the rows were drawn in
	header string      // the styled column header
	marked sortMarker  // the sort marker the header was drawn with
	rows   []cachedRow // by the row's index in the list
}

// sortMarker is the order a header was drawn for.
type sortMarker struct {
	order    sortOrder
	reversed bool
}

// cachedRow is a row's line without its marker or style, and the relative
// times it shows, which are the only part of it that changes with the clock.
type cachedRow struct {
	drawn           bool
	active, created string
	line            string // "  " and the cells, exactly the width
}

// forColumns returns the cache emptied if it was drawn for another width,
// in another measure, or in other columns (the sort column is always shown).
func (c *rowCache) forColumns(width int, cells sanitize.Measure, cols columns, rows int) *rowCache {
	if c.width != width || c.cells != cells || c.cols != cols || len(c.rows) != rows {
		*c = rowCache{width: width, cells: cells, cols: cols, rows: make([]cachedRow, rows)}
	}
	return c
}

// resultRow is one account's cells, already sanitized.
type resultRow struct {
	name, username, email string
	// nameKey and emailKey are name and email lower-cased, to sort by: made
	// with the row, off Update's path (see searchResultMsg.withList), as lower-casing
	// 2,500 names took a third of the time of the key that sorts by name.
	nameKey, emailKey string
	noName            bool
	// admin marks a row of an admin's answer, which holds every email and
	// whether it is verified; noEmail, that it had none.
	admin               bool
	noEmail             bool
	verified            *bool
	banned              bool
	lastActive, created *hub.Millis
	// partial rows come from a list of pasted ids: names only, until the
	// full record is fetched. deleted ones are unknown or deleted accounts.
	partial, deleted bool
	// filterKey is what the filter looks for in the row (see filterKey),
	// made with the row, off Update's path as nameKey is.
	filterKey string
}

// Column widths: fixed ones, and the bounds of the flexible ones.
const (
	markerWidth      = 2 // "▶ "
	rightMargin      = 1 // a blank cell between the last column and the border
	timeColumnWidth  = 8
	columnGap        = 2
	minNameWidth     = 18
	maxUsernameWidth = 18
	minEmailWidth    = 16
	maxEmailWidth    = 34
)

// newResultRow is an account's row; admin tells that it comes from an
// admin's answer (see resultRow.admin).
func newResultRow(a hub.Account, admin bool) resultRow {
	row := resultRow{
		admin:      admin,
		banned:     a.IsBanned(),
		verified:   a.EmailAddressVerified,
		lastActive: a.LastActive,
		created:    a.Created,
	}
	row.setName(clean.Line(a.FullName()))
	if strings.TrimSpace(row.name) == "" {
		row.setName("(no name)")
		row.noName = true
	}
	if a.Username != nil && *a.Username != "" {
		row.username = "@" + clean.Line(*a.Username)
	}
	switch {
	case a.EmailAddress != nil && *a.EmailAddress != "":
		row.email = clean.Line(*a.EmailAddress)
		row.emailKey = strings.ToLower(row.email)
	case admin:
		row.noEmail = true
	}
	row.filterKey = filterKey(row, a.AccountID)
	return row
}

// setName sets the name shown and the one sorted by.
func (row *resultRow) setName(name string) {
	row.name, row.nameKey = name, strings.ToLower(name)
}

// show replaces the results and selects the first row. The list must be
// measured in the terminal's measure (see measured).
func (r *resultsModel) show(list resultList) {
	r.list = list
	if len(list.rows) > 0 && !list.hasData[r.order] {
		r.order, r.reversed = byLastActive, false // nothing to sort by in that order
	}
	r.refilter()
	r.drawn = &rowCache{} // new rows: nothing of them is drawn yet
	r.cursor, r.offset = 0, 0
	r.scrollToCursor()
}

func (r *resultsModel) clear() { r.show(resultList{}) }

// showAnswer shows the list that answers a search, and reports whether it
// kept the account that was selected: it does when the answer is to the
// search already shown (a refresh) and the account is still in it.
func (r *resultsModel) showAnswer(list resultList, search hub.SearchParams) (keptSelection bool) {
	selected, hadSelection := r.selected()
	refresh := hadSelection && r.shown == search
	r.show(list)
	r.shown = search
	return refresh && r.selectID(selected.AccountID)
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

// replace puts the full record of an account in place of its partial row,
// keeping the same account selected.
func (r *resultsModel) replace(record hub.Account, admin bool) {
	selected, _ := r.selected()
	list, changed := r.list.withRecord(record, admin)
	if !changed {
		return
	}
	cursor, offset := r.cursor, r.offset
	r.show(list)
	r.offset = offset
	if !r.selectID(selected.AccountID) {
		r.moveTo(cursor)
	}
}

// count is the number of results shown: all of them, or those the filter
// lets through.
func (r resultsModel) count() int {
	if r.filter.active() {
		return len(r.filter.shown)
	}
	return len(r.list.rows)
}

// total is the number of results, whether shown or not.
func (r resultsModel) total() int { return len(r.list.rows) }

// rank is the index in the list of the row shown at position k.
func (r resultsModel) rank(k int) int {
	if r.filter.active() {
		return r.filter.shown[k]
	}
	return r.orderedRank(k)
}

// orderedRank is the index in the list of the row at position k of the
// order, before any filter.
func (r resultsModel) orderedRank(k int) int {
	if r.reversed {
		return r.list.orders[r.order][len(r.list.rows)-1-k]
	}
	return r.list.orders[r.order][k]
}

// row is the cells of the row shown at position k.
func (r resultsModel) row(k int) *resultRow { return &r.list.rows[r.rank(k)] }

// account is the account shown at position k.
func (r resultsModel) account(k int) hub.Account { return r.list.accounts[r.rank(k)] }

// selected is the account under the cursor, if any.
func (r resultsModel) selected() (hub.Account, bool) {
	if r.cursor < 0 || r.cursor >= r.count() {
		return hub.Account{}, false
	}
	return r.account(r.cursor), true
}

// selectedRow is the cells of the account under the cursor.
func (r resultsModel) selectedRow() (resultRow, bool) {
	if r.cursor < 0 || r.cursor >= r.count() {
		return resultRow{}, false
	}
	return *r.row(r.cursor), true
}

// inOrder is a copy of the accounts shown (those the filter lets through),
// in the order shown.
func (r resultsModel) inOrder() []hub.Account {
	accounts := make([]hub.Account, r.count())
	for k := range accounts {
		accounts[k] = r.account(k)
	}
	return accounts
}

// selectID moves the cursor to an account, if it is in the list.
func (r *resultsModel) selectID(accountID string) bool {
	for k := range r.count() {
		if r.account(k).AccountID == accountID {
			r.moveTo(k)
			return true
		}
	}
	return false
}

// setHeight records how many rows fit and keeps the cursor in view.
func (r *resultsModel) setHeight(rows int) {
	r.visible = max(1, rows)
	r.scrollToCursor()
}

// move moves the cursor by delta rows, clamped to the list.
func (r *resultsModel) move(delta int) { r.moveTo(r.cursor + delta) }

func (r *resultsModel) moveTo(position int) {
	r.cursor = max(0, min(position, r.count()-1))
	r.scrollToCursor()
}

// scroll moves the rows in view by delta (the mouse wheel), the cursor
// with them only as far as it must to stay in view, as vim scrolls.
func (r *resultsModel) scroll(delta int) {
	r.offset = max(0, min(r.offset+delta, r.count()-r.visible))
	r.cursor = max(r.offset, min(r.cursor, r.offset+r.visible-1, r.count()-1))
}

func (r *resultsModel) scrollToCursor() {
	if r.cursor < r.offset {
		r.offset = r.cursor
	}
	if r.cursor >= r.offset+r.visible {
		r.offset = r.cursor - r.visible + 1
	}
	r.offset = max(0, min(r.offset, r.count()-r.visible))
}

// sortOrder is how the results are ordered.
type sortOrder int

const (
	byLastActive sortOrder = iota // the newest of last active and created (a search's own order)
	byCreated
	byName
	byEmail
	sortOrderCount
)

var sortOrderNames = [...]string{"last active", "created", "name", "email"}

func (o sortOrder) String() string { return sortOrderNames[o] }

// cycleSort switches to the next order, in its usual direction, keeping
// the same row selected; an order is skipped when no row has its value (no
// email, no time of creation: the rows of pasted ids not loaded yet). The
// orders were worked out with the list: this only looks the row up.
func (r *resultsModel) cycleSort() {
	r.keepSelection(func() {
		r.order = (r.order + 1) % sortOrderCount
		for !r.list.hasData[r.order] {
			r.order = (r.order + 1) % sortOrderCount
		}
		r.reversed = false
	})
}

// reverseSort turns the order around, keeping the same row selected.
func (r *resultsModel) reverseSort() {
	r.keepSelection(func() { r.reversed = !r.reversed })
}

// keepSelection changes the order and moves the cursor to where the
// selected row went.
func (r *resultsModel) keepSelection(reorder func()) {
	selected := -1
	if r.cursor < r.count() {
		selected = r.rank(r.cursor)
	}
	reorder()
	r.refilter() // the rows that match, in the new order
	for k := range r.count() {
		if r.rank(k) == selected {
			r.cursor = k
			break
		}
	}
	r.scrollToCursor()
}

// descending reports whether the rows go from the highest value down:
// newest first for times (the server's way), A to Z (ascending) for text,
// unless reversed.
func (r resultsModel) descending() bool {
	return (r.order == byLastActive || r.order == byCreated) != r.reversed
}

// orderText is the order for the results' title: "by name ▲".
func (r resultsModel) orderText() string {
	if r.order == byLastActive && r.list.givenOrder {
		if r.reversed {
			return "in the reverse of the order given"
		}
		return "in the order given"
	}
	return "by " + r.order.String() + " " + r.arrow()
}

func (r resultsModel) arrow() string {
	if r.descending() {
		return "▼"
	}
	return "▲"
}

// compare is the order's comparison of rows i and j, for a stable sort of
// the rows' indexes: rows without the value come last, text is compared
// lower-cased (by the rows' keys, made once with the rows).
func (o sortOrder) compare(rows []resultRow) func(i, j int) int {
	switch o {
	case byLastActive: // the newest of last active and created, as the server sorts a search
		newest := func(row resultRow) hub.Millis { return max(millisOrZero(row.lastActive), millisOrZero(row.created)) }
		return func(i, j int) int { return cmp.Compare(newest(rows[j]), newest(rows[i])) }
	case byCreated:
		return func(i, j int) int { return cmp.Compare(millisOrZero(rows[j].created), millisOrZero(rows[i].created)) }
	case byName:
		return func(i, j int) int {
			if rows[i].noName != rows[j].noName {
				return boolOrder(rows[j].noName)
			}
			return strings.Compare(rows[i].nameKey, rows[j].nameKey)
		}
	case byEmail:
		return func(i, j int) int {
			if (rows[i].email == "") != (rows[j].email == "") {
				return boolOrder(rows[j].email == "")
			}
			return strings.Compare(rows[i].emailKey, rows[j].emailKey)
		}
	}
	return func(i, j int) int { return 0 } // not reached: every order is above
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

// emailShown reports whether the row says something of its email: an
// address, or that there is none. A hidden one alone does not make the
// email column worth its room, nor does a row whose record is not loaded.
func (row resultRow) emailShown() bool { return row.email != "" || row.noEmail }

// emailCellMaxBytes bounds the length of emailCell's text without building
// it: the address and a mark ("✓ "), or the words for none.
func (row resultRow) emailCellMaxBytes() int {
	return max(len(row.email)+len("✓ "), len(noEmailText), len(hiddenEmailText))
}

// emailCell is the email column's text: the address, with its verified
// state in admin results (the marks of the details), or the details' words
// for none and for hidden; nothing while the row's record is not loaded
// (a pasted id's), as nothing is known of it yet.
func (row resultRow) emailCell() string {
	switch {
	case row.partial:
		return ""
	case row.noEmail:
		return noEmailText
	case row.email == "":
		return hiddenEmailText
	case !row.admin:
		return row.email
	}
	mark, _ := verification(row.verified)
	return mark + " " + row.email
}

// columns decides which columns fit in width and how wide each is.
type columns struct {
	name, id, username, email, active, created int
}

// The account id column of a list of ids: the whole UUID, or its first
// block ("a5e0905b…") where that does not fit.
const (
	idColumnWidth      = 36
	shortIDColumnWidth = 9
)

// Columns are given room in order of importance, each as much as it wants
// if that leaves the name its minimum, or less down to a least useful
// width, or not at all; the name gets what is left. The order: the account
// id for a list of pasted ids (what its rows are for: the name of each id),
// the last activity (not before some row of such a list is loaded), then
// email, username and created (not for a list of ids, whose names keep the
// room); the column sorted by comes first, so it is shown whenever it is the
// sort key.
func (r resultsModel) columns(width int) columns {
	var c columns
	rest := width - markerWidth - rightMargin
	take := func(want, least int) int {
		got := min(want, rest-columnGap-minNameWidth)
		if want <= 0 || got < least {
			return 0
		}
		rest -= columnGap + got
		return got
	}
	accountID := func() {
		if r.list.givenOrder {
			if c.id = take(idColumnWidth, idColumnWidth); c.id == 0 {
				c.id = take(shortIDColumnWidth, shortIDColumnWidth)
			}
		}
	}
	active := func() {
		if r.list.timesKnown {
			c.active = take(timeColumnWidth, timeColumnWidth)
		}
	}
	email := func() {
		if w := r.list.emailWidth; w > 0 {
			want := max(len("EMAIL"), min(w, maxEmailWidth))
			c.email = take(want, min(want, minEmailWidth))
		}
	}
	username := func() {
		if w := r.list.usernameWidth; w > 0 {
			c.username = take(max(len("USERNAME"), min(w, maxUsernameWidth)), len("USERNAME"))
		}
	}
	created := func() { c.created = take(timeColumnWidth, timeColumnWidth) }
	wants := []func(){accountID, active, email, username, created}
	if r.list.givenOrder {
		wants = wants[:3] // the name is what a list of ids is for: it keeps the room
	}
	if r.order == byCreated {
		wants = []func(){created, accountID, active, email, username}
	}
	for _, want := range wants {
		want()
	}
	c.name = max(0, rest)
	return c
}

// lines renders the column header and the visible rows in width cells.
func (r resultsModel) lines(st Styles, width int, focused bool, now time.Time) []string {
	if r.count() == 0 {
		return nil
	}
	cols := r.columns(width)
	drawn := r.drawn
	if drawn == nil {
		drawn = &rowCache{} // not reached: show makes one for any rows
	}
	drawn = drawn.forColumns(width, st.Cells, cols, r.total())
	if marker := (sortMarker{r.order, r.reversed}); drawn.header == "" || drawn.marked != marker {
		drawn.header = st.ColumnHead.Render(st.fitStyled(r.header(st.Cells, cols), width))
		drawn.marked = marker
	}
	lines := make([]string, 0, r.visible+1)
	lines = append(lines, drawn.header)
	end := min(r.count(), r.offset+r.visible)
	for k := r.offset; k < end; k++ {
		lines = append(lines, r.rowLine(st, k, cols, width, focused, now, &drawn.rows[r.rank(k)]))
	}
	return lines
}

// header is the columns' names, the one sorted by marked ▲ or ▼.
func (r resultsModel) header(m sanitize.Measure, c columns) string {
	name := func(column string, order sortOrder) string {
		if r.order == order && !(order == byLastActive && r.list.givenOrder) {
			return column + r.arrow()
		}
		return column
	}
	cells := []string{strings.Repeat(" ", markerWidth-1) + m.PadRight(name("NAME", byName), c.name)}
	switch {
	case c.id >= idColumnWidth:
		cells = append(cells, m.PadRight("ACCOUNT ID", c.id))
	case c.id > 0:
		cells = append(cells, m.PadRight("ID", c.id))
	}
	if c.username > 0 {
		cells = append(cells, m.PadRight("USERNAME", c.username))
	}
	if c.email > 0 {
		cells = append(cells, m.PadRight(name("EMAIL", byEmail), c.email))
	}
	if c.active > 0 {
		cells = append(cells, m.PadRight(name("ACTIVE", byLastActive), c.active))
	}
	if c.created > 0 {
		cells = append(cells, m.PadRight(name("CREATED", byCreated), c.created))
	}
	return " " + strings.Join(cells, strings.Repeat(" ", columnGap))
}

// rowLine is the line of the row at position k: its cells (from the cache
// when its times have not changed), its marker and its style.
func (r resultsModel) rowLine(st Styles, k int, c columns, width int, focused bool, now time.Time, cached *cachedRow) string {
	row := r.row(k)
	active, created := relativeMillis(row.lastActive, now), relativeMillis(row.created, now)
	if row.partial {
		active, created = "", "" // not known until the full record is fetched
	}
	if !cached.drawn || cached.active != active || cached.created != created {
		*cached = cachedRow{drawn: true, active: active, created: created,
			line: r.plainLine(st, row, r.account(k).AccountID, c, width, active, created)}
	}
	line := cached.line
	selected := k == r.cursor
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

// idCell is an account id in a column of width cells: whole, or its first
// block where it does not fit.
func idCell(id string, width int) string {
	if width >= idColumnWidth {
		return id
	}
	return shortID(id)
}

// plainLine is a row's line without style, behind a marker of two spaces,
// cut or padded to width cells; id is the row's account id.
func (r resultsModel) plainLine(st Styles, row *resultRow, id string, c columns, width int, active, created string) string {
	name := row.name
	if row.banned {
		name = "BANNED " + name
	}
	// PadRight cuts what is too wide, with an ellipsis, and pads the rest.
	m := st.Cells
	cells := []string{m.PadRight(name, c.name)}
	if c.id > 0 {
		cells = append(cells, m.PadRight(idCell(id, c.id), c.id))
	}
	if c.username > 0 {
		cells = append(cells, m.PadRight(row.username, c.username))
	}
	if c.email > 0 {
		cells = append(cells, m.PadRight(row.emailCell(), c.email))
	}
	if c.active > 0 {
		cells = append(cells, m.PadRight(active, c.active))
	}
	if c.created > 0 {
		cells = append(cells, m.PadRight(created, c.created))
	}
	return st.fitStyled("  "+strings.Join(cells, strings.Repeat(" ", columnGap)), width)
}

// position is "3/23" for the panel border.
func (r resultsModel) position() string {
	if r.count() == 0 {
		return ""
	}
	return fmt.Sprintf("%d/%d", r.cursor+1, r.count())
}
