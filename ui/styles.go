package ui

import (
	"github.com/charmbracelet/lipgloss"

	"cocalc-tui/ui/sanitize"
)

// Theme is the set of colours the UI uses: for a dark or a light terminal
// background.
type Theme uint8

const (
	// DarkTheme is for light text on a dark background (the default).
	DarkTheme Theme = iota
	// LightTheme is for dark text on a light background.
	LightTheme
)

// String is the theme's name, as --theme and the config file spell it.
func (t Theme) String() string {
	if t == LightTheme {
		return "light"
	}
	return "dark"
}

// palette names colours by the role they play, never by what they look like,
// so that light and dark terminals each get a readable variant.
type palette struct {
	accent      lipgloss.AdaptiveColor
	muted       lipgloss.AdaptiveColor
	border      lipgloss.AdaptiveColor
	focusBorder lipgloss.AdaptiveColor
	selectedBg  lipgloss.AdaptiveColor
	ok          lipgloss.AdaptiveColor
	warn        lipgloss.AdaptiveColor
	bad         lipgloss.AdaptiveColor
	demoBg      lipgloss.AdaptiveColor
	demoFg      lipgloss.AdaptiveColor
}

var defaultPalette = palette{
	accent:      lipgloss.AdaptiveColor{Light: "#1F5FBF", Dark: "#7AA2F7"},
	muted:       lipgloss.AdaptiveColor{Light: "#6B6B6B", Dark: "#8A8F98"},
	border:      lipgloss.AdaptiveColor{Light: "#B8B8B8", Dark: "#444B57"},
	focusBorder: lipgloss.AdaptiveColor{Light: "#1F5FBF", Dark: "#7AA2F7"},
	selectedBg:  lipgloss.AdaptiveColor{Light: "#DCE6F7", Dark: "#283457"},
	ok:          lipgloss.AdaptiveColor{Light: "#1E7B34", Dark: "#9ECE6A"},
	warn:        lipgloss.AdaptiveColor{Light: "#9A6700", Dark: "#E0AF68"},
	bad:         lipgloss.AdaptiveColor{Light: "#B42318", Dark: "#F7768E"},
	demoBg:      lipgloss.AdaptiveColor{Light: "#9A6700", Dark: "#E0AF68"},
	demoFg:      lipgloss.AdaptiveColor{Light: "#FFFFFF", Dark: "#1A1B26"},
}

// Styles is every style the UI draws with, built from the palette for one
// renderer and one theme (so tests can render without colour, and NO_COLOR
// is honoured through the renderer's colour profile), and the measure of the
// terminal it draws on: every width of the UI is counted in Cells.
type Styles struct {
	Cells    sanitize.Measure
	Theme    Theme
	renderer *lipgloss.Renderer

	Title       lipgloss.Style
	Muted       lipgloss.Style
	Accent      lipgloss.Style
	Ok          lipgloss.Style
	Warn        lipgloss.Style
	Bad         lipgloss.Style
	Demo        lipgloss.Style
	Badge       lipgloss.Style
	Border      lipgloss.Style
	FocusBorder lipgloss.Style
	PanelTitle  lipgloss.Style
	ColumnHead  lipgloss.Style
	Selected    lipgloss.Style
	Label       lipgloss.Style
	Prompt      lipgloss.Style
	Placeholder lipgloss.Style
	HelpKey     lipgloss.Style
	HelpDesc    lipgloss.Style
	HelpSep     lipgloss.Style
}

// NewStyles builds the styles for a renderer and a theme, measured per code
// point until the terminal says it counts grapheme clusters (see
// Model.setCells).
func NewStyles(r *lipgloss.Renderer, theme Theme) Styles {
	p := defaultPalette.forTheme(theme)
	s := r.NewStyle
	return Styles{
		Theme:       theme,
		renderer:    r,
		Title:       s().Bold(true).Foreground(p.accent),
		Muted:       s().Foreground(p.muted),
		Accent:      s().Foreground(p.accent),
		Ok:          s().Foreground(p.ok),
		Warn:        s().Foreground(p.warn),
		Bad:         s().Foreground(p.bad),
		Demo:        s().Bold(true).Foreground(p.demoFg).Background(p.demoBg).Padding(0, 1),
		Badge:       s().Bold(true).Foreground(p.bad),
		Border:      s().Foreground(p.border),
		FocusBorder: s().Foreground(p.focusBorder),
		PanelTitle:  s().Bold(true),
		ColumnHead:  s().Foreground(p.muted).Bold(true),
		Selected:    s().Background(p.selectedBg).Bold(true),
		Label:       s().Foreground(p.muted),
		Prompt:      s().Foreground(p.accent).Bold(true),
		Placeholder: s().Foreground(p.muted),
		HelpKey:     s().Foreground(p.accent),
		HelpDesc:    s().Foreground(p.muted),
		HelpSep:     s().Foreground(p.border),
	}
}

// WithTheme is the styles in another theme, in the same measure.
func (s Styles) WithTheme(theme Theme) Styles {
	restyled := NewStyles(s.renderer, theme)
	restyled.Cells = s.Cells
	return restyled
}

// forTheme is the palette with every colour fixed to the theme's variant:
// the theme is chosen explicitly (a flag, the config file, or the
// terminal's answer), never guessed by the renderer on its own.
func (p palette) forTheme(theme Theme) palette {
	pick := func(c lipgloss.AdaptiveColor) lipgloss.AdaptiveColor {
		if theme == LightTheme {
			return lipgloss.AdaptiveColor{Light: c.Light, Dark: c.Light}
		}
		return lipgloss.AdaptiveColor{Light: c.Dark, Dark: c.Dark}
	}
	return palette{
		accent: pick(p.accent), muted: pick(p.muted), border: pick(p.border),
		focusBorder: pick(p.focusBorder), selectedBg: pick(p.selectedBg), ok: pick(p.ok), warn: pick(p.warn),
		bad: pick(p.bad), demoBg: pick(p.demoBg), demoFg: pick(p.demoFg),
	}
}

// swatch is a sample of a colour the server sent (a profile's), as two
// full blocks in it, drawn in the renderer's colour profile.
func (s Styles) swatch(hex string) string {
	return s.renderer.NewStyle().Foreground(lipgloss.Color(hex)).Render("██")
}
