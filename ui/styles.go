package ui

import "github.com/charmbracelet/lipgloss"

// palette names colours by the role they play, never by what they look like,
// so that light and dark terminals each get a readable variant.
type palette struct {
	accent      lipgloss.AdaptiveColor
	text        lipgloss.AdaptiveColor
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
	text:        lipgloss.AdaptiveColor{Light: "#1A1A1A", Dark: "#E6E6E6"},
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

// Styles is every style the UI draws with, built once from the palette for
// one renderer (so tests can render without colour, and NO_COLOR is honoured
// through the renderer's colour profile).
type Styles struct {
	App         lipgloss.Style
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
	Overlay     lipgloss.Style
}

// NewStyles builds the styles for a renderer.
func NewStyles(r *lipgloss.Renderer) Styles {
	p := defaultPalette
	s := r.NewStyle
	return Styles{
		App:         s().Foreground(p.text),
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
		Overlay:     s().Border(lipgloss.RoundedBorder()).BorderForeground(p.focusBorder).Padding(0, 1),
	}
}
