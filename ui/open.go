package ui

import (
	"os"
	"runtime"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/cli/browser"

	"cocalc-tui/hub"
)

// openedMsg reports a link handed to the local browser.
type openedMsg struct {
	project hub.Project
	url     string
	err     error
}

// projectLink is a project's page on the server: {host}{basePath}/projects/{id}.
func (m Model) projectLink(projectID string) string {
	return m.cfg.Client.BaseURL() + "/projects/" + projectID
}

// projectToOpen is the project o opens where the user is: the one under
// the cursor in the details or the key info window, the project whose
// collaborators the results are, the project of a project key.
func (m Model) projectToOpen() (hub.Project, bool) {
	switch {
	case m.helpOpen:
		return hub.Project{}, false
	case m.overlay == overlayKeyInfo && m.scope.isProject():
		return hub.Project{ProjectID: m.scope.scope.ProjectID}, true
	case m.overlay == overlayKeyInfo:
		return m.keyProjects.list.selected()
	case m.overlay != overlayNone:
		return hub.Project{}, false
	case m.focus == focusDetails:
		return m.projects.list.selected()
	case m.focus == focusResults && m.search.outcome.projectID != "" && m.results.count() > 0:
		return hub.Project{ProjectID: m.search.outcome.projectID}, true
	}
	return hub.Project{}, false
}

// openProject opens the project in a browser on this machine, or, where
// there is none (over SSH, no display), copies its link and, unless this
// machine's clipboard took it, shows it (copyOrShowLink).
func (m *Model) openProject() tea.Cmd {
	project, ok := m.projectToOpen()
	switch {
	case !ok:
		return nil
	case !hub.IsUUID(project.ProjectID):
		return m.flash.show(m.cfg, "not opened: the server's project id is not a UUID", true)
	}
	url := m.projectLink(project.ProjectID)
	if reason := refuseCopy(copyLink, url, m.cfg.Client.Scrubber()); reason != "" {
		return m.flash.show(m.cfg, "not opened: "+reason, true)
	}
	if m.cfg.OpenURL == nil {
		return m.copyOrShowLink(project, url, "No browser here: over SSH, or without a display.")
	}
	open := m.cfg.OpenURL
	return func() tea.Msg { return openedMsg{project: project, url: url, err: open(url)} }
}

// projectLinkName names a project's link in messages ("project link bb9b517d…").
func projectLinkName(projectID string) string { return "project link " + shortID(projectID) }

// onOpened says the browser has the link, or copies it when no browser
// could be started.
func (m *Model) onOpened(msg openedMsg) tea.Cmd {
	if msg.err != nil {
		m.cfg.Logger.Warn("browser", "error", msg.err)
		return m.copyOrShowLink(msg.project, msg.url, "The browser did not start.")
	}
	return m.flash.show(m.cfg, "opened "+projectLinkName(msg.project.ProjectID)+" in the browser", false)
}

// copyOrShowLink copies a project's link (url, checked by refuseCopy) that
// no browser opened, and shows it in the link window unless this machine's
// clipboard took it; why says why no browser has it.
func (m *Model) copyOrShowLink(project hub.Project, url, why string) tea.Cmd {
	subject := "project " + shortID(project.ProjectID)
	if project.Title != "" {
		subject = project.Title + " (" + shortID(project.ProjectID) + ")"
	}
	window := &linkWindow{title: "Project link", subject: subject, url: url, notes: []string{why}}
	copyLink := copyCmd(m.cfg, url, projectLinkName(project.ProjectID))
	return func() tea.Msg {
		msg, _ := copyLink().(copiedMsg)
		msg.window = window
		return msg
	}
}

// localBrowser opens links in this machine's browser (cli/browser: open,
// xdg-open, x-www-browser, wslview), for a user who sits at it: none over
// SSH, where the browser would open on the server, and none without a
// display where X11 or Wayland would show it (a text browser would take
// the terminal). The browser's output goes nowhere: it would land on the
// UI's screen.
func localBrowser(getenv func(string) string) func(string) error {
	if getenv("SSH_CONNECTION") != "" || getenv("SSH_CLIENT") != "" || getenv("SSH_TTY") != "" {
		return nil
	}
	switch runtime.GOOS {
	case "darwin", "windows":
	default:
		if getenv("DISPLAY") == "" && getenv("WAYLAND_DISPLAY") == "" {
			return nil
		}
	}
	devNull, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		return nil
	}
	browser.Stdout, browser.Stderr = devNull, devNull
	return browser.OpenURL
}
