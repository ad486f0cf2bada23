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
	bin := termtest.Binary(t)
	width, height := 80, 24
	tm := termtest.StartTmux(t, termtest.TmuxOptions{Width: width, Height: height,
		Env: termtest.Environ(t.TempDir(), "xterm-256color"), Args: []string{bin, "--demo"}})
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

// TestKeyWindowInTmux runs the demo in tmux: the scope line warns of the
// key's expiry with its glyph, and the key's window, opened, scrolled to
// its end and resized, keeps every frame whole.
func TestKeyWindowInTmux(t *testing.T) {
	bin := termtest.Binary(t)
	width, height := 80, 24
	tm := termtest.StartTmux(t, termtest.TmuxOptions{Width: width, Height: height,
		Env: termtest.Environ(t.TempDir(), "xterm-256color"), Args: []string{bin, "--demo"}})
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
