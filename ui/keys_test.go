package ui

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"cocalc-tui/hub"
	"cocalc-tui/hub/hubtest"
)

func TestPastedLineBreaksOfEveryKindSeparateSearches(t *testing.T) {
	for name, pasted := range map[string]string{
		"CR (xterm, VTE, iTerm2, tmux)": "ada@example.com\ralan\rgrace\r",
		"LF":                            "ada@example.com\nalan\ngrace\n",
		"CRLF":                          "ada@example.com\r\nalan\r\ngrace\r\n",
		"mixed, blank lines, spaces":    "  ada@example.com\r\r\nalan \n\rgrace",
	} {
		t.Run(name, func(t *testing.T) {
			h := newHarness(t)
			h.paste(pasted)
			if got := h.m.search.query(); got != "ada@example.com, alan, grace" {
				t.Fatalf("box holds %q", got)
			}
			h.advance(DefaultDebounce)
			h.requireView("for “ada@example.com, alan, grace”", "Ada Lovelace", "Alan Turing", "Grace Hopper")
		})
	}
}

func TestPasteFromAnotherPaneIsANewQuery(t *testing.T) {
	h := newHarness(t)
	h.typeText("zebulon")
	h.press(tea.KeyEnter) // search, and move to the results
	h.requireView("no accounts match “zebulon”")
	h.paste("alice")
	if got := h.m.search.query(); got != "alice" || h.m.focus != focusSearch {
		t.Fatalf("after a paste from the results: box %q, focus %v", got, h.m.focus)
	}
	h.advance(DefaultDebounce)
	h.requireView("8 accounts for “alice”")

	// In the box, a paste is inserted where the cursor is, as typing is.
	h.press(tea.KeyHome)
	h.paste("mary-")
	if got := h.m.search.query(); got != "mary-alice" {
		t.Fatalf("a paste in the box: %q", got)
	}
	h.advance(afterPaste) // keys now are keys, not more of the paste

	// Over the help or the key info, the paste closes them and is a new query.
	h.press(tea.KeyTab)
	h.pressRune('?')
	h.paste("bob")
	if got := h.m.search.query(); got != "bob" || h.m.helpOpen {
		t.Fatalf("a paste over the help: box %q, help open %v", got, h.m.helpOpen)
	}
}

func TestPasteDoesNotAnswerADialog(t *testing.T) {
	h := newHarness(t, withKey(hubtest.DemoAdminKey))
	h.search("alice smith")
	h.press(tea.KeyTab)
	h.pressRune('P')
	h.paste("y")
	if h.m.overlay != overlayConfirm || h.m.action.inFlight {
		t.Fatalf("a pasted y answered the dialog: overlay %v, in flight %v", h.m.overlay, h.m.action.inFlight)
	}
	h.requireView("paste ignored: answer the question first")
	if h.m.search.query() != "alice smith" {
		t.Fatalf("the box changed under the dialog: %q", h.m.search.query())
	}
}

// Esc and the key after it, read together (a fast typist over SSH), come
// from Bubble Tea as alt+key; Bubble Tea gives the runes after that key as
// a message of their own.
func TestEscReadWithTheNextKeysIsEscThenTheKeys(t *testing.T) {
	h := newHarness(t)
	h.search("alice")
	h.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("b"), Alt: true})
	h.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("ob")})
	if got := h.m.search.query(); got != "bob" {
		t.Fatalf("box holds %q, want bob: esc cleared alice, then bob was typed", got)
	}

	// From the results, esc goes back to the box, where the letter is typed.
	h.press(tea.KeyEnter)
	h.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("x"), Alt: true})
	if got := h.m.search.query(); h.m.focus != focusSearch || got != "bobx" {
		t.Fatalf("from the results: focus %v, box %q", h.m.focus, got)
	}

	// A space is a key like the letters.
	h.send(tea.KeyMsg{Type: tea.KeySpace, Runes: []rune(" "), Alt: true})
	if got := h.m.search.query(); got != " " {
		t.Fatalf("esc and space: box %q", got)
	}
}

// TestEscReadWithCtrlCQuits: Esc and ctrl+c read together (typed fast over
// SSH, or tmux send-keys Escape C-c) are alt+ctrl+c to Bubble Tea: Esc,
// then ctrl+c, which always quits; likewise Esc with enter or an arrow.
func TestEscReadWithCtrlCQuits(t *testing.T) {
	h := newHarness(t)
	h.pressRune('?')
	if !h.m.helpOpen {
		t.Fatal("? did not open the help")
	}
	h.send(tea.KeyMsg{Type: tea.KeyCtrlC, Alt: true})
	if h.m.helpOpen || !h.quit {
		t.Fatalf("esc and ctrl+c read together: help open %v, quit %v", h.m.helpOpen, h.quit)
	}

	h = newHarness(t)
	h.search("alice")
	h.press(tea.KeyEnter) // to the results
	h.pressRune('?')
	h.send(tea.KeyMsg{Type: tea.KeyEnter, Alt: true})
	if h.m.helpOpen || h.m.focus != focusDetails {
		t.Fatalf("esc and enter read together: help open %v, focus %v; want the help closed, then the details",
			h.m.helpOpen, h.m.focus)
	}
}

func TestQuestionMarkOpensTheHelpFromAnEmptyBox(t *testing.T) {
	h := newHarness(t)
	h.requireView("? for help", "? help")
	h.pressRune('?')
	if !h.m.helpOpen {
		t.Fatal("? on an empty box did not open the help")
	}
	h.requireView("Keys", "Search box")
	h.pressRune('?')
	if h.m.helpOpen {
		t.Fatal("? did not close the help")
	}

	h.typeText("what?")
	if h.m.helpOpen || h.m.search.query() != "what?" {
		t.Fatalf("? in a box with text: help open %v, box %q", h.m.helpOpen, h.m.search.query())
	}
	if bar := h.hintBar(); !strings.Contains(bar, "? help (empty box)") {
		t.Fatalf("the hint bar does not say where ? opens the help: %q", bar)
	}
}

// hintCases put the UI in each state that has keys of its own.
var hintCases = []struct {
	name  string
	key   string
	setup func(h *harness)
	want  []string // hints that must be there
	never []string // hints of other states, which do nothing here
	help  string   // the hint of the help key ("? help" when empty)
}{
	{"empty box", hubtest.DemoUserKey, func(h *harness) {},
		[]string{"esc to results", "tab next pane"}, []string{"enter search", "y copy id", "q quit"}, ""},
	{"box with text", hubtest.DemoUserKey, func(h *harness) { h.search("alice") },
		[]string{"enter search", "esc clear"}, []string{"y copy id", "q quit"}, "? help (empty box)"},
	{"results", hubtest.DemoAdminKey, func(h *harness) { h.search("alice"); h.press(tea.KeyTab) },
		[]string{"↑/k up", "enter/l details", "y copy id"}, []string{"enter search", "y yes"}, ""},
	{"details", hubtest.DemoAdminKey, func(h *harness) { h.search("alice"); h.press(tea.KeyTab, tea.KeyEnter) },
		[]string{"y copy id", "esc/h back"}, []string{"↑/k up", "enter/l details", "y yes"}, ""}, // every line fits
	{"details that scroll", hubtest.DemoAdminKey, func(h *harness) {
		h.send(tea.WindowSizeMsg{Width: h.m.layout.width, Height: minHeight}) // too short for the account
		h.search("alice")
		h.press(tea.KeyTab, tea.KeyEnter)
	}, []string{"↑/k up", "↓/j down"}, []string{"enter/l details", "y yes"}, ""},
	{"one result", hubtest.DemoAdminKey, func(h *harness) { h.search("ada@example.com"); h.press(tea.KeyTab) },
		[]string{"enter/l details", "y copy id"}, []string{"↑/k up", "s sort by"}, ""},
	{"no results", hubtest.DemoUserKey, func(h *harness) { h.press(tea.KeyTab) },
		[]string{"/ search", "esc/h back"}, []string{"↑/k up", "y copy id", "enter/l details"}, ""},
	{"key info", hubtest.DemoUserKey, func(h *harness) { h.press(tea.KeyEsc); h.pressRune('i') },
		[]string{"esc close"}, []string{"↑/k up", "/ search"}, ""},
	{"key info that scrolls", hubtest.DemoAdminKey, func(h *harness) {
		h.send(tea.WindowSizeMsg{Width: h.m.layout.width, Height: minHeight}) // too short for the keys
		h.press(tea.KeyEsc)
		h.pressRune('i')
	}, []string{"esc close", "↓/j down"}, []string{"/ search", "y copy id"}, ""},
	{"confirmation", hubtest.DemoAdminKey, func(h *harness) {
		h.search("alice smith")
		h.press(tea.KeyTab)
		h.pressRune('P')
	}, []string{"y yes", "n/esc no"}, []string{"y copy id", "enter/l details", "/ search", "↑/k up", "s sort by"}, ""},
	{"link", hubtest.DemoAdminKey, func(h *harness) {
		h.search("alice smith")
		h.press(tea.KeyTab)
		h.pressRune('P')
		h.answerYes()
	}, []string{"c copy link", "esc close"}, []string{"y copy id", "y yes", "/ search"}, ""},
	{"details with a project selected", hubtest.DemoAdminKey, func(h *harness) {
		h.search("alan turing")
		h.advance(lookupDelay)
		h.press(tea.KeyTab, tea.KeyEnter)
		h.pressRune('j')
	}, []string{"o open project", "↑/k up", "B ban / remove ban"}, []string{"enter/l details", "y yes"}, ""},
	{"key info with a project selected", hubtest.DemoUserKey, func(h *harness) {
		h.press(tea.KeyEsc)
		h.pressRune('i')
		h.pressRune('j')
	},
		[]string{"o open project", "↓/j next project", "esc close"}, []string{"/ search", "y copy id"}, ""},
	{"collaborators", hubtest.DemoAdminKey, func(h *harness) { h.search(hubtest.DemoProjectID); h.press(tea.KeyTab) },
		[]string{"o open project", "enter/l details"}, []string{"y yes"}, ""},
	{"empty box with a history", hubtest.DemoUserKey, func(h *harness) { giveHistory(h, "alice", "grace") },
		[]string{"↑ previous query"}, []string{"↓ next query", "pick result"}, ""},
	{"walking the history", hubtest.DemoUserKey, func(h *harness) {
		giveHistory(h, "grace", "alice", "bob")
		h.press(tea.KeyUp, tea.KeyUp)
		h.advance(DefaultDebounce)
	}, []string{"↑ previous query", "↓ next query"}, []string{"pick result"}, "? help (empty box)"},
	{"filter open", hubtest.DemoAdminKey, func(h *harness) { h.search("alice"); h.press(tea.KeyTab); h.pressRune('f') },
		[]string{"enter close", "esc close", "↑/↓ pick result"}, []string{"y copy id", "q quit", "f filter"}, ""},
	{"filter typed", hubtest.DemoAdminKey, func(h *harness) {
		h.search("alice")
		h.press(tea.KeyTab)
		h.pressRune('f')
		h.typeText("example.org")
	}, []string{"enter keep filter", "esc clear filter"}, []string{"y copy id", "q quit"}, "? help (empty box)"},
	{"filter kept", hubtest.DemoAdminKey, func(h *harness) {
		h.search("alice")
		h.press(tea.KeyTab)
		h.pressRune('f')
		h.typeText("example.org")
		h.press(tea.KeyEnter)
	}, []string{"esc clear filter", "f filter", "y copy id"}, []string{"esc back", "enter keep filter"}, ""},
	{"filter kept, nothing shown", hubtest.DemoAdminKey, func(h *harness) {
		h.search("alice")
		h.press(tea.KeyTab)
		h.pressRune('f')
		h.typeText("zzz")
		h.press(tea.KeyEnter)
	}, []string{"esc clear filter", "f filter"}, []string{"esc back", "y copy id", "↑/k up"}, ""},
	{"help", hubtest.DemoUserKey, func(h *harness) { h.search("alice"); h.press(tea.KeyTab); h.pressRune('?') },
		[]string{"esc/? close"}, []string{"y copy id", "enter/l details", "? help"}, "esc/? close"},
}

func TestHintBarShowsOnlyTheKeysThatWorkNow(t *testing.T) {
	for _, tt := range hintCases {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, withKey(tt.key), withSize(200, 40))
			tt.setup(h)
			bar := h.hintBar()
			for _, want := range tt.want {
				if !strings.Contains(bar, want) {
					t.Errorf("the hint bar lacks %q: %q", want, bar)
				}
			}
			for _, never := range tt.never {
				if strings.Contains(bar, never) {
					t.Errorf("the hint bar shows %q, which does nothing here: %q", never, bar)
				}
			}
		})
	}
}

// TestHintBarKeepsHelpAndQuit narrows the terminal down to the minimum: the
// other hints give way first, and nothing is cut in the middle.
func TestHintBarKeepsHelpAndQuit(t *testing.T) {
	for _, tt := range hintCases {
		for width := minWidth; width <= 120; width += 7 {
			t.Run(fmt.Sprintf("%s-%d", tt.name, width), func(t *testing.T) {
				h := newHarness(t, withKey(tt.key), withSize(width, 24))
				tt.setup(h)
				bar := h.hintBar()
				help := tt.help
				if help == "" {
					help = "? help"
				}
				if !strings.HasSuffix(bar, help+" • ctrl+c quit") || strings.Contains(bar, "…") {
					t.Fatalf("the hint bar at width %d: %q", width, bar)
				}
				h.requireFits()
			})
		}
	}
}

// TestHelpFitsOrScrollsAtEverySize opens the help in each state at sizes
// down to the minimum: the frame fits, and scrolling shows every line of the
// help, the last note included.
func TestHelpFitsOrScrollsAtEverySize(t *testing.T) {
	sizes := [][2]int{{50, 14}, {55, 16}, {60, 20}, {80, 24}, {99, 30}, {120, 40}}
	for _, tt := range hintCases {
		if tt.help == "? help (empty box)" {
			continue // ? is a letter there
		}
		for _, size := range sizes {
			t.Run(fmt.Sprintf("%s-%dx%d", tt.name, size[0], size[1]), func(t *testing.T) {
				h := newHarness(t, withKey(tt.key), withSize(size[0], size[1]))
				tt.setup(h)
				if !h.m.helpOpen {
					h.pressRune('?')
				}
				if !h.m.helpOpen {
					t.Fatal("? did not open the help")
				}
				content := h.m.helpContent()
				seen := map[string]bool{}
				for step := 0; step <= len(content); step++ {
					h.requireFits()
					for _, line := range h.m.helpContent()[h.m.helpOffset:min(len(content), h.m.helpOffset+h.m.helpHeight())] {
						seen[line] = true
					}
					h.pressRune('j')
				}
				for _, line := range content {
					if !seen[line] {
						t.Fatalf("the help never shows %q", line)
					}
				}
				if !slices.ContainsFunc(content, func(line string) bool {
					return strings.Contains(line, "Last active sorts as the server does")
				}) {
					t.Fatal("the help's notes lack how last active sorts")
				}
			})
		}
	}
}

func TestHelpListsOnlyTheKeysThatWorkUnderIt(t *testing.T) {
	h := newHarness(t, withKey(hubtest.DemoAdminKey))
	h.search("alice smith")
	h.press(tea.KeyTab)
	h.pressRune('P')
	h.pressRune('?') // help over the dialog: the dialog's keys
	h.requireView("This window", "y      yes", "n/esc  no")
	h.requireNotInView("copy id", "Results")
	h.press(tea.KeyEsc) // back to the dialog, as it was
	if h.m.helpOpen || h.m.overlay != overlayConfirm {
		t.Fatalf("esc in the help: help open %v, overlay %v", h.m.helpOpen, h.m.overlay)
	}
}

func TestCtrlZSuspendsWhereAShellCanResume(t *testing.T) {
	h := newHarness(t, withConfig(func(c *Config) { c.JobControl = true }))
	h.typeText("alice")
	h.send(tea.KeyMsg{Type: tea.KeyCtrlZ})
	if h.suspended != 1 || h.m.search.query() != "alice" {
		t.Fatalf("ctrl+z while typing: suspended %d times, box %q", h.suspended, h.m.search.query())
	}
	pings := countCalls(h, "system.ping")
	h.send(tea.ResumeMsg{}) // fg: the status is checked again at once
	if got := countCalls(h, "system.ping"); got != pings+1 {
		t.Fatalf("%d status checks after fg, want 1", got-pings)
	}
	h.press(tea.KeyTab)
	h.pressRune('?')
	h.requireView("ctrl+z", "suspend (fg resumes)")
}

func TestCtrlZWithoutJobControlSaysWhy(t *testing.T) {
	h := newHarness(t) // JobControl false: nothing would bring the program back
	h.send(tea.KeyMsg{Type: tea.KeyCtrlZ})
	if h.suspended != 0 {
		t.Fatal("suspended with no shell to resume the program")
	}
	h.requireView("ctrl+z: no shell with job control to return to here; ctrl+c quits")
}

func countCalls(h *harness, function string) int {
	n := 0
	for _, r := range h.server.Requests() {
		if r.Function == function {
			n++
		}
	}
	return n
}

func TestTerminalGoneEndsTheUIAndItsCalls(t *testing.T) {
	h := newHarness(t)
	h.search("alice")
	h.send(terminalGoneMsg{})
	if !h.quit || h.m.failure != ErrTerminalGone {
		t.Fatalf("quit %v, failure %v", h.quit, h.m.failure)
	}
	if h.m.cfg.lifetime.Err() == nil {
		t.Fatal("the UI's lifetime did not end: calls and timers would go on")
	}
}

// TestKeysThatActAreTheKeysShown presses, in every state of hintCases,
// every key of every binding, each on the state as it was: a key acts (it
// changes the screen or starts something) if and only if a binding enabled
// there has it, so the hint bar and the help, drawn from the enabled
// bindings, list the keys that work here and no other. The exceptions are
// the keys that say why they do nothing (ctrl+z without job control, the
// admin keys without an admin's key), keys typed into the search box as
// text, and moves at an end (up at the top), where the other way moves.
func TestKeysThatActAreTheKeysShown(t *testing.T) {
	for _, tt := range hintCases {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, withKey(tt.key))
			tt.setup(h)
			before := h.m.View()
			enabled := map[string]bool{}
			var keys []string
			for _, b := range h.m.keys.all() {
				for _, name := range b.Keys() {
					if !slices.Contains(keys, name) {
						keys = append(keys, name)
					}
					enabled[name] = enabled[name] || b.Enabled()
				}
			}
			var stuckMoves []string // moves shown that did nothing
			movesThatActed := 0
			for _, name := range keys {
				msg := keyMsgNamed(t, name)
				after, cmd := h.m.Update(msg)
				acted := cmd != nil || after.(Model).View() != before
				if acted && isMove(h.m.keys, msg) {
					movesThatActed++
				}
				switch {
				case acted == enabled[name]:
				case !acted && isMove(h.m.keys, msg):
					stuckMoves = append(stuckMoves, name)
				case acted && h.m.typing() && (msg.Type == tea.KeyRunes || !h.m.keys.binds(msg)):
					// text, or the text input's own editing keys
				case acted && after.(Model).flash.isError && h.m.whyUnavailable(msg) != "":
				case acted && matchesAlways(msg, h.m.keys.Suspend) && !h.m.cfg.JobControl:
				default:
					t.Errorf("%s: the key acts %v, yet the keys shown have it %v", name, acted, enabled[name])
				}
			}
			if len(stuckMoves) > 0 && movesThatActed == 0 {
				t.Errorf("the moves %v are shown, but nothing here moves", stuckMoves)
			}
		})
	}
}

// keyMsgNamed is the key message whose name (as key.Binding spells it) is
// name: a special key or one character.
func keyMsgNamed(t *testing.T, name string) tea.KeyMsg {
	t.Helper()
	for k := tea.KeyType(-128); k < 128; k++ {
		if k != tea.KeyRunes && (tea.KeyMsg{Type: k}).String() == name {
			return tea.KeyMsg{Type: k}
		}
	}
	if r := []rune(name); len(r) == 1 {
		return tea.KeyMsg{Type: tea.KeyRunes, Runes: r}
	}
	t.Fatalf("no key is named %q", name)
	return tea.KeyMsg{}
}

// isMove reports whether msg moves a cursor or a view, which at its end
// has nowhere to go.
func isMove(k KeyMap, msg tea.KeyMsg) bool {
	for _, b := range []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.HalfPageUp, k.HalfPageDown, k.Top, k.Bottom, k.ListUpDown} {
		if key.Matches(msg, b) {
			return true
		}
	}
	return false
}

// TestKeysThatComeWithAPasteAreNeverCommands is the attack of a paste that
// holds the end of bracketed paste ("bob\x1b[201~\tIy"): the terminal ends
// the paste early and sends the rest as keys, in the same read. Those keys,
// and any that follow within afterPaste of the last, are more of the paste:
// text goes on into the box, tab is dropped and named, and nothing opens a
// dialog, let alone answers it.
func TestKeysThatComeWithAPasteAreNeverCommands(t *testing.T) {
	for _, rest := range []string{"Iy", "Py"} {
		t.Run(rest, func(t *testing.T) {
			h := newHarness(t, withKey(hubtest.DemoAdminKey))
			h.search("alice")
			h.press(tea.KeyTab) // the results have the focus, as in the attack
			h.paste("bob")
			h.press(tea.KeyTab)
			h.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(rest)})
			if h.m.overlay != overlayNone || h.m.focus != focusSearch || h.m.search.query() != "bob"+rest {
				t.Fatalf("keys after the paste acted: overlay %v, focus %v, box %q", h.m.overlay, h.m.focus, h.m.search.query())
			}
			h.requireView("✕ ignored tab after the paste: keys that come with a paste are never commands")
			h.advance(time.Second)
			for _, f := range []string{hub.FuncImpersonateToken, hub.FuncResetPasswordLink} {
				if n := countCalls(h, f); n != 0 {
					t.Fatalf("%d calls of %s", n, f)
				}
			}

			// Once the paste is over, keys are keys again.
			h.press(tea.KeyTab)
			if h.m.focus != focusResults {
				t.Fatalf("tab after the paste's window: focus %v", h.m.focus)
			}
		})
	}
}

// TestABurstAfterAPasteCannotOutlastItsWindow sends keys after a paste,
// each a little less than afterPaste after the one before, far longer in
// all than the window: every one of them is still part of the paste.
func TestABurstAfterAPasteCannotOutlastItsWindow(t *testing.T) {
	h := newHarness(t, withKey(hubtest.DemoAdminKey))
	h.search("alice")
	h.paste("x")
	for range 20 {
		h.setClock(h.clock().Add(afterPaste - time.Millisecond))
		h.press(tea.KeyTab)
	}
	if h.m.focus != focusSearch {
		t.Fatalf("a tab of the burst moved the focus to %v", h.m.focus)
	}
	h.requireView("ignored tab after the paste")
}

// TestKeysAfterAnIgnoredPasteDoNotAnswerADialog pastes into an open
// question, with y right behind the paste: the paste is refused, and the y
// with it, however long the question has been open.
func TestKeysAfterAnIgnoredPasteDoNotAnswerADialog(t *testing.T) {
	h := newHarness(t, withKey(hubtest.DemoAdminKey))
	h.search("alice smith")
	h.press(tea.KeyTab)
	h.pressRune('P')
	h.advance(time.Minute)
	h.paste("x")
	h.pressRune('y')
	if h.m.overlay != overlayConfirm || h.m.action.inFlight || countCalls(h, hub.FuncResetPasswordLink) != 0 {
		t.Fatalf("a y after a paste answered: overlay %v, in flight %v", h.m.overlay, h.m.action.inFlight)
	}
	h.requireView("✕ ignored text after the paste")
}

// TestYTooSoonAfterTheQuestionIsNoAnswer presses y the moment a dangerous
// action's question opens, then just before it settles: neither is an
// answer, and the question says why; y once it has settled is.
func TestYTooSoonAfterTheQuestionIsNoAnswer(t *testing.T) {
	for _, action := range []struct {
		key      rune
		function string
	}{{'P', hub.FuncResetPasswordLink}, {'I', hub.FuncImpersonateToken}} {
		t.Run(string(action.key), func(t *testing.T) {
			h := newHarness(t, withKey(hubtest.DemoAdminKey))
			h.search("alice smith")
			h.press(tea.KeyTab)
			h.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{action.key, 'y'}}) // in one read
			h.requireView("y came too soon after the question opened: read it, then press y.")
			h.advance(ConfirmSettle - time.Millisecond)
			h.pressRune('y')
			if h.m.overlay != overlayConfirm || countCalls(h, action.function) != 0 {
				t.Fatalf("a y before the question settled answered it: overlay %v", h.m.overlay)
			}
			h.advance(time.Millisecond)
			h.pressRune('y')
			if h.m.overlay != overlayLink || countCalls(h, action.function) != 1 {
				t.Fatalf("a y once the question settled: overlay %v, %d calls", h.m.overlay, countCalls(h, action.function))
			}
		})
	}
}

// TestADialogsKeysOutrankAnOlderMessage copies, then opens a dialog while
// the copy's message is still up: the hint bar shows the dialog's keys.
// A message that comes while the dialog is open still shows.
func TestADialogsKeysOutrankAnOlderMessage(t *testing.T) {
	for _, open := range []rune{'I', 'i', '?'} {
		t.Run(string(open), func(t *testing.T) {
			h := newHarness(t, withKey(hubtest.DemoAdminKey))
			h.search("alan turing")
			h.press(tea.KeyTab)
			h.pressRune('y')
			h.requireView("sent to the terminal's clipboard")
			h.pressRune(open)
			h.requireNotInView("sent to the terminal's clipboard")
			if bar := h.hintBar(); !strings.Contains(bar, "esc") && !strings.Contains(bar, "n/esc no") {
				t.Fatalf("the hint bar does not show the dialog's keys: %q", bar)
			}
		})
	}
	h := newHarness(t, withKey(hubtest.DemoAdminKey))
	h.search("alan turing")
	h.press(tea.KeyTab)
	h.pressRune('I')
	h.paste("x")
	h.requireView("paste ignored: answer the question first")
}

// TestVimAndArrowKeysMoveBetweenPanes: l, → and space open the details
// from the results, h and ← go back (to the results, then to the search
// box), as in lazygit, k9s and ranger.
func TestVimAndArrowKeysMoveBetweenPanes(t *testing.T) {
	for _, keys := range []struct{ open, back tea.KeyMsg }{
		{runesKey("l"), runesKey("h")},
		{tea.KeyMsg{Type: tea.KeyRight}, tea.KeyMsg{Type: tea.KeyLeft}},
		{tea.KeyMsg{Type: tea.KeySpace, Runes: []rune(" ")}, tea.KeyMsg{Type: tea.KeyLeft}},
	} {
		t.Run(keys.open.String(), func(t *testing.T) {
			h := newHarness(t)
			h.search("alice")
			h.press(tea.KeyTab)
			h.send(keys.open)
			if h.m.focus != focusDetails {
				t.Fatalf("%s from the results: focus %v", keys.open, h.m.focus)
			}
			h.send(keys.back)
			if h.m.focus != focusResults {
				t.Fatalf("%s from the details: focus %v", keys.back, h.m.focus)
			}
			h.send(keys.back)
			if h.m.focus != focusSearch || h.m.search.query() != "alice" {
				t.Fatalf("%s from the results: focus %v, box %q", keys.back, h.m.focus, h.m.search.query())
			}
		})
	}
}

// TestCtrlDAndCtrlUMoveHalfAPage moves the cursor through a long list, and
// the details that do not fit, by half a page at a time.
func TestCtrlDAndCtrlUMoveHalfAPage(t *testing.T) {
	h := newHarness(t, withKey(hubtest.DemoAdminKey), withSize(80, 24))
	h.search("a")
	h.press(tea.KeyTab)
	half := halfPage(h.m.results.visible - 1)
	h.press(tea.KeyCtrlD)
	h.press(tea.KeyCtrlD)
	if h.m.results.cursor != 2*half {
		t.Fatalf("after ctrl+d twice the cursor is at %d, want %d", h.m.results.cursor, 2*half)
	}
	h.press(tea.KeyCtrlU)
	if h.m.results.cursor != half {
		t.Fatalf("after ctrl+u the cursor is at %d, want %d", h.m.results.cursor, half)
	}

	h.press(tea.KeyEnter)
	h.advance(lookupDelay)
	if !h.m.details.scrollable() {
		t.Fatal("the test needs details that do not fit")
	}
	h.press(tea.KeyCtrlD)
	if got, want := h.m.details.view.YOffset, halfPage(h.m.details.view.Height-1); got != want {
		t.Fatalf("ctrl+d in the details scrolled to line %d, want %d", got, want)
	}
	h.press(tea.KeyCtrlU)
	if h.m.details.view.YOffset != 0 {
		t.Fatalf("ctrl+u in the details left them at line %d", h.m.details.view.YOffset)
	}
	h.pressRune('?')
	h.requireView("ctrl+d", "half a page down", "ctrl+u", "half a page up")
}
