package hub_test

import (
	"context"
	"io"
	"log"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/http/httptrace"
	"runtime"
	"strings"
	"sync"
	"testing"

	"cocalc-tui/hub"
	"cocalc-tui/hub/hubtest"
)

// connLog records the connections a client's requests got.
type connLog struct {
	mu     sync.Mutex
	reused []bool
	local  map[string]bool // local addresses: one per TCP connection
}

func (l *connLog) context() context.Context {
	return httptrace.WithClientTrace(context.Background(), &httptrace.ClientTrace{
		GotConn: func(info httptrace.GotConnInfo) {
			l.mu.Lock()
			defer l.mu.Unlock()
			l.reused = append(l.reused, info.Reused)
			if l.local == nil {
				l.local = map[string]bool{}
			}
			l.local[info.Conn.LocalAddr().String()] = true
		},
	})
}

// TestConnectionsAreReused makes calls of every kind, some of them failing
// with an answer, one after the other: they must all use one connection.
func TestConnectionsAreReused(t *testing.T) {
	t.Parallel()
	clients := map[string]func(t *testing.T, url string) *hub.Client{
		"default HTTP client": func(t *testing.T, url string) *hub.Client {
			c, err := hub.New(url, hubtest.DemoUserKey)
			if err != nil {
				t.Fatal(err)
			}
			return c
		},
		"own HTTP client": func(t *testing.T, url string) *hub.Client {
			return newClient(t, url, hubtest.DemoUserKey)
		},
	}
	for name, newTestClient := range clients {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			srv := startDemo(t)
			c := newTestClient(t, srv.URL)
			var log connLog
			ctx := log.context()
			steps := []struct {
				name string
				run  func() error
				kind hub.Kind // of the error expected, KindOther for none
			}{
				{"Ping", func() error { _, err := c.Ping(ctx); return err }, hub.KindOther},
				{"Test", func() error { _, err := c.Test(ctx); return err }, hub.KindOther},
				{"GetNames", func() error {
					_, err := c.GetNames(ctx, []string{hubtest.DemoAdminAccountID})
					return err
				}, hub.KindOther},
				{"UserSearch", func() error { _, err := c.UserSearch(ctx, hub.SearchParams{Query: "alice"}); return err }, hub.KindOther},
				{"IsAdmin", func() error { _, err := c.IsAdmin(ctx); return err }, hub.KindOther},
				{"unknown function", func() error { return c.Call(ctx, "system.nope", nil, nil) }, hub.KindUnknownFunction},
				{"502 page", func() error {
					srv.SetFault(hubtest.FaultBadGateway)
					defer srv.SetFault(hubtest.FaultNone)
					_, err := c.Ping(ctx)
					return err
				}, hub.KindHTTPStatus},
				{"not JSON", func() error {
					srv.SetFault(hubtest.FaultNotJSON)
					defer srv.SetFault(hubtest.FaultNone)
					_, err := c.Ping(ctx)
					return err
				}, hub.KindBadResponse},
				{"Ping again", func() error { _, err := c.Ping(ctx); return err }, hub.KindOther},
			}
			for _, step := range steps {
				err := step.run()
				if step.kind == hub.KindOther {
					wantNoError(t, step.name, err)
				} else {
					wantKind(t, err, step.kind)
				}
			}
			if len(log.reused) != len(steps) {
				t.Fatalf("%d connections got for %d calls", len(log.reused), len(steps))
			}
			for i, reused := range log.reused {
				if reused != (i > 0) {
					t.Errorf("call %d (%s): connection reused = %v, want %v", i, steps[i].name, reused, i > 0)
				}
			}
			if len(log.local) != 1 {
				t.Errorf("the calls used %d TCP connections, want 1", len(log.local))
			}
		})
	}
}

// TestSessionCookieIsNeverSentBack: the hub sets a session cookie on every
// answer, which the API does not take; even an HTTP client with a cookie jar
// must not send it back.
func TestSessionCookieIsNeverSentBack(t *testing.T) {
	t.Parallel()
	srv := startDemo(t)
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	c := newClient(t, srv.URL, hubtest.DemoUserKey, hub.WithHTTPClient(&http.Client{Jar: jar}))
	for range 3 {
		_, err := c.Ping(context.Background())
		wantNoError(t, "Ping", err)
	}
	for i, r := range srv.Requests() {
		if cookie := r.Header.Get("Cookie"); cookie != "" {
			t.Errorf("request %d sent the cookie %q", i+1, cookie)
		}
	}
}

// TestOversizedAnswerIsNotReadIntoMemory: with a 1 MiB limit, a 40 MiB answer
// must cost a few MiB at most (counted in bytes allocated, whatever the GC
// did). Not parallel, so that other tests do not allocate meanwhile.
func TestOversizedAnswerIsNotReadIntoMemory(t *testing.T) {
	srv := startDemo(t)
	srv.SetFault(hubtest.FaultOversized)
	c := newClient(t, srv.URL, hubtest.DemoUserKey, hub.WithMaxBodyBytes(1<<20))
	ctx := context.Background()
	if _, err := c.Ping(ctx); err == nil { // warm up: connection, buffers
		t.Fatal("a 40 MiB answer was accepted")
	}

	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := c.UserSearch(ctx, hub.SearchParams{Query: "alice"})
	runtime.ReadMemStats(&after)

	e := wantKind(t, err, hub.KindTooLarge)
	if !strings.Contains(e.Message, "1 MiB") {
		t.Errorf("message %q does not name the limit", e.Message)
	}
	const bound = 8 << 20
	if allocated := after.TotalAlloc - before.TotalAlloc; allocated > bound {
		t.Errorf("the call allocated %d MiB, want at most %d MiB", allocated>>20, bound>>20)
	}
}

// TestConcurrentCalls: one client is safe for concurrent use (run with -race).
func TestConcurrentCalls(t *testing.T) {
	t.Parallel()
	srv := startDemo(t)
	c := newClient(t, srv.URL, hubtest.DemoAdminKey)
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for i := range 20 {
		wg.Add(2)
		go func() {
			defer wg.Done()
			_, err := c.UserSearch(ctx, hub.SearchParams{Query: "alice", Limit: i + 1})
			errs <- err
		}()
		go func() {
			defer wg.Done()
			_, err := c.GetNames(ctx, []string{hubtest.DemoUserAccountID})
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		wantNoError(t, "concurrent call", err)
	}
}

// TestHTTPSWithOwnHTTPClient: an https base URL works through a caller's
// HTTP client that trusts the server's certificate.
func TestHTTPSWithOwnHTTPClient(t *testing.T) {
	t.Parallel()
	srv := startDemo(t)
	tls := httptest.NewUnstartedServer(srv.Handler())
	tls.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshake below
	tls.StartTLS()
	t.Cleanup(tls.Close)
	c := newClient(t, tls.URL, hubtest.DemoUserKey, hub.WithHTTPClient(tls.Client()))
	got, err := c.Test(context.Background())
	wantNoError(t, "Test over https", err)
	if got.AccountID != hubtest.DemoUserAccountID {
		t.Errorf("Test() = %+v, want Alan's account", got)
	}
	_, err = newClient(t, tls.URL, hubtest.DemoUserKey).Ping(context.Background())
	e := wantKind(t, err, hub.KindTransport)
	if strings.Contains(e.Message, hubtest.DemoUserKey) {
		t.Errorf("message %q reveals the key", e.Message)
	}
}
