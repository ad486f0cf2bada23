// Package sanitize measures and cuts text for terminal cells, in the measure
// of the terminal it is drawn on (see Measure): display width, truncation
// between grapheme clusters with an ellipsis, padding, wrapping. Text from
// the server arrives already cleaned (see cocalc-tui/hub/clean); Fit cleans
// text from elsewhere on the way.
package sanitize

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"

	"cocalc-tui/hub/clean"
)

// Measure is how a terminal counts the cells that text takes. Terminals
// disagree, and a line that the program thinks fits but the terminal draws
// one cell wider wraps and scrolls the whole screen; so every width the
// program computes (padding, truncation, borders, the search box's cursor,
// the command line's table columns) goes through the Measure of the terminal
// it draws on.
//
//   - [PerCodePoint] counts each code point as wcwidth(3) does: 2 for East
//     Asian Wide and Fullwidth characters (which include emoji with emoji
//     presentation), 0 for combining marks (Unicode categories Mn and Me),
//     format characters (Cf) and the Hangul jamo that join a syllable, 1 for
//     the rest (spacing marks, Mc, included). tmux, xterm, VTE, Alacritty,
//     the Linux console and less count this way. It is the default: it is
//     what a terminal does unless it says otherwise. The widths are glibc's
//     (see CodePointWidth).
//   - [PerGrapheme] counts each grapheme cluster (Unicode UAX #29) as one
//     character, 1 or 2 cells wide, as terminals with grapheme clustering on
//     (mode 2027: kitty, WezTerm, Ghostty, foot, Windows Terminal) do.
//
// Per code point, terminals still disagree on some characters, and
// [Measure.Display] draws those otherwise, so that the text drawn takes the
// same cells in all of them:
//
//   - tmux 3.3 joins the code point after a ZERO WIDTH JOINER (U+200D) to the
//     cell before it, which xterm, VTE and Alacritty do not, and some
//     terminals widen a narrow character followed by VARIATION SELECTOR-16
//     (U+FE0F), which tmux 3.3 does not: both are left out, so "👩🏽‍💻" is
//     drawn as "👩🏽💻", 6 cells everywhere, instead of 4 in tmux and 6
//     elsewhere.
//   - A code point the terminal's tables may not know (one not assigned in
//     Unicode 14, which glibc 2.36 follows: the emoji of Unicode 15 such as
//     🩷 U+1FA77, unassigned code points) is drawn by tmux in no cell at all
//     and by other terminals in one or two; and glibc gives two cells to 72
//     code points that the East Asian Width rule, which the other terminals
//     follow, gives one (U+3248–U+324F, U+4DC0–U+4DFF). These are drawn as
//     U+FFFD, one cell in every terminal, and counted so.
//
// Text that is measured must already be clean (see clean.Line); styled text may
// hold escape sequences (SGR, OSC), which take no cells.
type Measure uint8

const (
	// PerCodePoint counts cells per code point, as wcwidth does.
	PerCodePoint Measure = iota
	// PerGrapheme counts cells per grapheme cluster, as mode 2027 does.
	PerGrapheme
)

// String names the measure for logs: "per code point", "per grapheme".
func (m Measure) String() string {
	if m == PerGrapheme {
		return "per grapheme"
	}
	return "per code point"
}

// ellipsis ends a string that a Truncate cut.
const ellipsis = "…"

// Width is the number of cells s takes on the terminal: escape sequences
// take none.
func (m Measure) Width(s string) int {
	if allPrintableASCII(s) {
		return len(s)
	}
	total := 0
	for i := 0; i < len(s); {
		n, w := m.token(s[i:])
		total += w
		i += n
	}
	return total
}

// Truncate cuts an already-clean, unstyled string to at most width cells,
// ending with "…" when it cut. It cuts only between grapheme clusters, so a
// wide CJK character, an emoji with its skin tone, a ZWJ family or a letter
// with its accents is kept whole or dropped whole; a cluster that would cross
// the limit is dropped, so the result may be one cell short of width.
func (m Measure) Truncate(s string, width int) string {
	if width <= 0 {
		return ""
	}
	room := width - m.Width(ellipsis) // cells left for text when Truncate cuts
	if allPrintableASCII(s) {         // one byte is one cell and one cluster
		if len(s) <= width {
			return s
		}
		if room < 0 {
			return ""
		}
		return s[:room] + ellipsis
	}
	end, fits := m.cutPoint(s, width, room)
	switch {
	case fits:
		return s
	case room < 0:
		return ""
	}
	return s[:end] + ellipsis
}

// cutPoint walks s one grapheme cluster at a time. It reports whether all of
// s fits in width cells and, if not, end: the byte length of the longest run
// of whole clusters at the start of s that fits in room cells. It stops as
// soon as s is known not to fit, so a long string costs no more than a short
// one.
func (m Measure) cutPoint(s string, width, room int) (end int, fits bool) {
	used := 0
	for i := 0; i < len(s); {
		n, w := m.cluster(s[i:])
		used += w
		if used > width {
			return end, false
		}
		i += n
		if used <= room {
			end = i
		}
	}
	return end, true
}

// PadRight pads an already-clean string with spaces, or truncates it, to
// exactly width cells (none when width <= 0), so table columns line up.
func (m Measure) PadRight(s string, width int) string {
	s = m.Truncate(s, width)
	if gap := width - m.Width(s); gap > 0 {
		return s + strings.Repeat(" ", gap)
	}
	return s
}

// Fit makes a string safe (clean.Line) and cuts it to at most width cells:
// m.Truncate(clean.Line(s), width).
func (m Measure) Fit(s string, width int) string {
	return m.Truncate(clean.Line(s), width)
}

// TruncateStyled cuts a styled line that is wider than width cells after its
// last whole cluster that leaves room for tail, and puts tail there. Every
// escape sequence is kept, those after the cut too, so styles opened before
// the cut are still closed. A line that fits is returned as it is.
func (m Measure) TruncateStyled(line string, width int, tail string) string {
	if m.Width(line) <= width {
		return line
	}
	room := width - m.Width(tail)
	var b strings.Builder
	b.Grow(len(line) + len(tail))
	used, cut := 0, false
	for i := 0; i < len(line); {
		n, w := m.token(line[i:])
		switch {
		case isEscape(line[i]):
			b.WriteString(line[i : i+n])
		case cut:
		case used+w > room:
			cut = true
			if room >= 0 {
				b.WriteString(tail)
			}
		default:
			b.WriteString(line[i : i+n])
			used += w
		}
		i += n
	}
	return b.String()
}

// Wrap breaks a possibly styled line into lines of at most width cells,
// between words where it can and inside a word longer than a line where it
// must (between its clusters). Spaces at the break are dropped.
func (m Measure) Wrap(line string, width int) []string {
	width = max(1, width)
	var w wrapper
	w.width = width
	for i := 0; i < len(line); {
		n, cells := m.token(line[i:])
		text := line[i : i+n]
		switch {
		case isEscape(line[i]):
			w.word.WriteString(text)
		case text == " ":
			w.endWord()
			w.space()
		default:
			if w.wordWidth+cells > width {
				w.endWord() // a word longer than a line: break it here
			}
			w.word.WriteString(text)
			w.wordWidth += cells
		}
		i += n
	}
	w.endWord()
	return append(w.lines, w.line.String())
}

// wrapper is Wrap's state: the lines done, the line being filled and the
// word being read.
type wrapper struct {
	width            int
	lines            []string
	line, word       strings.Builder
	lineWidth        int
	wordWidth        int
	pendingSpace     bool // a space goes before the next word on this line
	lineHasSomething bool
}

// endWord puts the word read so far on the line, or on a new one.
func (w *wrapper) endWord() {
	if w.word.Len() == 0 {
		return
	}
	space := 0
	if w.pendingSpace {
		space = 1
	}
	if w.lineHasSomething && w.lineWidth+space+w.wordWidth > w.width {
		w.lines = append(w.lines, w.line.String())
		w.line.Reset()
		w.lineWidth, space, w.lineHasSomething = 0, 0, false
	}
	if space == 1 {
		w.line.WriteByte(' ')
	}
	w.line.WriteString(w.word.String())
	w.lineWidth += space + w.wordWidth
	w.lineHasSomething = w.lineHasSomething || w.wordWidth > 0
	w.word.Reset()
	w.wordWidth, w.pendingSpace = 0, false
}

// space records a space between words; spaces before the first word of the
// line are kept (a margin), others only when the next word follows.
func (w *wrapper) space() {
	if !w.lineHasSomething {
		if w.lineWidth < w.width {
			w.line.WriteByte(' ')
			w.lineWidth++
		}
		return
	}
	w.pendingSpace = true
}

// Display is the form of a clean string that is drawn on a terminal of this
// measure. Per code point, it is s without ZERO WIDTH JOINER and VARIATION
// SELECTOR-16, and with U+FFFD in place of the code points a terminal may
// not know or terminals disagree on (see [Measure]); counted per code point,
// it takes the same cells as s: Width(Display(s)) == Width(s). Per grapheme
// it is s. Copy and export keep the raw value.
func (m Measure) Display(s string) string {
	if m != PerCodePoint {
		return s
	}
	next := firstRedrawn(s)
	if next < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for next >= 0 {
		b.WriteString(s[:next])
		r, size := utf8.DecodeRuneInString(s[next:])
		if r != zwj && r != vs16 { // the others are replaced
			b.WriteRune(utf8.RuneError) // U+FFFD
		}
		s = s[next+size:]
		next = firstRedrawn(s)
	}
	b.WriteString(s)
	return b.String()
}

const (
	zwj  = '\u200d'
	vs16 = '\ufe0f'
)

// firstRedrawn is the offset of the first code point of s that Display
// leaves out or replaces, or -1. It is asked about every frame.
func firstRedrawn(s string) int {
	for i, r := range s {
		switch {
		case r < 0xA0: // ASCII, escape sequences included, is drawn as it is
		case r < 0x10000: // most text and every border: one lookup
			if bmpClasses[r] == replaced || r == zwj || r == vs16 {
				return i
			}
		case classOf(r) == replaced:
			return i
		}
	}
	return -1
}

// token measures what starts s: an escape sequence (no cells) or a grapheme
// cluster. It returns its length in bytes and its width.
func (m Measure) token(s string) (n, cells int) {
	if isEscape(s[0]) {
		return escapeLength(s), 0
	}
	return m.cluster(s)
}

// cluster returns the length in bytes of the grapheme cluster that starts a
// non-empty s, and its width in this measure.
func (m Measure) cluster(s string) (n, cells int) {
	if isPrintableASCII(s[0]) && (len(s) == 1 || s[1] < utf8.RuneSelf) {
		return 1, 1 // two ASCII characters are never one cluster (bar CR LF)
	}
	cluster, graphemeWidth := ansi.FirstGraphemeCluster(s, ansi.GraphemeWidth)
	if len(cluster) == 0 { // not reached: a non-empty string has a cluster
		_, size := utf8.DecodeRuneInString(s)
		return size, 0
	}
	if m == PerGrapheme {
		return len(cluster), graphemeWidth
	}
	for _, r := range cluster {
		cells += CodePointWidth(r)
	}
	return len(cluster), cells
}

// CodePointWidth is the number of cells a terminal that counts per code
// point gives r, as glibc's wcwidth does (wcwidth_table.go, generated by
// scripts/wcwidth from glibc 2.36, by which tmux 3.3a draws here): 0 for
// controls, combining marks (Mn, Me), format characters (Cf; glibc gives
// the few that show something, such as the soft hyphen, one cell) and the
// Hangul jamo vowels and final consonants that join a syllable
// (U+1160–U+11FF, U+D7B0–U+D7FF); 2 for East Asian Wide and Fullwidth
// characters; 1 for the rest, East Asian Ambiguous ones included, and for
// the code points Display draws as U+FFFD (see Measure).
func CodePointWidth(r rune) int {
	if r < 0x20 || (r >= 0x7f && r < 0xa0) {
		return 0
	}
	switch classOf(r) {
	case zeroCells:
		return 0
	case twoCells:
		return 2
	}
	return 1
}

//go:generate go run ../../scripts/wcwidth/main.go -o wcwidth_table.go

// widthClass is how a terminal that counts per code point draws a code
// point: in one cell, none, two, or (replaced) as U+FFFD in one cell, as it
// may not know it or terminals disagree on it.
type widthClass uint8

const (
	oneCell widthClass = iota
	zeroCells
	twoCells
	replaced
)

// widthRun is a run of code points of one widthClass: lo to hi, both in.
type widthRun struct {
	lo, hi rune
	class  widthClass
}

// bmpClasses holds the class of every code point of the Basic Multilingual
// Plane, where most text and every frame's borders are, so that measuring
// or drawing a character there costs one lookup.
var bmpClasses = func() *[0x10000]widthClass {
	var classes [0x10000]widthClass
	for _, run := range widthTable {
		for r := run.lo; r <= run.hi && r < 0x10000; r++ {
			classes[r] = run.class
		}
	}
	return &classes
}()

// classOf is r's widthClass, for r from U+00A0 on.
func classOf(r rune) widthClass {
	if r < 0x10000 {
		return bmpClasses[r]
	}
	i, found := slices.BinarySearchFunc(widthTable[:], r, func(run widthRun, r rune) int {
		switch {
		case run.hi < r:
			return -1
		case run.lo > r:
			return 1
		}
		return 0
	})
	if !found {
		return oneCell
	}
	return widthTable[i].class
}

func isEscape(c byte) bool { return c == 0x1b }

// escapeLength is the length of the escape sequence at the start of s: a CSI
// sequence (ESC [ … final byte), an OSC, DCS, SOS, PM or APC string (ended by
// BEL or ST), or ESC and one character. An unfinished sequence runs to the
// end of s.
func escapeLength(s string) int {
	if len(s) < 2 {
		return len(s)
	}
	switch s[1] {
	case '[':
		for i := 2; i < len(s); i++ {
			if s[i] >= 0x40 && s[i] <= 0x7e {
				return i + 1
			}
		}
		return len(s)
	case ']', 'P', 'X', '^', '_':
		for i := 2; i < len(s); i++ {
			switch {
			case s[i] == 0x07:
				return i + 1
			case s[i] == 0x1b && i+1 < len(s) && s[i+1] == '\\':
				return i + 2
			}
		}
		return len(s)
	}
	return 2
}

// Fit is PerCodePoint.Fit: for bounding messages (errors, logs), whose
// column does not matter.
func Fit(s string, width int) string { return PerCodePoint.Fit(s, width) }

func isPrintableASCII(c byte) bool {
	return c >= 0x20 && c < 0x7F
}

// allPrintableASCII reports whether every byte of s is printable ASCII, so
// that each byte is one cell and one grapheme cluster.
func allPrintableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isPrintableASCII(s[i]) {
			return false
		}
	}
	return true
}
