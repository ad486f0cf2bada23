package clean

import "strings"

// Text is Line for text of several lines and columns, such as a string a
// --jq expression builds with @tsv or join("\n"): TAB and LF are kept, CR
// LF becomes LF, and everything between them is cleaned as Line cleans it
// (ESC made visible, other controls, a lone CR included, shown as their
// pictures, C1 controls and invalid UTF-8 as U+FFFD, bidi controls and
// other invisible characters removed). Text(Text(s)) == Text(s).
func Text(s string) string {
	if !strings.ContainsAny(s, "\t\n") {
		return Line(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	for i, line := range strings.Split(s, "\n") {
		if i > 0 {
			b.WriteByte('\n')
		}
		line = strings.TrimSuffix(line, "\r")
		for j, field := range strings.Split(line, "\t") {
			if j > 0 {
				b.WriteByte('\t')
			}
			b.WriteString(Line(field))
		}
	}
	return b.String()
}
