package ui

import (
	"context"
	"io"
	"os/exec"
	"strings"
	"time"

	"github.com/aymanbagabas/go-osc52/v2"
	tea "github.com/charmbracelet/bubbletea"
)

// copiedMsg reports a copy: what was copied, and where it went.
type copiedMsg struct {
	what string // "account id 3f2a1c9e…", "account JSON", …
	// local reports that this machine's clipboard took the text; localErr
	// why it did not, when there is one.
	local    bool
	localErr error
	err      error // the OSC 52 sequence could not be written
	// tmuxPasses tells whether tmux lets the sequence through to the
	// terminal, when that is known (tmuxKnown; see Config.TmuxClipboard).
	tmuxPasses, tmuxKnown bool
	// window, if any, is the link copied, shown when no clipboard is known
	// to hold it (see showUndelivered).
	window *linkWindow
}

// tmuxAskTime bounds the questions to tmux about its clipboard settings.
const tmuxAskTime = time.Second

// tmuxClipboard asks tmux, with its own command (found by lookPath), whether
// it lets an application's OSC 52 sequence through to the terminal:
// set-clipboard on (the default, external, keeps it for tmux's own copies),
// or allow-passthrough on or all for the pane, which lets the copy wrapped
// for passthrough through. It is not known when tmux does not answer, or is
// older than 3.3, which has no allow-passthrough and passes the wrapped
// copy on. nil when there is no tmux command.
func tmuxClipboard(lookPath func(string) (string, error)) func(context.Context) (bool, bool) {
	tmux, err := lookPath("tmux")
	if err != nil {
		return nil
	}
	option := func(ctx context.Context, args ...string) string {
		out, err := exec.CommandContext(ctx, tmux, append([]string{"show-options"}, args...)...).Output()
		if err != nil {
			return ""
		}
		return strings.TrimSpace(string(out))
	}
	return func(ctx context.Context) (passes, known bool) {
		clipboard := option(ctx, "-sqv", "set-clipboard")
		passthrough := option(ctx, "-pAqv", "allow-passthrough") // the pane's, or what it inherits
		switch {
		case clipboard == "on" || passthrough == "on" || passthrough == "all":
			return true, true
		case clipboard != "" && passthrough != "":
			return false, true
		}
		return false, false
	}
}

// tmuxClipboardMsg is tmux's answer, at the start, on whether it lets
// copies through (see tmuxClipboard).
type tmuxClipboardMsg struct{ passes, known bool }

// askTmuxMsg is the moment to ask tmux about copies: after the first
// frame, as the terminal's questions are (startProbe), since running tmux
// while the program starts held the first frame back by about 15 ms.
type askTmuxMsg struct{}

// armTmuxQuestion arms the question to tmux once, at the first size.
func (m *Model) armTmuxQuestion() tea.Cmd {
	if m.tmuxAsked || m.cfg.Multiplexer != "tmux" || m.cfg.TmuxClipboard == nil {
		return nil
	}
	m.tmuxAsked = true
	return m.cfg.After(probeDelay, askTmuxMsg{})
}

// askTmuxClipboard asks tmux, in the background, whether it lets copies
// through, so that the help can say so before the first copy; nil outside
// tmux or when tmux cannot be asked.
func askTmuxClipboard(cfg Config) tea.Cmd {
	ask, lifetime := cfg.TmuxClipboard, cfg.lifetime
	if cfg.Multiplexer != "tmux" || ask == nil {
		return nil
	}
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(lifetime, tmuxAskTime)
		defer cancel()
		passes, known := ask(ctx)
		return tmuxClipboardMsg{passes: passes, known: known}
	}
}

// onTmuxClipboard records what tmux said, for the help's notes.
func (m *Model) onTmuxClipboard(msg tmuxClipboardMsg) {
	if msg.known {
		m.tmuxBlocksCopies = !msg.passes
	}
}

// copyCmd puts text on the user's clipboard. It always sends it to the
// terminal's clipboard with OSC 52, which the terminal (not this machine)
// carries out, so it works over SSH; inside tmux the sequence is also sent
// wrapped for tmux's passthrough, since tmux drops bare OSC 52 unless its
// set-clipboard option allows it. Where the user sits at this machine (not
// over SSH) and it has a clipboard tool, the text goes there as well: then,
// and only then, the copy is known to have worked.
func copyCmd(cfg Config, text, what string) tea.Cmd {
	out, multiplexer, local, askTmux, lifetime := cfg.Clipboard, cfg.Multiplexer, cfg.LocalClipboard, cfg.TmuxClipboard, cfg.lifetime
	return func() tea.Msg {
		sequence := osc52.New(text).String()
		switch multiplexer {
		case "tmux":
			sequence += osc52.New(text).Tmux().String()
		case "screen":
			sequence = osc52.New(text).Screen().String()
		}
		msg := copiedMsg{what: what}
		_, msg.err = io.WriteString(out, sequence)
		if local != nil {
			msg.localErr = local(text)
			msg.local = msg.localErr == nil
		}
		if askTmux != nil && !msg.local && msg.err == nil {
			ctx, cancel := context.WithTimeout(lifetime, tmuxAskTime)
			defer cancel()
			msg.tmuxPasses, msg.tmuxKnown = askTmux(ctx)
		}
		return msg
	}
}

// copySelected copies the selected account's id or raw JSON.
func (m *Model) copySelected(asJSON bool) tea.Cmd {
	account, ok := m.results.selected()
	if !ok {
		return nil
	}
	if asJSON {
		return m.copyValue(copyJSON, string(account.Raw), "account JSON")
	}
	return m.copyValue(copyAccountID, account.AccountID, "account id "+shortID(account.AccountID))
}

// copyEmail copies the selected account's email address, if it has one.
func (m *Model) copyEmail() tea.Cmd {
	account, ok := m.results.selected()
	row, _ := m.results.selectedRow()
	switch {
	case !ok:
		return nil
	case row.deleted:
		return m.flash.show(m.cfg, "no email: the server knows no account with this id", true)
	case row.partial:
		return m.flash.show(m.cfg, "no email yet: the record is not loaded (details say why)", true)
	case row.noEmail:
		return m.flash.show(m.cfg, "no email address to copy: this account has none", true)
	case account.EmailAddress == nil || *account.EmailAddress == "":
		return m.flash.show(m.cfg, "email hidden: only admins, or an exact search, see it", true)
	}
	return m.copyValue(copyEmail, *account.EmailAddress, "email address")
}

// The settings that let a copy through tmux: set-clipboard on passes the
// bare sequence, allow-passthrough on the wrapped one.
const (
	tmuxClipboardFix = "set -g set-clipboard on"
	// tmuxClipboardNote is the help's note while tmux stops copies.
	tmuxClipboardNote = "Copies: tmux stops the terminal's clipboard sequence (OSC 52), so nothing " +
		"reaches the clipboard; to let copies through, add to ~/.tmux.conf: " + tmuxClipboardFix
)

// onCopied says what was done, in the hint bar, leading with what matters
// and short enough for a 60-column one: a terminal never says whether it
// carried out an OSC 52 sequence (tmux drops it by default), so only a copy
// the local clipboard took is called done. Inside tmux, the setting that
// lets the sequence through is named when tmux said it is off (each time:
// no copy gets through), or, when that is not known, the first time. A
// link no clipboard is known to hold is shown as well (showUndelivered).
func (m *Model) onCopied(msg copiedMsg) tea.Cmd {
	if msg.localErr != nil {
		m.cfg.Logger.Warn("local clipboard", "error", msg.localErr)
	}
	m.onTmuxClipboard(tmuxClipboardMsg{passes: msg.tmuxPasses, known: msg.tmuxKnown})
	inTmux := m.cfg.Multiplexer == "tmux"
	text, isError := msg.what+" sent to the terminal's clipboard", false
	switch {
	case msg.local:
		text = "copied " + msg.what + " to the clipboard"
	case msg.err != nil:
		text, isError = "could not copy: "+errorText(msg.err), true
	case !inTmux || msg.tmuxPasses:
	case msg.tmuxKnown:
		text, isError = "not copied: tmux blocks it — "+tmuxClipboardFix, true
	case !m.toldClipboardSetting:
		m.toldClipboardSetting = true
		text = "sent; if tmux drops it: " + tmuxClipboardFix
	}
	if msg.window != nil && !msg.local {
		m.showUndelivered(*msg.window, msg)
	}
	return m.flash.show(m.cfg, text, isError)
}

// showUndelivered shows a link that no browser opened and no clipboard is
// known to hold, saying where it went, so that the user can still take it:
// select it with the mouse, or press c once tmux lets copies through.
func (m *Model) showUndelivered(w linkWindow, msg copiedMsg) {
	switch {
	case msg.err != nil:
		w.notes = append(w.notes, "Could not copy it: "+errorText(msg.err)+".")
	case m.cfg.Multiplexer == "tmux" && msg.tmuxKnown && !msg.tmuxPasses:
		w.notes = append(w.notes, "Not copied: tmux stops the terminal's clipboard sequence (OSC 52). "+
			"To let copies through, add to ~/.tmux.conf:", tmuxClipboardFix)
	case m.cfg.Multiplexer == "tmux" && !msg.tmuxKnown:
		w.notes = append(w.notes, "Sent to the terminal's clipboard (OSC 52), which not every terminal takes; "+
			"if tmux drops it: "+tmuxClipboardFix)
	default:
		w.notes = append(w.notes, "Sent to the terminal's clipboard (OSC 52), which not every terminal takes.")
	}
	w.notes = append(w.notes, "Select the link with the mouse (hold shift if a click does not select).")
	m.showLink(w)
}
