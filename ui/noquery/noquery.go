// Package noquery keeps Bubble Tea v1 from asking the terminal anything as
// the program starts. Import it (for its side effect) in package main.
//
// Bubble Tea v1.3's package init calls lipgloss.HasDarkBackground, which asks
// the terminal on stdout for its background colour (OSC 11, then a cursor
// position report) and waits up to 5 s for the answer. Every process that
// links Bubble Tea did that, each command included: on a terminal that never
// answers (a bare pseudo-terminal, some CI runners, a serial console)
// `cocalc-tui --version` took 5 s, and the query bytes landed in the output.
//
// This package's init tells lipgloss's default renderer the answer instead
// (SetHasDarkBackground makes it explicit, and HasDarkBackground then never
// asks). It runs first because of how Go orders package initialization (the
// spec, "Package initialization", Go 1.21 and later): packages are sorted by
// import path, and at each step the first one whose imports are all
// initialized is initialized. This package imports only lipgloss, which
// Bubble Tea imports too, so whenever Bubble Tea could be initialized this
// package could as well, and "cocalc-tui/…" sorts before
// "github.com/charmbracelet/bubbletea". The UI itself never relies on this
// value: it chooses its theme (--theme, COLORFGBG, or the terminal's answer
// after the first frame) and sets it on its own renderer.
//
// The test that no command writes a query byte (ui/cli, on a pseudo-terminal
// that never answers) fails if this ever stops working.
package noquery

import "github.com/charmbracelet/lipgloss"

func init() {
	lipgloss.SetHasDarkBackground(true)
}
