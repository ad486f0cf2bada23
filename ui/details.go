package ui

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"cocalc-tui/hub"
	"cocalc-tui/hub/clean"
	"cocalc-tui/ui/humanize"
)

// detailsModel is the pane with every field of the selected account. Its
// lines are built when something they show changes (selection, profile,
// width, the clock's second), never on every frame; a frame only draws the
// lines in view.
type detailsModel struct {
	lines []string
	// width is the inside of the pane, in cells, which notes wrap in.
	width int
	// view scrolls the lines: bubbles' viewport keeps the position, clamped
	// to the lines and the pane's height. It never draws: its View pads and
	// cuts lines in lipgloss's measure, which is not the terminal's (see
	// sanitize.Measure), so the panel draws the lines in view in the
	// terminal's measure. Its Width stays 0, so that its scroll methods do
	// not cut, in that other measure, the lines they return (which nothing
	// here uses).
	view viewport.Model
	// profiles caches system.getNames answers by account id; the search
	// results do not carry the profile (avatar colour and image).
	profiles map[string]hub.DisplayName
	// lookupSeq names the latest lookup; older answers are dropped.
	lookupSeq int
	lookup    lookupRequest
	loading   bool
	lookupErr error
	// accountLineCount is how many of the lines show the account, before
	// its projects.
	accountLineCount int
}

// lookupRequest is what the details need from the server for one account:
// its profile, and for a row that came from a list of ids its full record.
type lookupRequest struct {
	accountID  string
	needRecord bool
	admin      bool // fetch the record with an admin search (emails, banned)
}

type lookupDebounceMsg struct{ seq int }

type lookupResultMsg struct {
	seq       int
	accountID string
	admin     bool // the record was fetched by an admin's search
	names     map[string]hub.DisplayName
	record    *hub.Account
	err       error
}

// lookupDelay is how long the cursor must rest on an account before its
// profile is fetched, so scrolling through a list does not fire a request
// per row.
const lookupDelay = 150 * time.Millisecond

// armLookup arms a lookup for the account, unless there is nothing to fetch.
func (d *detailsModel) armLookup(cfg Config, accountID string, needRecord, admin bool) tea.Cmd {
	d.lookupSeq++
	d.lookup = lookupRequest{accountID: accountID, needRecord: needRecord, admin: admin}
	d.lookupErr = nil
	_, cached := d.profiles[strings.ToLower(accountID)]
	if (cached && !needRecord) || !hub.IsUUID(accountID) {
		d.loading = false
		return nil
	}
	d.loading = true
	return cfg.After(lookupDelay, lookupDebounceMsg{seq: d.lookupSeq})
}

// sendLookup sends the lookup an unexpired debounce tick was armed for.
func (d *detailsModel) sendLookup(cfg Config, msg lookupDebounceMsg) tea.Cmd {
	if msg.seq != d.lookupSeq {
		return nil
	}
	seq, req, client := d.lookupSeq, d.lookup, cfg.Client
	_, haveProfile := d.profiles[strings.ToLower(req.accountID)]
	return guarded(func() tea.Msg {
		ctx, cancel := context.WithCancel(cfg.lifetime)
		defer cancel()
		result := lookupResultMsg{seq: seq, accountID: req.accountID, admin: req.admin}
		if !haveProfile {
			var names hub.Names
			names, result.err = client.GetNames(ctx, []string{req.accountID})
			result.names = names.ByID
		}
		if req.needRecord && result.err == nil {
			result.record, result.err = fetchRecord(ctx, client, req)
		}
		return result
	}, func(err error) tea.Msg { return lookupResultMsg{seq: seq, accountID: req.accountID, err: err} })
}

// fetchRecord gets an account's full record: a search for its id answers
// with that one account.
func fetchRecord(ctx context.Context, client *hub.Client, req lookupRequest) (*hub.Account, error) {
	result, err := client.UserSearch(ctx, hub.SearchParams{Query: req.accountID, Admin: req.admin})
	if err != nil {
		return nil, err
	}
	for _, a := range result.Accounts {
		if strings.EqualFold(a.AccountID, req.accountID) {
			return &a, nil
		}
	}
	return nil, nil
}

// onResult caches what a lookup brought; it reports the full record, if
// this lookup fetched one.
func (d *detailsModel) onResult(msg lookupResultMsg) *hub.Account {
	if msg.err == nil && msg.names != nil {
		if d.profiles == nil {
			d.profiles = map[string]hub.DisplayName{}
		}
		for id, name := range msg.names {
			d.profiles[strings.ToLower(id)] = name
		}
	}
	if msg.seq == d.lookupSeq {
		d.loading = false
		d.lookupErr = msg.err
	}
	return msg.record
}

// setLines replaces the pane's lines, keeping the position (clamped to
// the new lines).
func (d *detailsModel) setLines(lines []string) {
	d.lines = lines
	d.view.SetContent(strings.Join(lines, "\n"))
	d.view.SetYOffset(d.view.YOffset)
}

// setSize fits the pane to its inside, keeping the position in range.
func (d *detailsModel) setSize(inside rect) {
	d.width = inside.width
	d.view.Height = max(1, inside.height)
	d.view.SetYOffset(d.view.YOffset)
}

// toTop shows the lines from the first.
func (d *detailsModel) toTop() { d.view.SetYOffset(0) }

// visibleLines is the slice of lines the pane shows.
func (d detailsModel) visibleLines() []string {
	start := min(d.view.YOffset, len(d.lines))
	return d.lines[start:min(len(d.lines), start+d.view.Height)]
}

// scrollable reports whether some lines are out of view, so that the
// pane's keys have something to scroll.
func (d detailsModel) scrollable() bool { return len(d.lines) > d.view.Height }

// position is where the lines in view are, "4-12/20", for the border, when
// not all of them fit.
func (d detailsModel) position() string {
	if !d.scrollable() {
		return ""
	}
	total := len(d.lines)
	return fmt.Sprintf("%d-%d/%d", d.view.YOffset+1, min(total, d.view.YOffset+d.view.Height), total)
}

const labelWidth = 12

// detailRow renders "label  value" lines with the labels in one column.
func detailRow(st Styles) func(label, value string) string {
	return func(label, value string) string {
		return " " + st.Label.Render(st.Cells.PadRight(label, labelWidth)) + value
	}
}

// noteRows are a "label  note" line for a note (prose, not data: a reason,
// what is not known and why), drawn in style, that wraps under itself in
// the pane rather than be cut: its end is often the part that explains.
func (d detailsModel) noteRows(st Styles, label, note string, style lipgloss.Style) []string {
	room := max(10, d.width-1-labelWidth)
	pieces := st.Cells.Wrap(note, room)
	lines := make([]string, len(pieces))
	for i, piece := range pieces {
		if i > 0 {
			label = ""
		}
		// Each piece styled on its own, so that no style runs on past a line.
		lines[i] = " " + st.Label.Render(st.Cells.PadRight(label, labelWidth)) + style.Render(piece)
	}
	return lines
}

// knownFields are the userSearch fields shown by name; any other field the
// server sends is listed after them as it came.
var knownFields = map[string]bool{
	"account_id": true, "first_name": true, "last_name": true, "name": true, "email_address": true,
	"email_address_verified": true, "last_active": true, "created": true, "banned": true,
}

// accountLines builds the details of an account: every field the server
// sent, aligned, then the profile from system.getNames.
// The account's row in the results says how to read a missing email (see
// emailRows), so that the two never disagree.
func (d detailsModel) accountLines(st Styles, a hub.Account, listed resultRow, now time.Time, loc *time.Location) []string {
	row := detailRow(st)
	orNone := func(s string) string {
		if s == "" {
			return st.Muted.Render("(empty)")
		}
		return clean.Line(s)
	}
	lines := []string{
		row("First name", orNone(a.FirstName)),
		row("Last name", orNone(a.LastName)),
		row("Username", optionalText(st, a.Username, "@")),
	}
	lines = append(lines, d.emailRows(st, listed)...)
	lines = append(lines,
		row("Verified", verifiedText(st, a.EmailAddressVerified)),
		row("Account id", accountIDText(st, a)),
		row("Last active", timeText(st, a.LastActive, now, loc)),
		row("Created", timeText(st, a.Created, now, loc)),
	)
	fields := rawFields(a.Raw)
	if _, sent := fields["banned"]; sent {
		lines = append(lines, row("Banned", bannedText(st, a.Banned)))
	}
	for _, extra := range extraFields(fields) {
		lines = append(lines, row(st.Cells.Truncate(clean.Line(extra.name), labelWidth-1), clean.Line(extra.value)))
	}
	return append(lines, d.profileLines(st, a.AccountID)...)
}

// partialLines are the details of a row from a list of ids, until its full
// record arrives: what system.getNames said.
func (d detailsModel) partialLines(st Styles, a hub.Account, deleted bool) []string {
	row := detailRow(st)
	lines := []string{row("Account id", a.AccountID)}
	switch {
	case deleted:
		return append(lines, d.noteRows(st, "Account", "unknown or deleted: the server has no name for this id", st.Warn)...)
	case d.lookup.accountID == a.AccountID && d.lookupErr != nil:
		lines = append(lines, d.noteRows(st, "Record", "not loaded: "+errorText(d.lookupErr), st.Bad)...)
	case d.lookup.accountID == a.AccountID && d.loading:
		lines = append(lines, row("Record", st.Muted.Render("loading…")))
	default:
		lines = append(lines, d.noteRows(st, "Record", "not found by a search for its id", st.Muted)...)
	}
	return append([]string{row("First name", clean.Line(a.FirstName)), row("Last name", clean.Line(a.LastName))}, lines...)
}

func (d detailsModel) profileLines(st Styles, accountID string) []string {
	row := detailRow(st)
	name, ok := d.profiles[strings.ToLower(accountID)]
	switch {
	case ok && name.Profile == nil:
		return []string{row("Profile", st.Muted.Render("none"))}
	case ok:
		return []string{
			row("Colour", colourText(st, name.Profile.Color)),
			row("Avatar", imageText(st, *name.Profile)),
		}
	case d.lookup.accountID == accountID && d.lookupErr != nil:
		return d.noteRows(st, "Profile", "not loaded: "+errorText(d.lookupErr), st.Bad)
	case d.lookup.accountID == accountID && d.loading:
		return []string{row("Profile", st.Muted.Render("loading…"))}
	}
	return nil
}

// accountIDText is the account's id, or what the server sent instead,
// marked: it is not a UUID, so nothing uses it.
func accountIDText(st Styles, a hub.Account) string {
	if a.AccountID == "" && a.InvalidID != "" {
		return st.Bad.Render("not a UUID: ") + a.InvalidID
	}
	return a.AccountID
}

func optionalText(st Styles, s *string, prefix string) string {
	if s == nil || *s == "" {
		return st.Muted.Render("none")
	}
	return prefix + clean.Line(*s)
}

// The words for an account's email and its verification, the same in the
// results and in the details.
const (
	// noEmailText: an admin's answer has no address, so the account has none.
	noEmailText = "– no email"
	// hiddenEmailText: other answers leave addresses out (the server shows
	// them only to admins, and on a search for the exact address).
	hiddenEmailText = "– hidden"
)

// emailRows are the email as the details show it, with the reason when it
// is hidden.
func (d detailsModel) emailRows(st Styles, listed resultRow) []string {
	switch {
	case listed.noEmail:
		return []string{detailRow(st)("Email", st.Muted.Render(noEmailText))}
	case listed.email == "":
		return d.noteRows(st, "Email", hiddenEmailText+" (admins see it; so does a search for the exact address)", st.Muted)
	}
	return []string{detailRow(st)("Email", listed.email)}
}

// verification is the mark and the words for email_address_verified:
// null means the server has no record of it either way.
func verification(verified *bool) (mark, words string) {
	switch {
	case verified == nil:
		return "–", "not recorded"
	case *verified:
		return "✓", "verified"
	}
	return "✗", "not verified"
}

func verifiedText(st Styles, verified *bool) string {
	mark, words := verification(verified)
	switch {
	case verified == nil:
		return st.Muted.Render(mark + " " + words)
	case *verified:
		return st.Ok.Render(mark + " " + words)
	}
	return st.Warn.Render(mark + " " + words)
}

func timeText(st Styles, ms *hub.Millis, now time.Time, loc *time.Location) string {
	if ms == nil {
		return st.Muted.Render("never")
	}
	return humanize.Ago(ms.Time(), now) + st.Muted.Render(" · "+absoluteTime(ms.Time(), loc))
}

func bannedText(st Styles, banned *bool) string {
	if banned != nil && *banned {
		return st.Badge.Render("✕ BANNED")
	}
	return "no"
}

// rgbPattern matches the profile colours CoCalc stores: "rgb(12, 34, 56)".
// The patterns are compiled on first use: compiled as the program starts,
// every command of it, not only the UI, would wait for them.
var rgbPattern = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^\s*rgb\(\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*\)\s*$`)
})

// hexPattern matches "#a1b2c3".
var hexPattern = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\s*#[0-9a-fA-F]{6}\s*$`) })

// colourText shows a swatch of the profile colour next to its text. Only a
// colour that parses is drawn; the text is always shown, cleaned.
func colourText(st Styles, colour string) string {
	if colour == "" {
		return st.Muted.Render("none")
	}
	text := st.Cells.Fit(colour, 40)
	if hex, ok := parseColour(colour); ok {
		return st.swatch(hex) + " " + text
	}
	return text
}

func parseColour(colour string) (string, bool) {
	if hexPattern().MatchString(colour) {
		return strings.TrimSpace(colour), true
	}
	m := rgbPattern().FindStringSubmatch(colour)
	if m == nil {
		return "", false
	}
	var rgb [3]int
	for i := range rgb {
		v, err := strconv.Atoi(m[i+1])
		if err != nil || v > 255 {
			return "", false
		}
		rgb[i] = v
	}
	return fmt.Sprintf("#%02x%02x%02x", rgb[0], rgb[1], rgb[2]), true
}

func imageText(st Styles, p hub.Profile) string {
	switch {
	case p.Image == "":
		return st.Muted.Render("none")
	case strings.HasPrefix(p.Image, "data:"):
		return fmt.Sprintf("embedded image (%s)", hub.FormatBytes(int64(max(p.ImageBytes, len(p.Image)))))
	}
	return p.Image
}

type extraField struct{ name, value string }

// rawFields splits the server's JSON object into its fields.
func rawFields(raw json.RawMessage) map[string]json.RawMessage {
	var fields map[string]json.RawMessage
	if len(raw) == 0 || json.Unmarshal(raw, &fields) != nil {
		return nil
	}
	return fields
}

// extraFields are the fields that accountLines does not know by name, sorted
// by name, each with its compact JSON value.
func extraFields(fields map[string]json.RawMessage) []extraField {
	var extras []extraField
	for name, value := range fields {
		if knownFields[name] {
			continue
		}
		var compact bytes.Buffer
		if json.Compact(&compact, value) != nil {
			continue
		}
		extras = append(extras, extraField{name: name, value: compact.String()})
	}
	sort.Slice(extras, func(i, j int) bool { return extras[i].name < extras[j].name })
	return extras
}
