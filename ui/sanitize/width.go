// Package sanitize measures and cuts text for terminal columns: display
// width (as lipgloss measures it), truncation between grapheme clusters with
// an ellipsis, padding. Text from the server arrives already cleaned (see
// cocalc-tui/hub/clean); Fit cleans text from elsewhere on the way.
package sanitize

import (
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"

	"cocalc-tui/hub/clean"
)

// ellipsis ends a string that Truncate cut.
const ellipsis = "…"

// ellipsisWidth is measured rather than assumed: "…" is East Asian Ambiguous,
// one cell normally but two under RUNEWIDTH_EASTASIAN=1.
var ellipsisWidth = Width(ellipsis)

// Width is the display width of s in terminal cells, consistent with
// lipgloss.Width: both are ansi.StringWidth, so a column sized with Width
// lines up with one lipgloss lays out.
func Width(s string) int {
	return ansi.StringWidth(s)
}

// Fit makes a string safe (clean.Line) and cuts it to at most width cells:
// Truncate(clean.Line(s), width).
func Fit(s string, width int) string {
	return Truncate(clean.Line(s), width)
}

// Truncate cuts an already-clean string to at most width terminal cells,
// ending with "…" when it cut. It cuts only between grapheme clusters, so a
// wide CJK character, an emoji with its skin tone, a ZWJ family or a letter
// with its accents is kept whole or dropped whole; a cluster that would cross
// the limit is dropped, so the result may be one cell short of width.
func Truncate(s string, width int) string {
	if width <= 0 {
		return ""
	}
	room := width - ellipsisWidth // cells left for text when Truncate cuts
	var end int
	var fits bool
	if allPrintableASCII(s) { // one byte is one cell and one cluster
		end, fits = room, len(s) <= width
	} else {
		end, fits = cutPoint(s, width, room)
	}
	if fits {
		return s
	}
	if room < 0 {
		return ""
	}
	return s[:end] + ellipsis
}

// cutPoint walks s one grapheme cluster at a time. It reports whether all of
// s fits in width cells and, if not, end: the byte length of the longest run
// of whole clusters at the start of s that fits in room cells. It stops as
// soon as s is known not to fit, so a long string costs no more than a short
// one.
func cutPoint(s string, width, room int) (end int, fits bool) {
	used := 0
	for i := 0; i < len(s); {
		cluster, w := firstCluster(s[i:])
		used += w
		if used > width {
			return end, false
		}
		i += len(cluster)
		if used <= room {
			end = i
		}
	}
	return end, true
}

// firstCluster returns the first grapheme cluster of a non-empty s and its
// width as Width measures it.
//
// The width that ansi.FirstGraphemeCluster returns is not used: for a cluster
// that starts with ASCII, such as the keycap "1️⃣", it says 2 where
// ansi.StringWidth (and so lipgloss) says 1, and what must hold is
// Width(Truncate(s, w)) <= w.
func firstCluster(s string) (string, int) {
	if isPrintableASCII(s[0]) && (len(s) == 1 || s[1] < utf8.RuneSelf) {
		return s[:1], 1 // two ASCII characters are never one cluster (bar CR LF)
	}
	cluster, _ := ansi.FirstGraphemeCluster(s, ansi.GraphemeWidth)
	return cluster, Width(cluster)
}

// PadRight pads an already-clean string with spaces, or truncates it, to
// exactly width cells (none when width <= 0), so table columns line up.
func PadRight(s string, width int) string {
	s = Truncate(s, width)
	if gap := width - Width(s); gap > 0 {
		return s + strings.Repeat(" ", gap)
	}
	return s
}

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
