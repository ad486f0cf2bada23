package ui

import (
	"errors"

	"cocalc-tui/hub"
	"cocalc-tui/hub/clean"
)

// How failures read on the screen: the server's or the network's error,
// cleaned, and what to do about it. Each part words its own failures with
// these (the line under the search box, the results pane, the key's scope,
// the details, the admin actions, copy and export).

// errorText is an error's message, safe for the screen, without the hub
// function name (the user did not call a function, they searched).
func errorText(err error) string {
	var hubErr *hub.Error
	if errors.As(err, &hubErr) {
		return clean.Line(hubErr.Message)
	}
	return clean.Line(err.Error())
}

// unreachable reports whether a call failed for want of the server: it
// could not be reached, or did not answer in time. Whatever call finds
// that is news for the status line (see Model.checkIfUnreachable).
func unreachable(err error) bool {
	kind := hub.KindOf(err)
	return kind == hub.KindTransport || kind == hub.KindTimeout
}

// errorWithHint is errorText plus what to do about it.
func errorWithHint(err error) string {
	if hint := hub.Hint(err); hint != "" {
		return errorText(err) + " — " + hint
	}
	return errorText(err)
}

// failureLines explain a failed search in full, where the line under the
// box has room only for its start.
func failureLines(st Styles, err error, width int) []string {
	lines := []string{" " + st.Bad.Render("The search failed.")}
	lines = append(lines, st.wrapLines([]string{" " + errorText(err)}, width)...)
	if hint := hub.Hint(err); hint != "" {
		lines = append(lines, "")
		lines = append(lines, st.wrapLines([]string{" " + st.Muted.Render("What to do: "+hint+".")}, width)...)
	}
	return lines
}
