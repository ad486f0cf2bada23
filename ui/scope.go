package ui

import (
	"cmp"
	"errors"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"cocalc-tui/hub"
	"cocalc-tui/hub/clean"
)

// scopeModel is what the API key can do: whose it is, whether that account is
// an admin's, or which project it belongs to.
type scopeModel struct {
	inFlight bool
	known    bool
	scope    hub.Scope
	name     string // the account's display name, raw from the server
	admin    bool
	err      error // why the scope is unknown, if it is
}

type scopeResultMsg struct {
	scope hub.Scope
	name  string
	admin bool
	err   error
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
			err: cmp.Or(err, info.AdminErr)}
	}, func(err error) tea.Msg { return scopeResultMsg{err: err} })
}

func (s *scopeModel) onResult(msg scopeResultMsg) {
	s.inFlight = false
	s.err = msg.err
	if msg.scope.Kind != 0 {
		s.known = true
		s.scope, s.name, s.admin = msg.scope, msg.name, msg.admin
	}
}

// needsRetry reports whether the check failed for a reason that may pass (the
// network, not the key), so it is worth trying again once the server answers.
func (s scopeModel) needsRetry() bool {
	if s.inFlight || s.err == nil {
		return false
	}
	return !errors.Is(s.err, hub.ErrKeyRejected) && !errors.Is(s.err, hub.ErrNoKey)
}

// isProject reports whether the key is a project's, which cannot search users.
func (s scopeModel) isProject() bool { return s.known && s.scope.Kind == hub.ScopeProject }

// summary is the one-line "key: …" part of the header.
func (s scopeModel) summary(st Styles) string {
	label := st.Label.Render("key: ")
	switch {
	case s.known && s.scope.Kind == hub.ScopeProject:
		return label + st.Accent.Render("project "+shortID(s.scope.ProjectID)) +
			st.Warn.Render(" (project-scoped: user search unavailable)")
	case s.known:
		text := st.Accent.Render(s.displayName()) + st.Muted.Render(" ("+shortID(s.scope.AccountID)+")")
		switch {
		case s.admin:
			text += st.Muted.Render(" · ") + st.Warn.Render("admin")
		case s.err != nil:
			text += st.Muted.Render(" · admin rights unknown")
		}
		return label + text
	case s.err != nil && !s.needsRetry():
		return label + st.Bad.Render("rejected: "+errorText(s.err))
	case hub.KindOf(s.err) == hub.KindBadResponse:
		return label + st.Bad.Render("the server's answer is not understood: "+errorText(s.err))
	case s.err != nil:
		return label + st.Muted.Render("unknown until the server answers")
	}
	return label + st.Muted.Render("checking…")
}

// displayName is the account's name made safe for the screen.
func (s scopeModel) displayName() string {
	if s.name == "" {
		return s.scope.AccountID
	}
	return clean.Line(s.name)
}

// detailLines is the full scope, for the key info overlay.
func (s scopeModel) detailLines(st Styles, maskedKey string, loc *time.Location) []string {
	row := detailRow(st)
	lines := []string{row("API key", maskedKey)}
	switch {
	case s.known && s.scope.Kind == hub.ScopeProject:
		lines = append(lines,
			row("Scope", "project key"),
			row("Project id", s.scope.ProjectID),
			row("Can search", st.Warn.Render("no: user search and names need an account key")))
	case s.known:
		admin := "no"
		if s.admin {
			admin = st.Warn.Render("yes: admin search, password reset and impersonation links, bans")
		} else if s.err != nil {
			admin = "unknown: " + errorText(s.err)
		}
		lines = append(lines,
			row("Scope", "account key"),
			row("Account", s.displayName()),
			row("Account id", s.scope.AccountID),
			row("Admin", admin))
	case s.err != nil:
		lines = append(lines, row("Scope", st.Bad.Render(errorText(s.err))))
	default:
		lines = append(lines, row("Scope", "checking…"))
	}
	if s.known && !s.scope.ServerTime.IsZero() {
		lines = append(lines, row("Server time", absoluteTime(s.scope.ServerTime, loc)))
	}
	return lines
}
