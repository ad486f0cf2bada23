package cli

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"cocalc-tui/hub"
	"cocalc-tui/hub/hubtest"
)

// The bulk tests run against a fake hub that takes 20 ms a request, and
// assert on what a user gets and on how many requests it took, never on
// how long.
const bulkLatency = 20 * time.Millisecond

const (
	goneEmail   = "gone@example.org" // a deleted account that kept its address
	spamEmail   = "spam@example.org" // banned
	ullaEmail   = "ulla@example.org" // unlisted
	zebraID     = "c0000000-0000-4000-8000-00000000000a"
	goneID      = "c0000000-0000-4000-8000-00000000000b"
	studentBase = "c0000000-0000-4000-8000-0000000010%02d"
)

// studentEmail is the address of student i of the roster world.
func studentEmail(i int) string { return fmt.Sprintf("student%02d@school.example.org", i) }

// rosterWorld is testData plus a class of 64 students, an unlisted, a
// deleted and a banned account with addresses, and a name without one.
func rosterWorld() *hubtest.Data {
	d := testData()
	for i := range 64 {
		d.Accounts = append(d.Accounts, hubtest.Account{AccountID: fmt.Sprintf(studentBase, i),
			FirstName: ptr("Student"), LastName: ptr(fmt.Sprintf("Nr %02d", i)), EmailAddress: ptr(studentEmail(i)),
			LastActive: msAgo(time.Duration(i+1) * time.Hour), Created: msAgo(100 * day)})
	}
	d.Accounts = append(d.Accounts,
		hubtest.Account{AccountID: "c0000000-0000-4000-8000-000000000001", FirstName: ptr("Ulla"), LastName: ptr("Unlisted"),
			EmailAddress: ptr(ullaEmail), Unlisted: true, LastActive: msAgo(3 * day)},
		hubtest.Account{AccountID: goneID, FirstName: ptr("Gone"), LastName: ptr("Away"), EmailAddress: ptr(goneEmail),
			Deleted: true, LastActive: msAgo(300 * day)},
		hubtest.Account{AccountID: "c0000000-0000-4000-8000-00000000000c", FirstName: ptr("Spam"), LastName: ptr("Bot"),
			EmailAddress: ptr(spamEmail), Banned: ptr(true), Created: msAgo(20 * day)},
		hubtest.Account{AccountID: zebraID, FirstName: ptr("Zed"), LastName: ptr("Zebra"), LastActive: msAgo(time.Hour)},
	)
	return d
}

// startRosterHub starts the roster world's fake hub with bulkLatency.
func startRosterHub(t *testing.T) *hubtest.Server {
	t.Helper()
	server := hubtest.NewServer(rosterWorld())
	t.Cleanup(server.Close)
	server.SetLatency(bulkLatency, bulkLatency)
	return server
}

// withLongLinger makes rosters wait for the end of the input (or a full
// roster) however slowly the test machine reads it, so that request counts
// are exact.
func withLongLinger(t *testing.T) {
	saved := bulkLinger
	bulkLinger = time.Minute
	t.Cleanup(func() { bulkLinger = saved })
}

// mixedInput is a roster as people paste them: addresses in any case,
// unknown ones, duplicates, names, lines with an address inside, blank lines.
var mixedInput = strings.Join([]string{
	studentEmail(1),
	"Student02@School.Example.ORG",
	"nobody@nowhere.example",
	ullaEmail,
	"zebra",
	studentEmail(1),
	spamEmail,
	"Jane Roe <" + studentEmail(3) + ">",
	studentEmail(4) + ", " + studentEmail(5),
	"",
	"@ada",
	"  " + studentEmail(6) + "  ",
	"zebra",
	"ALICE@EXAMPLE.COM",
}, "\n") + "\n"

// mixedQueries are mixedInput's queries, in order.
var mixedQueries = []string{studentEmail(1), "Student02@School.Example.ORG", "nobody@nowhere.example", ullaEmail,
	"zebra", studentEmail(1), spamEmail, "Jane Roe <" + studentEmail(3) + ">", studentEmail(4) + ", " + studentEmail(5),
	"@ada", studentEmail(6), "zebra", "ALICE@EXAMPLE.COM"}

// bulkFormats are the output formats of search -, each as a user runs it.
var bulkFormats = []struct {
	name     string
	args     []string
	terminal bool
}{
	{"terminal", nil, true},
	{"piped", nil, false},
	{"json", []string{"--json"}, false},
	{"json on a terminal", []string{"--json"}, true},
	{"csv", []string{"--csv"}, false},
	{"jq", []string{"--jq", "[.query, (.result | map(.account_id))]"}, false},
	{"limit 1, with its notes", []string{"-L", "1"}, false},
}

// TestBulkSearchAnswersEveryLineAsThePerLineSearch runs the same input
// through the rosters and through one search per line, one after the
// other (the behaviour before rosters), in every output format: the
// outputs are the same, byte for byte, the rosters take one request for
// all the plain addresses, and the order is the input's.
func TestBulkSearchAnswersEveryLineAsThePerLineSearch(t *testing.T) {
	withLongLinger(t)
	server := startRosterHub(t)
	for _, key := range []string{userKey, adminKey} { // an admin's key without --admin searches as anyone's
		for _, format := range bulkFormats {
			t.Run(fmt.Sprintf("%s/%s", format.name, key[:12]), func(t *testing.T) {
				c := newCLI(t, server, key)
				c.stdin, c.terminal, c.width = mixedInput, format.terminal, 200

				server.ResetRequests()
				perLine := c.run(t, append([]string{"search", "-", "--per-line", "--parallel", "1"}, format.args...)...)
				if n := len(server.Requests()); n != len(mixedQueries) {
					t.Errorf("the per-line search sent %d requests, want one a line: %d", n, len(mixedQueries))
				}
				server.ResetRequests()
				batched := c.run(t, append([]string{"search", "-"}, format.args...)...)
				requests := server.Requests()
				// One roster for the 7 distinct plain addresses, and one search
				// for each of the 5 other lines.
				if len(requests) != 6 {
					t.Errorf("the batched search sent %d requests, want 6", len(requests))
				}
				wantRoster := `"query":"student01@school.example.org\nstudent02@school.example.org\nnobody@nowhere.example\n` +
					`ulla@example.org\nspam@example.org\nstudent06@school.example.org\nalice@example.com",`
				rosters := 0
				for _, r := range requests {
					if strings.Contains(string(r.Body), wantRoster) && strings.Contains(string(r.Body), `"only_email":true`) {
						rosters++
					}
				}
				if rosters != 1 {
					t.Errorf("no request holds the roster %s", wantRoster)
				}
				if batched.code != exitOK || perLine.code != exitOK {
					t.Errorf("exit codes %d and %d, stderr %q", batched.code, perLine.code, batched.stderr)
				}
				if batched.stdout != perLine.stdout || batched.stderr != perLine.stderr {
					t.Errorf("the batched output differs from the per-line output:\n%s\nper line:\n%s\nstderr %q and %q",
						batched.stdout, perLine.stdout, batched.stderr, perLine.stderr)
				}
				if format.name != "jq" && (!strings.Contains(batched.stdout, "Student") || !strings.Contains(batched.stdout, "Zebra")) {
					t.Errorf("the output lacks the accounts:\n%s", batched.stdout)
				}
			})
		}
	}

	// The order is the input's, in JSON Lines.
	c := newCLI(t, server, userKey)
	c.stdin = mixedInput
	var got []string
	for _, line := range strings.Split(strings.TrimSuffix(c.run(t, "search", "-", "--json").stdout, "\n"), "\n") {
		var record struct{ Query string }
		if err := json.Unmarshal([]byte(line), &record); err != nil {
			t.Fatalf("not a JSON line: %q", line)
		}
		got = append(got, record.Query)
	}
	if strings.Join(got, "\n") != strings.Join(mixedQueries, "\n") {
		t.Errorf("queries in the order %q, want %q", got, mixedQueries)
	}
}

// TestBulkSearchDeletedAccounts: a roster of several addresses finds no
// deleted account, where the search of one address does (the documented
// difference, and --per-line the way to the old answer); a roster of one
// address is that address's own search.
func TestBulkSearchDeletedAccounts(t *testing.T) {
	withLongLinger(t)
	server := startRosterHub(t)
	c := newCLI(t, server, userKey)
	c.stdin = goneEmail + "\n" + studentEmail(1) + "\n"
	batched := c.run(t, "search", "-", "--json")
	perLine := c.run(t, "search", "-", "--json", "--per-line")
	if !strings.HasPrefix(batched.stdout, `{"query":"`+goneEmail+`","result":[]}`+"\n") {
		t.Errorf("a roster found the deleted account:\n%s", batched.stdout)
	}
	if !strings.HasPrefix(perLine.stdout, `{"query":"`+goneEmail+`","result":[{"account_id":"`+goneID+`"`) {
		t.Errorf("--per-line did not find the deleted account:\n%s", perLine.stdout)
	}
	if a, b := strings.SplitN(batched.stdout, "\n", 2)[1], strings.SplitN(perLine.stdout, "\n", 2)[1]; a != b {
		t.Errorf("the other line differs:\n%s\n%s", a, b)
	}
	c.stdin = goneEmail + "\n"
	if alone := c.run(t, "search", "-", "--json"); alone.stdout != strings.SplitN(perLine.stdout, "\n", 2)[0]+"\n" {
		t.Errorf("a roster of one address is not that address's search:\n%s", alone.stdout)
	}
}

// TestBulkSearchWithAdmin: --admin searches each line on its own (an
// admin roster would be a substring scan per address), with the admin's
// columns, exactly as --per-line does.
func TestBulkSearchWithAdmin(t *testing.T) {
	withLongLinger(t)
	server := startRosterHub(t)
	c := newCLI(t, server, adminKey)
	c.stdin = studentEmail(1) + "\n" + spamEmail + "\nzebra\n" + goneEmail + "\n"
	server.ResetRequests()
	admin := c.run(t, "search", "-", "--admin")
	if n := len(server.Requests()); n != 4 {
		t.Errorf("--admin sent %d requests, want one a line (4)", n)
	}
	for _, r := range server.Requests() {
		if !strings.Contains(string(r.Body), `"admin":true`) || strings.Contains(string(r.Body), `\n`) {
			t.Errorf("not an admin search of one line: %s", r.Body)
		}
	}
	perLine := c.run(t, "search", "-", "--admin", "--per-line", "--parallel", "1")
	if admin.stdout != perLine.stdout || admin.code != exitOK {
		t.Errorf("--admin:\n%s\n--admin --per-line:\n%s", admin.stdout, perLine.stdout)
	}
	want := spamEmail + "\tSpam Bot\t\t" + spamEmail + "\t\t2026-11-08T21:55:00Z\tc0000000-0000-4000-8000-00000000000c\ttrue\n"
	if !strings.Contains(admin.stdout, want) || !strings.Contains(admin.stdout, goneID) {
		t.Errorf("the admin's answers lack banned or the deleted account:\n%s", admin.stdout)
	}
}

// TestBulkSearchDuplicateLines: an address given several times, in any
// case, is asked once and answers every line; a name given twice is
// searched twice.
func TestBulkSearchDuplicateLines(t *testing.T) {
	withLongLinger(t)
	server := startRosterHub(t)
	c := newCLI(t, server, userKey)
	c.stdin = strings.Join([]string{studentEmail(7), "zebra", strings.ToUpper(studentEmail(7)), studentEmail(8),
		"zebra", "Student07@school.example.org"}, "\n")
	server.ResetRequests()
	r := c.run(t, "search", "-")
	id7 := fmt.Sprintf(studentBase, 7)
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	want := []string{studentEmail(7), "zebra", strings.ToUpper(studentEmail(7)), studentEmail(8), "zebra",
		"Student07@school.example.org"}
	if len(lines) != len(want) {
		t.Fatalf("%d lines, want %d:\n%s", len(lines), len(want), r.stdout)
	}
	for i, line := range lines {
		fields := strings.Split(line, "\t")
		if fields[0] != want[i] {
			t.Errorf("line %d answers %q, want %q", i+1, fields[0], want[i])
		}
		if wantID := map[bool]string{true: id7, false: ""}[strings.EqualFold(want[i], studentEmail(7))]; wantID != "" &&
			fields[6] != wantID {
			t.Errorf("line %d: account %s, want %s", i+1, fields[6], wantID)
		}
	}
	rosters, zebras := 0, 0
	for _, req := range server.Requests() {
		body := string(req.Body)
		if strings.Contains(body, `"query":"`+studentEmail(7)+`\n`+studentEmail(8)+`"`) {
			rosters++
		}
		if strings.Contains(body, `"query":"zebra"`) {
			zebras++
		}
	}
	if len(server.Requests()) != 3 || rosters != 1 || zebras != 2 {
		t.Errorf("%d requests (%d rosters of both addresses, %d searches of zebra), want one roster and zebra twice",
			len(server.Requests()), rosters, zebras)
	}
}

// TestBulkSearchFailingLines: a line the server fails on is reported on
// that line, in every format, and the others go on; a roster that fails
// is narrowed down by halves to the address it fails on (for 64 addresses,
// 1 + 2·6 requests rather than 64).
func TestBulkSearchFailingLines(t *testing.T) {
	withLongLinger(t)
	server := startRosterHub(t)
	server.SetSearchFault(hubtest.FaultServerTimeout, studentEmail(20))
	server.SetSearchFault(hubtest.FaultServerTimeout, "broken")
	var input []string
	for i := range 64 {
		input = append(input, studentEmail(i))
		if i == 40 {
			input = append(input, "broken name")
		}
	}
	c := newCLI(t, server, userKey)
	c.stdin = strings.Join(input, "\n")
	failure := func(query string) string {
		return fmt.Sprintf("cocalc-tui: search for %q failed: operation has timed out (the server gave up: try again, or "+
			"raise --timeout above 15s)\n", query)
	}
	for _, format := range bulkFormats[:5] { // not --jq, whose expression wants a result
		t.Run(format.name, func(t *testing.T) {
			c.terminal, c.width = format.terminal, 200
			server.ResetRequests()
			r := c.run(t, append([]string{"search", "-"}, format.args...)...)
			if r.code != exitFailure || r.stderr != failure(studentEmail(20))+failure("broken name") {
				t.Errorf("exit %d, stderr:\n%s", r.code, r.stderr)
			}
			if n := len(server.Requests()); n != 1+2*6+1 {
				t.Errorf("%d requests, want 14", n)
			}
			for i := range 64 {
				if id := fmt.Sprintf(studentBase, i); strings.Contains(r.stdout, id) != (i != 20) {
					t.Errorf("student %d: in the output %v", i, i != 20)
				}
			}
			switch format.name {
			case "json":
				lines := strings.Split(r.stdout, "\n")
				if lines[20] != `{"query":"`+studentEmail(20)+`","error":"operation has timed out"}` ||
					lines[41] != `{"query":"broken name","error":"operation has timed out"}` || len(lines) != 66 {
					t.Errorf("the failed lines are not in their place:\n%s\n%s", lines[20], lines[41])
				}
			case "terminal":
				if !strings.Contains(r.stdout, "== "+studentEmail(19)+": 1 account\n") ||
					!strings.Contains(r.stdout, "\n\n== "+studentEmail(20)+": failed\n\n== "+studentEmail(21)+": 1 account\n") {
					t.Errorf("the failed line is not in its place:\n%s", r.stdout)
				}
			}
		})
	}
}

// TestBulkSearchUnmatchedLinesKeepTheirRows: piped and in CSV, a line no
// account matches (an unknown address in a roster or alone, a name) is a
// row of the query and empty fields, in its place, as on a terminal ("no
// accounts match") and in JSON Lines ("result":[]): which addresses have no
// account is the question a roster asks. A line that failed has no row,
// these formats having no place for its error: it is on stderr, and in the
// exit code, so an empty row always means "no account".
func TestBulkSearchUnmatchedLinesKeepTheirRows(t *testing.T) {
	withLongLinger(t)
	server := startRosterHub(t)
	server.SetSearchFault(hubtest.FaultServerTimeout, "broken")
	input := strings.Join([]string{studentEmail(1), "nobody@example.com", "no such name", "broken name", "zebra",
		"Nobody2@Example.com"}, "\n") + "\n"
	for _, tt := range []struct {
		name    string
		args    []string
		records func(string) [][]string
		fields  int
	}{
		{"piped", nil, nil, 1 + 6}, // nil: tab-separated lines
		{"piped --admin", []string{"--admin"}, nil, 1 + 7},
		{"per line", []string{"--per-line"}, nil, 1 + 6},
		{"csv", []string{"--csv"}, func(out string) [][]string {
			records, err := csv.NewReader(strings.NewReader(out)).ReadAll()
			if err != nil {
				t.Fatalf("not CSV (%v):\n%s", err, out)
			}
			return records[1:] // the header
		}, 1 + len(hub.AccountCSVHeader)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			records := tt.records
			if records == nil {
				records = func(out string) [][]string {
					var rows [][]string
					for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
						rows = append(rows, strings.Split(line, "\t"))
					}
					return rows
				}
			}
			key := userKey
			if slices.Contains(tt.args, "--admin") {
				key = adminKey
			}
			c := newCLI(t, server, key)
			c.stdin = input
			r := c.run(t, append([]string{"search", "-"}, tt.args...)...)
			if r.code != exitFailure || !strings.Contains(r.stderr, `search for "broken name" failed`) {
				t.Errorf("exit %d, stderr %q", r.code, r.stderr)
			}
			rows := records(r.stdout)
			var queries []string
			for _, row := range rows {
				queries = append(queries, row[0])
				if len(row) != tt.fields {
					t.Errorf("%d fields in %q, want %d", len(row), row, tt.fields)
				}
			}
			want := []string{studentEmail(1), "nobody@example.com", "no such name", "zebra", "Nobody2@Example.com"}
			if !slices.Equal(queries, want) {
				t.Fatalf("rows for the queries %q, want %q:\n%s", queries, want, r.stdout)
			}
			for _, i := range []int{1, 2, 4} {
				if strings.Join(rows[i][1:], "") != "" {
					t.Errorf("the row of %q is not empty: %q", queries[i], rows[i])
				}
			}
			for _, i := range []int{0, 3} {
				if !slices.Contains(rows[i], fmt.Sprintf(studentBase, 1)) && !slices.Contains(rows[i], zebraID) {
					t.Errorf("the row of %q lacks its account: %q", queries[i], rows[i])
				}
			}
		})
	}
}

// TestBulkSearchKeyInARoster: an address that holds a key-shaped word is
// never sent, in a roster or alone; its line says so, and the others are
// answered.
func TestBulkSearchKeyInARoster(t *testing.T) {
	withLongLinger(t)
	server := startRosterHub(t)
	c := newCLI(t, server, userKey)
	keyLike := "sk-abcdefghijklmnop1234@example.org"
	c.stdin = strings.Join([]string{studentEmail(1), keyLike, studentEmail(2), studentEmail(3)}, "\n")
	server.ResetRequests()
	r := c.run(t, "search", "-", "--json")
	lines := strings.Split(r.stdout, "\n")
	if r.code != exitUsage || len(lines) != 5 || !strings.Contains(lines[0], fmt.Sprintf(studentBase, 1)) ||
		!strings.HasPrefix(lines[1], `{"query":"[redacted]`) || !strings.Contains(lines[3], fmt.Sprintf(studentBase, 3)) {
		t.Errorf("exit %d\n%s\nstderr %q", r.code, r.stdout, r.stderr)
	}
	for _, req := range server.Requests() {
		if strings.Contains(string(req.Body), "abcdefghijklmnop") {
			t.Errorf("a request holds the key-shaped word: %s", req.Body)
		}
	}
}

// TestBulkSearchInterrupted: a signal while a line waits for its answer
// leaves the output of every line before it whole (JSON Lines, CSV
// records), says which line it stopped at, and exits 130.
func TestBulkSearchInterrupted(t *testing.T) {
	withLongLinger(t)
	server := startRosterHub(t)
	server.SetSearchFault(hubtest.FaultHang, "hangs")
	input := strings.Join([]string{studentEmail(1), "zebra", studentEmail(2), "@ada", "hangs forever", "zebra",
		studentEmail(3)}, "\n")
	for _, format := range []string{"--json", "--csv"} {
		t.Run(format, func(t *testing.T) {
			var stdout, stderr lockedBuffer
			ctx, cancel := context.WithCancelCause(context.Background())
			done := make(chan int, 1)
			env := newFakeEnv(t, envHost, server.URL, envAPIKey, userKey)
			go func() {
				done <- Run(ctx, []string{"search", "-", format}, Env{Stdin: strings.NewReader(input), Stdout: &stdout,
					Stderr: &stderr, Getenv: env.getenv, Now: func() time.Time { return testNow }})
			}()
			waitUntil(t, "the lines before the hanging one", func() bool { return strings.Contains(stdout.String(), "@ada") })
			waitUntil(t, "the hanging search", func() bool { return server.Stats().InFlight == 1 })
			cancel(interruptedBySIGINT)
			if code := <-done; code != 130 {
				t.Errorf("exit %d, want 130", code)
			}
			if want := "cocalc-tui: search for \"hangs forever\" failed: interrupted by SIGINT (run it again to finish)\n"; stderr.String() != want {
				t.Errorf("stderr %q, want %q", stderr.String(), want)
			}
			out := stdout.String()
			if format == "--csv" {
				records, err := csv.NewReader(strings.NewReader(out)).ReadAll()
				if err != nil || len(records) != 5 || records[4][0] != "'@ada" || !strings.HasSuffix(out, "\r\n") {
					t.Errorf("the CSV is not the whole records of the lines before (%v):\n%s", err, out)
				}
				return
			}
			lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
			if len(lines) != 5 || lines[4] != `{"query":"hangs forever","error":"interrupted by SIGINT"}` {
				t.Errorf("JSON Lines:\n%s", out)
			}
			for _, line := range lines {
				if !json.Valid([]byte(line)) {
					t.Errorf("not a JSON line: %q", line)
				}
			}
			waitUntil(t, "the server to see the client leave", func() bool { return server.Stats().InFlight == 0 })
		})
	}
}

// concurrencyProbe is a fake hub behind a door that counts the requests in
// flight. It holds the first requests until `want` of them are in flight
// together (or a generous deadline passes), so that a client that runs
// fewer at once is seen to, without relying on how fast anything is.
type concurrencyProbe struct {
	mu          sync.Mutex
	inFlight    int
	most        int
	want        int
	gathered    chan struct{}
	gatherOnce  sync.Once
	requestSeen int
}

func newConcurrencyProbe(t *testing.T, fake *hubtest.Server, want int) *httptest.Server {
	p := &concurrencyProbe{want: want, gathered: make(chan struct{})}
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.mu.Lock()
		p.inFlight++
		p.requestSeen++
		p.most = max(p.most, p.inFlight)
		if p.inFlight >= p.want {
			p.gatherOnce.Do(func() { close(p.gathered) })
		}
		p.mu.Unlock()
		select {
		case <-p.gathered:
		case <-time.After(10 * time.Second):
		}
		fake.Handler().ServeHTTP(w, r)
		p.mu.Lock()
		p.inFlight--
		p.mu.Unlock()
	}))
	t.Cleanup(server.Close)
	t.Cleanup(func() {
		p.mu.Lock()
		defer p.mu.Unlock()
		if p.most != want {
			t.Errorf("at most %d requests were in flight together, want --parallel's %d", p.most, want)
		}
	})
	return server
}

// TestBulkSearchParallel: --parallel requests are in flight together,
// never more, and rosters of 1,000 go out as the input is read.
func TestBulkSearchParallel(t *testing.T) {
	withLongLinger(t)
	fake := hubtest.NewServer(rosterWorld())
	t.Cleanup(fake.Close)
	probe := newConcurrencyProbe(t, fake, 3)
	var input []string
	for i := range 4500 {
		input = append(input, fmt.Sprintf("someone%04d@bulk.example.org", i))
		if i%500 == 0 {
			input = append(input, fmt.Sprintf("zebra %d", i))
		}
	}
	input = append(input, studentEmail(9))
	c := &cli{env: newFakeEnv(t, envHost, probe.URL, envAPIKey, userKey), stdin: strings.Join(input, "\n")}
	fake.ResetRequests()
	r := c.run(t, "search", "-", "--json", "--parallel", "3")
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	if r.code != exitOK || len(lines) != len(input) {
		t.Fatalf("exit %d, %d lines for %d queries; stderr %q", r.code, len(lines), len(input), r.stderr)
	}
	for i, line := range lines {
		if !strings.HasPrefix(line, `{"query":"`+input[i]+`","result":[`) {
			t.Fatalf("line %d is %q, want the answer to %q", i+1, line, input[i])
		}
	}
	if last := lines[len(lines)-1]; !strings.Contains(last, fmt.Sprintf(studentBase, 9)) {
		t.Errorf("the last line: %s", last)
	}
	if n := len(fake.Requests()); n != 5+9 {
		t.Errorf("%d requests, want 5 rosters of up to 1,000 and 9 name searches", n)
	}
}

// TestBulkSearchWindowOfOneRoster: when every line waiting to be written
// belongs to the roster being gathered (one address repeated past the
// window), that roster still goes out (when its linger ends) and every
// line is answered, in a few requests rather than one a line.
func TestBulkSearchWindowOfOneRoster(t *testing.T) {
	server := startRosterHub(t)
	lines := bulkWindow(1) + 500
	c := newCLI(t, server, userKey)
	c.stdin = strings.Repeat(studentEmail(11)+"\n", lines)
	server.ResetRequests()
	r := c.run(t, "search", "-", "--parallel", "1")
	want := studentEmail(11) + "\tStudent Nr 11\t"
	got := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	if r.code != exitOK || len(got) != lines {
		t.Fatalf("exit %d, %d lines for %d; stderr %q", r.code, len(got), lines, r.stderr)
	}
	for i, line := range got {
		if !strings.HasPrefix(line, want) || !strings.Contains(line, fmt.Sprintf(studentBase, 11)) {
			t.Fatalf("line %d: %q", i+1, line)
		}
	}
	// One roster once the window is full, one for the rest (a third only if
	// the rest took longer than the linger to read).
	if n := len(server.Requests()); n < 2 || n > 3 {
		t.Errorf("%d requests for %d lines of one address, want 2 (3 at most)", n, lines)
	}
}

// TestBulkSearchProgress: on a terminal's stderr a long run shows its
// progress, drawn over itself and erased at the end; stdout is the same
// as without; nothing shows when stderr is not a terminal, or when a
// person types the input there.
func TestBulkSearchProgress(t *testing.T) {
	savedDelay, savedInterval := progressDelay, progressInterval
	progressDelay, progressInterval = 0, 0
	t.Cleanup(func() { progressDelay, progressInterval = savedDelay, savedInterval })
	server := startRosterHub(t)
	c := newCLI(t, server, userKey)
	c.stdin = "zebra\n" + studentEmail(1) + "\n@ada\n"
	quiet := c.run(t, "search", "-", "--csv")
	c.stderrTerminal = true
	shown := c.run(t, "search", "-", "--csv")
	if quiet.stderr != "" || shown.stdout != quiet.stdout || shown.code != exitOK {
		t.Errorf("stdout differs with progress, or stderr without: %q", quiet.stderr)
	}
	if !strings.Contains(shown.stderr, "\rsearch -: ") || !strings.Contains(shown.stderr, " lines · ") ||
		!strings.HasSuffix(shown.stderr, "\r\x1b[K") || strings.Contains(shown.stderr, "\n") {
		t.Errorf("the progress on stderr: %q", shown.stderr)
	}

	// A person typing the queries gets no progress line in the way.
	var stderr strings.Builder
	env := newFakeEnv(t, envHost, server.URL, envAPIKey, userKey)
	Run(context.Background(), []string{"search", "-"}, Env{Stdin: strings.NewReader("zebra\n"), Stdout: &strings.Builder{},
		Stderr: &stderr, Getenv: env.getenv, StdinIsTerminal: true, StderrIsTerminal: true})
	if stderr.String() != "cocalc-tui: reading queries from standard input, one per line (end with Ctrl-D)\n" {
		t.Errorf("typed input: stderr %q", stderr.String())
	}
}

// TestBinaryBulkProgressInTmux runs search - in tmux, its input from a
// file and its output to a file, against a hub slow enough for the
// progress to show: the pane shows "N of 40 lines" while it runs, nothing
// of it after, and the file holds only the data (no escape sequence).
func TestBinaryBulkProgressInTmux(t *testing.T) {
	bin := buildBinary(t)
	server := startRosterHub(t)
	server.SetLatency(60*time.Millisecond, 60*time.Millisecond) // 40 lines one at a time: 2.4 s, past the 1 s delay
	dir := t.TempDir()
	var input []string
	for i := range 40 {
		input = append(input, fmt.Sprintf("zebra %d", i))
	}
	in, out := filepath.Join(dir, "in"), filepath.Join(dir, "out.csv")
	if err := os.WriteFile(in, []byte(strings.Join(input, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	s := startInTmux(t, fmt.Sprintf("sh -c 'env HOME=%s TERM=xterm-256color COCALC_HOST=%s COCALC_API_KEY=%s %s "+
		"search - --csv --parallel 1 < %s > %s; echo exit $?; sleep 60'", dir, server.URL, userKey, bin, in, out))
	s.waitFor(" of 40 lines · ")
	s.waitFor("exit 0")
	// The pane's first line is the Enter that started the program.
	if screen := s.screen(); strings.Contains(screen, "lines ·") || !strings.HasPrefix(screen, "\nexit 0\n") {
		t.Errorf("the progress line stayed on the screen:\n%s", screen)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	want := "query,account_id,first_name,last_name,name,email_address,last_active,created,banned,email_address_verified\r\n"
	for _, query := range input { // no account matches: the query and empty cells
		want += query + ",,,,,,,,,\r\n"
	}
	if string(data) != want {
		t.Errorf("the output file: %q", data)
	}
	raw, _ := os.ReadFile(s.raw)
	if !strings.Contains(string(raw), "\r\x1b[K") {
		t.Errorf("the progress line was never erased: %q", raw)
	}
}

// TestBulkSearchFlags: the bulk flags are checked before anything is sent.
func TestBulkSearchFlags(t *testing.T) {
	server := startRosterHub(t)
	c := newCLI(t, server, userKey)
	c.run(t, "search", "zebra", "--per-line").expect(t, exitUsage, "",
		"cocalc-tui: --parallel and --per-line are for search - (queries from standard input) (see cocalc-tui search --help)\n")
	c.run(t, "search", "-", "--parallel", "0").expect(t, exitUsage, "",
		"cocalc-tui: --parallel must be between 1 and 32 (see cocalc-tui search --help)\n")
	if n := len(server.Requests()); n != 0 {
		t.Errorf("%d requests sent", n)
	}
	if got := hub.EmailBatchSize; bulkWindow(4) < got {
		t.Errorf("the window (%d lines) cannot hold a roster (%d)", bulkWindow(4), got)
	}
}
