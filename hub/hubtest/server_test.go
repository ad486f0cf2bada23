package hubtest

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestStopAndRestartOnTheSameAddress(t *testing.T) {
	s := newTestServer(t)
	url := s.URL
	// No pooled connections: after a restart, a client's pooled connection
	// may be one the server closed, and Go does not retry a POST on it.
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	ping := func() (*http.Response, error) {
		req := newRequest(t, http.MethodPost, url+"/api/conat/hub", pingBody)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", basicAuth(keyUser))
		resp, err := client.Do(req)
		if err == nil {
			resp.Body.Close()
		}
		return resp, err
	}
	if resp, err := ping(); err != nil || resp.StatusCode != 200 {
		t.Fatalf("before Stop: %v %v", resp, err)
	}

	s.Stop()
	if _, err := ping(); !errors.Is(err, syscall.ECONNREFUSED) {
		t.Fatalf("after Stop: err = %v, want connection refused", err)
	}

	if err := s.Restart(); err != nil {
		t.Fatal(err)
	}
	if s.URL != url {
		t.Errorf("URL changed from %s to %s", url, s.URL)
	}
	if resp, err := ping(); err != nil || resp.StatusCode != 200 {
		t.Errorf("after Restart: %v %v", resp, err)
	}
}

func TestStopEndsRequestsInFlight(t *testing.T) {
	s := newTestServer(t)
	s.SetLatency(time.Hour, time.Hour)
	done := make(chan error, 1)
	go func() {
		resp, err := http.DefaultClient.Do(newRequest(t, http.MethodPost, s.URL+"/api/conat/hub", pingBody))
		if err == nil {
			resp.Body.Close()
		}
		done <- err
	}()
	waitFor(t, "the request to arrive", func() bool { return s.Stats().InFlight == 1 })
	s.Stop()
	if err := <-done; err == nil {
		t.Error("the client got an answer from a stopped server")
	}
	waitFor(t, "the handler to end", func() bool { return s.Stats().InFlight == 0 })
	if got := s.Stats().Canceled; got != 0 {
		t.Errorf("Canceled = %d: a stop is not the client's cancel", got)
	}
}

func TestRestartAfterCloseFails(t *testing.T) {
	s := NewServer(testData(t))
	s.Close()
	if err := s.Restart(); err == nil {
		t.Error("Restart after Close succeeded")
	}
}

func TestLatency(t *testing.T) {
	s := newTestServer(t)
	s.SetLatency(60*time.Millisecond, 80*time.Millisecond)
	started := time.Now()
	if r := post(t, s, "/api/conat/hub", keyUser, pingBody); !strings.HasPrefix(r.body, `{"now"`) {
		t.Fatalf("answer %s", r.body)
	}
	if elapsed := time.Since(started); elapsed < 60*time.Millisecond {
		t.Errorf("answered after %v, want at least 60ms", elapsed)
	}
}

func TestLatencyBeyondTheServerTimeoutIsTheTimeoutError(t *testing.T) {
	s := newTestServer(t)
	s.SetLatency(time.Hour, time.Hour)
	started := time.Now()
	r := post(t, s, "/api/conat/hub", keyUser, `{"name":"system.userSearch","args":[{"query":"x"}],"timeout":40}`)
	wantError(t, r.body, "timeout - Error: operation has timed out - callHub: subject='hub.account."+idAlan+
		".api', name='system.userSearch', code='408' ")
	if elapsed := time.Since(started); elapsed < 40*time.Millisecond || elapsed > 10*time.Second {
		t.Errorf("answered after %v, want about the 40ms timeout", elapsed)
	}
}

func TestLatencyEndsWhenTheClientCancels(t *testing.T) {
	s := newTestServer(t)
	s.SetLatency(time.Hour, time.Hour)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	req := newRequest(t, http.MethodPost, s.URL+"/api/conat/hub", pingBody).WithContext(ctx)
	if _, err := http.DefaultClient.Do(req); err == nil {
		t.Fatal("the client got an answer")
	}
	waitFor(t, "the handler to end", func() bool { return s.Stats().InFlight == 0 })
	if got := s.Stats().Canceled; got != 1 {
		t.Errorf("Canceled = %d, want 1", got)
	}
}

func TestLatencyJitterIsSeeded(t *testing.T) {
	draws := func() []time.Duration {
		l := newLatencyTable(42)
		l.set(0, time.Second)
		var d []time.Duration
		for range 5 {
			d = append(d, l.draw())
		}
		return d
	}
	a, b := draws(), draws()
	for i := range a {
		if a[i] != b[i] || a[i] < 0 || a[i] > time.Second {
			t.Fatalf("draws %v and %v", a, b)
		}
	}
}

func TestRequestsAreRecorded(t *testing.T) {
	s := newTestServer(t, WithBasePath("/base"))
	post(t, s, "/api/conat/hub", keyUser, pingBody)
	req := newRequest(t, http.MethodGet, s.URL+"/elsewhere?x=1", "")
	send(t, req)

	got := s.Requests()
	if len(got) != 2 {
		t.Fatalf("%d requests recorded, want 2", len(got))
	}
	first := got[0]
	if first.Method != "POST" || first.Path != "/base/api/conat/hub" || first.Function != "system.ping" ||
		string(first.Body) != pingBody || first.Header.Get("Authorization") != basicAuth(keyUser) {
		t.Errorf("first request %+v", first)
	}
	if second := got[1]; second.Path != "/base/elsewhere" || second.RawQuery != "x=1" || second.Function != "" {
		t.Errorf("second request %+v", second)
	}
	if st := s.Stats(); st.Requests != 2 || st.InFlight != 0 || st.Canceled != 0 {
		t.Errorf("stats %+v", st)
	}
	s.ResetRequests()
	if n := len(s.Requests()); n != 0 {
		t.Errorf("%d requests after ResetRequests", n)
	}
}

func TestWithAddrOnAWildcardAddressGivesALoopbackURL(t *testing.T) {
	s := NewServer(testData(t), WithAddr(":0"))
	defer s.Close()
	if !strings.HasPrefix(s.URL, "http://127.0.0.1:") {
		t.Errorf("URL %s", s.URL)
	}
	if r := post(t, s, "/api/conat/hub", keyUser, pingBody); r.status != 200 {
		t.Errorf("HTTP %d", r.status)
	}
}

func TestNewServerPanicsOnInvalidData(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("no panic")
		}
	}()
	NewServer(&Data{Accounts: []Account{{AccountID: "nope"}}})
}

func TestUnstartedServer(t *testing.T) {
	s := NewUnstartedServer(testData(t), WithBasePath("/p"))
	defer s.Close()
	if s.URL != "" {
		t.Fatalf("URL %q before Start", s.URL)
	}
	if err := s.Restart(); err == nil {
		t.Error("Restart before Start succeeded")
	}
	elsewhere := httptest.NewServer(s.Handler())
	defer elsewhere.Close()
	resp, err := http.Post(elsewhere.URL+"/p/api/conat/hub", "application/json", strings.NewReader(pingBody))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got := s.Stats().Requests; got != 1 {
		t.Errorf("%d requests counted through Handler", got)
	}
	s.Start()
	if !strings.HasSuffix(s.URL, "/p") {
		t.Errorf("URL %q", s.URL)
	}
	if r := post(t, s, "/api/conat/hub", keyUser, pingBody); r.status != 200 {
		t.Errorf("HTTP %d after Start", r.status)
	}
}

// TestStartOnAGivenListener: a program that listens itself hands the
// listener over; the server listens nowhere else.
func TestStartOnAGivenListener(t *testing.T) {
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := NewUnstartedServer(testData(t), WithBasePath("/p"))
	defer s.Close()
	s.Listener = listener
	s.Start()
	if want := "http://" + listener.Addr().String() + "/p"; s.URL != want || s.Listener != listener {
		t.Errorf("URL %q, want %q on the given listener", s.URL, want)
	}
	if r := post(t, s, "/api/conat/hub", keyUser, pingBody); r.status != 200 {
		t.Errorf("HTTP %d", r.status)
	}
	s.Close()
	if _, err := net.Dial("tcp", listener.Addr().String()); err == nil {
		t.Error("the given listener still accepts after Close")
	}
}

// TestShutdownLetsRequestsFinish: Shutdown stops new connections at once,
// and waits for the answer in flight.
func TestShutdownLetsRequestsFinish(t *testing.T) {
	s := newTestServer(t)
	s.SetLatency(300*time.Millisecond, 300*time.Millisecond)
	answered := make(chan int, 1)
	go func() {
		r := post(t, s, "/api/conat/hub", keyUser, pingBody)
		answered <- r.status
	}()
	waitFor(t, "the request in flight", func() bool { return s.Stats().InFlight == 1 })
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := s.Shutdown(ctx); err != nil {
		t.Fatalf("Shutdown: %v", err)
	}
	if status := <-answered; status != 200 {
		t.Errorf("the request in flight got HTTP %d, want its answer", status)
	}
	if _, err := net.Dial("tcp", strings.TrimPrefix(s.URL, "http://")); err == nil {
		t.Error("the server still accepts connections after Shutdown")
	}
}

// TestProjectStart: a stopped project is started before its endpoint
// answers; a call whose timeout is shorter gets the timeout error; the hub
// endpoint and refused keys are not delayed.
func TestProjectStart(t *testing.T) {
	s := newTestServer(t)
	s.SetProjectStart(time.Hour)
	r := post(t, s, "/api/conat/project", keyProject, `{"name":"system.test","timeout":50}`)
	wantError(t, r.body, "timeout - Error: operation has timed out - callHub: subject='project."+idP1+
		".0.api', name='system.test', code='408' ")
	if r := post(t, s, "/api/conat/project", "sk-nope", `{"name":"system.test","timeout":50}`); !strings.Contains(r.body, "must sign in") {
		t.Errorf("a bad key: %s", r.body)
	}
	if r := post(t, s, "/api/conat/hub", keyUser, pingBody); r.status != 200 || !strings.Contains(r.body, `"now"`) {
		t.Errorf("the hub endpoint: HTTP %d %s", r.status, r.body)
	}
}
