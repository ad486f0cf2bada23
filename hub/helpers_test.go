package hub_test

// Helpers of the tests that call the fake hub (hubtest) over real HTTP on
// 127.0.0.1.

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"cocalc-tui/hub"
	"cocalc-tui/hub/hubtest"
)

// testNow is the fake hub's clock in most tests, so that its times are known.
var testNow = time.Date(2026, time.March, 14, 15, 9, 26, 535_000_000, time.UTC)

// badKey is a well-formed key that the fake hub does not know.
const badKey = "sk-NoSuchKeyAtAll000000Zz"

// startDemo starts a fake hub serving the demo data as of testNow, with its
// clock stopped at testNow. It is closed when the test ends.
func startDemo(t *testing.T, opts ...hubtest.Option) *hubtest.Server {
	t.Helper()
	opts = append([]hubtest.Option{hubtest.WithClock(func() time.Time { return testNow })}, opts...)
	srv := hubtest.NewDemoServer(opts...)
	t.Cleanup(srv.Close)
	return srv
}

// newClient returns a client of baseURL with a connection pool of its own,
// closed when the test ends. Options given later override the pool.
func newClient(t *testing.T, baseURL, key string, opts ...hub.Option) *hub.Client {
	t.Helper()
	transport := http.DefaultTransport.(*http.Transport).Clone()
	t.Cleanup(transport.CloseIdleConnections)
	opts = append([]hub.Option{hub.WithHTTPClient(&http.Client{Transport: transport})}, opts...)
	c, err := hub.New(baseURL, key, opts...)
	if err != nil {
		t.Fatalf("hub.New(%q): %v", baseURL, err)
	}
	return c
}

// sentinels are the errors.Is targets of each kind.
var sentinels = map[hub.Kind]error{
	hub.KindNoKey:           hub.ErrNoKey,
	hub.KindKeyRejected:     hub.ErrKeyRejected,
	hub.KindNotAdmin:        hub.ErrNotAdmin,
	hub.KindTimeout:         hub.ErrTimeout,
	hub.KindUnavailable:     hub.ErrUnavailable,
	hub.KindUnknownFunction: hub.ErrUnknownFunction,
	hub.KindInvalidArgument: hub.ErrInvalidArgument,
	hub.KindTransport:       hub.ErrTransport,
	hub.KindHTTPStatus:      hub.ErrHTTPStatus,
	hub.KindRedirect:        hub.ErrRedirect,
	hub.KindBadResponse:     hub.ErrBadResponse,
	hub.KindTooLarge:        hub.ErrTooLarge,
	hub.KindCanceled:        hub.ErrCanceled,
}

// wantKind checks that err is a *hub.Error of the kind, that errors.Is
// matches the kind's sentinel and no other, and returns it.
func wantKind(t *testing.T, err error, kind hub.Kind) *hub.Error {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want a %q error", kind)
	}
	var hubErr *hub.Error
	if !errors.As(err, &hubErr) {
		t.Fatalf("got a %T (%v), want a *hub.Error", err, err)
	}
	if hubErr.Kind != kind {
		t.Fatalf("got a %q error (%v), want a %q error", hubErr.Kind, err, kind)
	}
	if hub.KindOf(err) != kind {
		t.Errorf("KindOf(err) = %q, want %q", hub.KindOf(err), kind)
	}
	for k, sentinel := range sentinels {
		if got, want := errors.Is(err, sentinel), k == kind; got != want {
			t.Errorf("errors.Is(err, sentinel of %q) = %v, want %v (err: %v)", k, got, want, err)
		}
	}
	return hubErr
}

// wantNoError stops the test if err is not nil.
func wantNoError(t *testing.T, what string, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: unexpected error (kind %q): %v", what, hub.KindOf(err), err)
	}
}

// eventually waits until cond holds, for at most 5 s, polling. It is for
// effects that happen on the server after the client has returned.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting until %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// decodeBasicAuth returns the key sent as "Basic base64(key:)".
func decodeBasicAuth(header string) (string, error) {
	encoded, ok := strings.CutPrefix(header, "Basic ")
	if !ok {
		return "", fmt.Errorf("not a Basic authorization: %q", header)
	}
	decoded, err := base64.StdEncoding.DecodeString(encoded)
	if err != nil {
		return "", fmt.Errorf("not standard base64: %q", encoded)
	}
	key, ok := strings.CutSuffix(string(decoded), ":")
	if !ok {
		return "", fmt.Errorf("decoded %q does not end in ':'", decoded)
	}
	return key, nil
}

// demoAccount returns the demo data's account with the given id.
func demoAccount(t *testing.T, id string) hubtest.Account {
	t.Helper()
	for _, a := range hubtest.DemoData(testNow).Accounts {
		if a.AccountID == id {
			return a
		}
	}
	t.Fatalf("no account %s in the demo data", id)
	return hubtest.Account{}
}

// jsonKeys returns the keys of a JSON object.
func jsonKeys(t *testing.T, raw []byte) map[string]json.RawMessage {
	t.Helper()
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(raw, &fields); err != nil {
		t.Fatalf("not a JSON object: %s", raw)
	}
	return fields
}
