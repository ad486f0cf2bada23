package cli

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"cocalc-tui/hub/hubtest"
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

// TestExtremeTimesAndFormulasInEveryOutput: times a hostile server sends
// beyond any calendar show as what they are (not "in -9223372036s", not a
// year of nine digits in a date column), and a name that is a formula once
// cleaned (a TAB becomes a space) or in full-width letters is neutralised.
func TestExtremeTimesAndFormulasInEveryOutput(t *testing.T) {
	const id = "a0000000-0000-4000-8000-0000000000ff"
	data := testData()
	data.Accounts = append(data.Accounts, hubtest.Account{AccountID: id, FirstName: ptr("\t=HYPERLINK(\"http://x\")"),
		LastName: ptr("\uff0b1"), LastActive: ptr(int64(math.MaxInt64)), Created: ptr(int64(math.MinInt64))})
	server := hubtest.NewServer(data)
	t.Cleanup(server.Close)
	c := newCLI(t, server, adminKey)

	r := c.run(t, "search", id, "--csv", "--admin")
	want := "account_id,first_name,last_name,name,email_address,last_active,created,banned,email_address_verified\r\n" +
		id + `,"' =HYPERLINK(""http://x"")",'` + "\uff0b1,,,9223372036854775807,-9223372036854775808,,\r\n"
	r.expect(t, exitOK, want, "")

	r = c.run(t, "search", id, "--admin")
	if fields := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\t"); len(fields) < 5 ||
		fields[3] != "9223372036854775807" || fields[4] != "-9223372036854775808" {
		t.Errorf("tab-separated: %q (stderr %q)", r.stdout, r.stderr)
	}

	c.terminal, c.width = true, 200
	r = c.run(t, "search", id, "--admin")
	if !strings.Contains(r.stdout, "in 292276968y") || !strings.Contains(r.stdout, "292277081y ago") || strings.Contains(r.stdout, "-9") {
		t.Errorf("on a terminal:\n%s(stderr %q)", r.stdout, r.stderr)
	}
}
