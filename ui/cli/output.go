package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"strings"

	"cocalc-tui/hub"
	"cocalc-tui/hub/clean"
	"cocalc-tui/hub/jsonobject"
	"cocalc-tui/ui/sanitize"
)

// columnGap separates table columns.
const columnGap = "  "

// tableCells is how tables are measured: per code point, as tmux, xterm, VTE,
// Alacritty and less count. A command never asks the terminal how it counts
// (that would mean waiting for an answer, and writing a query into output
// that may be a file); rows are drawn in the form every such terminal agrees
// on (see sanitize.Measure.Display).
const tableCells = sanitize.PerCodePoint

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
	// headless leaves the header line out: the rows continue a table
	// whose header is already out (bulk output, written as it comes).
	headless bool
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
			line.WriteString(tableCells.PadRight(cell, widths[i]))
		}
		buf.WriteString(tableCells.Display(strings.TrimRight(line.String(), " ")))
		buf.WriteByte('\n')
	}
	headers := make([]string, len(t.columns))
	for i, c := range t.columns {
		headers[i] = c.header
	}
	if !t.headless {
		writeRow(headers)
	}
	for _, row := range t.rows {
		writeRow(row)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

func (t *table) naturalWidths() []int {
	widths := make([]int, len(t.columns))
	for i, c := range t.columns {
		widths[i] = tableCells.Width(c.header)
	}
	for _, row := range t.rows {
		for i, cell := range row {
			widths[i] = max(widths[i], tableCells.Width(cell))
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
	return min(widths[i], max(minShrunkWidth, tableCells.Width(c.header)))
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
			return min(widths[i], max(comfortableWidth, tableCells.Width(t.columns[i].header)))
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

// writeJSON prints a JSON document as the server sent it (or as the program
// built it), plus a newline, made safe by clean.JSON: valid UTF-8 whatever
// the server sent, characters a terminal could act on (C1 controls, DEL,
// bidi controls) written as \u escapes, and every string scrubbed of the
// key. The values stay the server's. On a terminal it is indented.
func writeJSON(w io.Writer, raw []byte, terminal bool, scrub func(string) string) error {
	doc := clean.JSON(bytes.TrimSpace(raw), scrub)
	if terminal {
		var indented bytes.Buffer
		if err := json.Indent(&indented, doc, "", "  "); err == nil {
			doc = indented.Bytes()
		}
	}
	_, err := w.Write(append(doc, '\n'))
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

// withFields is the JSON object the server sent with the program's own
// fields added last, in the server's order otherwise: `{"now":1}` and
// round_trip_ms give `{"now":1,"round_trip_ms":38}`. A field the server
// already sent under one of those names is replaced, never repeated: the
// program's value is the one it measured or worked out.
func withFields(object json.RawMessage, fields ...field) ([]byte, error) {
	o, err := jsonobject.Parse(object)
	if err != nil {
		return nil, err
	}
	for _, f := range fields {
		value, err := json.Marshal(f.value)
		if err != nil {
			return nil, err
		}
		o.SetLast(f.name, value)
	}
	return o.MarshalJSON()
}

type field struct {
	name  string
	value any
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

// emitJSON prints a document built from the server's answer (see
// writeDocument), and returns the exit code.
func (inv *invocation) emitJSON(ctx context.Context, doc []byte, buildErr error, conn *connection) int {
	if buildErr != nil {
		return inv.failure(ctx, "unexpected answer", &hub.Error{Kind: hub.KindBadResponse, Message: buildErr.Error()}, conn)
	}
	return inv.outputFailure(inv.writeDocument(ctx, inv.stdout(), doc, inv.env.StdoutIsTerminal, conn.scrub))
}

// outputFailure reports a failure to write the output (or of --jq on it),
// and returns the exit code.
func (inv *invocation) outputFailure(err error) int {
	if err == nil {
		return exitOK
	}
	if jqErr, ok := errorsAs[jqError](err); ok {
		inv.errorf("%s (see %s %s --help)", jqErr.msg, programName, inv.command)
		return exitUsage
	}
	inv.errorf("cannot write the output: %s", err)
	return exitFailure
}
