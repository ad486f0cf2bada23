package ui

import (
	"strings"
)

// boxLines are the characters of a panel's border.
type boxLines struct {
	topLeft, topRight, bottomLeft, bottomRight, horizontal, vertical string
}

var (
	// roundedLines draw a panel without the focus.
	roundedLines = boxLines{"╭", "╮", "╰", "╯", "─", "│"}
	// heavyLines draw the focused panel: the focus shows without colour
	// too (NO_COLOR, a monochrome terminal). Like the light lines, they
	// are one cell wide in every terminal.
	heavyLines = boxLines{"┏", "┓", "┗", "┛", "━", "┃"}
)

// panel draws a box of exactly r's size with a title in its top border and
// the given lines inside (cut or padded to fit): rounded, or heavy and in
// the accent colour when it has the focus. Lines must already be clean: they
// may hold styling, but no server text that was not sanitized.
func (s Styles) panel(title, rightTitle string, lines []string, r rect, focused bool) string {
	if r.width < 4 || r.height < 2 {
		return ""
	}
	border, box := s.Border, roundedLines
	if focused {
		border, box = s.FocusBorder, heavyLines
	}
	inner := r.inner()
	// The side is styled once, not twice a line: rendering a style costs
	// more than the rest of a line, and a frame has a hundred sides.
	side := border.Render(box.vertical)
	var b strings.Builder
	b.WriteString(s.topBorder(border, box, title, rightTitle, inner.width))
	for i := 0; i < inner.height; i++ {
		line := ""
		if i < len(lines) {
			line = lines[i]
		}
		b.WriteByte('\n')
		b.WriteString(side)
		b.WriteString(s.fitStyled(line, inner.width))
		b.WriteString(side)
	}
	b.WriteByte('\n')
	b.WriteString(border.Render(box.bottomLeft + strings.Repeat(box.horizontal, inner.width) + box.bottomRight))
	return b.String()
}

// topBorder is "╭─ Title ─────── right ─╮" in exactly width+2 cells.
func (s Styles) topBorder(border interface{ Render(...string) string }, box boxLines, title, right string, width int) string {
	titleText := ""
	if title != "" {
		titleText = " " + s.Cells.Truncate(title, max(0, width-4)) + " "
	}
	rightText := ""
	if right != "" && s.Cells.Width(titleText)+s.Cells.Width(right)+6 <= width {
		rightText = " " + right + " "
	}
	fill := width - 1 - s.Cells.Width(titleText) - s.Cells.Width(rightText) - 1
	if fill < 0 {
		titleText, rightText, fill = "", "", width-2
	}
	return border.Render(box.topLeft+box.horizontal) + s.PanelTitle.Render(titleText) +
		border.Render(strings.Repeat(box.horizontal, fill)) + s.Muted.Render(rightText) +
		border.Render(box.horizontal+box.topRight)
}

// fitStyled pads or cuts a possibly styled line to exactly width cells, in
// the terminal's measure.
func (s Styles) fitStyled(line string, width int) string {
	w := s.Cells.Width(line)
	switch {
	case w == width:
		return line
	case w < width:
		return line + strings.Repeat(" ", width-w)
	}
	cut := s.Cells.TruncateStyled(line, width, "…")
	// A wide character that did not fit whole leaves the line a cell short.
	return cut + strings.Repeat(" ", max(0, width-s.Cells.Width(cut)))
}

// truncateStyled cuts a styled line that is wider than width cells, keeping
// its escape codes balanced, and marks the cut with an ellipsis. A line that
// fits is returned as it is.
func (s Styles) truncateStyled(line string, width int) string {
	return s.Cells.TruncateStyled(line, width, "…")
}
