package ui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"cocalc-tui/ui/sanitize"
)

// panel draws a rounded box of exactly r's size with a title in its top
// border and the given lines inside (cut or padded to fit). Lines must already
// be clean: they may hold styling, but no server text that was not sanitized.
func (s Styles) panel(title, rightTitle string, lines []string, r rect, focused bool) string {
	if r.width < 4 || r.height < 2 {
		return ""
	}
	border := s.Border
	if focused {
		border = s.FocusBorder
	}
	inner := r.inner()
	// The side is styled once, not twice a line: rendering a style costs
	// more than the rest of a line, and a frame has a hundred sides.
	side := border.Render("│")
	var b strings.Builder
	b.WriteString(s.topBorder(border, title, rightTitle, inner.width))
	for i := 0; i < inner.height; i++ {
		line := ""
		if i < len(lines) {
			line = lines[i]
		}
		b.WriteByte('\n')
		b.WriteString(side)
		b.WriteString(fitStyled(line, inner.width))
		b.WriteString(side)
	}
	b.WriteByte('\n')
	b.WriteString(border.Render("╰" + strings.Repeat("─", inner.width) + "╯"))
	return b.String()
}

// topBorder is "╭─ Title ─────── right ─╮" in exactly width+2 cells.
func (s Styles) topBorder(border interface{ Render(...string) string }, title, right string, width int) string {
	titleText := ""
	if title != "" {
		titleText = " " + sanitize.Truncate(title, max(0, width-4)) + " "
	}
	rightText := ""
	if right != "" && sanitize.Width(titleText)+sanitize.Width(right)+6 <= width {
		rightText = " " + right + " "
	}
	fill := width - 1 - sanitize.Width(titleText) - sanitize.Width(rightText) - 1
	if fill < 0 {
		titleText, rightText, fill = "", "", width-2
	}
	return border.Render("╭─") + s.PanelTitle.Render(titleText) + border.Render(strings.Repeat("─", fill)) +
		s.Muted.Render(rightText) + border.Render("─╮")
}

// fitStyled pads or cuts a possibly styled line to exactly width cells.
func fitStyled(line string, width int) string {
	w := sanitize.Width(line)
	switch {
	case w == width:
		return line
	case w < width:
		return line + strings.Repeat(" ", width-w)
	}
	cut := ansi.Truncate(line, width, "…")
	// A wide character that did not fit whole leaves the line a cell short.
	return cut + strings.Repeat(" ", max(0, width-sanitize.Width(cut)))
}

// truncateStyled cuts a styled line that is wider than width cells, keeping
// its escape codes balanced, and marks the cut with an ellipsis. A line that
// fits is returned as it is.
func truncateStyled(line string, width int) string {
	if sanitize.Width(line) <= width {
		return line
	}
	return ansi.Truncate(line, width, "…")
}
