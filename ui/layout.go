package ui

// Minimum terminal size below which the UI shows only a "too small" notice.
const (
	minWidth  = 50
	minHeight = 14
	// sideBySideWidth is the narrowest terminal that gets the results and the
	// details next to each other; narrower ones stack them.
	sideBySideWidth = 100
	// Width bounds of the details pane when it is beside the results.
	minDetailsWidth = 52
	maxDetailsWidth = 72
)

// Fixed heights of the parts above and below the panes.
const (
	headerHeight  = 2 // server status, key scope
	searchHeight  = 3 // bordered input
	outcomeHeight = 1 // "23 accounts for …"
	hintHeight    = 1 // key hints or a flash message
)

// rect is a part of the screen: where its top left cell is (column x,
// row y, from 0) and its size in cells (borders included).
type rect struct{ x, y, width, height int }

// layout is where everything goes for one terminal size. It is computed in one
// place, from the size alone, so every part agrees on it.
type layout struct {
	width, height int
	tooSmall      bool
	stacked       bool // details below the results instead of beside them
	search        rect
	results       rect
	details       rect
}

func computeLayout(width, height int) layout {
	l := layout{width: width, height: height}
	if width < minWidth || height < minHeight {
		l.tooSmall = true
		return l
	}
	l.search = rect{y: headerHeight, width: width, height: searchHeight}
	panesTop := headerHeight + searchHeight + outcomeHeight
	panes := height - panesTop - hintHeight
	if width >= sideBySideWidth {
		// The details get enough room for an aligned account id; the results
		// take the rest, and most of any extra width.
		detailsWidth := max(minDetailsWidth, min(width*45/100, maxDetailsWidth))
		l.results = rect{y: panesTop, width: width - detailsWidth, height: panes}
		l.details = rect{x: width - detailsWidth, y: panesTop, width: detailsWidth, height: panes}
		return l
	}
	l.stacked = true
	resultsHeight := panes * 55 / 100
	l.results = rect{y: panesTop, width: width, height: resultsHeight}
	l.details = rect{y: panesTop + resultsHeight, width: width, height: panes - resultsHeight}
	return l
}

// inner is the content of a bordered rect.
func (r rect) inner() rect {
	return rect{x: r.x + 1, y: r.y + 1, width: max(0, r.width-2), height: max(0, r.height-2)}
}

// contains reports whether the cell at column x, row y is in r.
func (r rect) contains(x, y int) bool {
	return x >= r.x && x < r.x+r.width && y >= r.y && y < r.y+r.height
}
