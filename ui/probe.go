package ui

import (
	"bytes"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"cocalc-tui/ui/sanitize"
)

// The questions the UI asks the terminal, once it runs, and their answers.
// Terminals answer in order, and every terminal answers DA1, so the answer
// to DA1 tells that no other answer is coming: a terminal that does not
// know a question says nothing about it. A terminal that answers nothing
// at all (a bare pseudo-terminal, a serial console) costs nothing: the UI
// never waits for an answer, it only changes when one comes.
const (
	// askGraphemeMode is DECRQM for mode 2027 (grapheme clustering). The
	// answer is CSI ? 2027 ; Ps $ y: Ps 1 (set) or 2 (reset) means the
	// terminal can count grapheme clusters, 3 that it always does, 0 or 4
	// that it cannot.
	askGraphemeMode = "\x1b[?2027$p"
	// enableGraphemeMode (DECSET 2027) turns grapheme clustering on;
	// disableGraphemeMode turns it off again as the UI quits.
	enableGraphemeMode  = "\x1b[?2027h"
	disableGraphemeMode = "\x1b[?2027l"
	// askBackground is OSC 11 with "?": the answer is OSC 11 ; rgb:R/G/B
	// ST (or BEL), each component 1 to 4 hex digits.
	askBackground = "\x1b]11;?\x1b\\"
	// askPrimaryAttributes is DA1, which every terminal answers (CSI ? … c).
	askPrimaryAttributes = "\x1b[c"
)

const (
	// probeDelay is how long after the first frame the questions are
	// asked: the first frame never waits for the terminal.
	probeDelay = 50 * time.Millisecond
	// probeDeadline bounds the wait for the answers (a slow SSH link); after
	// it, the UI stops looking for them in its input.
	probeDeadline = 2 * time.Second
)

type probeStartMsg struct{}
type probeExpiredMsg struct{}

// terminalProbe is what the UI asked the terminal and what it learnt.
type terminalProbe struct {
	asked, done   bool
	askBackground bool
	// graphemesEnabled records that the UI turned mode 2027 on, so that it
	// turns it off as it quits.
	graphemesEnabled bool
	backgroundKnown  bool
	// reply collects an OSC answer, which Bubble Tea v1 does not parse: it
	// reads it as keys (alt+], the text, alt+\ or ctrl+g).
	inReply bool
	reply   []tea.KeyMsg
	// keyPressed records that a key reached the UI: the theme note, which
	// goes at the first key, is then not shown at all when the answers end
	// after it (a key typed while a slow terminal was still being asked).
	keyPressed bool
}

// startProbe arms the questions, after the first frame.
func (m *Model) startProbe() tea.Cmd {
	if m.cfg.Terminal == nil || m.probe.asked {
		return nil
	}
	m.probe.asked = true
	m.probe.askBackground = m.cfg.AskBackground
	return m.cfg.After(probeDelay, probeStartMsg{})
}

// askTerminal writes the questions and arms the deadline for the answers.
func (m *Model) askTerminal() tea.Cmd {
	questions := askGraphemeMode
	if m.probe.askBackground {
		questions += askBackground
	}
	questions += askPrimaryAttributes
	m.cfg.Logger.Debug("asking the terminal", "questions", fmt.Sprintf("%q", questions))
	return tea.Batch(writeTerminal(m.cfg.Terminal, questions), m.cfg.After(probeDeadline, probeExpiredMsg{}))
}

// writeTerminal writes a control sequence to the terminal.
func writeTerminal(w io.Writer, sequence string) tea.Cmd {
	return func() tea.Msg {
		_, _ = io.WriteString(w, sequence)
		return nil
	}
}

// onTerminalMsg handles the answers to the questions, which arrive as
// input. It reports false for a message that is not one (a key the user
// pressed), which the UI then handles as usual.
func (m *Model) onTerminalMsg(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case probeStartMsg:
		return m.askTerminal(), true
	case probeExpiredMsg:
		return m.endProbe(), true
	case tea.KeyMsg:
		return m.onReplyKey(msg)
	}
	sequence, ok := unknownControlSequence(msg)
	if !ok {
		return nil, false
	}
	switch {
	case graphemeModeReport.Match(sequence):
		return m.onGraphemeMode(sequence), true
	case bytes.HasPrefix(sequence, []byte("\x1b[?")) && bytes.HasSuffix(sequence, []byte("c")):
		return m.endProbe(), true // DA1: every answer has come
	}
	return nil, true // another answer nobody asked for: not a key either
}

// graphemeModeReport is the answer to askGraphemeMode.
var graphemeModeReport = regexp.MustCompile(`^\x1b\[\?2027;([0-4])\$y$`)

// onGraphemeMode switches to counting grapheme clusters if the terminal can,
// turning the mode on if it is off.
func (m *Model) onGraphemeMode(report []byte) tea.Cmd {
	state := string(graphemeModeReport.FindSubmatch(report)[1])
	m.cfg.Logger.Info("terminal", "mode_2027", state)
	var cmd tea.Cmd
	switch state {
	case "2": // supported, off: turn it on
		cmd = writeTerminal(m.cfg.Terminal, enableGraphemeMode)
		m.probe.graphemesEnabled = true
	case "1", "3": // on already
	default: // not supported
		return nil
	}
	m.setCells(sanitize.PerGrapheme)
	return cmd
}

// onReplyKey collects the keys Bubble Tea makes of an OSC answer while one
// may come, and recognises the background colour in them. Keys that turn
// out not to be an answer are handled as keys after all.
func (m *Model) onReplyKey(k tea.KeyMsg) (tea.Cmd, bool) {
	if !m.probe.askBackground || m.probe.done {
		return nil, false
	}
	if !m.probe.inReply {
		if k.Alt && k.Type == tea.KeyRunes && string(k.Runes) == "]" {
			m.probe.inReply, m.probe.reply = true, []tea.KeyMsg{k}
			return nil, true
		}
		return nil, false
	}
	m.probe.reply = append(m.probe.reply, k)
	switch {
	case k.Type == tea.KeyCtrlG, k.Alt && k.Type == tea.KeyRunes && string(k.Runes) == `\`:
		m.probe.inReply = false
		if theme, ok := backgroundTheme(m.probe.reply); ok {
			m.onBackground(theme)
			return nil, true
		}
	case k.Type == tea.KeyRunes && !k.Alt && !k.Paste && len(m.probe.reply) < 8:
		return nil, true // more of the answer
	}
	return m.replayKeys(), true
}

// replayKeys handles as keys what looked like the start of an answer.
func (m *Model) replayKeys() tea.Cmd {
	keys := m.probe.reply
	m.probe.inReply, m.probe.reply = false, nil
	var cmds []tea.Cmd
	for _, k := range keys {
		cmds = append(cmds, m.handleKey(k))
	}
	return tea.Batch(cmds...)
}

// backgroundAnswer is the text of an OSC 11 answer, between its start and
// its end: the colour as 1 to 4 hex digits a component.
var backgroundAnswer = regexp.MustCompile(`^11;rgba?:([0-9a-fA-F]{1,4})/([0-9a-fA-F]{1,4})/([0-9a-fA-F]{1,4})(/[0-9a-fA-F]{1,4})?$`)

// backgroundTheme reads the theme from the keys of an OSC 11 answer: light
// on a background whose relative luminance is above one half.
func backgroundTheme(keys []tea.KeyMsg) (Theme, bool) {
	var text strings.Builder
	for _, k := range keys[1 : len(keys)-1] {
		text.WriteString(string(k.Runes))
	}
	match := backgroundAnswer.FindStringSubmatch(text.String())
	if match == nil {
		return DarkTheme, false
	}
	var rgb [3]float64
	for i := range rgb {
		v, _ := strconv.ParseUint(match[i+1], 16, 16)
		rgb[i] = float64(v) / float64(uint64(1)<<(4*len(match[i+1]))-1)
	}
	if luminance := 0.2126*rgb[0] + 0.7152*rgb[1] + 0.0722*rgb[2]; luminance > 0.5 {
		return LightTheme, true
	}
	return DarkTheme, true
}

// onBackground takes the theme from the terminal's background colour.
func (m *Model) onBackground(theme Theme) {
	m.probe.backgroundKnown = true
	m.cfg.Logger.Info("terminal", "background", theme.String())
	if theme != m.styles.Theme {
		m.restyle(m.styles.WithTheme(theme))
	}
}

// endProbe stops looking for answers. When the background was asked for
// and did not come, it says which theme is used and how to choose one.
func (m *Model) endProbe() tea.Cmd {
	if m.probe.done {
		return nil
	}
	m.probe.done = true
	var cmd tea.Cmd
	if m.probe.inReply {
		cmd = m.replayKeys()
	}
	if m.backgroundUnknown() && !m.probe.keyPressed {
		return tea.Batch(cmd, m.flash.note(m.cfg, themeNote, themeNoteTime))
	}
	return cmd
}

// themeNote says which theme is used when the terminal did not say its
// background, and how to choose one. It shows in the hint bar for a moment
// after the start (themeNoteTime, or until a key; not at all when a key
// came before the answers ended), where it stood in for
// the keys for longer than it was useful, and stays in the help.
const themeNote = `dark theme (background unknown; --theme light or theme = "light" to change)`

const themeNoteTime = 3 * time.Second

// backgroundUnknown reports that the terminal was asked its background and
// did not say.
func (m Model) backgroundUnknown() bool {
	return m.probe.done && m.probe.askBackground && !m.probe.backgroundKnown
}

// unknownControlSequence returns the bytes of a control sequence that Bubble
// Tea v1 did not recognise as a key: its input reader passes such a sequence
// (an answer of the terminal) to Update as an unexported []byte type.
func unknownControlSequence(msg tea.Msg) ([]byte, bool) {
	v := reflect.ValueOf(msg)
	if !v.IsValid() || v.Kind() != reflect.Slice || v.Type().Elem().Kind() != reflect.Uint8 ||
		v.Type().PkgPath() != reflect.TypeOf(tea.KeyMsg{}).PkgPath() {
		return nil, false
	}
	b := v.Bytes()
	if len(b) < 3 || b[0] != 0x1b || b[1] != '[' {
		return nil, false
	}
	return b, true
}

// setCells switches the measure the UI counts cells in, and measures again
// what was measured in the other.
func (m *Model) setCells(cells sanitize.Measure) {
	if cells == m.styles.Cells {
		return
	}
	m.cfg.Logger.Info("terminal", "measure", cells.String())
	st := m.styles
	st.Cells = cells
	m.restyle(st)
}

// restyle draws from now on with other styles (a theme, a measure): every
// part that keeps something drawn or measured with the old ones makes it
// again.
func (m *Model) restyle(st Styles) {
	m.styles = st
	m.search.cells = st.Cells
	m.search.input.Cells = st.Cells
	m.search.input.PromptStyle, m.search.input.PlaceholderStyle = st.Prompt, st.Placeholder
	m.search.input = m.search.input.scrolled()
	m.filter.Cells, m.filter.PromptStyle = st.Cells, st.Prompt
	if m.results.list.cells != st.Cells {
		selected := m.results.cursor
		offset := m.results.offset
		m.results.list = m.results.list.measured(st.Cells)
		m.results.cursor, m.results.offset = selected, offset
	}
	m.results.drawn = &rowCache{}
	m.rebuildDetails()
}
