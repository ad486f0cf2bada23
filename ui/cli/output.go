package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"cocalc-tui/hub/clean"
	"cocalc-tui/ui/sanitize"
)

// columnGap separates table columns.
const columnGap = "  "

// column is one column of a human-readable table.
type column struct {
	header string
	// shrinkRank says in which round the column gives up width when the
	// table is wider than the terminal: 1 first (free text such as names and
	// emails), 2 only when that is not enough (ids), 0 never.
	shrinkRank int
	// dropRank marks a column that may be left out when even the shrunk
	// table is too wide: the highest rank goes first; 0 is never dropped.
	dropRank int
}

// table is aligned columns of already-sanitized cells.
type table struct {
	columns []column
	rows    [][]string
}

func (t *table) add(cells ...string) { t.rows = append(t.rows, cells) }

// minShrunkWidth is the least width shrinking leaves a column (or its
// header's width, if wider), so that some of every value stays readable.
const minShrunkWidth = 6

// render writes the table, fitted to maxWidth cells when maxWidth > 0 (a
// terminal) and never truncated otherwise (a pipe or file). Cells that lose
// width end with "…". Lines carry no trailing spaces.
func (t *table) render(w io.Writer, maxWidth int) error {
	widths := t.naturalWidths()
	shown := make([]bool, len(t.columns))
	for i := range shown {
		shown[i] = true
	}
	if maxWidth > 0 {
		t.dropToFit(shown, widths, maxWidth)
		t.shrinkToFit(shown, widths, maxWidth)
	}
	var buf bytes.Buffer
	writeRow := func(cells []string) {
		var line strings.Builder
		for i, cell := range cells {
			if !shown[i] {
				continue
			}
			if line.Len() > 0 {
				line.WriteString(columnGap)
			}
			line.WriteString(sanitize.PadRight(cell, widths[i]))
		}
		buf.WriteString(strings.TrimRight(line.String(), " "))
		buf.WriteByte('\n')
	}
	headers := make([]string, len(t.columns))
	for i, c := range t.columns {
		headers[i] = c.header
	}
	writeRow(headers)
	for _, row := range t.rows {
		writeRow(row)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

func (t *table) naturalWidths() []int {
	widths := make([]int, len(t.columns))
	for i, c := range t.columns {
		widths[i] = sanitize.Width(c.header)
	}
	for _, row := range t.rows {
		for i, cell := range row {
			widths[i] = max(widths[i], sanitize.Width(cell))
		}
	}
	return widths
}

// floor is the narrowest a column gets by shrinking.
func (t *table) floor(i int, widths []int) int {
	c := t.columns[i]
	if c.shrinkRank == 0 {
		return widths[i]
	}
	return min(widths[i], max(minShrunkWidth, sanitize.Width(c.header)))
}

// totalWidth is the width of the shown columns with their gaps, each column
// as wide as width(i) says.
func (t *table) totalWidth(shown []bool, width func(i int) int) int {
	total, count := 0, 0
	for i := range t.columns {
		if shown[i] {
			total += width(i)
			count++
		}
	}
	return total + len(columnGap)*max(0, count-1)
}

// comfortableWidth is how narrow free text (names, emails) may get before
// whole columns are left out instead: "Ada Lovel…" reads better than "Ada…"
// next to a CREATED column.
const comfortableWidth = 16

// dropToFit leaves out droppable columns, highest dropRank first, while the
// table would not fit with free text shrunk to comfortableWidth and ids
// whole (a cut id cannot be copied).
func (t *table) dropToFit(shown []bool, widths []int, maxWidth int) {
	comfortable := func(i int) int {
		if t.columns[i].shrinkRank == 1 {
			return min(widths[i], max(comfortableWidth, sanitize.Width(t.columns[i].header)))
		}
		return widths[i]
	}
	for t.totalWidth(shown, comfortable) > maxWidth {
		victim := -1
		for i, c := range t.columns {
			if shown[i] && c.dropRank > 0 && (victim < 0 || c.dropRank > t.columns[victim].dropRank) {
				victim = i
			}
		}
		if victim < 0 {
			return
		}
		shown[victim] = false
	}
}

// shrinkToFit takes one cell at a time from the widest shown column of the
// lowest shrink rank that can still give, until the table fits.
func (t *table) shrinkToFit(shown []bool, widths []int, maxWidth int) {
	total := t.totalWidth(shown, func(i int) int { return widths[i] })
	for total > maxWidth {
		victim := -1
		for rank := 1; rank <= 2 && victim < 0; rank++ {
			for i, c := range t.columns {
				if shown[i] && c.shrinkRank == rank && widths[i] > t.floor(i, widths) &&
					(victim < 0 || widths[i] > widths[victim]) {
					victim = i
				}
			}
		}
		if victim < 0 {
			return // as narrow as it gets; the terminal wraps the rest
		}
		widths[victim]--
		total--
	}
}

// writeJSON prints a JSON document as the server sent it, plus a newline. On a
// terminal it is indented, and characters a terminal could act on (C1
// controls, DEL, bidi overrides, invalid UTF-8) are written as \u escapes:
// the JSON value stays the same, but nothing in it reaches the terminal raw.
func writeJSON(w io.Writer, raw []byte, terminal bool) error {
	raw = bytes.TrimSpace(raw)
	if terminal {
		var indented bytes.Buffer
		if err := json.Indent(&indented, raw, "", "  "); err == nil {
			raw = escapeForTerminal(indented.Bytes())
		}
	}
	_, err := w.Write(append(raw, '\n'))
	return err
}

// compactJSON is raw on one line, for JSON Lines.
func compactJSON(raw []byte) []byte {
	var buf bytes.Buffer
	if err := json.Compact(&buf, raw); err != nil {
		return bytes.TrimSpace(raw)
	}
	return buf.Bytes()
}

// escapeForTerminal rewrites, inside JSON strings only, the runes a terminal
// might interpret as \uXXXX escapes. JSON itself already forbids raw C0
// controls in strings, so those need nothing.
func escapeForTerminal(doc []byte) []byte {
	var out bytes.Buffer
	inString, escaped := false, false
	for i := 0; i < len(doc); {
		r, size := utf8.DecodeRune(doc[i:])
		switch {
		case !inString:
			inString = r == '"'
		case escaped:
			escaped = false
		case r == '\\':
			escaped = true
		case r == '"':
			inString = false
		case r == utf8.RuneError && size == 1:
			out.WriteString(`\ufffd`)
			i += size
			continue
		case isTerminalHazard(r):
			fmt.Fprintf(&out, `\u%04x`, r)
			i += size
			continue
		}
		out.Write(doc[i : i+size])
		i += size
	}
	return out.Bytes()
}

func isTerminalHazard(r rune) bool {
	switch {
	case r == 0x7f, r >= 0x80 && r <= 0x9f: // DEL and C1 controls (0x9b is an 8-bit CSI)
		return true
	case r == 0x061c, r == 0x200e, r == 0x200f, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true // bidi controls
	}
	return false
}

// withFields appends fields to a JSON object as the server sent it, keeping
// the server's bytes and key order: `{"now":1}` + round_trip_ms gives
// `{"now":1,"round_trip_ms":38}`.
func withFields(object json.RawMessage, fields ...field) ([]byte, error) {
	trimmed := bytes.TrimSpace(object)
	if len(trimmed) < 2 || trimmed[0] != '{' || trimmed[len(trimmed)-1] != '}' {
		return nil, fmt.Errorf("the answer is not a JSON object")
	}
	var buf bytes.Buffer
	body := bytes.TrimSpace(trimmed[1 : len(trimmed)-1])
	buf.WriteByte('{')
	buf.Write(body)
	for i, f := range fields {
		if len(body) > 0 || i > 0 {
			buf.WriteByte(',')
		}
		name, _ := json.Marshal(f.name)
		value, err := json.Marshal(f.value)
		if err != nil {
			return nil, err
		}
		buf.Write(name)
		buf.WriteByte(':')
		buf.Write(value)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

type field struct {
	name  string
	value any
}

// formatSkew is a signed clock difference: "+0.2 s", "-3.0 s", "+2m5s".
func formatSkew(d time.Duration) string {
	sign := "+"
	if d < 0 {
		sign, d = "-", -d
	}
	if d < time.Minute {
		return fmt.Sprintf("%s%.1f s", sign, d.Seconds())
	}
	return sign + d.Round(time.Second).String()
}

// orDash shows an empty cell as "-", so a column never looks misaligned.
func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// cleanCell prepares a server string for a table: one safe line, or "-".
func cleanCell(s string) string { return orDash(clean.Line(s)) }
