package hub_test

// What both faces (the terminal UI and the command line) get from the
// client: whoami in one call, names in batches, the server's bytes, one
// owner of the time limit, network failures told by type, and the
// protocol's limits.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"cocalc-tui/hub"
	"cocalc-tui/hub/hubtest"
)

func TestWhoami(t *testing.T) {
	t.Parallel()
	srv := startDemo(t)
	tests := []struct {
		key   string
		kind  hub.ScopeKind
		name  string
		admin bool
		calls []string // the functions called, in order
	}{
		{hubtest.DemoAdminKey, hub.ScopeAccount, "Ada Lovelace", true,
			[]string{hub.FuncTest, hub.FuncGetNames, hub.FuncUserSearch, hub.FuncManageAPIKeys}},
		{hubtest.DemoUserKey, hub.ScopeAccount, "Alan Turing", false,
			[]string{hub.FuncTest, hub.FuncGetNames, hub.FuncUserSearch, hub.FuncManageAPIKeys}},
		{hubtest.DemoProjectKey, hub.ScopeProject, "", false, []string{hub.FuncTest, hub.FuncTest}},
	}
	for _, tt := range tests {
		t.Run(tt.kind.String()+" "+hub.MaskKey(tt.key), func(t *testing.T) {
			srv := startDemo(t)
			info, err := newClient(t, srv.URL, tt.key).Whoami(context.Background())
			wantNoError(t, "Whoami", err)
			if info.Scope.Kind != tt.kind || info.Name.FullName() != tt.name || info.Admin != tt.admin ||
				info.NameErr != nil || info.AdminErr != nil || info.KeysErr != nil {
				t.Errorf("Whoami() = %+v, want a %s key of %q, admin %v", info, tt.kind, tt.name, tt.admin)
			}
			if _, listed := info.Keys.Current(); listed != (tt.kind == hub.ScopeAccount) {
				t.Errorf("the key in use listed: %v, want it for an account key only (%+v)", listed, info.Keys)
			}
			if !json.Valid(info.Scope.Raw) || info.Scope.RoundTrip <= 0 {
				t.Errorf("the scope keeps %s (round trip %v), want system.test's answer", info.Scope.Raw, info.Scope.RoundTrip)
			}
			var calls []string
			for _, r := range srv.Requests() {
				calls = append(calls, r.Function)
			}
			if fmt.Sprint(calls) != fmt.Sprint(tt.calls) {
				t.Errorf("calls %v, want %v", calls, tt.calls)
			}
		})
	}
	_, err := newClient(t, srv.URL, badKey).Whoami(context.Background())
	wantKind(t, err, hub.KindKeyRejected)
}

// TestWhoamiKeepsWhatItLearnt: a name lookup that finds the server gone
// leaves the name unknown and sends no admin probe, which would only wait
// as long; the scope is still known.
func TestWhoamiKeepsWhatItLearnt(t *testing.T) {
	t.Parallel()
	srv := startDemo(t)
	srv.SetFault(hubtest.FaultServerTimeout, hub.FuncGetNames)
	info, err := newClient(t, srv.URL, hubtest.DemoUserKey).Whoami(context.Background())
	wantNoError(t, "Whoami", err)
	if info.Scope.AccountID != hubtest.DemoUserAccountID {
		t.Errorf("scope %+v, want Alan's account", info.Scope)
	}
	wantKind(t, info.NameErr, hub.KindTimeout)
	wantKind(t, info.AdminErr, hub.KindTimeout)
	wantKind(t, info.KeysErr, hub.KindTimeout)
	for _, r := range srv.Requests() {
		if r.Function == hub.FuncUserSearch || r.Function == hub.FuncManageAPIKeys {
			t.Errorf("%s was sent after the name lookup found no answer", r.Function)
		}
	}
}

// TestWhoamiWithoutTheKeyList: a server that cannot list keys (older than
// the function, or failing on it) leaves the keys unknown, and everything
// else known.
func TestWhoamiWithoutTheKeyList(t *testing.T) {
	t.Parallel()
	for fault, kind := range map[hubtest.Fault]hub.Kind{
		hubtest.FaultUnknownFunction: hub.KindUnknownFunction,
		hubtest.FaultServerTimeout:   hub.KindTimeout,
		hubtest.FaultWrongShape:      hub.KindBadResponse,
		hubtest.FaultBadGateway:      hub.KindHTTPStatus,
	} {
		t.Run(fault.String(), func(t *testing.T) {
			srv := startDemo(t)
			srv.SetFault(fault, hub.FuncManageAPIKeys)
			info, err := newClient(t, srv.URL, hubtest.DemoAdminKey).Whoami(context.Background())
			wantNoError(t, "Whoami", err)
			if info.Name.FullName() != "Ada Lovelace" || !info.Admin || info.NameErr != nil || info.AdminErr != nil {
				t.Errorf("Whoami() = %+v, want Ada, an admin", info)
			}
			wantKind(t, info.KeysErr, kind)
			if len(info.Keys.Keys) != 0 {
				t.Errorf("keys %+v beside an error", info.Keys)
			}
		})
	}
}

// TestProjectKeyOfAProjectThatDoesNotAnswer: the hub refuses a project's
// key as it refuses a bad key; when the project endpoint then times out (a
// stopped project starting), the answer is that timeout, after one wait,
// never "the key was rejected".
func TestProjectKeyOfAProjectThatDoesNotAnswer(t *testing.T) {
	t.Parallel()
	srv := startDemo(t)
	srv.SetProjectStart(time.Hour)
	c := newClient(t, srv.URL, hubtest.DemoProjectKey, hub.WithCallTimeout(300*time.Millisecond))
	started := time.Now()
	_, err := c.Test(context.Background())
	e := wantKind(t, err, hub.KindTimeout)
	// The hub's own timeout answer (408 "operation has timed out") or, on
	// a loaded machine where that comes after the client's grace, the
	// client's: either way the project's timeout, not a bad key.
	timedOut := strings.Contains(e.Message, "operation has timed out") || strings.Contains(e.Message, "no answer from")
	if !strings.Contains(e.Message, "project") || !timedOut || strings.Contains(e.Message, "rejected") {
		t.Errorf("message %q, want the project's timeout, said to be no sign of a bad key", e.Message)
	}
	if elapsed := time.Since(started); elapsed > 10*time.Second {
		t.Errorf("took %s: more than one wait", elapsed)
	}
	var projectCalls int
	for _, r := range srv.Requests() {
		if strings.HasSuffix(r.Path, "/api/conat/project") {
			projectCalls++
		}
	}
	if projectCalls != 1 {
		t.Errorf("%d calls to the project endpoint, want 1", projectCalls)
	}

	// A bad key is refused by both endpoints at once: still a bad key.
	_, err = newClient(t, srv.URL, badKey, hub.WithCallTimeout(300*time.Millisecond)).Test(context.Background())
	wantKind(t, err, hub.KindKeyRejected)
}

// TestGetNamesInBatches: more ids than one call takes go in several calls;
// the result is one object, each name once, in the order of the batches.
func TestGetNamesInBatches(t *testing.T) {
	t.Parallel()
	srv := startDemo(t)
	c := newClient(t, srv.URL, hubtest.DemoUserKey)
	ids := make([]string, 0, hub.NamesBatchSize+2)
	for i := range hub.NamesBatchSize + 1 {
		ids = append(ids, fmt.Sprintf("00000000-0000-4000-8000-%012d", i))
	}
	ids = append(ids, hubtest.DemoAdminAccountID)
	names, err := c.GetNames(context.Background(), ids)
	wantNoError(t, "GetNames", err)
	if n := len(srv.Requests()); n != 2 {
		t.Errorf("%d calls, want 2 for %d ids", n, len(ids))
	}
	if len(names.ByID) != len(ids) || names.ByID[hubtest.DemoAdminAccountID].FullName() != "Ada Lovelace" {
		t.Errorf("%d names (Ada's: %+v), want %d", len(names.ByID), names.ByID[hubtest.DemoAdminAccountID], len(ids))
	}
	var merged map[string]json.RawMessage
	if err := json.Unmarshal(names.Raw, &merged); err != nil || len(merged) != len(ids) {
		t.Fatalf("Raw is not one object of %d names (%d, %v)", len(ids), len(merged), err)
	}
	if first := fmt.Sprintf(`{"%s":`, ids[0]); !bytes.HasPrefix(names.Raw, []byte(first)) {
		t.Errorf("Raw starts %.60s, want the first batch first", names.Raw)
	}
}

// TestGetNamesRefusesAnAnswerThatIsNoObject: null (which decodes as an empty
// object) and a list fail the lookup instead of answering no name.
func TestGetNamesRefusesAnAnswerThatIsNoObject(t *testing.T) {
	t.Parallel()
	for answer, kind := range map[string]string{`null`: "null", `[]`: "array", `"x"`: "string"} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(answer))
		}))
		t.Cleanup(srv.Close)
		_, err := newClient(t, srv.URL, hubtest.DemoUserKey).GetNames(context.Background(), []string{hubtest.DemoUserAccountID})
		e := wantKind(t, err, hub.KindBadResponse)
		if want := "got a JSON " + kind + ", expected an object of names"; !strings.Contains(e.Message, want) {
			t.Errorf("answer %s: %q, want it to say %q", answer, e.Message, want)
		}
	}
}

// TestSearchResultKeepsTheAnswer: the list as the server sent it, and
// whether it reached the limit the server applied.
func TestSearchResultKeepsTheAnswer(t *testing.T) {
	t.Parallel()
	srv := startDemo(t)
	c := newClient(t, srv.URL, hubtest.DemoUserKey)
	ctx := context.Background()
	params := hub.SearchParams{Query: "a", Limit: 3}
	result, err := c.UserSearch(ctx, params)
	wantNoError(t, "UserSearch", err)
	var raw json.RawMessage
	wantNoError(t, "Call", c.Call(ctx, hub.FuncUserSearch, []any{params}, &raw))
	if !bytes.Equal(result.Raw, raw) {
		t.Errorf("Raw\n %s\nwant the server's\n %s", result.Raw, raw)
	}
	if result.Limit != 3 || !result.ReachedLimit() || result.RoundTrip <= 0 {
		t.Errorf("limit %d, reached %v, round trip %v; want 3, true, positive", result.Limit, result.ReachedLimit(), result.RoundTrip)
	}
	result, err = c.UserSearch(ctx, hub.SearchParams{Query: "ada lovelace"})
	wantNoError(t, "UserSearch", err)
	if result.Limit != hub.DefaultSearchLimit || result.ReachedLimit() {
		t.Errorf("limit %d, reached %v; want the default, not reached", result.Limit, result.ReachedLimit())
	}
}

func TestEffectiveLimit(t *testing.T) {
	for params, want := range map[hub.SearchParams]int{
		{}:                           hub.DefaultSearchLimit,
		{Limit: 7}:                   7,
		{Limit: 60}:                  hub.MaxUserSearchLimit,
		{Limit: 60, Admin: true}:     60,
		{Limit: 9999, Admin: true}:   hub.MaxAdminSearchLimit,
		{Limit: -1}:                  0,
		{Admin: true}:                hub.DefaultSearchLimit,
		{Limit: 50, OnlyEmail: true}: 50,
	} {
		if got := params.EffectiveLimit(); got != want {
			t.Errorf("%+v.EffectiveLimit() = %d, want %d", params, got, want)
		}
	}
	if steps := hub.SearchLimitSteps(true); steps[0] != hub.AdminPageSearchLimit || steps[len(steps)-1] != hub.MaxAdminSearchLimit {
		t.Errorf("admin steps %v", steps)
	}
	if steps := hub.SearchLimitSteps(false); steps[0] != hub.DefaultSearchLimit || steps[len(steps)-1] != hub.MaxUserSearchLimit {
		t.Errorf("steps %v", steps)
	}
}

// TestWithTimeoutIsTheClientsLimit: a shorter limit for some calls is still
// the client's: sent to the server, and the error is the server's timeout,
// whichever side would have given up first.
func TestWithTimeoutIsTheClientsLimit(t *testing.T) {
	t.Parallel()
	srv := startDemo(t)
	srv.SetLatency(time.Hour, time.Hour)
	c := newClient(t, srv.URL, hubtest.DemoUserKey, hub.WithCallTimeout(time.Minute))
	limited := c.WithTimeout(200 * time.Millisecond)
	if limited.CallTimeout() != 200*time.Millisecond || c.CallTimeout() != time.Minute {
		t.Errorf("limits %v and %v", limited.CallTimeout(), c.CallTimeout())
	}
	if longer := limited.WithTimeout(time.Hour); longer.CallTimeout() != 200*time.Millisecond {
		t.Errorf("WithTimeout lengthened the limit to %v", longer.CallTimeout())
	}
	_, err := limited.Ping(context.Background())
	// The server's own timeout, or on a loaded machine the client's, a
	// second later (see TestServerTimeoutArrivesBeforeTheClientGivesUp);
	// what matters here is the limit sent, below.
	if e := wantKind(t, err, hub.KindTimeout); e.Message != "operation has timed out" && !strings.Contains(e.Message, "within 200ms") {
		t.Errorf("message %q, want a timeout after the 200 ms limit", e.Message)
	}
	if body := string(srv.Requests()[0].Body); !strings.Contains(body, `"timeout":200`) {
		t.Errorf("body %s does not send the limit", body)
	}
}

// TestNetworkFailuresAreTypedNotRead: what failed is told by the error's
// type, and the message says it in words.
func TestNetworkFailuresAreTypedNotRead(t *testing.T) {
	t.Parallel()
	closed := hubtest.NewServer(&hubtest.Data{})
	closed.Close()
	tlsServer := httptest.NewUnstartedServer(http.NotFoundHandler())
	tlsServer.Config.ErrorLog = log.New(io.Discard, "", 0) // the failed handshake is the point
	tlsServer.StartTLS()
	t.Cleanup(tlsServer.Close)
	closing := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		conn, _, _ := http.NewResponseController(w).Hijack()
		_ = conn.Close()
	}))
	t.Cleanup(closing.Close)
	for _, tt := range []struct {
		url     string
		problem hub.NetProblem
		says    string
	}{
		{closed.URL, hub.NetRefused, "connection refused"},
		{"https://cocalc.invalid", hub.NetUnknownHost, "cannot find host cocalc.invalid"},
		{tlsServer.URL, hub.NetCertificate, "is not trusted"},
		{closing.URL, hub.NetClosed, "closed the connection before answering"},
	} {
		_, err := newClient(t, tt.url, hubtest.DemoUserKey, hub.WithCallTimeout(5*time.Second)).Ping(context.Background())
		if hub.KindOf(err) == hub.KindTimeout && tt.problem == hub.NetUnknownHost {
			continue // no resolver answered at all: the time limit ended the wait
		}
		e := wantKind(t, err, hub.KindTransport)
		if e.Net != tt.problem || !strings.Contains(e.Message, tt.says) {
			t.Errorf("%s: %s (%q), want %s saying %q", tt.url, e.Net, e.Message, tt.problem, tt.says)
		}
	}
}

func TestIsLoopbackHost(t *testing.T) {
	for host, want := range map[string]bool{
		"localhost": true, "LocalHost": true, "127.0.0.1": true, "127.8.9.10": true, "::1": true,
		"cocalc.com": false, "10.0.0.1": false, "localhost.example.org": false, "": false,
	} {
		if got := hub.IsLoopbackHost(host); got != want {
			t.Errorf("IsLoopbackHost(%q) = %v", host, got)
		}
	}
}

func TestFormatBytes(t *testing.T) {
	for n, want := range map[int64]string{
		0: "0 bytes", 1023: "1023 bytes", 1024: "1 KiB", 1536: "1.5 KiB", 40000: "39.1 KiB",
		32 << 20: "32 MiB", 3 << 30: "3 GiB",
	} {
		if got := hub.FormatBytes(n); got != want {
			t.Errorf("FormatBytes(%d) = %q, want %q", n, got, want)
		}
	}
}
