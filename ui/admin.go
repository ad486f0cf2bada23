package ui

import (
	"errors"
	"fmt"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"cocalc-tui/hub"
	"cocalc-tui/hub/clean"
)

// Result limits a person can step through with + and -. Admins get the
// limits of CoCalc's own admin page (25 by default, at most 2500); other keys
// the server's (20 by default, at most 50).
var (
	adminLimits = []int{25, 50, 100, 250, 500, 1000, 2500}
	userLimits  = []int{20, 50}
)

const (
	defaultAdminLimit = 25
	defaultUserLimit  = 20 // the server's default: not sent
	maxAdminLimit     = 2500
	maxUserLimit      = 50
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
	a := adminModel{adminLimit: defaultAdminLimit, userLimit: defaultUserLimit}
	if limit > 0 {
		a.adminLimit = min(limit, maxAdminLimit)
		a.userLimit = min(limit, maxUserLimit)
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
	*current = stepLimit(limits, *current, direction)
}

// stepLimit is the next limit in the list above (or below) current.
func stepLimit(limits []int, current, direction int) int {
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
	if a.userLimit != defaultUserLimit {
		params.Limit = a.userLimit
	}
	return params
}

// actionKind is an admin action on one account.
type actionKind int

const (
	actionResetLink actionKind = iota + 1
	actionImpersonate
)

func (k actionKind) title() string {
	if k == actionImpersonate {
		return "Impersonation link"
	}
	return "Password reset link"
}

// actionModel is an admin action from confirmation to its link.
type actionModel struct {
	kind      actionKind
	accountID string
	label     string // the account as the confirmation names it, clean
	inFlight  bool
	link      string
}

type actionResultMsg struct {
	kind      actionKind
	accountID string
	link      string
	err       error
}

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

// run asks the server for the link.
func (a *actionModel) run(cfg Config) tea.Cmd {
	a.inFlight = true
	kind, id, client := a.kind, a.accountID, cfg.Client
	return guarded(func() tea.Msg {
		ctx, cancel := callContext(cfg)
		defer cancel()
		var link string
		var err error
		if kind == actionImpersonate {
			link, err = client.ImpersonationLink(ctx, id)
		} else {
			link, err = client.PasswordResetLink(ctx, id)
		}
		return actionResultMsg{kind: kind, accountID: id, link: link, err: err}
	}, func(err error) tea.Msg { return actionResultMsg{kind: kind, accountID: id, err: err} })
}

// confirmLines ask before an action, naming the account.
func (a actionModel) confirmLines(st Styles) []string {
	question := "Create a password reset link for"
	if a.kind == actionImpersonate {
		question = "Create a link that signs in as"
	}
	lines := []string{"", " " + question, " " + st.Accent.Render(a.label) + "?", ""}
	if a.inFlight {
		return append(lines, " "+st.Muted.Render("asking the server…"))
	}
	return append(lines, " "+st.HelpKey.Render("y")+st.HelpDesc.Render(" yes   ")+
		st.HelpKey.Render("n")+st.HelpDesc.Render(" no"))
}

// linkLines show the link, with what it does and how to use it safely.
func (a actionModel) linkLines(st Styles) []string {
	warning := "Valid for 24 hours. Send it only to the owner of the account."
	if a.kind == actionImpersonate {
		warning = "Whoever opens it is signed in as this account. Open it in a private window, so your own session stays signed in."
	}
	return []string{
		"",
		" For " + st.Accent.Render(a.label) + ":",
		"",
		" " + clean.Line(a.link),
		"",
		" " + st.Warn.Render(warning),
		"",
		" " + st.HelpKey.Render("c") + st.HelpDesc.Render(" copy the link   ") +
			st.HelpKey.Render("esc") + st.HelpDesc.Render(" close"),
	}
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
	}
	return fmt.Sprintf("%s failed: %s", strings.ToLower(kind.title()), errorWithHint(err))
}

// toggleAdmin switches admin mode and searches again in the new mode.
func (m *Model) toggleAdmin() tea.Cmd {
	m.admin.enabled = !m.admin.enabled
	m.admin.chosen = true
	state := "off: searches as a user would"
	if m.admin.enabled {
		state = "on: every account, every email"
	}
	return tea.Batch(m.flash.show(m.cfg, "admin mode "+state, false), m.searchAgain())
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
		return m.flash.show(m.cfg, fmt.Sprintf("%d is the %s limit", before, bound), false)
	}
	return tea.Batch(m.flash.show(m.cfg, fmt.Sprintf("limit %d results", m.admin.limit()), false), m.searchAgain())
}

// askAction opens the confirmation of an admin action on the selected account.
func (m *Model) askAction(kind actionKind) tea.Cmd {
	account, ok := m.results.selected()
	if !ok || !m.scope.admin {
		return nil
	}
	if account.AccountID == "" { // the server's id is not a UUID: no action can name it
		return m.flash.show(m.cfg, "no admin action: the server's account id is not a UUID", true)
	}
	m.action = actionModel{kind: kind, accountID: account.AccountID, label: accountLabel(account)}
	m.overlay = overlayConfirm
	return nil
}

func (m *Model) onActionResult(msg actionResultMsg) tea.Cmd {
	if msg.accountID != m.action.accountID || msg.kind != m.action.kind || !m.action.inFlight {
		return nil
	}
	m.action.inFlight = false
	// The link itself is a credential: it is shown, never logged.
	m.cfg.Logger.Info("admin action", "action", msg.kind.title(), "account_id", msg.accountID, "error", msg.err)
	if msg.err != nil {
		m.overlay = overlayNone
		return m.flash.show(m.cfg, actionError(msg.kind, msg.err), true)
	}
	m.action.link = msg.link
	m.overlay = overlayLink
	return nil
}

// copyEmail copies the selected account's email address, if it has one.
func (m *Model) copyEmail() tea.Cmd {
	account, ok := m.results.selected()
	if !ok {
		return nil
	}
	if account.EmailAddress == nil || *account.EmailAddress == "" {
		return m.flash.show(m.cfg, "no email address to copy (only admins and exact email searches see them)", true)
	}
	return m.copyValue(copyEmail, *account.EmailAddress, "email address")
}

// export writes all results to a new file.
func (m *Model) export(format exportFormat) tea.Cmd {
	if m.results.count() == 0 {
		return nil
	}
	accounts := m.results.inOrder() // a copy: the command must not share the model's slice
	return exportCmd(m.cfg.ExportDir, accounts, format, m.search.outcome.query, m.now, m.cfg.Client.Scrubber())
}

func (m *Model) onExported(msg exportedMsg) tea.Cmd {
	m.cfg.Logger.Info("export", "path", msg.path, "accounts", msg.count, "error", msg.err)
	if msg.err != nil {
		return m.flash.show(m.cfg, "export failed: "+errorText(msg.err), true)
	}
	return m.flash.show(m.cfg, fmt.Sprintf("exported %d %s to %s", msg.count, plural(msg.count, "account", "accounts"),
		clean.Line(msg.path)), false)
}
