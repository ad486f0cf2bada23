package ui

import (
	"fmt"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"cocalc-tui/hub/hubtest"
)

// goldenSizes are the terminal sizes every main state is drawn at.
var goldenSizes = [][2]int{{120, 40}, {80, 24}, {60, 20}}

// goldenStates put the UI in each main state a person sees.
var goldenStates = []struct {
	name  string
	key   string
	setup func(h *harness)
}{
	{"empty", hubtest.DemoUserKey, func(h *harness) {}},
	{"loading", hubtest.DemoUserKey, func(h *harness) {
		h.typeText("alice")
		h.capture(func() { h.advance(DefaultDebounce) }) // the answer has not arrived
	}},
	{"results", hubtest.DemoUserKey, func(h *harness) {
		h.search("alice")
		h.advance(lookupDelay)
	}},
	{"details", hubtest.DemoAdminKey, func(h *harness) {
		h.search("ada@example.com")
		h.advance(lookupDelay)
		h.press(tea.KeyEnter) // search now, focus the results
		h.press(tea.KeyEnter) // focus the details
	}},
	{"no-match", hubtest.DemoUserKey, func(h *harness) { h.search("xyzzy") }},
	{"error", "sk-thisIsNotAValidKey000", func(h *harness) { h.search("alice") }},
	{"offline", hubtest.DemoUserKey, func(h *harness) {
		h.server.Close()
		h.advance(DefaultPingInterval)
		h.search("alice")
	}},
	{"help", hubtest.DemoUserKey, func(h *harness) {
		h.search("alice")
		h.press(tea.KeyTab)
		h.pressRune('?')
	}},
	{"key-info", hubtest.DemoAdminKey, func(h *harness) {
		h.press(tea.KeyEsc)
		h.pressRune('i')
	}},
	{"project-key", hubtest.DemoProjectKey, func(h *harness) { h.search("alice") }},
	{"hostile", hubtest.DemoAdminKey, func(h *harness) {
		h.search("mallory, trudy, phisher, control, hacked, override")
		h.advance(lookupDelay)
	}},
	{"cjk-emoji-long", hubtest.DemoAdminKey, func(h *harness) {
		h.search("王, sam, 🦊, family, hubert, 민준, الأحمد, zoe")
		h.advance(lookupDelay)
	}},
}

func TestGoldenViews(t *testing.T) {
	for _, state := range goldenStates {
		for _, size := range goldenSizes {
			name := fmt.Sprintf("%s-%dx%d", state.name, size[0], size[1])
			t.Run(name, func(t *testing.T) {
				h := newHarness(t, withKey(state.key), withSize(size[0], size[1]))
				state.setup(h)
				h.golden()
			})
		}
	}
}

func TestGoldenTooSmall(t *testing.T) { // 40x10
	h := newHarness(t, withSize(40, 10))
	h.golden()
}

func sizeName(size [2]int) string { return fmt.Sprintf("%dx%d", size[0], size[1]) }

// TestGoldenColourViews draws a few states with 256 colours, in both
// themes, so that a change of colour or attribute shows in review: the
// plain golden files cannot show the focus's colour, the selected row's
// background or the states' red and green.
func TestGoldenColourViews(t *testing.T) {
	for _, theme := range []Theme{DarkTheme, LightTheme} {
		for _, name := range []string{"results", "details", "error"} {
			state := goldenState(name)
			t.Run(fmt.Sprintf("%s-%s", state.name, theme), func(t *testing.T) {
				h := newHarness(t, withKey(state.key), withSize(80, 24), withConfig(func(c *Config) {
					c.Renderer = renderer256(theme)
					c.Theme = theme
				}))
				state.setup(h)
				h.golden()
			})
		}
	}
}

// goldenState is the golden state of that name.
func goldenState(name string) uiState {
	for _, state := range goldenStates {
		if state.name == name {
			return state
		}
	}
	panic("no golden state " + name)
}

// TestGoldenKeyInfoViews draws the key info window in each state of the
// key: expiring (TestGoldenViews' key-info), never expiring, expired while
// the UI ran, its facts missing (a server older than the key list), a
// legacy key the server does not list, a project's key; and scrolled to
// its end where it does not fit.
func TestGoldenKeyInfoViews(t *testing.T) {
	openKeyInfo := func(h *harness) {
		h.press(tea.KeyEsc)
		h.pressRune('i')
	}
	tests := []struct {
		name   string
		key    string
		size   [2]int
		server func(t *testing.T) *hubtest.Server
		setup  func(h *harness)
	}{
		{"never", hubtest.DemoUserKey, [2]int{80, 24}, nil, openKeyInfo},
		{"expired", hubtest.DemoAdminKey, [2]int{80, 24},
			func(t *testing.T) *hubtest.Server { return serverWithAdaKeyExpiring(t, time.Minute) },
			func(h *harness) { h.advance(2 * time.Minute); openKeyInfo(h) }},
		{"missing", hubtest.DemoAdminKey, [2]int{80, 24}, serverWithoutKeyList, openKeyInfo},
		{"legacy", hubtest.DemoLegacyKey, [2]int{80, 24}, nil, openKeyInfo},
		{"project", hubtest.DemoProjectKey, [2]int{80, 24}, nil, openKeyInfo},
		{"scrolled", hubtest.DemoAdminKey, [2]int{60, 20}, nil, func(h *harness) { openKeyInfo(h); h.pressRune('G') }},
	}
	for _, tt := range tests {
		t.Run(tt.name+"-"+sizeName(tt.size), func(t *testing.T) {
			opts := []harnessOption{withKey(tt.key), withSize(tt.size[0], tt.size[1])}
			if tt.server != nil {
				opts = append(opts, withServer(tt.server(t)))
			}
			h := newHarness(t, opts...)
			tt.setup(h)
			h.golden()
		})
	}
}
