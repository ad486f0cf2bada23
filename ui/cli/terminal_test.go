package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"cocalc-tui/hub/hubtest"
	"cocalc-tui/ui"
	"cocalc-tui/ui/termtest"
)

// The tests in this file run the built program in real terminals: tmux
// (which counts cells per code point, as most terminals users have over SSH
// do, and answers no DECRQM) and a bare pseudo-terminal that never answers
// anything, or on which the test plays the terminal's part.

// terminalQueries are the questions a program may ask a terminal, which wait
// for an answer: background and foreground colour (OSC 11, OSC 10), primary
// and secondary device attributes, cursor position, DECRQM.
var terminalQueries = []string{"\x1b]11;?", "\x1b]10;?", "\x1b[c", "\x1b[0c", "\x1b[>c", "\x1b[6n", "$p"}

// TestNoCommandAsksTheTerminal runs every command on a pseudo-terminal that
// never answers: none may write a question (which would wait for an answer
// and land in the output). It fails if Bubble Tea's package init ever asks
// again (see package noquery).
func TestNoCommandAsksTheTerminal(t *testing.T) {
	bin := buildBinary(t)
	for _, args := range [][]string{
		{"--version"},
		{"--help"},
		{"help", "search"},
		{"--demo", "ping"},
		{"--demo", "whoami"},
		{"--demo", "search", "alice"},
		{"--demo", "search", "--admin", hubtest.ScriptsDomain},
		{"--demo", "search", "alice", "--json"},
		{"--demo", "names", hubtest.DemoAdminAccountID},
		{"--demo", "search", "--limit", "x"},
		{"ping"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			p := termtest.StartPTY(t, 100, 30, termtest.Environ(t.TempDir(), "xterm-256color"), append([]string{bin}, args...)...)
			_, out := p.Wait()
			for _, query := range terminalQueries {
				if bytes.Contains(out, []byte(query)) {
					t.Errorf("the output holds the query %q: %s", query, termtest.Printable(out))
				}
			}
		})
	}
}

// TestUIDrawsOnASilentTerminal starts the UI on a pseudo-terminal that
// answers nothing: its first frame comes anyway (how fast is in
// scripts/bench), and it asks its questions only after it.
func TestUIDrawsOnASilentTerminal(t *testing.T) {
	bin := buildBinary(t)
	p := termtest.StartPTY(t, 100, 30, termtest.Environ(t.TempDir(), "xterm-256color"), bin, "--demo")
	out := p.WaitForOutput("Search")
	if i := bytes.Index(out, []byte(askGraphemeMode)); i >= 0 && i < bytes.Index(out, []byte("Search")) {
		t.Errorf("the UI asked the terminal before its first frame: %s", termtest.Printable(out))
	}
	out = p.WaitForOutput(askGraphemeMode)
	p.Write([]byte{3}) // ctrl+c
	if code, all := p.Wait(); code != 0 {
		t.Errorf("exit %d after ctrl+c; output %s", code, termtest.Printable(all))
	}
	if bytes.Contains(out, []byte(enableGraphemeMode)) {
		t.Error("grapheme clustering was turned on, but the terminal never said it can")
	}
}

// The questions and answers of the UI's probe, as the test's terminal sees
// them.
const (
	askGraphemeMode    = "\x1b[?2027$p"
	enableGraphemeMode = "\x1b[?2027h"
	disableGraphemeMde = "\x1b[?2027l"
	askBackground      = "\x1b]11;?"
)

// TestUIFollowsTheTerminalsAnswers plays a terminal that counts grapheme
// clusters (mode 2027 supported, off) on a light background: the UI turns
// the mode on, draws ZWJ sequences whole, in the light theme, and turns the
// mode off as it quits.
func TestUIFollowsTheTerminalsAnswers(t *testing.T) {
	bin := buildBinary(t)
	p := termtest.StartPTY(t, 120, 40, termtest.Environ(t.TempDir(), "xterm-256color"), bin, "--demo")
	out := p.WaitForOutput(askGraphemeMode)
	if !bytes.Contains(out, []byte(askBackground)) {
		t.Errorf("the UI did not ask for the background (--theme auto): %s", termtest.Printable(out))
	}
	p.Write([]byte("\x1b[?2027;2$y\x1b]11;rgb:ffff/ffff/f0f0\x1b\\\x1b[?62;22c"))
	p.WaitForOutput(enableGraphemeMode)
	p.Write([]byte(hubtest.ScriptsDomain))
	out = p.WaitForOutput("Family 👨\u200d👩\u200d👧\u200d👦")
	light, dark := accentSGR(lightAccent), accentSGR(darkAccent)
	after := out[bytes.LastIndex(out, []byte(enableGraphemeMode)):]
	if !bytes.Contains(after, []byte(light)) || bytes.Contains(after, []byte(dark)) {
		t.Errorf("after a light background was reported, want the light accent %q, not the dark %q", light, dark)
	}
	if bytes.Contains(out, []byte("rgb:ffff")) {
		t.Errorf("the answer reached the search box: %s", termtest.Printable(out))
	}
	p.Write([]byte{3})
	code, all := p.Wait()
	const leaveAltScreen = "\x1b[?1049l"
	if code != 0 || !bytes.Contains(all[max(0, bytes.LastIndex(all, []byte(leaveAltScreen))):], []byte(disableGraphemeMde)) {
		t.Errorf("exit %d; grapheme clustering not turned off at the end: %s", code, termtest.Printable(tailBytes(all, 300)))
	}
}

// The UI's accent colours (ui/styles.go), for a light and a dark background.
const lightAccent, darkAccent = "#1F5FBF", "#7AA2F7"

// accentSGR is the escape sequence that starts the accent colour of a theme
// with 256 colours.
func accentSGR(accent string) string {
	r := lipgloss.NewRenderer(&bytes.Buffer{})
	r.SetColorProfile(termenv.ANSI256)
	styled := r.NewStyle().Foreground(lipgloss.Color(accent)).Render("x")
	return styled[:strings.Index(styled, "x")]
}

func tailBytes(b []byte, n int) []byte { return b[max(0, len(b)-n):] }

// TestUIInTmuxHasColour checks the colours a person sees in tmux: with
// TERM=xterm-256color the UI writes 256-colour codes, with NO_COLOR none
// (and the focused pane still shows, by its heavy border).
func TestUIInTmuxHasColour(t *testing.T) {
	bin := buildBinary(t)
	for _, tt := range []struct {
		name   string
		env    []string
		colour bool
	}{
		{"xterm-256color", nil, true},
		{"NO_COLOR", []string{"NO_COLOR=1"}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tm := termtest.StartTmux(t, termtest.TmuxOptions{Width: 100, Height: 30,
				Env: termtest.Environ(t.TempDir(), "xterm-256color", tt.env...), Args: []string{bin, "--demo"}})
			tm.WaitForText("┏━ Search")
			tm.Type("alice")
			tm.WaitForText("Alice Smith")
			raw := tm.Raw()
			hasColour := bytes.Contains(raw, []byte("38;5;")) || bytes.Contains(raw, []byte("48;5;"))
			if hasColour != tt.colour {
				t.Errorf("colour codes in the output: %v, want %v: %s", hasColour, tt.colour,
					termtest.Printable(tailBytes(raw, 400)))
			}
			tm.SendKeys("C-c")
			tm.WaitForExit()
		})
	}
}

// TestUIInTmuxKeepsItsFrame searches the data set of names terminals measure
// in different ways, in tmux, and scrolls through it, opens the details and
// the confirmation of an admin action: after each step the first line is
// still the header and every row of every pane begins and ends with its
// border, at 120x40 and 80x24.
func TestUIInTmuxKeepsItsFrame(t *testing.T) {
	bin := buildBinary(t)
	for _, size := range [][2]int{{120, 40}, {80, 24}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			tm := termtest.StartTmux(t, termtest.TmuxOptions{Width: size[0], Height: size[1],
				Env: termtest.Environ(t.TempDir(), "xterm-256color"), Args: []string{bin, "--demo"}})
			tm.WaitForText("admin mode")
			step := func(what string, ready func(string) bool) {
				t.Helper()
				screen := tm.WaitFor(what, func(s string) bool { return ready(s) && frameIsWhole(s, size[1]) == "" })
				if problem := frameIsWhole(screen, size[1]); problem != "" {
					t.Fatalf("after %s: %s\n%s", what, problem, screen)
				}
			}
			tm.Type(hubtest.ScriptsDomain)
			step("the search", func(s string) bool { return strings.Contains(s, "25 shown") })
			tm.SendKeys("Enter")
			for i := 0; i < 30; i++ {
				tm.SendKeys("Down")
			}
			step("scrolling down", func(s string) bool { return strings.Contains(s, "25/25") })
			tm.SendKeys("g")
			step("back to the top", func(s string) bool { return strings.Contains(s, "1/25") })
			for i := 0; i < 19; i++ {
				tm.SendKeys("j")
			}
			step("the Family row", func(s string) bool { return strings.Contains(s, "20/25") })
			tm.SendKeys("Enter")
			step("the details", func(s string) bool { return strings.Contains(s, "┏━ Coder") })
			tm.SendKeys("G")
			step("the details scrolled", func(s string) bool { return strings.Contains(s, "Created") })
			tm.SendKeys("P")
			step("the confirmation", func(s string) bool { return strings.Contains(s, "Create a password reset link for") })
			tm.SendKeys("n")
			step("the confirmation closed", func(s string) bool { return !strings.Contains(s, "Create a password") })
			tm.SendKeys("C-c")
			tm.WaitForExit()
		})
	}
}

// frameIsWhole says what is wrong with a screen of the UI, or "": it has
// height lines, the first is the header, and every line of the search box
// and of the panes begins and ends with a border.
func frameIsWhole(screen string, height int) string {
	lines := termtest.Lines(screen)
	if len(lines) != height {
		return fmt.Sprintf("%d lines, want %d", len(lines), height)
	}
	if !strings.HasPrefix(lines[0], "cocalc-tui") {
		return "the first line is not the header"
	}
	const outcomeLine = 5 // header (2), search box (3), then the line under it
	for i := 2; i < height-1; i++ {
		if i == outcomeLine {
			continue
		}
		first, _ := utf8.DecodeRuneInString(lines[i])
		last, _ := utf8.DecodeLastRuneInString(lines[i])
		if !strings.ContainsRune("╭│╰┏┃┗", first) || !strings.ContainsRune("╮│╯┓┃┛", last) {
			return fmt.Sprintf("line %d does not begin and end with a border: %q", i+1, lines[i])
		}
	}
	return ""
}

// TestUIRefusesDumbTerminal runs the UI with TERM=dumb (an editor's shell
// buffer) in tmux: it exits 2 with one line, without switching screens or
// writing any escape sequence. The exit status is taken on a pseudo-terminal
// of the test's own: tmux 3.3a does not always report it (its
// pane_dead_status stays empty for about half the programs that exit).
func TestUIRefusesDumbTerminal(t *testing.T) {
	bin := buildBinary(t)
	p := termtest.StartPTY(t, 100, 30, termtest.Environ(t.TempDir(), "dumb"), bin, "--demo")
	if code, out := p.Wait(); code != 2 || bytes.ContainsRune(out, 0x1b) {
		t.Errorf("exit %d, want 2; output %s", code, termtest.Printable(out))
	}
	tm := termtest.StartTmux(t, termtest.TmuxOptions{Width: 100, Height: 30,
		Env: termtest.Environ(t.TempDir(), "dumb"), Args: []string{bin, "--demo"}})
	tm.WaitForExit()
	screen := tm.Screen()
	if !strings.Contains(screen, "cocalc-tui: the terminal UI needs a terminal that understands escape sequences") {
		t.Errorf("no explanation on the screen:\n%s", screen)
	}
	if raw := tm.Raw(); bytes.ContainsRune(raw, 0x1b) {
		t.Errorf("escape sequences written: %s", termtest.Printable(raw))
	}
}

// TestTableColumnsLineUpInTmux prints the human table of the data set of
// names terminals measure in different ways and asks tmux where each row's
// email column starts: in the same cell on every row as in the header.
func TestTableColumnsLineUpInTmux(t *testing.T) {
	server := hubtest.NewDemoServer()
	t.Cleanup(server.Close)
	c := newCLI(t, server, hubtest.DemoAdminKey)
	c.terminal, c.width = true, 200
	result := c.run(t, "search", "--admin", hubtest.ScriptsDomain)
	if result.code != 0 {
		t.Fatalf("exit %d: %s", result.code, result.stderr)
	}
	lines := strings.Split(strings.TrimSuffix(result.stdout, "\n"), "\n")
	prefixes := make([]string, len(lines))
	for i, line := range lines {
		column := strings.Index(line, "person")
		if i == 0 {
			column = strings.Index(line, "EMAIL")
		}
		if column < 0 {
			t.Fatalf("line %d has no email: %q", i+1, line)
		}
		prefixes[i] = line[:column]
	}
	cells := termtest.CellsInTmux(t, prefixes)
	for i := range lines {
		if cells[i] != cells[0] {
			t.Errorf("in tmux the email of line %d starts at cell %d, the header's at %d: %q", i+1, cells[i], cells[0], lines[i])
		}
	}
}

// TestThemeChoice: --theme, then the config file's theme, reach the UI; a
// theme that is none of auto, dark and light is a usage error, as is
// --theme on a command.
func TestThemeChoice(t *testing.T) {
	server := startHub(t)
	c := newCLI(t, server, adminKey)
	c.terminal, c.width = true, 100
	var got string
	c.runTUI = func(_ context.Context, cfg ui.Config) error { got = cfg.ThemeChoice; return nil }

	c.run(t).expect(t, 0, "", "")
	if got != "" {
		t.Errorf("theme %q with no choice, want \"\" (auto)", got)
	}
	c.env.writeConfig(t, "theme = \"light\"\n")
	c.run(t).expect(t, 0, "", "")
	if got != "light" {
		t.Errorf("theme %q from the config file, want light", got)
	}
	c.run(t, "--theme", "dark").expect(t, 0, "", "")
	if got != "dark" {
		t.Errorf("theme %q with --theme dark over the file's light", got)
	}
	c.run(t, "--theme", "pink").expect(t, 2, "", "cocalc-tui: --theme must be auto, dark or light, not \"pink\" (see cocalc-tui --help)\n")
	c.run(t, "search", "ada", "--theme", "dark").expect(t, 2, "",
		"cocalc-tui: --theme is a flag of the terminal UI, not of search (see cocalc-tui search --help)\n")
	path := c.env.writeConfig(t, "theme = \"pink\"\n")
	if r := c.run(t, "whoami"); r.code != 2 || !strings.Contains(r.stderr, "theme = \"pink\" in "+path) {
		t.Errorf("a bad theme in the config file: exit %d, %q", r.code, r.stderr)
	}
}

// TestMouseAndHistoryChoices: the mouse is off and the history on unless
// the flags or the config file say otherwise, the flags first; the history
// is kept in the XDG state folder; without any state folder there is none.
func TestMouseAndHistoryChoices(t *testing.T) {
	server := startHub(t)
	c := newCLI(t, server, adminKey)
	c.terminal, c.width = true, 100
	var got ui.Config
	c.runTUI = func(_ context.Context, cfg ui.Config) error { got = cfg; return nil }
	historyPath := func() string {
		if got.History == nil {
			return ""
		}
		return got.History.Path()
	}

	c.run(t).expect(t, 0, "", "")
	if want := filepath.Join(c.env.home, ".local", "state", "cocalc-tui", "history"); got.Mouse || historyPath() != want {
		t.Errorf("by default: mouse %v, history %q; want off, %q", got.Mouse, historyPath(), want)
	}
	c.env.vars["XDG_STATE_HOME"] = filepath.Join(c.env.home, "state")
	c.run(t, "--mouse").expect(t, 0, "", "")
	if want := filepath.Join(c.env.home, "state", "cocalc-tui", "history"); !got.Mouse || historyPath() != want {
		t.Errorf("--mouse with XDG_STATE_HOME: mouse %v, history %q; want on, %q", got.Mouse, historyPath(), want)
	}
	c.run(t, "--no-history").expect(t, 0, "", "")
	if got.History != nil {
		t.Errorf("--no-history: history %q", historyPath())
	}

	c.env.writeConfig(t, "mouse = true\nhistory = false\n")
	c.run(t).expect(t, 0, "", "")
	if !got.Mouse || got.History != nil {
		t.Errorf("from the config file: mouse %v, history %q", got.Mouse, historyPath())
	}
	c.run(t, "--mouse=false", "--no-history=false").expect(t, 0, "", "")
	if got.Mouse || got.History == nil {
		t.Errorf("flags over the config file: mouse %v, history %q", got.Mouse, historyPath())
	}

	// A key given as a query is never kept: the history rejects what the
	// scrubber finds.
	c.env.writeConfig(t, "")
	c.run(t).expect(t, 0, "", "")
	if err := got.History.Add(adminKey); err != nil {
		t.Fatal(err)
	}
	if entries, err := got.History.Load(); err != nil || len(entries) != 0 {
		t.Errorf("the key was kept: %q, %v", entries, err)
	}

	delete(c.env.vars, "XDG_STATE_HOME")
	delete(c.env.vars, "HOME")
	c.run(t).expect(t, 0, "", "")
	if got.History != nil {
		t.Errorf("no HOME, no XDG_STATE_HOME: history %q", historyPath())
	}
	c.run(t, "search", "ada", "--mouse").expect(t, 2, "",
		"cocalc-tui: --mouse is a flag of the terminal UI, not of search (see cocalc-tui search --help)\n")
}

// TestTheHistorysFoldersAreCheckedFromHome: the history's file is reached
// as the debug log's is, every folder from HOME down checked (the folders
// above it are the system's), and a folder others can write turns it off
// with localfile's reason and fix.
func TestTheHistorysFoldersAreCheckedFromHome(t *testing.T) {
	server := startHub(t)
	c := newCLI(t, server, adminKey)
	c.terminal, c.width = true, 100
	var got ui.Config
	c.runTUI = func(_ context.Context, cfg ui.Config) error { got = cfg; return nil }
	c.run(t).expect(t, 0, "", "")
	above := filepath.Dir(c.env.home)
	if err := os.Chmod(above, 0o777); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.Chmod(above, 0o700) })
	if err := got.History.Add("ada"); err != nil {
		t.Fatalf("a folder above HOME others can write: %v", err)
	}
	if entries, err := got.History.Load(); err != nil || !slices.Equal(entries, []string{"ada"}) {
		t.Fatalf("loaded %q, %v", entries, err)
	}
	local := filepath.Join(c.env.home, ".local")
	if err := os.Chmod(local, 0o777); err != nil {
		t.Fatal(err)
	}
	want := "the folder " + local + " (permissions 0777) lets other users " +
		"replace what is in it; run: chmod go-w " + local
	if _, err := got.History.Load(); err == nil || err.Error() != want {
		t.Errorf("a folder others can write below HOME: %v\nwant %s", err, want)
	}
}
