package sanitize

import (
	"fmt"
	"strings"
	"testing"
)

func TestTruncate(t *testing.T) {
	tests := []struct {
		in    string
		width int
		want  string
	}{
		{"hello", -1, ""},
		{"hello", 0, ""},
		{"hello", 1, "…"},
		{"hello", 2, "h…"},
		{"hello", 3, "he…"},
		{"hello", 5, "hello"},
		{"hello", 80, "hello"},
		{"", 0, ""},
		{"", 3, ""},
		{"日本語", 0, ""},
		{"日本語", 1, "…"},
		{"日本語", 2, "…"},
		{"日本語", 3, "日…"},
		{"日本語", 4, "日…"}, // the cut falls inside 本: it is dropped whole
		{"日本語", 5, "日本…"},
		{"日本語", 6, "日本語"},
		{"a日本", 3, "a…"},
		{"👨‍👩‍👧‍👦x", 1, "…"},
		{"👨‍👩‍👧‍👦x", 2, "…"},
		{"👨‍👩‍👧‍👦xy", 3, "👨‍👩‍👧‍👦…"},
		{"👍🏽👍🏽", 3, "👍🏽…"},
		{"🇩🇪🇯🇵", 3, "🇩🇪…"},
		{"e\u0301e\u0301e\u0301", 2, "e\u0301…"},
	}
	for _, tt := range tests {
		got := Truncate(tt.in, tt.width)
		if got != tt.want {
			t.Errorf("Truncate(%q, %d) = %q, want %q", tt.in, tt.width, got, tt.want)
		}
		if tt.width >= 0 && Width(got) > tt.width {
			t.Errorf("Truncate(%q, %d) = %q is %d cells wide", tt.in, tt.width, got, Width(got))
		}
	}
}

// TestTruncateAgreesWithWidth checks that Truncate measures exactly as Width
// does: a string is cut exactly when Width says it is too wide. The keycap is
// the case where ansi.FirstGraphemeCluster and ansi.StringWidth disagree.
func TestTruncateAgreesWithWidth(t *testing.T) {
	for _, s := range []string{"1\ufe0f\u20e3abc", "#\ufe0f\u20e3", "a\u200d😀", "e\u0301日👍🏽", "☺\ufe0fx"} {
		for w := 0; w <= Width(s)+1; w++ {
			got := Truncate(s, w)
			switch {
			case Width(got) > w:
				t.Errorf("Truncate(%q, %d) = %q is %d cells wide", s, w, got, Width(got))
			case w >= Width(s) && got != s:
				t.Errorf("Truncate(%q, %d) = %q, want it whole: Width is %d", s, w, got, Width(s))
			case w > 0 && w < Width(s) && !strings.HasSuffix(got, ellipsis):
				t.Errorf("Truncate(%q, %d) = %q, want a cut ending in %q", s, w, got, ellipsis)
			}
		}
	}
}

func TestFit(t *testing.T) {
	tests := []struct {
		in    string
		width int
		want  string
	}{
		{"\x1b[2Jabc", 4, "␛[2…"},
		{"\x1b]0;title\x07", 80, "␛]0;title␇"},
		{"Bob\u202e\r", 4, "Bob␍"},
		{"山田\x1b", 3, "山…"},
	}
	for _, tt := range tests {
		if got := Fit(tt.in, tt.width); got != tt.want {
			t.Errorf("Fit(%q, %d) = %q, want %q", tt.in, tt.width, got, tt.want)
		}
	}
}

func TestWidth(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"", 0},
		{"abc", 3},
		{"日本", 4},
		{"José", 4},
		{"e\u0301", 1},
		{"👍🏽", 2},
		{"👨‍👩‍👧‍👦", 2},
		{"🇩🇪", 2},
		{"␛[2J", 4},
		{"�", 1},
		{"…", 1},
	}
	for _, tt := range tests {
		if got := Width(tt.in); got != tt.want {
			t.Errorf("Width(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

func TestPadRight(t *testing.T) {
	tests := []struct {
		in    string
		width int
		want  string
	}{
		{"ab", 4, "ab  "},
		{"abcdef", 4, "abc…"},
		{"日本", 5, "日本 "},
		{"日本語", 4, "日… "}, // the wide 本 does not fit: a space fills its cell
		{"ab", 0, ""},
		{"ab", -3, ""},
		{"", 2, "  "},
	}
	for _, tt := range tests {
		got := PadRight(tt.in, tt.width)
		if got != tt.want {
			t.Errorf("PadRight(%q, %d) = %q, want %q", tt.in, tt.width, got, tt.want)
		}
		if want := max(tt.width, 0); Width(got) != want {
			t.Errorf("PadRight(%q, %d) is %d cells wide, want %d", tt.in, tt.width, Width(got), want)
		}
	}
}

func ExampleFit() {
	fmt.Println(Fit("山田太郎\x1b[2J", 7))
	// Output: 山田太…
}

func TestTruncateToleratesUncleanInput(t *testing.T) {
	// Truncate's contract is clean input, but a caller's mistake must not hang
	// or panic the UI.
	for _, s := range []string{"\xff\xfe\xfd", "\x1b[2J\x1b[2J", "\u009b\u202e\x00"} {
		for w := 0; w < 5; w++ {
			_ = Truncate(s, w)
		}
	}
}
