package cli

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestTableRender(t *testing.T) {
	tab := &table{columns: []column{{header: "NAME", shrinkRank: 1}, {header: "WHEN"}, {header: "ID", shrinkRank: 2}}}
	tab.add("Ada Lovelace", "3d ago", "11111111-2222-3333-4444-555555555555")
	tab.add("李小龍", "now", "-")

	var full strings.Builder
	if err := tab.render(&full, 0); err != nil {
		t.Fatal(err)
	}
	want := "" +
		"NAME          WHEN    ID\n" +
		"Ada Lovelace  3d ago  11111111-2222-3333-4444-555555555555\n" +
		"李小龍        now     -\n"
	if full.String() != want {
		t.Errorf("unlimited width:\n%s\nwant:\n%s", full.String(), want)
	}

	var narrow strings.Builder
	_ = tab.render(&narrow, 40)
	want = "" +
		"NAME    WHEN    ID\n" +
		"Ada L…  3d ago  11111111-2222-3333-4444…\n" +
		"李小龍  now     -\n"
	if narrow.String() != want {
		t.Errorf("40 cells:\n%s\nwant:\n%s", narrow.String(), want)
	}
	for _, line := range strings.Split(strings.TrimSuffix(narrow.String(), "\n"), "\n") {
		if w := tableCells.Width(line); w > 40 {
			t.Errorf("line %q is %d cells wide, more than 40", line, w)
		}
	}
}

func TestTableShrinksFreeTextFirst(t *testing.T) {
	tab := &table{columns: []column{{header: "NAME", shrinkRank: 1}, {header: "ACCOUNT ID", shrinkRank: 2}}}
	tab.add(strings.Repeat("n", 30), "11111111-2222-3333-4444-555555555555")
	var out strings.Builder
	_ = tab.render(&out, 50)
	lines := strings.Split(out.String(), "\n")
	if !strings.HasSuffix(lines[1], "11111111-2222-3333-4444-555555555555") {
		t.Errorf("the id was cut although the name could give: %q", lines[1])
	}
	if got := tableCells.Width(lines[1]); got != 50 {
		t.Errorf("row is %d cells, want 50: %q", got, lines[1])
	}
}

func TestWithFields(t *testing.T) {
	tests := []struct{ object, want string }{
		{`{"now":1700000000000}`, `{"now":1700000000000,"round_trip_ms":38,"skew_ms":-2}`},
		{` { } `, `{"round_trip_ms":38,"skew_ms":-2}`},
		// The program's fields replace the server's of the same name; a name
		// the server sent twice is kept once, with its last value.
		{`{"skew_ms":"x","now":1,"round_trip_ms":0}`, `{"now":1,"round_trip_ms":38,"skew_ms":-2}`},
		{`{"now":1,"now":2}`, `{"now":2,"round_trip_ms":38,"skew_ms":-2}`},
	}
	for _, tt := range tests {
		got, err := withFields(json.RawMessage(tt.object), field{"round_trip_ms", 38}, field{"skew_ms", -2})
		if err != nil || string(got) != tt.want {
			t.Errorf("withFields(%s) = %s, %v; want %s", tt.object, got, err, tt.want)
		}
	}
	for _, notObject := range []string{`[1]`, `null`, `"x"`, `{"a":1`, ``} {
		if _, err := withFields(json.RawMessage(notObject)); err == nil {
			t.Errorf("withFields accepted %q", notObject)
		}
	}
}
