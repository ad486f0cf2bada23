package cli

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"cocalc-tui/hub/hubtest"
	"cocalc-tui/hub/jsonobject"
)

// manyIDs is n account ids: Ada's first, Alice's at 1500, unknown ones
// otherwise.
func manyIDs(n int) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("d0000000-0000-4000-8000-%012d", i)
	}
	ids[0] = adaID
	if n > 1500 {
		ids[1500] = aliceID
	}
	return ids
}

// TestNamesInBatches: 2,500 ids are three getNames calls, in flight
// together with --parallel 3, and every format holds each id once, in the
// order given, as one document: one JSON object, one table, one CSV.
func TestNamesInBatches(t *testing.T) {
	fake := hubtest.NewServer(testData())
	t.Cleanup(fake.Close)
	fake.SetLatency(bulkLatency, bulkLatency)
	probe := newConcurrencyProbe(t, fake, 3)
	ids := manyIDs(2500)
	c := &cli{env: newFakeEnv(t, envHost, probe.URL, envAPIKey, userKey), stdin: strings.Join(ids, "\n") + "\n"}

	fake.ResetRequests()
	r := c.run(t, "names", "-", "--json", "--parallel", "3")
	if n := len(fake.Requests()); n != 3 {
		t.Errorf("%d requests for 2,500 ids, want 3", n)
	}
	object, err := jsonobject.Parse([]byte(r.stdout))
	if err != nil || r.code != exitOK || object.Len() != len(ids) || !strings.HasSuffix(r.stdout, "}\n") {
		t.Fatalf("not one JSON object of 2,500 names (%v, exit %d, stderr %q)", err, r.code, r.stderr)
	}
	if !strings.Contains(r.stdout, `"`+aliceID+`":{"first_name":"Alice","last_name":"Smith"`) {
		t.Errorf("Alice's name is not in the object")
	}
	c.terminal, c.width = true, 120
	indented := c.run(t, "names", "-", "--json", "--parallel", "3")
	var want bytes.Buffer
	if err := json.Indent(&want, []byte(r.stdout), "", "  "); err != nil || indented.stdout != want.String() {
		t.Errorf("on a terminal the object is not the same, indented (%v):\n%.300s", err, indented.stdout)
	}

	table := strings.Split(strings.TrimSuffix(c.run(t, "names", "-").stdout, "\n"), "\n")
	if len(table) != len(ids)+1 || table[0] != "ACCOUNT ID                            NAME" ||
		table[1501] != aliceID+"  Alice Smith" || table[2500] != ids[2499]+"  Deleted User (unknown or deleted account)" {
		t.Errorf("the table (%d lines): %q … %q", len(table), table[0], table[len(table)-1])
	}
	c.terminal = false
	piped := strings.Split(strings.TrimSuffix(c.run(t, "names", "-").stdout, "\n"), "\n")
	for i, line := range piped {
		if !strings.HasPrefix(line, ids[i]+"\t") {
			t.Fatalf("line %d is %q, want the name of %s", i+1, line, ids[i])
		}
	}
	records, err := csv.NewReader(strings.NewReader(c.run(t, "names", "-", "--csv").stdout)).ReadAll()
	if err != nil || len(records) != len(ids)+1 || records[0][0] != "account_id" || records[1501][1] != "Alice" {
		t.Errorf("the CSV: %v, %d records", err, len(records))
	}
	c.run(t, "names", "-", "--jq", "length").expect(t, exitOK, "2500\n", "")
}

// stallingHub answers getNames calls through fake, except those that hold
// id: those hang until the client leaves when status is 0, and get a proxy
// error page with status otherwise.
func stallingHub(t *testing.T, fake *hubtest.Server, id string, status int) *httptest.Server {
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		if bytes.Contains(body, []byte(id)) {
			if status == 0 {
				<-r.Context().Done()
				return
			}
			http.Error(w, "<html>Bad Gateway</html>", status)
			return
		}
		fake.Handler().ServeHTTP(w, r)
	}))
	t.Cleanup(server.Close)
	return server
}

// TestNamesStoppedMidway: when a later call fails, or a signal comes while
// it is in flight, the answers written so far stay one valid JSON object,
// and the failure is said once.
func TestNamesStoppedMidway(t *testing.T) {
	fake := hubtest.NewServer(testData())
	t.Cleanup(fake.Close)
	ids := manyIDs(2500)
	input := strings.Join(ids, "\n")

	failing := stallingHub(t, fake, ids[1200], http.StatusBadGateway)
	c := &cli{env: newFakeEnv(t, envHost, failing.URL, envAPIKey, userKey), stdin: input}
	r := c.run(t, "names", "-", "--json")
	object, err := jsonobject.Parse([]byte(r.stdout))
	if err != nil || object.Len() != 1000 || r.code != exitFailure ||
		!strings.HasPrefix(r.stderr, "cocalc-tui: name lookup failed: HTTP 502") || strings.Count(r.stderr, "\n") != 1 {
		t.Errorf("exit %d, %v, stderr %q, stdout %.200s", r.code, err, r.stderr, r.stdout)
	}

	hanging := stallingHub(t, fake, ids[1200], 0)
	var stdout, stderr lockedBuffer
	ctx, cancel := context.WithCancelCause(context.Background())
	done := make(chan int, 1)
	env := newFakeEnv(t, envHost, hanging.URL, envAPIKey, userKey)
	go func() {
		done <- Run(ctx, []string{"names", "-", "--json"}, Env{Stdin: strings.NewReader(input), Stdout: &stdout,
			Stderr: &stderr, Getenv: env.getenv, Now: func() time.Time { return testNow }})
	}()
	waitUntil(t, "the first call's names", func() bool { return strings.Contains(stdout.String(), ids[999]) })
	cancel(interruptedBySIGINT)
	if code := <-done; code != 130 {
		t.Errorf("exit %d, want 130", code)
	}
	if object, err := jsonobject.Parse([]byte(stdout.String())); err != nil || object.Len() != 1000 {
		t.Errorf("after the signal, not one object of the first call's 1,000 names (%v): %.200s", err, stdout.String())
	}
	if want := "cocalc-tui: name lookup failed: interrupted by SIGINT (run it again to finish)\n"; stderr.String() != want {
		t.Errorf("stderr %q, want %q", stderr.String(), want)
	}
}
