package cli

import (
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"

	"cocalc-tui/hub"
)

// readAll is every line scanLines reads from input, with a cap of maxLine.
func readAll(t *testing.T, input io.Reader, maxLine int) []inputLine {
	t.Helper()
	var lines []inputLine
	if err := scanLines(input, maxLine, func(l inputLine) bool { lines = append(lines, l); return true }); err != nil {
		t.Fatal(err)
	}
	return lines
}

// TestScanLinesSkipsLinesTooLong: lines end as bufio.ScanLines ends them;
// a line over the cap is reported, by its head and length, and the next
// lines are read.
func TestScanLinesSkipsLinesTooLong(t *testing.T) {
	input := "short\r\n" + strings.Repeat("é", 6) + "\n" + strings.Repeat("x", 11) + "\r\n\nlast"
	got := readAll(t, strings.NewReader(input), 12)
	want := []inputLine{{text: "short"}, {text: strings.Repeat("é", 6)},
		{text: strings.Repeat("x", 11)}, {text: ""}, {text: "last"}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("lines at the cap:\n%+v\nwant\n%+v", got, want)
	}
	got = readAll(t, strings.NewReader(input), 10)
	want[1] = inputLine{text: strings.Repeat("é", 6), tooLong: true, length: 12}
	want[2] = inputLine{text: strings.Repeat("x", 11), tooLong: true, length: 11}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("lines over the cap:\n%+v\nwant\n%+v", got, want)
	}
}

// endlessLine is a line of left bytes and then "\nnext\n", made as it is
// read.
type endlessLine struct {
	left int
	tail io.Reader
}

func (e *endlessLine) Read(p []byte) (int, error) {
	if e.left == 0 {
		return e.tail.Read(p)
	}
	n := min(len(p), e.left)
	for i := range n {
		p[i] = 'a'
	}
	e.left -= n
	return n, nil
}

// TestScanLinesMemoryStaysFlat reads a line of 50 MiB with a cap of 1 MiB:
// the line is skipped as it comes, never held.
func TestScanLinesMemoryStaysFlat(t *testing.T) {
	const size = 50 << 20
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	got := readAll(t, &endlessLine{left: size, tail: strings.NewReader("\nnext\n")}, 1<<20)
	runtime.ReadMemStats(&after)
	if len(got) != 2 || !got[0].tooLong || got[0].length != size || got[0].text != strings.Repeat("a", 40) ||
		got[1] != (inputLine{text: "next"}) {
		t.Fatalf("lines %+v", got)
	}
	if allocated := after.TotalAlloc - before.TotalAlloc; allocated > 8<<20 {
		t.Errorf("reading a line of 50 MiB allocated %d MiB", allocated>>20)
	}
}

// TestBulkSearchLineTooLong: a query line of 50 MiB fails on its own line,
// in every format, without a request, and the lines after it are
// answered; the run exits 2, as for other bad input.
func TestBulkSearchLineTooLong(t *testing.T) {
	withLongLinger(t)
	server := startRosterHub(t)
	c := newCLI(t, server, userKey)
	c.stdin = studentEmail(1) + "\n" + strings.Repeat("a", 50<<20) + "\n" + studentEmail(2) + "\n"
	head := strings.Repeat("a", 40) + "…"
	message := "line 2 is 52428800 bytes long, over the 1 MiB a line may have, so it was skipped"
	for _, format := range bulkFormats[:5] { // not --jq, whose expression wants a result
		t.Run(format.name, func(t *testing.T) {
			c.terminal, c.width = format.terminal, 200
			r := c.run(t, append([]string{"search", "-"}, format.args...)...)
			if r.code != exitUsage || r.stderr != fmt.Sprintf("cocalc-tui: search for %q failed: %s\n", head, message) {
				t.Errorf("exit %d, stderr:\n%s", r.code, r.stderr)
			}
			if !strings.Contains(r.stdout, fmt.Sprintf(studentBase, 1)) || !strings.Contains(r.stdout, fmt.Sprintf(studentBase, 2)) {
				t.Errorf("the lines around the long one are not answered:\n%s", r.stdout)
			}
			switch format.name {
			case "json":
				if line := strings.Split(r.stdout, "\n")[1]; line != `{"query":"`+head+`","error":"`+message+`"}` {
					t.Errorf("line 2 of the output: %s", line)
				}
			case "terminal":
				if !strings.Contains(r.stdout, "\n\n== "+head+": failed\n\n== "+studentEmail(2)+": 1 account\n") {
					t.Errorf("the failed line is not in its place:\n%s", r.stdout)
				}
			}
			for _, req := range server.Requests() {
				if strings.Contains(string(req.Body), "aaaa") {
					t.Fatalf("the long line was sent")
				}
			}
		})
	}
}

// TestIDLineTooLong: names - and ban - report a line of ids too long as a
// bad id, by its head and length, and send nothing.
func TestIDLineTooLong(t *testing.T) {
	server := startHub(t)
	c := newCLI(t, server, adminKey)
	c.stdin = aliceID + "\n" + strings.Repeat("b", 1<<20) + "\n" + adaID + "\n"
	want := fmt.Sprintf("cocalc-tui: %q (a line of 1048576 bytes, over the 64 KiB a line may have) is not an account id "+
		"(a UUID such as 3f2a1c9e-0b4d-4c8e-9a7f-1d2e3f4a5b6c)", strings.Repeat("b", 40)+"…")
	for _, args := range [][]string{{"names", "-"}, {"ban", "-", "--yes"}} {
		server.ResetRequests()
		r := c.run(t, args...)
		if r.code != exitUsage || r.stdout != "" || !strings.HasPrefix(r.stderr, want) {
			t.Errorf("%s: exit %d %q %q", args, r.code, r.stdout, r.stderr)
		}
		for _, req := range server.Requests() {
			if req.Path == hub.RouteBan || strings.Contains(string(req.Body), hub.FuncGetNames) {
				t.Errorf("%s: sent %s %s", args, req.Path, req.Body)
			}
		}
	}
}
