package hubtest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestFaults(t *testing.T) {
	s := newTestServer(t)
	searchBody := callBody("system.userSearch", []any{map[string]any{"query": "alan"}})
	searchAnswer := post(t, s, "/api/conat/hub", keyUser, searchBody).body
	subject := "hub.account." + idAlan + ".api"
	tests := []struct {
		fault       Fault
		key         string
		status      int
		contentType string
		check       func(t *testing.T, body string)
		cookie      bool
	}{
		{FaultServerTimeout, keyUser, 200, "application/json", func(t *testing.T, body string) {
			wantError(t, body, "timeout - Error: operation has timed out - callHub: subject='"+subject+
				"', name='system.userSearch', code='408' ")
		}, true},
		{FaultServerTimeout, "sk-bad", 200, "application/json", func(t *testing.T, body string) {
			wantError(t, body, "must be signed in and MUST provide an api key (cookies are not allowed)")
		}, true},
		{FaultUnavailable, keyUser, 200, "application/json", func(t *testing.T, body string) {
			wantError(t, body, "request -- no subscribers matching '"+subject+"' - callHub: subject='"+subject+
				"', name='system.userSearch', code='503' ")
		}, true},
		{FaultBadGateway, "sk-bad", 502, "text/html", func(t *testing.T, body string) {
			want := "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
			if body != want {
				t.Errorf("page %q", body)
			}
		}, false},
		{FaultGatewayTimeout, keyUser, 504, "text/html", func(t *testing.T, body string) {
			if !strings.Contains(body, "<h1>504 Gateway Time-out</h1>") {
				t.Errorf("page %q", body)
			}
		}, false},
		{FaultInternalText, keyUser, 500, "text/plain", func(t *testing.T, body string) {
			if body != "Internal Server Error" {
				t.Errorf("body %q", body)
			}
		}, true},
		{FaultBadRequest, "sk-bad", 400, "text/plain", func(t *testing.T, body string) {
			if body != "Invalid JSON" {
				t.Errorf("body %q, want Next.js's %q", body, "Invalid JSON")
			}
		}, true},
		{FaultNotJSON, keyUser, 200, "text/html", func(t *testing.T, body string) {
			if json.Valid([]byte(body)) || !strings.HasPrefix(body, "<!DOCTYPE html>") {
				t.Errorf("body %q", body)
			}
		}, false},
		{FaultTruncated, keyUser, 200, "application/json", func(t *testing.T, body string) {
			if json.Valid([]byte(body)) || len(body) == 0 || !strings.HasPrefix(searchAnswer, body) {
				t.Errorf("body %q is not a cut of %q", body, searchAnswer)
			}
		}, true},
		{FaultWrongShape, keyUser, 200, "application/json", func(t *testing.T, body string) {
			if body != `{"results":`+searchAnswer+`}` {
				t.Errorf("body %s", body)
			}
		}, true},
	}
	for _, tc := range tests {
		t.Run(tc.fault.String()+"/"+tc.key, func(t *testing.T) {
			s.SetFault(tc.fault)
			defer s.SetFault(FaultNone)
			r := post(t, s, "/api/conat/hub", tc.key, searchBody)
			if r.status != tc.status {
				t.Errorf("HTTP %d, want %d", r.status, tc.status)
			}
			if !strings.HasPrefix(r.header.Get("Content-Type"), tc.contentType) {
				t.Errorf("Content-Type %q, want %q", r.header.Get("Content-Type"), tc.contentType)
			}
			if hasCookie := r.header.Get("Set-Cookie") != ""; hasCookie != tc.cookie {
				t.Errorf("session cookie set: %v, want %v", hasCookie, tc.cookie)
			}
			tc.check(t, r.body)
		})
	}
}

func TestWrongShapeOfEachAnswer(t *testing.T) {
	s := newTestServer(t)
	s.SetFault(FaultWrongShape)
	now := ms(testNow.UnixMilli())
	for name, want := range map[string]string{
		"system.ping":                   `[{"now":` + now + `}]`,
		"system.getNames":               `[{}]`,
		"system.adminResetPasswordLink": `{"value":"/auth/password-reset/`,
	} {
		args := []any{map[string]any{"user_account_id": idAlan}}
		if name == "system.getNames" {
			args = []any{[]any{}}
		}
		if got := callHub(t, s, keyAdmin, name, args); !strings.HasPrefix(got, want) {
			t.Errorf("%s: %s, want %s…", name, got, want)
		}
	}
}

func TestFaultsPerFunction(t *testing.T) {
	s := newTestServer(t)
	s.SetFault(FaultBadGateway, "system.ping")
	if r := post(t, s, "/api/conat/hub", keyUser, pingBody); r.status != 502 {
		t.Errorf("ping: HTTP %d, want 502", r.status)
	}
	if r := post(t, s, "/api/conat/hub", keyUser, `{"name":"system.test"}`); r.status != 200 {
		t.Errorf("test: HTTP %d, want 200", r.status)
	}
	s.SetFault(FaultUnavailable) // for every call; ping keeps its own
	if r := post(t, s, "/api/conat/hub", keyUser, `{"name":"system.test"}`); !strings.Contains(r.body, "code='503'") {
		t.Errorf("test: %s", r.body)
	}
	s.SetFault(FaultNone, "system.ping")
	if r := post(t, s, "/api/conat/hub", keyUser, pingBody); !strings.Contains(r.body, "code='503'") {
		t.Errorf("ping after clearing its own fault: %s", r.body)
	}
	s.SetFault(FaultNone)
	if r := post(t, s, "/api/conat/hub", keyUser, pingBody); !strings.HasPrefix(r.body, `{"now"`) {
		t.Errorf("ping after clearing all: %s", r.body)
	}
}

func TestOversizedAnswerIsStreamed(t *testing.T) {
	s := newTestServer(t)
	s.SetFault(FaultOversized, "system.userSearch")
	req := newRequest(t, http.MethodPost, s.URL+"/api/conat/hub", callBody("system.userSearch", []any{map[string]any{"query": "a"}}))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", basicAuth(keyUser))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.ContentLength != -1 {
		t.Errorf("Content-Length %d: the answer should be streamed", resp.ContentLength)
	}
	// Only the ends are kept: checking 40 MiB of JSON is slow under -race,
	// and the middle repeats one row.
	head := make([]byte, 4096)
	if _, err := io.ReadFull(resp.Body, head); err != nil {
		t.Fatal(err)
	}
	tail := &lastBytes{n: 4096}
	rest, err := io.Copy(tail, resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if size := int64(len(head)) + rest; size < oversizedBytes {
		t.Errorf("answer of %d bytes, want at least %d", size, oversizedBytes)
	}
	if !bytes.HasPrefix(head, []byte("["+oversizedRow+",")) || !bytes.HasSuffix(tail.b, []byte(","+oversizedRow+"]")) {
		t.Errorf("answer %.80q … %.80q is not a list of rows", head, tail.b)
	}
	if !json.Valid([]byte("[" + oversizedRow + "," + oversizedRow + "]")) {
		t.Error("the row is not valid JSON")
	}
}

func TestOversizedAnswerStopsWhenTheClientLeaves(t *testing.T) {
	s := newTestServer(t)
	s.SetFault(FaultOversized)
	req := newRequest(t, http.MethodPost, s.URL+"/api/conat/hub", pingBody)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", basicAuth(keyUser))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.ReadFull(resp.Body, make([]byte, 1<<20))
	resp.Body.Close()
	waitFor(t, "the handler to end", func() bool { return s.Stats().InFlight == 0 })
	if got := s.Stats().Canceled; got != 1 {
		t.Errorf("Canceled = %d, want 1", got)
	}
}

func TestHangEndsWhenTheClientCancels(t *testing.T) {
	s := newTestServer(t)
	s.SetFault(FaultHang)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	req := newRequest(t, http.MethodPost, s.URL+"/api/conat/hub", pingBody).WithContext(ctx)
	req.Header.Set("Content-Type", "application/json")
	_, err := http.DefaultClient.Do(req)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want the client's deadline", err)
	}
	waitFor(t, "the handler to end", func() bool { return s.Stats().InFlight == 0 })
	if st := s.Stats(); st.Canceled != 1 || st.Requests != 1 {
		t.Errorf("stats %+v, want 1 request, 1 canceled", st)
	}
}

func TestHangEndsWhenTheServerCloses(t *testing.T) {
	s := NewServer(testData(t))
	s.SetFault(FaultHang)
	done := make(chan error, 1)
	go func() {
		req := newRequest(t, http.MethodPost, s.URL+"/api/conat/hub", pingBody)
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
		}
		done <- err
	}()
	waitFor(t, "the request to arrive", func() bool { return s.Stats().InFlight == 1 })
	s.Close() // returns once the hanging handler has ended
	if st := s.Stats(); st.InFlight != 0 || st.Canceled != 0 {
		t.Errorf("stats after Close %+v, want nothing in flight and nothing canceled by the client", st)
	}
	select {
	case err := <-done:
		if err == nil {
			t.Error("the client got an answer from a closed server")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the client is still waiting")
	}
}

func TestHangEndsWhenHandlerIsServedElsewhereAndServerCloses(t *testing.T) {
	s := NewServer(testData(t))
	s.SetFault(FaultHang)
	elsewhere := httptest.NewServer(s.Handler())
	defer elsewhere.Close()
	done := make(chan error, 1)
	go func() {
		resp, err := http.Post(elsewhere.URL+"/api/conat/hub", "application/json", strings.NewReader(pingBody))
		if err == nil {
			resp.Body.Close()
		}
		done <- err
	}()
	waitFor(t, "the request to arrive", func() bool { return s.Stats().InFlight == 1 })
	s.Close()
	select {
	case err := <-done:
		if err == nil {
			t.Error("the client got an answer")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the handler still hangs")
	}
}

// lastBytes keeps the last n bytes written to it.
type lastBytes struct {
	n int
	b []byte
}

func (l *lastBytes) Write(p []byte) (int, error) {
	l.b = append(l.b, p...)
	if len(l.b) > l.n {
		l.b = append([]byte(nil), l.b[len(l.b)-l.n:]...)
	}
	return len(p), nil
}
