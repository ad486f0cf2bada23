package ui

import (
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/vt"

	"cocalc-tui/hub"
	"cocalc-tui/hub/hubtest"
	"cocalc-tui/ui/sanitize"
	"cocalc-tui/ui/termtest"
)

// TestMain removes the program built for the tests in tmux once they have
// run.
func TestMain(m *testing.M) {
	code := m.Run()
	termtest.Cleanup()
	os.Exit(code)
}

// uiState is a state of the UI a test puts it in, as goldenStates are.
type uiState = struct {
	name  string
	key   string
	setup func(h *harness)
}

// frameStates are the states whose frames are checked in both measures: the
// golden ones, and the data set of names terminals measure in different
// ways searched, scrolled, in the details and in a confirmation, and typed
// into the search box.
func frameStates() []uiState {
	scripts := func(h *harness) {
		h.search(hubtest.ScriptsDomain)
		h.advance(lookupDelay)
		h.press(tea.KeyEnter) // to the results
	}
	familyDetails := func(h *harness) {
		scripts(h)
		for range 19 {
			h.press(tea.KeyDown)
		}
		h.advance(lookupDelay)
		h.press(tea.KeyEnter)
	}
	return append(append([]uiState{}, goldenStates...),
		uiState{"scripts", hubtest.DemoAdminKey, scripts},
		uiState{"scripts-family-details", hubtest.DemoAdminKey, familyDetails},
		uiState{"scripts-family-details-end", hubtest.DemoAdminKey, func(h *harness) {
			familyDetails(h)
			h.pressRune('G') // the viewport at its bottom: the last lines, drawn in the terminal's measure
		}},
		uiState{"scripts-confirm", hubtest.DemoAdminKey, func(h *harness) {
			scripts(h)
			h.press(tea.KeyDown, tea.KeyDown)
			h.pressRune('P')
		}},
		uiState{"scripts-typed", hubtest.DemoAdminKey, func(h *harness) {
			h.typeText("प्रिया शर्मा 👨\u200d👩\u200d👧\u200d👦 " + strings.Repeat("🏳\ufe0f\u200d🌈", 30))
			h.press(tea.KeyLeft, tea.KeyLeft)
		}},
		uiState{"scripts-filtered", hubtest.DemoAdminKey, func(h *harness) {
			scripts(h)
			h.pressRune('f') // the filter, typed in the hint line, and the title that counts
			h.typeText("शर्मा 👨\u200d👩\u200d👧\u200d👦" + strings.Repeat("🏳\ufe0f\u200d🌈", 12))
		}},
		uiState{"key-info-end", hubtest.DemoAdminKey, func(h *harness) {
			h.press(tea.KeyEsc)
			h.pressRune('i')
			h.pressRune('G') // the other keys' table, with its glyphs
		}},
	)
}

// TestFramesFitInAGraphemeTerminal draws every state at the golden sizes in
// a terminal emulator that counts grapheme clusters (x/vt, as a terminal
// with mode 2027 on), the UI counting likewise: nothing wraps (the header
// stays on the first row), and every row of the search box and the panes
// begins and ends with its border, in the first and the last column.
func TestFramesFitInAGraphemeTerminal(t *testing.T) {
	for _, state := range frameStates() {
		for _, size := range goldenSizes {
			t.Run(fmt.Sprintf("%s-%dx%d", state.name, size[0], size[1]), func(t *testing.T) {
				h := newHarness(t, withKey(state.key), withSize(size[0], size[1]))
				h.m.setCells(sanitize.PerGrapheme)
				state.setup(h)
				rows := emulate(h.view(), size[0], size[1])
				if problem := frameProblem(rows, size[0]); problem != "" {
					t.Errorf("%s\n%s", problem, strings.Join(rows, "\n"))
				}
			})
		}
	}
}

// TestFramesFitPerCodePoint draws every state at the golden sizes counting
// per code point, as tmux, xterm, VTE and Alacritty do (x/vt counts only
// grapheme clusters; the measure itself is checked against tmux in
// sanitize and the whole program in tmux in ui/cli): every line is exactly
// the terminal's width, and every row of the search box and the panes
// begins and ends with its border.
func TestFramesFitPerCodePoint(t *testing.T) {
	for _, state := range frameStates() {
		for _, size := range goldenSizes {
			t.Run(fmt.Sprintf("%s-%dx%d", state.name, size[0], size[1]), func(t *testing.T) {
				h := newHarness(t, withKey(state.key), withSize(size[0], size[1]))
				state.setup(h)
				h.requireFits()
				lines := strings.Split(h.view(), "\n")
				for i, line := range lines {
					if w := sanitize.PerCodePoint.Width(line); w > size[0] || (isPaneRow(i, size[1]) && w != size[0]) {
						t.Errorf("line %d is %d cells per code point, the terminal %d: %q", i+1, w, size[0], line)
					}
				}
				plain := make([]string, len(lines))
				for i, line := range lines {
					plain[i] = stripStyles(line)
				}
				if problem := frameProblem(plain, size[0]); problem != "" {
					t.Errorf("%s\n%s", problem, h.view())
				}
			})
		}
	}
}

// emulate writes a frame into a terminal emulator of the given size and
// returns its rows, one string per row, a cluster per cell.
func emulate(frame string, width, height int) []string {
	emu := vt.NewEmulator(width, height)
	_, _ = emu.WriteString("\x1b[?2027h" + strings.ReplaceAll(frame, "\n", "\r\n"))
	rows := make([]string, height)
	for y := range rows {
		var row strings.Builder
		for x := 0; x < width; x++ {
			if cell := emu.CellAt(x, y); cell != nil && cell.Width > 0 {
				row.WriteString(cell.Content)
			} else if cell == nil || cell.Content == "" && cell.Width != 0 {
				row.WriteString(" ")
			}
		}
		rows[y] = row.String()
	}
	return rows
}

// isPaneRow reports whether line i of a frame of the given height is a row
// of the search box or of the panes (not the header, the line under the
// search box, or the hint bar).
func isPaneRow(i, height int) bool {
	return i >= headerHeight && i < height-hintHeight && i != headerHeight+searchHeight
}

// frameProblem says what is wrong with a drawn frame, or "".
func frameProblem(rows []string, width int) string {
	if !strings.HasPrefix(rows[0], "cocalc-tui") {
		return "the first row is not the header: something wrapped"
	}
	for i, row := range rows {
		if !isPaneRow(i, len(rows)) {
			continue
		}
		runes := []rune(row) // the last is the last column's
		if len(runes) == 0 || !strings.ContainsRune("╭│╰┏┃┗", runes[0]) ||
			!strings.ContainsRune("╮│╯┓┃┛", runes[len(runes)-1]) {
			return fmt.Sprintf("row %d does not begin and end with a border: %q", i+1, row)
		}
	}
	return ""
}

// stripStyles removes SGR sequences (the harness renders without colour,
// so there are none; this keeps the check honest if that changes).
func stripStyles(line string) string {
	var b strings.Builder
	for i := 0; i < len(line); i++ {
		if line[i] == 0x1b {
			for i < len(line) && (line[i] < 0x40 || line[i] > 0x7e || line[i] == '[') {
				i++
			}
			continue
		}
		b.WriteByte(line[i])
	}
	return b.String()
}

// TestFirstFrameOfAnIndicAdmin is the frame that broke first: an admin
// named प्रिया शर्मा (2 cells per grapheme cluster, 10 per code point), whose
// name is on the header's key line. It fits in either measure, with the
// name whole.
func TestFirstFrameOfAnIndicAdmin(t *testing.T) {
	const key = "sk-testPriyaSharma000001"
	data := hubtest.DemoData(testNow)
	for i, a := range data.Accounts {
		if a.FirstName != nil && *a.FirstName == "प्रिया" {
			data.Accounts[i].Groups = []string{"admin"}
			data.Keys[key] = hubtest.Key{AccountID: a.AccountID}
		}
	}
	for _, cells := range []sanitize.Measure{sanitize.PerCodePoint, sanitize.PerGrapheme} {
		for _, size := range goldenSizes {
			srv := hubtest.NewServer(data, hubtest.WithClock(func() time.Time { return testNow }))
			t.Cleanup(srv.Close)
			h := newHarness(t, withServer(srv), withKey(key), withSize(size[0], size[1]))
			h.m.setCells(cells)
			h.requireView("key: प्रिया शर्मा (5c215000…) · admin")
			h.requireFits()
			rows := strings.Split(h.view(), "\n")
			if cells == sanitize.PerGrapheme {
				rows = emulate(h.view(), size[0], size[1])
			}
			if problem := frameProblem(rows, size[0]); problem != "" {
				t.Errorf("%s, %dx%d: %s\n%s", cells, size[0], size[1], problem, h.view())
			}
		}
	}
}

// TestDetailsScrollInTmux runs the program in tmux, which counts cells per
// code point, on the data set of names terminals measure in different ways:
// the details of every one of its accounts, scrolled to the end and a page
// up, then the window made smaller and larger. The details scroll with
// bubbles' viewport, whose own drawing would pad lines in lipgloss's
// measure; after every step the first line is the header, every row of the
// search box and the panes begins and ends with its border, and the border
// says which lines are in view.
func TestDetailsScrollInTmux(t *testing.T) {
	width, height := 80, 24
	tm := startDemoInTmux(t, termtest.TmuxOptions{Width: width, Height: height})
	tm.WaitForText("admin mode")
	step := func(what string, ready func(string) bool) string {
		t.Helper()
		whole := func(screen string) bool { return frameProblem(termtest.Lines(screen), width) == "" }
		screen := tm.WaitFor(what, func(s string) bool { return len(termtest.Lines(s)) == height && ready(s) && whole(s) })
		return screen
	}
	tm.Type(hubtest.ScriptsDomain)
	step("the search", func(s string) bool { return strings.Contains(s, "25 shown") })
	tm.SendKeys("Enter")
	step("the results", func(s string) bool { return strings.Contains(s, "┏━ Results") })
	atEnd := regexp.MustCompile(`━ (\d+)-(\d+)/(\d+) ━┓`)
	for row := 1; row <= 25; row++ {
		tm.SendKeys("Enter")
		step(fmt.Sprintf("the details of row %d", row), func(s string) bool { return strings.Contains(s, "╭─ Results") })
		tm.SendKeys("G")
		endFirst := 0
		step(fmt.Sprintf("row %d's details at the end", row), func(s string) bool {
			m := atEnd.FindStringSubmatch(s)
			if m != nil && m[2] == m[3] {
				endFirst, _ = strconv.Atoi(m[1])
				return true
			}
			return false
		})
		tm.SendKeys("PageUp")
		step(fmt.Sprintf("row %d's details a page up", row), func(s string) bool {
			m := atEnd.FindStringSubmatch(s)
			if m == nil {
				return false
			}
			first, _ := strconv.Atoi(m[1])
			return first < endFirst
		})
		tm.SendKeys("Escape", "j")
		if row < 25 {
			step(fmt.Sprintf("row %d", row+1), func(s string) bool { return strings.Contains(s, fmt.Sprintf(" %d/25 ", row+1)) })
		}
	}
	tm.SendKeys("Enter", "G")
	step("the last details at the end", func(s string) bool { return atEnd.MatchString(s) })
	for _, size := range [][2]int{{60, 20}, {50, 14}, {120, 40}} {
		width, height = size[0], size[1]
		tm.Resize(width, height)
		step(fmt.Sprintf("the window at %dx%d", width, height), func(s string) bool {
			return strings.HasPrefix(termtest.Lines(s)[height-1], " ")
		})
	}
	tm.SendKeys("C-c")
	tm.WaitForExit()
}

// TestPastedKeysDoNotActInTmux is the attack of a paste that ends bracketed
// paste itself, in tmux 3.3a, which passes the ESC [ 201 ~ inside the
// pasted text on: "bob\x1b[201~\tIy" pasted over the results once made an
// impersonation link with no key pressed. First the same link is made the
// way a person makes it (I, then y once the question has settled), so that
// the fake hub's log is known to show such a request; then the attack: the
// box holds the text, the tab is named as ignored, and the hub received no
// request for a link.
func TestPastedKeysDoNotActInTmux(t *testing.T) {
	bin := termtest.Binary(t)
	srv := hubtest.NewDemoServer()
	t.Cleanup(srv.Close)
	tm := termtest.StartTmux(t, termtest.TmuxOptions{Width: 120, Height: 40, Args: []string{bin},
		Env: termtest.Environ(t.TempDir(), "xterm-256color",
			"COCALC_HOST="+srv.URL, "COCALC_API_KEY="+hubtest.DemoAdminKey)})
	tm.WaitForText("admin mode")
	tm.Type("alice")
	tm.WaitForText("for “alice”")
	tm.SendKeys("Tab")
	tm.WaitForText("┏━ Results")
	linkCalls := func() int {
		n := 0
		for _, r := range srv.Requests() {
			if r.Function == hub.FuncImpersonateToken || r.Function == hub.FuncResetPasswordLink {
				n++
			}
		}
		return n
	}

	tm.SendKeys("I")
	tm.WaitForText("Create a link that signs in as")
	pressUntil(t, tm, "y", "the link", func(s string) bool { return strings.Contains(s, "auth_token=") })
	if n := linkCalls(); n != 1 {
		t.Fatalf("%d link requests after I and y, want 1", n)
	}
	tm.SendKeys("Escape")
	tm.WaitFor("the results again", func(s string) bool {
		return strings.Contains(s, "┏━ Results") && !strings.Contains(s, "auth_token=")
	})

	tm.PasteBytes([]byte("bob\x1b[201~\tIy"))
	screen := tm.WaitFor("the paste and what came with it handled", func(s string) bool {
		return strings.Contains(s, "› bob") &&
			(strings.Contains(s, "ignored tab after the paste") || strings.Contains(s, "Impersonation link"))
	})
	if n := linkCalls(); n != 1 || !strings.Contains(screen, "› bobIy") || strings.Contains(screen, "Impersonation link") {
		t.Fatalf("the paste acted (%d more link requests):\n%s", n-1, screen)
	}
	tm.SendKeys("C-c")
	tm.WaitForExit()
}

// startDemoInTmux runs the program on its demo server in tmux, in a
// terminal of the given options, with a home of its own and TERM
// xterm-256color.
func startDemoInTmux(t *testing.T, opts termtest.TmuxOptions) *termtest.Tmux {
	t.Helper()
	opts.Args = []string{termtest.Binary(t), "--demo"}
	opts.Env = termtest.Environ(t.TempDir(), "xterm-256color")
	return termtest.StartTmux(t, opts)
}

// pressUntil presses a key in tmux until the screen shows what it should,
// as a person presses a key again that did nothing the first time: for a
// key that may come too soon (y before a question settles), pressed again
// only after its effect had time to show.
func pressUntil(t *testing.T, tm *termtest.Tmux, key, what string, done func(string) bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		tm.SendKeys(key)
		for poll := time.Now().Add(300 * time.Millisecond); time.Now().Before(poll); time.Sleep(20 * time.Millisecond) {
			if done(tm.Screen()) {
				return
			}
		}
	}
	t.Fatalf("%s never showed after %s; the screen:\n%s", what, key, tm.Screen())
}

// TestSearchBoxAfterTheWindowWasTooSmallInTmux is the new user's report,
// in tmux: alice searched, the window made too small and large again, then
// " smith" typed: the box shows "alice smith", not "e smith".
func TestSearchBoxAfterTheWindowWasTooSmallInTmux(t *testing.T) {
	tm := startDemoInTmux(t, termtest.TmuxOptions{Width: 120, Height: 40})
	tm.WaitForText("admin mode")
	tm.Type("alice")
	tm.SendKeys("Enter")
	tm.WaitForText("┏━ Results")
	tm.Resize(minWidth-1, minHeight)
	tm.WaitForText("Terminal too small")
	tm.Resize(120, 40)
	tm.WaitForText("┏━ Results")
	tm.SendKeys("/")
	tm.Type(" smith")
	tm.WaitFor("the box to hold “alice smith”", func(s string) bool { return strings.Contains(s, "› alice smith ") })
	tm.SendKeys("C-c")
	tm.WaitForExit()
}

// TestCopyInTmuxNamesTheSettingOnlyWhileItIsOff copies in tmux (the UI
// knowing it runs there, as TMUX tells), asking tmux about its settings:
// with tmux's defaults the copy is said to be stopped, naming the setting;
// with allow-passthrough on, or set-clipboard on, it is not named.
func TestCopyInTmuxNamesTheSettingOnlyWhileItIsOff(t *testing.T) {
	tm := startDemoInTmux(t, termtest.TmuxOptions{Width: 120, Height: 40, InTmux: true})
	tm.WaitForText("admin mode")
	tm.Type("ada lovelace")
	tm.WaitForText("for “ada lovelace”")
	tm.SendKeys("Tab", "y")
	tm.WaitForText("✕ not copied: tmux blocks it — set -g set-clipboard on")

	tm.Command("set-option", "-g", "allow-passthrough", "on")
	tm.SendKeys("Y")
	screen := tm.WaitForText("✓ account JSON sent to the terminal's clipboard")
	if strings.Contains(screen, "set-clipboard") {
		t.Fatalf("the setting is named while allow-passthrough lets the copy through:\n%s", screen)
	}

	tm.Command("set-option", "-g", "allow-passthrough", "off")
	tm.Command("set-option", "-g", "set-clipboard", "on")
	tm.SendKeys("c")
	screen = tm.WaitForText("✓ email address sent to the terminal's clipboard")
	if strings.Contains(screen, "set-clipboard") {
		t.Fatalf("the setting is named while it is on:\n%s", screen)
	}
	tm.SendKeys("C-c")
	tm.WaitForExit()
}

// TestThemeNoteMakesWayForTheKeysInTmux starts the UI in tmux, which does
// not tell its background: the note that says so shows in the hint bar,
// and goes at the first key typed, giving the bar back to the keys.
func TestThemeNoteMakesWayForTheKeysInTmux(t *testing.T) {
	tm := startDemoInTmux(t, termtest.TmuxOptions{Width: 120, Height: 40})
	tm.WaitForText("background unknown")
	tm.Type("a")
	// The frame that shows the letter typed is the one without the note.
	screen := tm.WaitFor("the letter typed", func(s string) bool { return strings.Contains(s, "› a ") })
	if lines := termtest.Lines(screen); strings.Contains(screen, "background unknown") ||
		!strings.Contains(lines[len(lines)-1], "enter search") {
		t.Fatalf("the note outlived the first key:\n%s", screen)
	}
	tm.SendKeys("C-c")
	tm.WaitForExit()
}

// TestKeyWindowInTmux runs the demo in tmux: the scope line warns of the
// key's expiry with its glyph, and the key's window, opened, scrolled to
// its end and resized, keeps every frame whole.
func TestKeyWindowInTmux(t *testing.T) {
	width, height := 80, 24
	tm := startDemoInTmux(t, termtest.TmuxOptions{Width: width, Height: height})
	step := func(what string, ready func(string) bool) {
		t.Helper()
		whole := func(screen string) bool { return frameProblem(termtest.Lines(screen), width) == "" }
		tm.WaitFor(what, func(s string) bool { return len(termtest.Lines(s)) == height && ready(s) && whole(s) })
	}
	step("the scope line", func(s string) bool {
		return termtest.Lines(s)[1] == "key: grading script · Ada Lovelace (a5e0905b…) · admin · ⚠ expires in 5 days"
	})
	tm.SendKeys("Escape", "i")
	step("the key's window", func(s string) bool {
		return strings.Contains(s, "┏━ API key") && strings.Contains(s, "✕ expired   15d ago")
	})
	width, height = 60, 20
	tm.Resize(width, height)
	step("the window at 60x20", func(s string) bool { return strings.Contains(s, " 1-11/") })
	tm.SendKeys("G")
	step("its end", func(s string) bool {
		return strings.Contains(s, "(projects edited in the last 6 weeks)") && !strings.Contains(s, " 1-11/")
	})
	tm.SendKeys("Escape")
	step("closed", func(s string) bool { return !strings.Contains(s, "API key") })
	tm.SendKeys("C-c")
	tm.WaitForExit()
}

// TestOpenOverSSHInTmuxShowsTheLink is the new user's report: over SSH
// (no browser here) inside tmux with its default set-clipboard external,
// o in the key's window neither opens nor copies the link; the link is
// then shown whole in a window, to be selected with the mouse, and the
// hint bar says what stops the copy and how to let it through.
func TestOpenOverSSHInTmuxShowsTheLink(t *testing.T) {
	width, height := 80, 24
	tm := termtest.StartTmux(t, termtest.TmuxOptions{Width: width, Height: height, InTmux: true,
		Args: []string{termtest.Binary(t), "--demo"},
		Env:  termtest.Environ(t.TempDir(), "xterm-256color", "SSH_CONNECTION=127.0.0.1 50022 127.0.0.1 22")})
	tm.WaitForText("admin mode")
	tm.SendKeys("Escape", "i")
	tm.WaitForText("┏━ API key")
	pressUntil(t, tm, "j", "a project picked", func(s string) bool { return strings.Contains(s, "▶ ") })
	tm.SendKeys("o")
	link := regexp.MustCompile(`http://127\.0\.0\.1:[0-9]+/projects/([0-9a-f]{8})-[0-9a-f-]{27}`)
	screen := tm.WaitFor("the link's window", func(s string) bool {
		return strings.Contains(s, "┏━ Project link") && link.MatchString(s)
	})
	lines := termtest.Lines(screen)
	if hint := lines[len(lines)-1]; !strings.Contains(hint, "✕ not copied: tmux blocks it — set -g set-clipboard on") {
		t.Fatalf("the hint bar does not say what stops the copy and its fix:\n%s", screen)
	}
	shortID := link.FindStringSubmatch(screen)[1]
	if !strings.Contains(screen, "("+shortID+"…):") || !strings.Contains(screen, "No browser here") {
		t.Fatalf("the window does not say which project, or why it shows the link:\n%s", screen)
	}
	if problem := frameProblem(lines, width); problem != "" {
		t.Fatalf("%s:\n%s", problem, screen)
	}
	tm.SendKeys("Escape")
	tm.WaitFor("the key's window again", func(s string) bool {
		return strings.Contains(s, "┏━ API key") && !strings.Contains(s, "Project link")
	})
	tm.SendKeys("C-c")
	tm.WaitForExit()
}
