package ui

import (
	"fmt"
	"strings"
	"time"

	"cocalc-tui/hub"
	"cocalc-tui/ui/humanize"
)

// The key info window (i): this key, what it gives access to, the
// account's other keys; read-only, nothing here creates, changes or
// deletes a key. It scrolls when it does not fit.

// keyInfoLines are the window's lines for an inner width: its sections,
// a blank line between two. Sections learnt later about the key (the
// projects it reaches) go after the key parts, at the end.
func (s scopeModel) keyInfoLines(st Styles, maskedKey string, now time.Time, loc *time.Location, width int) []string {
	sections := [][]string{
		s.thisKeyLines(st, maskedKey, now, loc),
		s.otherKeysLines(st, now, loc, width),
	}
	var lines []string
	for _, section := range sections {
		if len(section) == 0 {
			continue
		}
		if len(lines) > 0 {
			lines = append(lines, "")
		}
		lines = append(lines, section...)
	}
	return lines
}

// thisKeyLines are the key in use: masked, its name, creation, expiry and
// last use, then whose key it is and what it may do.
func (s scopeModel) thisKeyLines(st Styles, maskedKey string, now time.Time, loc *time.Location) []string {
	row := detailRow(st)
	lines := []string{row("API key", maskedKey)}
	switch {
	case s.known && s.scope.Kind == hub.ScopeProject:
		return append(lines,
			row("Scope", "project key"),
			row("Project id", s.scope.ProjectID),
			row("Can search", st.Warn.Render("no: user search and names need an account key")),
			" "+st.Muted.Render("Name, expiry, last use: unknown (the project endpoint cannot list keys)"),
			row("Server time", absoluteTime(s.scope.ServerTime, loc)))
	case s.known:
		lines = append(lines, s.keyFactsLines(st, now, loc)...)
		admin := "no"
		if s.admin {
			admin = st.Warn.Render("yes: admin search, password reset and impersonation links, bans")
		} else if s.err != nil {
			admin = "unknown: " + errorText(s.err)
		}
		return append(lines,
			row("Scope", "account key"),
			row("Account", s.displayName()),
			row("Account id", s.scope.AccountID),
			row("Admin", admin),
			row("Server time", absoluteTime(s.scope.ServerTime, loc)))
	case s.err != nil:
		return append(lines, row("Scope", st.Bad.Render(errorText(s.err))))
	}
	return append(lines, row("Scope", "checking…"))
}

// keyFactsLines are the server's facts about the key in use: its name,
// creation, expiry and last use; or, in one line, why they are missing.
func (s scopeModel) keyFactsLines(st Styles, now time.Time, loc *time.Location) []string {
	row := detailRow(st)
	this, listed := s.keys.Current()
	switch {
	case s.keysErr != nil:
		return []string{" " + st.Warn.Render("Name, expiry, last use unknown: ") + errorWithHint(s.keysErr)}
	case !listed && s.keys.Legacy:
		return []string{" " + st.Muted.Render("Name, expiry, last use: none (the server does not list old sk_ keys)")}
	case !listed:
		return []string{" " + st.Muted.Render("Name, expiry, last use unknown: not in the account's list of keys")}
	}
	name := this.Name
	if name == "" {
		name = st.Muted.Render("none")
	}
	lastUsed := this.LastActive
	if !s.answeredAt.IsZero() && (lastUsed == nil || s.answeredAt.After(*lastUsed)) {
		// Every call the server answers is a use of the key it counts,
		// the status checks of this program too.
		lastUsed = &s.answeredAt
	}
	return []string{
		row("Name", name),
		row("Created", whenText(this.Created, now, loc, "unknown")),
		row("Expires", expiryText(st, this.Expire, now, loc)),
		row("Last used", whenText(lastUsed, now, loc, "never")),
	}
}

// whenText is a time as the window shows it, "2026-10-29 12:00 UTC (30
// days ago)", or ifNil.
func whenText(t *time.Time, now time.Time, loc *time.Location, ifNil string) string {
	if t == nil {
		return ifNil
	}
	return absoluteTime(*t, loc) + " (" + humanize.Relative(*t, now) + ")"
}

// expiryText is when the key expires, marked with a glyph and a word (not
// colour alone) once it expires within a week or has expired.
func expiryText(st Styles, expire *time.Time, now time.Time, loc *time.Location) string {
	switch {
	case expire == nil:
		return "never expires"
	case !expire.After(now):
		return st.Bad.Render("✕ expired: " + whenText(expire, now, loc, ""))
	case expire.Sub(now) <= expiringSoon:
		return st.Warn.Render("⚠ soon: " + whenText(expire, now, loc, ""))
	}
	return whenText(expire, now, loc, "")
}

// Widths of the other keys' table, in cells (the name takes what is left).
const (
	keyColumnWidth      = 10 // "sk-…0000Tj"
	dateColumnWidth     = 10 // "2026-11-28"
	expiresColumnWidth  = 10 // "✕ expired", "⚠ in 5d", a date
	lastUsedColumnWidth = 9  // "15d ago", "never"
	minNameColumnWidth  = 6
	maxNameColumnWidth  = 32
)

// otherKeysLines are the account's other keys in a small table: name,
// masked key, created, expires, last used; newest first, as the server
// lists them.
func (s scopeModel) otherKeysLines(st Styles, now time.Time, loc *time.Location, width int) []string {
	if !s.known || s.scope.Kind != hub.ScopeAccount || s.keysErr != nil {
		return nil
	}
	others := s.keys.Others()
	if len(others) == 0 {
		return []string{" " + st.Label.Render("Other keys of this account: none")}
	}
	fixed := 1 + keyColumnWidth + dateColumnWidth + expiresColumnWidth + lastUsedColumnWidth + 4*columnGap
	gap := strings.Repeat(" ", columnGap)
	nameWidth := max(minNameColumnWidth, min(width-fixed, maxNameColumnWidth))
	cell := func(text string, width int) string { return st.Cells.PadRight(text, width) }
	header := " " + st.ColumnHead.Render(strings.Join([]string{cell("NAME", nameWidth), cell("KEY", keyColumnWidth),
		cell("CREATED", dateColumnWidth), cell("EXPIRES", expiresColumnWidth), "LAST USED"}, gap))
	lines := []string{" " + st.Label.Render(fmt.Sprintf("Other keys of this account (%d)", len(others))), header}
	for _, k := range others {
		name := orNoneStyled(st, k.Name, nameWidth)
		masked := orNoneStyled(st, k.Masked(), keyColumnWidth)
		created := orNoneStyled(st, dateText(k.Created, loc), dateColumnWidth)
		expires := expiryCell(st, k.Expire, now, loc)
		lastUsed := "never"
		if k.LastActive != nil {
			lastUsed = humanize.Ago(*k.LastActive, now)
		}
		lines = append(lines, " "+strings.Join([]string{name, masked, created, expires, lastUsed}, gap))
	}
	return lines
}

// orNoneStyled is text in a column of width cells, or a muted "–" when
// there is none.
func orNoneStyled(st Styles, text string, width int) string {
	if text == "" {
		return st.Muted.Render(st.Cells.PadRight("–", width))
	}
	return st.Cells.PadRight(text, width)
}

// dateText is a time's date in the local zone, or "".
func dateText(t *time.Time, loc *time.Location) string {
	if t == nil {
		return ""
	}
	return t.In(loc).Format("2006-01-02")
}

// expiryCell is the table's expires column: "never", a date, or marked
// with a glyph and a word within a week of expiring, or expired.
func expiryCell(st Styles, expire *time.Time, now time.Time, loc *time.Location) string {
	pad := func(text string) string { return st.Cells.PadRight(text, expiresColumnWidth) }
	switch {
	case expire == nil:
		return pad("never")
	case !expire.After(now):
		return st.Bad.Render(pad("✕ expired"))
	case expire.Sub(now) <= expiringSoon:
		return st.Warn.Render(pad("⚠ in " + humanize.Duration(expire.Sub(now))))
	}
	return pad(dateText(expire, loc))
}

// keyInfoContent is the key info window's lines at the current size: the
// key's parts, then the projects it reaches.
func (m Model) keyInfoContent() []string {
	width := m.overlayArea().inner().width
	lines := m.scope.keyInfoLines(m.styles, m.cfg.MaskedKey, m.now, m.cfg.Location, width)
	return append(lines, m.keyProjects.overlayLines(m.styles, m.now, width)...)
}

func (m *Model) openKeyInfo() {
	m.openOverlay(overlayKeyInfo)
	m.keyInfoOffset = 0
	m.keyProjects.list.cursor = -1 // none until the moves reach the projects
}

// keyInfoScrolls reports whether the key info window does not fit.
func (m Model) keyInfoScrolls() bool { return len(m.keyInfoContent()) > m.overlayArea().inner().height }

// scrollKeyInfo moves the key info window by delta lines, clamped to its content.
func (m *Model) scrollKeyInfo(delta int) {
	m.keyInfoOffset = clampScroll(m.keyInfoOffset+delta, len(m.keyInfoContent()), m.overlayArea().inner().height)
}
