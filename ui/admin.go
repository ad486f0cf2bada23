package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"cocalc-tui/hub"
	"cocalc-tui/hub/clean"
)

// Result limits a person can step through with + and -. Admins get the
// limits of CoCalc's own admin page (25 by default, at most 2500); other keys
// the server's (20 by default, at most 50).
var (
	adminLimits = hub.SearchLimitSteps(true)
	userLimits  = hub.SearchLimitSteps(false)
)

// adminModel is admin mode: searches with "admin": true, as CoCalc's admin
// page sends them, which find every account and show every email.
type adminModel struct {
	enabled bool
	// chosen records that the user toggled the mode, so the automatic switch
	// on (when the key turns out to be an admin's) does not override them.
	chosen     bool
	adminLimit int
	userLimit  int
}

func newAdminModel(limit int) adminModel {
	a := adminModel{adminLimit: hub.AdminPageSearchLimit, userLimit: hub.DefaultSearchLimit}
	if limit > 0 {
		a.adminLimit = min(limit, hub.MaxAdminSearchLimit)
		a.userLimit = min(limit, hub.MaxUserSearchLimit)
	}
	return a
}

// limit is the number of results the next search asks for.
func (a adminModel) limit() int {
	if a.enabled {
		return a.adminLimit
	}
	return a.userLimit
}

// step moves the limit of the current mode up or down its list.
func (a *adminModel) step(direction int) {
	limits, current := userLimits, &a.userLimit
	if a.enabled {
		limits, current = adminLimits, &a.adminLimit
	}
	*current = nextLimit(limits, *current, direction)
}

// nextLimit is the next limit in the list above (or below) current.
func nextLimit(limits []int, current, direction int) int {
	if direction > 0 {
		for _, l := range limits {
			if l > current {
				return l
			}
		}
		return limits[len(limits)-1]
	}
	for i := len(limits) - 1; i >= 0; i-- {
		if limits[i] < current {
			return limits[i]
		}
	}
	return limits[0]
}

// params is the search the query asks for in the current mode. Admin
// queries are trimmed and lower-cased, as CoCalc's admin page sends them.
func (a adminModel) params(query string) hub.SearchParams {
	if a.enabled {
		return hub.SearchParams{Query: strings.ToLower(strings.TrimSpace(query)), Admin: true, Limit: a.adminLimit}
	}
	params := hub.SearchParams{Query: query}
	if a.userLimit != hub.DefaultSearchLimit { // the server's default: not sent
		params.Limit = a.userLimit
	}
	return params
}

// actionKind is a dangerous action on one account: it hands out access or
// changes the account, so it runs only after the user says yes.
type actionKind int

const (
	actionResetLink actionKind = iota + 1
	actionImpersonate
	actionBan
	actionUnban
)

// actionSpec is what the UI needs to know of a dangerous action: how to ask,
// what to call, and how to show its answer. A new action is a new entry in
// actionSpecs and a key that calls askAction.
type actionSpec struct {
	title    string // the dialog's title
	question string // asked before the account's label and a "?"
	// call asks the server, for the account, for what the action gives: a
	// link to show, or "" when there is nothing to show but success.
	call func(client *hub.Client, ctx context.Context, accountID string) (string, error)
	// warning goes with the link: what it does and how to use it safely.
	warning string
	// consequence, if any, is said under the question: what the action does.
	consequence string
	// ownAccountWarning is said in the question when the account is the
	// key's own ("": nothing to say).
	ownAccountWarning string
}

var actionSpecs = map[actionKind]actionSpec{
	actionResetLink: {
		title:    "Password reset link",
		question: "Create a password reset link for",
		call:     (*hub.Client).PasswordResetLink,
		warning:  "Valid for 24 hours. Send it only to the owner of the account.",
	},
	actionImpersonate: {
		title:    "Impersonation link",
		question: "Create a link that signs in as",
		call:     (*hub.Client).ImpersonationLink,
		warning:  "Whoever opens it is signed in as this account. Open it in a private window, so your own session stays signed in.",
		ownAccountWarning: "This is your own account, the one this API key belongs to: the link signs in as you, " +
			"which needs no link; whoever gets it gets your account.",
	},
	actionBan: {
		title:       "Ban",
		question:    "Ban",
		call:        banCall,
		consequence: banConsequence,
	},
	actionUnban: {
		title:       "Remove ban",
		question:    "Remove the ban of",
		call:        unbanCall,
		consequence: unbanConsequence,
	},
}

// ConfirmSettle is how long a dangerous action's question is open before
// y answers it: a y that comes sooner was pressed, typed by habit or pasted
// before the question could be read, so it is not an answer to it. Browsers
// hold back the buttons of their security dialogs for the same reason
// (Firefox for 1 s: security.dialog_enable_delay).
const ConfirmSettle = 500 * time.Millisecond

// actionModel is a dangerous action from its confirmation to its answer.
type actionModel struct {
	kind      actionKind
	accountID string
	label     string // the account as the confirmation names it, clean
	// openedAt is when the question opened (see ConfirmSettle); tooSoon
	// records a y that came before it settled, which the question says.
	openedAt time.Time
	tooSoon  bool
	// ownAccount marks the key's own account (see ownAccountWarning).
	ownAccount bool
	inFlight   bool
	// stop cancels the request in flight; seq names it, so the answer of a
	// cancelled request is recognised and dropped.
	stop context.CancelFunc
	seq  int
}

type actionResultMsg struct {
	seq       int
	kind      actionKind
	accountID string
	link      string
	err       error
}

func (a actionModel) spec() actionSpec { return actionSpecs[a.kind] }

// accountLabel names an account for a confirmation: name, email and id.
func accountLabel(a hub.Account) string {
	label := clean.Line(a.FullName())
	if strings.TrimSpace(label) == "" {
		label = "(no name)"
	}
	if a.EmailAddress != nil && *a.EmailAddress != "" {
		label += " <" + clean.Line(*a.EmailAddress) + ">"
	}
	return label + " " + shortID(a.AccountID)
}

// run sends the action's request. It stops when the user cancels it (see
// cancel), when the UI quits, or at the call timeout.
func (a *actionModel) run(cfg Config) tea.Cmd {
	ctx, stop := context.WithCancel(cfg.lifetime)
	a.seq++
	a.inFlight, a.stop = true, stop
	seq, kind, id, client, call := a.seq, a.kind, a.accountID, cfg.Client, a.spec().call
	return guarded(func() tea.Msg {
		defer stop()
		link, err := call(client, ctx, id)
		return actionResultMsg{seq: seq, kind: kind, accountID: id, link: link, err: err}
	}, func(err error) tea.Msg { return actionResultMsg{seq: seq, kind: kind, accountID: id, err: err} })
}

// cancel stops the request in flight at once; its answer, if it still
// comes, is dropped.
func (a *actionModel) cancel() {
	if a.stop != nil {
		a.stop()
	}
	a.seq++
	a.inFlight = false
}

// settled reports whether the question has been open long enough at now
// for y to answer it.
func (a actionModel) settled(now time.Time) bool { return now.Sub(a.openedAt) >= ConfirmSettle }

// confirmLines ask before an action, naming the account. Only y says yes.
func (a actionModel) confirmLines(st Styles) []string {
	lines := []string{"", " " + a.spec().question, " " + st.Accent.Render(a.label) + "?", ""}
	if consequence := a.spec().consequence; consequence != "" {
		lines = append(lines, " "+st.Warn.Render(consequence), "")
	}
	if warning := a.spec().ownAccountWarning; a.ownAccount && warning != "" {
		lines = append(lines, " "+st.Warn.Render("! "+warning), "")
	}
	if a.tooSoon && !a.inFlight {
		lines = append(lines, " "+st.Warn.Render("y came too soon after the question opened: read it, then press y."), "")
	}
	if a.inFlight {
		return append(lines, " "+st.Muted.Render("asking the server… ")+
			st.HelpKey.Render("esc")+st.HelpDesc.Render(" cancels"))
	}
	return append(lines, " "+st.HelpKey.Render("y")+st.HelpDesc.Render(" yes")+st.HelpSep.Render(" · ")+
		st.HelpKey.Render("n/esc")+st.HelpDesc.Render(" no"))
}

// actionError explains a refused action in the words a person needs.
func actionError(kind actionKind, err error) string {
	text := errorText(err)
	switch {
	case strings.Contains(text, "only defined for accounts with email"):
		return "this account has no email address, and CoCalc has passwords only for accounts with one"
	case errors.Is(err, hub.ErrNotAdmin):
		return "the server refused: this key is not an admin's"
	case strings.Contains(text, "banned -- please wait"):
		return "the server refused: too many tries, wait 30 s"
	case errors.Is(err, hub.ErrKeyRejected) && (kind == actionBan || kind == actionUnban):
		return "the server refused: it does not take this key for bans (" + errorText(err) + ")"
	}
	return fmt.Sprintf("%s failed: %s", strings.ToLower(actionSpecs[kind].title), errorWithHint(err))
}

// toggleAdmin switches admin mode and searches again in the new mode.
func (m *Model) toggleAdmin() tea.Cmd {
	m.admin.enabled = !m.admin.enabled
	m.admin.chosen = true
	state := "off: searches as a user would"
	if m.admin.enabled {
		state = "on: every account, every email"
	}
	return tea.Batch(m.flash.show(m.cfg, "admin mode "+state, false), m.applySearch(m.search.repeat(m.searchEnv())))
}

// stepLimit raises or lowers the result limit and searches again.
func (m *Model) stepLimit(direction int) tea.Cmd {
	before := m.admin.limit()
	m.admin.step(direction)
	if m.admin.limit() == before {
		bound := "highest"
		if direction < 0 {
			bound = "lowest"
		}
		return m.flash.show(m.cfg, fmt.Sprintf("%d is the %s limit", before, bound), true) // a refusal: ✕, not ✓
	}
	return tea.Batch(m.flash.show(m.cfg, fmt.Sprintf("limit %d results", m.admin.limit()), false),
		m.applySearch(m.search.repeat(m.searchEnv())))
}

// askAction opens the confirmation of an admin action on the selected account.
func (m *Model) askAction(kind actionKind) tea.Cmd {
	account, ok := m.results.selected()
	if !ok || !m.scope.admin || m.cfg.ReadOnly {
		return nil
	}
	if account.AccountID == "" { // the server's id is not a UUID: no action can name it
		return m.flash.show(m.cfg, "no admin action: the server's account id is not a UUID", true)
	}
	m.action = actionModel{kind: kind, accountID: account.AccountID, label: accountLabel(account),
		openedAt: m.now, ownAccount: strings.EqualFold(account.AccountID, m.scope.scope.AccountID), seq: m.action.seq}
	m.openOverlay(overlayConfirm)
	return nil
}

func (m *Model) onActionResult(msg actionResultMsg) tea.Cmd {
	if msg.seq != m.action.seq || !m.action.inFlight {
		return nil // cancelled, or superseded
	}
	m.action.inFlight = false
	title := actionSpecs[msg.kind].title
	// The link itself is a credential: it is shown, never logged.
	m.cfg.Logger.Info("admin action", "action", title, "account_id", msg.accountID, "error", msg.err)
	switch {
	case msg.err != nil:
		m.overlay = overlayNone
		return tea.Batch(m.flash.show(m.cfg, actionError(msg.kind, msg.err), true), m.checkIfUnreachable(msg.err))
	case msg.kind == actionBan || msg.kind == actionUnban:
		m.overlay = overlayNone
		return m.onBanChanged(msg.kind, msg.accountID)
	case msg.link == "":
		m.overlay = overlayNone
		return m.flash.show(m.cfg, title+": done", false)
	}
	m.showLink(linkWindow{title: title, subject: m.action.label, url: msg.link, notes: []string{actionSpecs[msg.kind].warning}})
	return nil
}
