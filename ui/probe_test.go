package ui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"cocalc-tui/hub/hubtest"
	"cocalc-tui/ui/sanitize"
)

// probingHarness is the UI with a terminal to ask (a buffer), which asks
// for the background too (--theme auto).
func probingHarness(t *testing.T) (*harness, *syncBuffer) {
	terminal := &syncBuffer{}
	h := newHarness(t, withConfig(func(c *Config) { c.Terminal, c.AskBackground = terminal, true }))
	h.advance(probeDelay)
	if got := terminal.String(); got != askGraphemeMode+askBackground+askPrimaryAttributes {
		t.Fatalf("the UI asked %q", got)
	}
	return h, terminal
}

func altKey(r rune) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}, Alt: true} }

func runesKey(s string) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)} }

// TestProbeReadsTheBackground feeds the keys Bubble Tea v1 makes of an OSC
// 11 answer (ESC ] is alt+], the text, ESC \ is alt+\): the theme becomes
// light, and nothing reaches the search box.
func TestProbeReadsTheBackground(t *testing.T) {
	for _, end := range []tea.KeyMsg{altKey('\\'), {Type: tea.KeyCtrlG}} {
		h, _ := probingHarness(t)
		h.send(altKey(']'))
		h.send(runesKey("11;rgb:ffff/ffff/f0f0"))
		h.send(end)
		if h.m.styles.Theme != LightTheme {
			t.Errorf("theme %s after a white background", h.m.styles.Theme)
		}
		if q := h.m.search.query(); q != "" {
			t.Errorf("the answer reached the search box: %q", q)
		}
		h.advance(probeDeadline)
		h.requireNotInView("background unknown")
	}
}

// TestProbeKeepsKeysThatAreNoAnswer checks that keys that only start like
// an answer are handled as keys after all, exactly as without a question in
// flight: nothing the user typed is lost or handled otherwise.
func TestProbeKeepsKeysThatAreNoAnswer(t *testing.T) {
	keys := []tea.KeyMsg{runesKey("ab"), altKey(']'), runesKey("x"), altKey('y'), runesKey("z")}
	probing, _ := probingHarness(t)
	plain := newHarness(t)
	for _, k := range keys {
		probing.send(k)
		plain.send(k)
	}
	if got, want := probing.m.search.query(), plain.m.search.query(); got != want || probing.m.focus != plain.m.focus {
		t.Errorf("with a question in flight the box holds %q (focus %v), without %q (focus %v)",
			got, probing.m.focus, want, plain.m.focus)
	}
}

// TestProbeSaysHowToChooseTheTheme: a terminal that does not tell its
// background leaves the dark theme, and the UI says how to choose: for a
// moment in the hint bar, unmarked (nothing was done), then in the help.
func TestProbeSaysHowToChooseTheTheme(t *testing.T) {
	h, _ := probingHarness(t)
	h.advance(probeDeadline)
	h.requireView(themeNote)
	h.requireNotInView("✓", "? help")
	if h.m.styles.Cells != sanitize.PerCodePoint {
		t.Error("the measure changed without an answer")
	}
	h.advance(themeNoteTime)
	h.requireView("? help")
	h.requireNotInView(themeNote)
	h.pressRune('?')
	if help := strings.Join(h.m.helpContent(), "\n"); !strings.Contains(help, "Colours: "+themeNote) {
		t.Errorf("the help does not say how to choose the theme:\n%s", help)
	}
}

// TestThemeNoteGoesAtTheFirstKey: the note stands in for the key hints,
// which a person who starts typing needs more.
func TestThemeNoteGoesAtTheFirstKey(t *testing.T) {
	h, _ := probingHarness(t)
	h.advance(probeDeadline)
	h.requireView(themeNote)
	h.pressRune('a')
	h.requireNotInView(themeNote)
	h.requireView("enter search", "? help (empty box)")
}

func TestBackgroundTheme(t *testing.T) {
	for answer, want := range map[string]Theme{
		"11;rgb:0000/0000/0000":       DarkTheme,
		"11;rgb:ffff/ffff/ffff":       LightTheme,
		"11;rgb:28/2c/34":             DarkTheme,
		"11;rgb:fd/f6/e3":             LightTheme, // Solarized light
		"11;rgba:ffff/ffff/ffff/ffff": LightTheme,
	} {
		keys := []tea.KeyMsg{altKey(']'), runesKey(answer), altKey('\\')}
		if got, ok := backgroundTheme(keys); !ok || got != want {
			t.Errorf("backgroundTheme(%q) = %s, %v; want %s", answer, got, ok, want)
		}
	}
	if _, ok := backgroundTheme([]tea.KeyMsg{altKey(']'), runesKey("11;rgb:zz/00/00"), altKey('\\')}); ok {
		t.Error("a malformed answer was read")
	}
}

func TestChooseTheme(t *testing.T) {
	tests := []struct {
		choice, colorFGBG string
		theme             Theme
		ask               bool
	}{
		{"dark", "0;15", DarkTheme, false},
		{"light", "", LightTheme, false},
		{"auto", "15;0", DarkTheme, false},
		{"auto", "0;15", LightTheme, false},
		{"", "12;default;7", LightTheme, false},
		{"auto", "15;default", DarkTheme, true},
		{"auto", "", DarkTheme, true},
	}
	for _, tt := range tests {
		theme, ask := chooseTheme(tt.choice, tt.colorFGBG)
		if theme != tt.theme || ask != tt.ask {
			t.Errorf("chooseTheme(%q, %q) = %s, %v; want %s, %v", tt.choice, tt.colorFGBG, theme, ask, tt.theme, tt.ask)
		}
	}
}

// TestSearchBoxMovesByCluster types a family emoji (seven code points)
// between two letters: one key crosses it, one deletes it, and the cursor
// is drawn over the whole cluster, never on the joiner.
func TestSearchBoxMovesByCluster(t *testing.T) {
	family := "👨\u200d👩\u200d👧\u200d👦"
	for _, cells := range []sanitize.Measure{sanitize.PerCodePoint, sanitize.PerGrapheme} {
		h := newHarness(t)
		h.m.setCells(cells)
		h.typeText("a" + family + "b")
		h.press(tea.KeyLeft)
		if pos := h.m.search.input.Position(); pos != 8 {
			t.Fatalf("%s: after left the cursor is at rune %d, want 8 (before b)", cells, pos)
		}
		h.press(tea.KeyLeft)
		if pos := h.m.search.input.Position(); pos != 1 {
			t.Fatalf("%s: one more left puts the cursor at rune %d, want 1 (before the family)", cells, pos)
		}
		if view := h.m.search.input.View(); !strings.Contains(view, reverseVideo+cells.Display(family)+reverseVideoOff) {
			t.Errorf("%s: the cursor is not drawn over the whole family: %q", cells, view)
		}
		h.press(tea.KeyRight)
		h.press(tea.KeyBackspace)
		if q := h.m.search.query(); q != "ab" {
			t.Errorf("%s: backspace after the family left %q, want %q", cells, q, "ab")
		}
		h.press(tea.KeyEnd)
		h.typeText("e\u0301")
		h.press(tea.KeyLeft)
		if pos := h.m.search.input.Position(); pos != 2 {
			t.Errorf("%s: left over e and its accent put the cursor at rune %d, want 2", cells, pos)
		}
	}
}

// TestAnswerMeasuredAgainAfterTheMeasureChanged: an answer measured while
// the UI counted per code point (the search was sent before the terminal
// said it counts grapheme clusters) is measured again when shown, and so is
// the list on screen when the measure changes.
func TestAnswerMeasuredAgainAfterTheMeasureChanged(t *testing.T) {
	h := newHarness(t, withKey(hubtest.DemoAdminKey))
	h.search("alice")
	if h.m.results.list.cells != sanitize.PerCodePoint {
		t.Fatal("the first answer is not measured per code point")
	}
	h.m.setCells(sanitize.PerGrapheme)
	if h.m.results.list.cells != sanitize.PerGrapheme {
		t.Error("the list on screen was not measured again")
	}
	h.m.setCells(sanitize.PerCodePoint)
	h.press(tea.KeyEsc) // clear the box
	answers := h.capture(func() { h.search(hubtest.ScriptsDomain) })
	h.m.setCells(sanitize.PerGrapheme)
	for _, answer := range answers {
		h.send(answer)
	}
	if h.m.results.count() != 25 || h.m.results.list.cells != sanitize.PerGrapheme {
		t.Errorf("%d results measured %s, want 25 per grapheme", h.m.results.count(), h.m.results.list.cells)
	}
	h.requireFits()
}

// TestThemeNoteNotShownAfterKeysTypedAhead: a terminal that answers late
// (or never: the deadline) ends the questions after the person has begun
// typing; the note, which goes at the first key, is then not put up over
// the keys at all (it stays in the help).
func TestThemeNoteNotShownAfterKeysTypedAhead(t *testing.T) {
	h, _ := probingHarness(t)
	h.typeText("turing")
	h.advance(probeDeadline)
	h.requireNotInView(themeNote)
	h.press(tea.KeyEsc) // to the results: the help key outside the box
	h.pressRune('?')
	if help := strings.Join(h.m.helpContent(), "\n"); !strings.Contains(help, "Colours: "+themeNote) {
		t.Errorf("the help does not say how to choose the theme:\n%s", help)
	}
}

// TestEnterTypedAheadSearches: enter typed while the program starts, before
// the terminal is in raw mode, reaches the UI as a line feed (ctrl+j, the
// line discipline's ICRNL): it searches and moves to the results as enter
// typed later does, whatever the terminal's questions are doing.
func TestEnterTypedAheadSearches(t *testing.T) {
	for _, ask := range []bool{true, false} {
		h := newHarness(t, withKey(hubtest.DemoAdminKey),
			withConfig(func(c *Config) { c.Terminal, c.AskBackground = &syncBuffer{}, ask }))
		h.typeText("turing")
		h.press(tea.KeyCtrlJ)
		if h.m.focus != focusResults {
			t.Fatalf("ask background %v: enter typed ahead left the focus on %v", ask, h.m.focus)
		}
		h.advance(probeDeadline)
		h.requireView("1 account for “turing”", "enter/l details")
		h.requireNotInView(themeNote)
	}
}

// TestProbeReplaysKeysEachInTheStateTheOneBeforeLeft: keys held as the
// possible start of an answer, then replayed, act as they would have one by
// one: esc (read with ] as alt+]) takes the results back to the box, where
// ] is typed and enter searches again and returns to the results.
func TestProbeReplaysKeysEachInTheStateTheOneBeforeLeft(t *testing.T) {
	keys := []tea.KeyMsg{altKey(']'), runesKey("x"), {Type: tea.KeyEnter}}
	probing, _ := probingHarness(t)
	plain := newHarness(t)
	for _, h := range []*harness{probing, plain} {
		h.search("alice")
		h.press(tea.KeyEnter)
		for _, k := range keys {
			h.send(k)
		}
	}
	if got, want := probing.m.search.query(), plain.m.search.query(); got != want || probing.m.focus != plain.m.focus {
		t.Errorf("replayed, the keys left the box holding %q (focus %v); typed, %q (focus %v)",
			got, probing.m.focus, want, plain.m.focus)
	}
}
