package ui

import (
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"cocalc-tui/hub"
	"cocalc-tui/hub/jsonobject"
)

// Ban and remove ban: dangerous actions (see actionSpec) whose answer is
// no link but the account's new state, shown at once.

// banConsequence is what the ban confirmation says a ban does.
const banConsequence = "A ban blocks sign-in and ends the account's sessions; its API keys stop working within " +
	"about a minute, and its pay-as-you-go purchases halt. The ban can be removed (B again)."

// unbanConsequence is what the confirmation of a ban's removal says.
const unbanConsequence = "The account can sign in again, and its API keys work again."

// banCall and unbanCall are the actions' calls, with no link to show.
func banCall(client *hub.Client, ctx context.Context, accountID string) (string, error) {
	_, err := client.Ban(ctx, accountID)
	return "", err
}

func unbanCall(client *hub.Client, ctx context.Context, accountID string) (string, error) {
	_, err := client.RemoveBan(ctx, accountID)
	return "", err
}

// banState is an account's banned field as the search told it: whether it
// is known (admin searches send it), and whether the account is banned.
func banState(a hub.Account) (known, banned bool) {
	_, sent := rawFields(a.Raw)["banned"]
	return sent, a.IsBanned()
}

// askBan opens the confirmation of a ban, or of its removal for a banned
// account, on the selected account.
func (m *Model) askBan() tea.Cmd {
	account, ok := m.results.selected()
	if !ok || !m.scope.admin {
		return nil
	}
	known, banned := banState(account)
	if !known && account.AccountID != "" {
		return m.flash.show(m.cfg, "ban: this search does not tell whether the account is banned; search in admin mode (a)", true)
	}
	if banned {
		return m.askAction(actionUnban)
	}
	return m.askAction(actionBan)
}

// onBanChanged shows an account's new state at once, with the server's
// cache in mind: searches may show the old state for a while.
func (m *Model) onBanChanged(kind actionKind, accountID string) tea.Cmd {
	banned := kind == actionBan
	m.results.setBanned(accountID, banned)
	if m.banChanged == nil {
		m.banChanged = map[string]time.Time{}
	}
	m.banChanged[accountID] = m.now
	m.rebuildDetails()
	what := "banned"
	if !banned {
		what = "ban removed"
	}
	return m.flash.show(m.cfg, what+": "+m.action.label+"; searches may show the old state for about 15 s", false)
}

// banNote is the details' line about a ban changed in the last 15 s, or "".
func (m Model) banNote(st Styles, accountID string) string {
	at, ok := m.banChanged[accountID]
	if !ok || m.now.Sub(at) >= hub.BanCacheTime {
		return ""
	}
	return detailRow(st)("Ban", st.Muted.Render("changed now; searches may lag ~15 s"))
}

// withBanned is the list with an account's banned state changed, in
// copies, as the list may be shared (see withRecord).
func (l resultList) withBanned(accountID string, banned bool) (resultList, bool) {
	i := slices.IndexFunc(l.accounts, func(a hub.Account) bool { return a.AccountID == accountID })
	if i < 0 {
		return l, false
	}
	l.accounts, l.rows = slices.Clone(l.accounts), slices.Clone(l.rows)
	l.accounts[i].Banned = &banned
	l.accounts[i].Raw = withBannedField(l.accounts[i].Raw, banned)
	l.rows[i].banned = banned
	return l, true
}

// withBannedField is an account's JSON with "banned" set in its place, the
// other members as the server sent them, so that a copy or an export of
// the account says what the details say.
func withBannedField(raw json.RawMessage, banned bool) json.RawMessage {
	fields, err := jsonobject.Parse(raw)
	if err != nil {
		return raw
	}
	fields.Set("banned", json.RawMessage(strconv.FormatBool(banned)))
	changed, err := fields.MarshalJSON()
	if err != nil {
		return raw
	}
	return changed
}

// setBanned changes an account's banned state in the results, keeping the
// selection and the view.
func (r *resultsModel) setBanned(accountID string, banned bool) {
	list, changed := r.list.withBanned(accountID, banned)
	if !changed {
		return
	}
	r.list = list
	r.drawn = &rowCache{} // the row's line changed
}
