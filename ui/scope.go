package ui

import (
	"cmp"
	"errors"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"cocalc-tui/hub"
	"cocalc-tui/hub/clean"
	"cocalc-tui/ui/humanize"
)

// scopeModel is what the API key can do: whose it is, whether that account is
// an admin's, or which project it belongs to; and for an account key, the
// account's keys, among them this one (its name, expiry and last use).
type scopeModel struct {
	inFlight bool
	known    bool
	scope    hub.Scope
	name     string // the account's display name, raw from the server
	admin    bool
	err      error // why the scope is unknown, if it is
	// keys are the account's keys; keysErr says why they are unknown.
	keys    hub.APIKeys
	keysErr error
	// keysAskedAgain counts the checks sent again, the server being up, for
	// a list of keys that went unanswered (see keysWorthAskingAgain).
	keysAskedAgain int
	// answeredAt is when the server last answered a call made with the
	// key, which it counts as a use (see noteAnswer).
	answeredAt time.Time
}

type scopeResultMsg struct {
	scope   hub.Scope
	name    string
	admin   bool
	err     error
	keys    hub.APIKeys
	keysErr error
}

// startCheck asks the server about the key unless a check is already running.
func (s *scopeModel) startCheck(cfg Config) tea.Cmd {
	if s.inFlight {
		return nil
	}
	s.inFlight = true
	lifetime, client := cfg.lifetime, cfg.Client
	return guarded(func() tea.Msg {
		// A failed name lookup is not fatal: the account id is shown instead.
		info, err := client.Whoami(lifetime)
		return scopeResultMsg{scope: info.Scope, name: info.Name.FullName(), admin: info.Admin,
			err: cmp.Or(err, info.AdminErr), keys: info.Keys, keysErr: info.KeysErr}
	}, func(err error) tea.Msg { return scopeResultMsg{err: err} })
}

func (s *scopeModel) onResult(msg scopeResultMsg) {
	s.inFlight = false
	s.err = msg.err
	if msg.scope.Kind != 0 {
		s.known = true
		s.scope, s.name, s.admin = msg.scope, msg.name, msg.admin
		s.keys, s.keysErr = msg.keys, msg.keysErr
		if msg.keysErr == nil {
			s.keysAskedAgain = 0
		}
	}
}

// noteAnswer records that the server answered a call made with the key
// at now: the server moves the key's last use on with every call, so the
// list's last use of the key in use is only as new as the list.
func (s *scopeModel) noteAnswer(now time.Time) { s.answeredAt = now }

// needsRetry reports whether the key's check failed for a reason that may
// pass (the network, not the key), so it is worth trying again once the
// server answers.
func (s scopeModel) needsRetry() bool {
	return !s.inFlight && s.err != nil &&
		!errors.Is(s.err, hub.ErrKeyRejected) && !errors.Is(s.err, hub.ErrNoKey)
}

// keysWorthAskingAgain reports whether the list of keys failed for want of
// the server (a server that does not know the call will not know it later)
// and is worth asking again: always when the server comes back, and while
// it stays up only maxKeysAskedAgain times, as each time the whole check
// (test, names, admin probe, keys) is sent again, and a server too slow to
// list the keys would get it at every status check.
func (s scopeModel) keysWorthAskingAgain(serverCameBack bool) bool {
	if s.inFlight || s.err != nil || (!serverCameBack && s.keysAskedAgain >= maxKeysAskedAgain) {
		return false
	}
	switch hub.KindOf(s.keysErr) { // KindOther when there is none
	case hub.KindTimeout, hub.KindUnavailable, hub.KindTransport:
		return true
	}
	return false
}

// maxKeysAskedAgain bounds how often an unanswered list of keys is asked
// again while the server stays up.
const maxKeysAskedAgain = 3

// isProject reports whether the key is a project's, which cannot search users.
func (s scopeModel) isProject() bool { return s.known && s.scope.Kind == hub.ScopeProject }

// thisKey is the server's entry of the key in use, once the keys are known.
func (s scopeModel) thisKey() (hub.APIKey, bool) {
	if !s.known || s.keysErr != nil {
		return hub.APIKey{}, false
	}
	return s.keys.Current()
}

// summary is the one-line "key: …" part of the header, at most width cells:
// the key's parts, then more (what was learnt later about the key: the
// projects it reaches).
func (s scopeModel) summary(st Styles, now time.Time, width int, more ...linePart) string {
	label := st.Label.Render("key: ")
	switch {
	case s.known && s.scope.Kind == hub.ScopeProject:
		return label + st.Accent.Render("project "+shortID(s.scope.ProjectID)) +
			st.Warn.Render(" (project-scoped: user search unavailable)")
	case s.known:
		return label + joinParts(st, append(s.lineParts(st, now), more...), width-st.Cells.Width("key: "))
	case s.err != nil && !s.needsRetry():
		return label + st.Bad.Render("rejected: "+errorText(s.err))
	case hub.KindOf(s.err) == hub.KindBadResponse:
		return label + st.Bad.Render("the server's answer is not understood: "+errorText(s.err))
	case s.err != nil:
		return label + st.Muted.Render("unknown until the server answers")
	}
	return label + st.Muted.Render("checking…")
}

// linePart is one fact of the scope line: its text in its style, then a
// tail, already styled.
type linePart struct {
	text         string
	style        lipgloss.Style
	tail         string
	shrinks      bool // its text may be cut to fit (a name)
	optional     bool // and then left out altogether (the key's name)
	tailOptional bool // its tail may be left out (the account's id, which the window shows)
	leftOutFirst bool // left out before any other part gives room (the count of projects)
}

// lineParts are the scope line's facts about an account key, in order: the
// key's name, whose key it is, admin or not, when it expires (nothing for
// a key that never does). Facts asked later (the projects the key reaches)
// join as parts after these.
func (s scopeModel) lineParts(st Styles, now time.Time) []linePart {
	var parts []linePart
	this, listed := s.thisKey()
	if listed && this.Name != "" {
		parts = append(parts, linePart{text: this.Name, style: st.Accent, shrinks: true, optional: true})
	}
	parts = append(parts, linePart{text: s.displayName(), style: st.Accent, shrinks: true,
		tail: st.Muted.Render(" (" + shortID(s.scope.AccountID) + ")"), tailOptional: true})
	switch {
	case s.admin:
		parts = append(parts, linePart{text: "admin", style: st.Warn})
	case s.err != nil:
		parts = append(parts, linePart{text: "admin rights unknown", style: st.Muted})
	}
	if listed && this.Expire != nil {
		text, style := expiryNote(st, *this.Expire, now)
		parts = append(parts, linePart{text: text, style: style})
	}
	return parts
}

// Within expiringSoon of its end, a key is marked as expiring.
const expiringSoon = 7 * 24 * time.Hour

// expiryNote says when a key expires, for the scope line: marked with a glyph
// and a word, not colour alone, once it expires within a week or has
// expired ("⚠ expires in 5 days", "✕ expired 2 days ago").
func expiryNote(st Styles, expire, now time.Time) (string, lipgloss.Style) {
	switch {
	case !expire.After(now):
		return "✕ expired " + humanize.Relative(expire, now), st.Bad
	case expire.Sub(now) <= expiringSoon:
		return "⚠ expires " + humanize.Relative(expire, now), st.Warn
	}
	return "expires " + humanize.Relative(expire, now), st.Muted
}

// minPartWidth is the narrowest a part is cut to before an optional part
// is left out instead.
const minPartWidth = 8

// partSeparator goes between two parts of the scope line.
const partSeparator = " · "

// joinParts draws the parts in width cells if it can, making room in this
// order: the count of projects is left out; the key's name is cut, then left out; the account's id is left
// out; the account's name is cut; so that admin and the expiry stay in
// view. What still does not fit is cut at the end by the header.
func joinParts(st Styles, parts []linePart, width int) string {
	over := func() int {
		total := st.Cells.Width(partSeparator) * max(0, len(parts)-1)
		for _, p := range parts {
			total += st.Cells.Width(p.text) + st.Cells.Width(p.tail)
		}
		return total - width
	}
	for i := 0; i < len(parts) && over() > 0; i++ {
		if parts[i].leftOutFirst {
			parts = append(parts[:i], parts[i+1:]...)
			i--
		}
	}
	for i := 0; i < len(parts) && over() > 0; i++ {
		if room := st.Cells.Width(parts[i].text) - over(); parts[i].optional && room >= minPartWidth {
			parts[i].text = st.Cells.Truncate(parts[i].text, room)
		} else if parts[i].optional {
			parts = append(parts[:i], parts[i+1:]...)
			i--
		}
	}
	for i := 0; i < len(parts) && over() > 0; i++ {
		if parts[i].tailOptional {
			parts[i].tail = ""
		}
	}
	for i := 0; i < len(parts) && over() > 0; i++ {
		if parts[i].shrinks {
			parts[i].text = st.Cells.Truncate(parts[i].text, max(minPartWidth, st.Cells.Width(parts[i].text)-over()))
		}
	}
	drawn := make([]string, len(parts))
	for i, p := range parts {
		drawn[i] = p.style.Render(p.text) + p.tail
	}
	return strings.Join(drawn, st.Muted.Render(partSeparator))
}

// displayName is the account's name made safe for the screen.
func (s scopeModel) displayName() string {
	if s.name == "" {
		return s.scope.AccountID
	}
	return clean.Line(s.name)
}
