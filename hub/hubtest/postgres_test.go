package hubtest

import (
	"encoding/json"
	"math"
	"testing"
)

func TestParsePostgresUUID(t *testing.T) {
	const want = "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"
	for _, in := range []string{
		"A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11",
		"{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}",
		"a0eebc999c0b4ef8bb6d6bb9bd380a11",
		"a0ee-bc99-9c0b-4ef8-bb6d-6bb9-bd38-0a11",
		"{a0eebc99-9c0b4ef8-bb6d6bb9-bd380a11}",
	} {
		if got, ok := parsePostgresUUID(in); !ok || got != want {
			t.Errorf("%q: %q %v", in, got, ok)
		}
	}
	for _, in := range []string{"", "foo", want + "0", " " + want, "{" + want, want + "-", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1-1"} {
		if _, ok := parsePostgresUUID(in); ok {
			t.Errorf("%q accepted", in)
		}
	}
}

func TestLikeContains(t *testing.T) {
	tests := []struct {
		text, term string
		want       bool
	}{
		{"smith", "sm_th", true},
		{"smith", "s%h", true},
		{"smith", "mit", true},
		{"smith", "smiths", false},
		{"smith", "", true},
		{"50%", `50\%`, true},
		{"500", `50\%`, false},
		{"snake_case", `e\_c`, true},
		{"snakeXcase", `e\_c`, false},
		{`a\b`, `\\`, true},
		{"王小明", "小_", true},
		{"ab", "a%%b", true},
	}
	for _, tc := range tests {
		if got := likeContains(tc.text, tc.term); got != tc.want {
			t.Errorf("%q LIKE '%%%s%%' = %v, want %v", tc.text, tc.term, got, tc.want)
		}
	}
}

func TestJavaScriptCoercions(t *testing.T) {
	for v, want := range map[string]float64{"": 0, " 12 ": 12, "1e3": 1000, "Infinity": math.Inf(1), "0x10": math.NaN(),
		"inf": math.NaN(), "1_0": math.NaN(), "abc": math.NaN()} {
		if got := toNumber(v); got != want && !(math.IsNaN(got) && math.IsNaN(want)) {
			t.Errorf("Number(%q) = %v, want %v", v, got, want)
		}
	}
	for v, want := range map[any]string{nil: "null", undefined: "undefined", true: "true", json.Number("2.50"): "2.5",
		"s": "s"} {
		if got := toString(v); got != want {
			t.Errorf("String(%v) = %q, want %q", v, got, want)
		}
	}
	if got := toString([]any{1.0, nil, "x", []any{"y", "z"}}); got != "1,,x,y,z" {
		t.Errorf("String(array) = %q", got)
	}
	if got := toString(map[string]any{}); got != "[object Object]" {
		t.Errorf("String(object) = %q", got)
	}
	for _, tc := range []struct {
		v    any
		want bool
	}{{nil, false}, {undefined, false}, {"", false}, {"false", true}, {json.Number("0"), false},
		{json.Number("0.1"), true}, {[]any{}, true}, {map[string]any{}, true}} {
		if got := truthy(tc.v); got != tc.want {
			t.Errorf("truthy(%#v) = %v", tc.v, got)
		}
	}
	if got := jsTrim("\u0085 x\ufeff\u3000"); got != "\u0085 x" {
		t.Errorf("trim kept or removed the wrong characters: %q", got)
	}
}
