package cli

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"cocalc-tui/hub"
	"cocalc-tui/hub/clean"
	"cocalc-tui/hub/hubtest"
)

// demoHostileIDs are the demo data's accounts whose names attack the
// terminal that prints them (hubtest's hostilePeople), in order: clear
// screen and window title, OSC 52 clipboard write, OSC 8 hidden link, C1
// CSI, CR and backspaces, bidi override, DEL.
var demoHostileIDs = []string{
	hubtest.DemoHostileAccountID,
	"0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0",
	"1e2d3c4b-5a69-4877-96a5-b4c3d2e1f00f",
	"2d3c4b5a-6978-4a86-85b4-c3d2e1f00f1e",
	"3c4b5a69-7887-4b95-94c3-d2e1f00f1e2d",
	"4b5a6978-8796-4ca4-a3d2-e1f00f1e2d3c",
	"5a697887-96a5-4db3-b2e1-f00f1e2d3c4b",
}

// rawName is a getNames entry as the server sent it, not cleaned.
type rawName struct {
	FirstName string `json:"first_name"`
	LastName  string `json:"last_name"`
}

// demoNames is the server's getNames answer for ids, decoded as sent.
func demoNames(t *testing.T, server *hubtest.Server, ids []string) map[string]rawName {
	t.Helper()
	var names map[string]rawName
	if err := json.Unmarshal([]byte(rawAnswer(t, server, hubtest.DemoAdminKey, hub.FuncGetNames, ids)), &names); err != nil {
		t.Fatal(err)
	}
	return names
}

// TestHostileDemoDataIsHostile guards the other tests of this file: each
// account they use must really carry something a terminal would act on.
func TestHostileDemoDataIsHostile(t *testing.T) {
	server := hubtest.NewDemoServer()
	t.Cleanup(server.Close)
	names := demoNames(t, server, demoHostileIDs)
	for _, id := range demoHostileIDs {
		name := names[id].FirstName + " " + names[id].LastName
		if _, hostile := firstTerminalHazard(name, false); !hostile {
			t.Errorf("account %s (%q) holds nothing a terminal would act on", id, name)
		}
	}
}

// TestHostileNamesInHumanOutput prints the hostile accounts every way a
// human reads them, on a terminal and into a pipe, and checks that no byte
// a terminal acts on gets through, while the attack stays visible.
func TestHostileNamesInHumanOutput(t *testing.T) {
	server := hubtest.NewDemoServer()
	t.Cleanup(server.Close)
	c := newCLI(t, server, hubtest.DemoAdminKey)
	commandLines := [][]string{
		append([]string{"names"}, demoHostileIDs...),
		{"names", "-"},
		{"search", "-"},
		{"search", "-", "--admin"},
		{"search", "@example.net", "--admin"}, // the hostile accounts' emails, in one table
	}
	for _, id := range demoHostileIDs {
		commandLines = append(commandLines, []string{"search", id}, []string{"search", id, "--admin"})
	}
	for _, terminal := range []bool{false, true} {
		for _, width := range []int{200, 60} {
			c.terminal, c.width = terminal, width
			for _, args := range commandLines {
				c.stdin = strings.Join(demoHostileIDs, "\n") + "\n"
				r := c.run(t, args...)
				where := describeRun(args, terminal, width)
				if r.code != exitOK || strings.Contains(r.stderr, "\n") && !strings.HasPrefix(r.stderr, "cocalc-tui: note: ") {
					t.Errorf("%s: exit %d, stderr %q", where, r.code, r.stderr)
				}
				if terminal {
					checkSafeForTerminal(t, where, r.stdout)
					checkFitsWidth(t, where, r.stdout, width)
				} else {
					checkTabSeparated(t, where, r.stdout)
				}
			}
		}
	}
	// The attacks show as harmless text: the escape sequence is readable.
	c.terminal, c.width = false, 0 // tab-separated
	r := c.run(t, "names", hubtest.DemoHostileAccountID)
	if want := "Mallory␛[2J␛[H ␛]0;pwned by mallory␇Evil"; !strings.Contains(r.stdout, want) {
		t.Errorf("the hostile name is not shown as %q:\n%s", want, r.stdout)
	}
}

// describeRun names a run in a failure message.
func describeRun(args []string, terminal bool, width int) string {
	if !terminal {
		return strings.Join(args, " ") + " (to a pipe)"
	}
	return fmt.Sprintf("%s (to a terminal %d wide)", strings.Join(args, " "), width)
}

// checkSafeForTerminal checks human output: no byte below 0x20 but the
// newline (columns are padded with spaces, not tabs), no DEL, no C1
// controls, no bidi controls, valid UTF-8.
func checkSafeForTerminal(t *testing.T, where, stdout string) {
	t.Helper()
	if bad, found := firstTerminalHazard(stdout, true); found {
		t.Errorf("%s: the output holds %U, which a terminal would act on:\n%q", where, bad, stdout)
	}
}

// checkTabSeparated checks piped output: lines of tab-separated values,
// the same number of them on every line (no value holds a tab or a line
// break), and nothing else a terminal would act on.
func checkTabSeparated(t *testing.T, where, stdout string) {
	t.Helper()
	if stdout == "" {
		return
	}
	lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
	for _, line := range lines {
		if tabs, want := strings.Count(line, "\t"), strings.Count(lines[0], "\t"); tabs != want || tabs == 0 {
			t.Errorf("%s: a line of %d tabs, the first has %d: %q", where, tabs, want, line)
		}
	}
	checkSafeForTerminal(t, where, strings.ReplaceAll(stdout, "\t", " "))
}

// checkFitsWidth checks that no line is wider than the terminal.
func checkFitsWidth(t *testing.T, where, stdout string, width int) {
	t.Helper()
	for _, line := range strings.Split(strings.TrimSuffix(stdout, "\n"), "\n") {
		if w := tableCells.Width(line); w > width {
			t.Errorf("%s: a line is %d cells wide, more than the terminal's %d: %q", where, w, width, line)
		}
	}
}

// TestHostileNamesInJSON checks that --json keeps the server's values: the
// decoded output equals the decoded answer of the server, on a terminal (which
// gets C1, DEL and bidi controls as \u escapes) and into a pipe (the server's
// bytes as they came).
func TestHostileNamesInJSON(t *testing.T) {
	server := hubtest.NewDemoServer()
	t.Cleanup(server.Close)
	c := newCLI(t, server, hubtest.DemoAdminKey)
	wantNames := decodeJSON(t, rawAnswer(t, server, hubtest.DemoAdminKey, hub.FuncGetNames, demoHostileIDs))
	for _, terminal := range []bool{false, true} {
		c.terminal, c.width = terminal, 120
		r := c.run(t, append([]string{"names", "--json"}, demoHostileIDs...)...)
		where := describeRun([]string{"names", "--json"}, terminal, 120)
		if got := decodeJSON(t, r.stdout); !reflect.DeepEqual(got, wantNames) {
			t.Errorf("%s: the values differ from the server's:\n got %v\nwant %v", where, got, wantNames)
		}
		if terminal {
			checkSafeForTerminal(t, where, r.stdout)
		}

		for _, id := range demoHostileIDs {
			want := decodeJSON(t, rawAnswer(t, server, hubtest.DemoAdminKey, hub.FuncUserSearch,
				hub.SearchParams{Query: id, Admin: true}))
			r := c.run(t, "search", id, "--admin", "--json")
			if got := decodeJSON(t, r.stdout); !reflect.DeepEqual(got, want) {
				t.Errorf("%s: search %s: the values differ from the server's:\n got %v\nwant %v", where, id, got, want)
			}
			if terminal {
				checkSafeForTerminal(t, where, r.stdout)
			}
		}

		// search - prints JSON Lines: each line's result is the server's answer.
		c.stdin = strings.Join(demoHostileIDs, "\n") + "\n"
		r = c.run(t, "search", "-", "--json")
		lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
		if len(lines) != len(demoHostileIDs) {
			t.Fatalf("%s: search - printed %d lines, want %d:\n%s", where, len(lines), len(demoHostileIDs), r.stdout)
		}
		for i, line := range lines {
			want := decodeJSON(t, rawAnswer(t, server, hubtest.DemoAdminKey, hub.FuncUserSearch,
				hub.SearchParams{Query: demoHostileIDs[i]}))
			var record struct {
				Query  string `json:"query"`
				Result any    `json:"result"`
			}
			if err := json.Unmarshal([]byte(line), &record); err != nil {
				t.Fatalf("%s: line %d is not JSON: %v: %q", where, i+1, err, line)
			}
			if record.Query != demoHostileIDs[i] || !reflect.DeepEqual(record.Result, want) {
				t.Errorf("%s: line %d = %v, want the query %s and the server's %v", where, i+1, record, demoHostileIDs[i], want)
			}
		}
		if terminal {
			checkSafeForTerminal(t, where+" search -", r.stdout)
		}
	}
}

func decodeJSON(t *testing.T, text string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(text), &v); err != nil {
		t.Fatalf("not JSON: %v: %q", err, text)
	}
	return v
}

// TestHostileNamesInCSV checks that CSV, into a file, a pipe or a terminal
// alike, holds the cleaned values (a spreadsheet, or a cat of the file,
// would act on escape sequences too), with RFC 4180's CRLF record ends and
// no other carriage return.
func TestHostileNamesInCSV(t *testing.T) {
	server := hubtest.NewDemoServer()
	t.Cleanup(server.Close)
	c := newCLI(t, server, hubtest.DemoAdminKey)
	names := demoNames(t, server, demoHostileIDs)
	cleaned := func(raw string) string { return hub.CSVCell(clean.Bounded(raw, clean.NameLimit)) }
	for _, terminal := range []bool{false, true} {
		c.terminal, c.width = terminal, 120
		r := c.run(t, append([]string{"names", "--csv"}, demoHostileIDs...)...)
		checkCSV(t, describeRun([]string{"names", "--csv"}, terminal, 120), r.stdout)
		records, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
		if err != nil || len(records) != len(demoHostileIDs)+1 {
			t.Fatalf("names --csv: %v, %d records:\n%q", err, len(records), r.stdout)
		}
		for i, id := range demoHostileIDs {
			want := []string{id, cleaned(names[id].FirstName), cleaned(names[id].LastName)}
			if got := records[i+1]; !reflect.DeepEqual(got, want) {
				t.Errorf("names --csv: record %q, want the cleaned values %q", got, want)
			}
		}

		r = c.run(t, append([]string{"search", "--csv", "--admin"}, "@example.net")...)
		checkCSV(t, describeRun([]string{"search", "--csv"}, terminal, 120), r.stdout)
		records, err = csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
		if err != nil {
			t.Fatalf("search --csv: %v:\n%q", err, r.stdout)
		}
		found := 0
		for _, record := range records[1:] {
			if want, ok := names[record[0]]; ok {
				found++
				if record[1] != cleaned(want.FirstName) || record[2] != cleaned(want.LastName) {
					t.Errorf("search --csv: %q, want the cleaned names of %q, %q", record, want.FirstName, want.LastName)
				}
			}
		}
		if found != len(demoHostileIDs) {
			t.Errorf("search --csv found %d of the %d hostile accounts:\n%s", found, len(demoHostileIDs), r.stdout)
		}
	}
}

// checkCSV checks CSV output: records end with CRLF, and nothing else in it
// could act on a terminal.
func checkCSV(t *testing.T, where, stdout string) {
	t.Helper()
	if !strings.HasSuffix(stdout, "\r\n") || strings.Count(stdout, "\n") != strings.Count(stdout, "\r\n") {
		t.Errorf("%s: records do not all end with CRLF: %q", where, stdout)
	}
	checkSafeForTerminal(t, where, strings.ReplaceAll(stdout, "\r\n", "\n"))
}
