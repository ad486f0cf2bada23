package hub_test

import (
	"context"
	"encoding/base64"
	"errors"
	"net/http"
	"strings"
	"testing"

	"cocalc-tui/hub"
	"cocalc-tui/hub/hubtest"
)

// callFunc is one call of the client, its result dropped.
type callFunc func(context.Context, *hub.Client) error

var (
	callPing     = callFunc(ping)
	callTest     = callFunc(func(ctx context.Context, c *hub.Client) error { _, err := c.Test(ctx); return err })
	callGetNames = callFunc(func(ctx context.Context, c *hub.Client) error {
		_, err := c.GetNames(ctx, []string{hubtest.DemoAdminAccountID})
		return err
	})
	callSearch      = search(hub.SearchParams{Query: "alice"})
	callAdminSearch = search(hub.SearchParams{Query: "alice", Admin: true})
	callIsAdmin     = callFunc(func(ctx context.Context, c *hub.Client) error { _, err := c.IsAdmin(ctx); return err })
	callResetLink   = callFunc(func(ctx context.Context, c *hub.Client) error {
		_, err := c.PasswordResetLink(ctx, hubtest.DemoUserAccountID)
		return err
	})
	callImpersonate = callFunc(func(ctx context.Context, c *hub.Client) error {
		_, err := c.ImpersonationLink(ctx, hubtest.DemoUserAccountID)
		return err
	})
)

// everyMethod is each typed method, for faults that must hit them all.
var everyMethod = []struct {
	name string
	call callFunc
}{
	{"Ping", callPing}, {"Test", callTest}, {"GetNames", callGetNames}, {"UserSearch", callSearch},
	{"IsAdmin", callIsAdmin}, {"PasswordResetLink", callResetLink}, {"ImpersonationLink", callImpersonate},
}

// errorCase is a call that must fail in a given way.
type errorCase struct {
	name     string
	key      string                           // DemoAdminKey unless set; "-" for none
	server   []hubtest.Option                 // options of the fake hub
	setup    func(*hubtest.Server)            // faults and the like
	baseURL  func(srv *hubtest.Server) string // srv.URL unless set
	opts     []hub.Option                     // client options
	call     callFunc                         // the call that fails
	kind     hub.Kind                         // the error's kind
	status   int                              // the error's Status
	contains []string                         // texts the message must have
	excludes []string                         // texts it must not have (besides the key and "<")
	sent     int                              // requests the server must receive; -1: any number
}

func errorCases() []errorCase {
	cases := []errorCase{
		{name: "no key: Ping", key: "-", call: callPing, kind: hub.KindNoKey, contains: []string{"no API key"}},
		{name: "no key: Test", key: "-", call: callTest, kind: hub.KindNoKey},
		{name: "no key: GetNames", key: "-", call: callGetNames, kind: hub.KindNoKey},
		{name: "no key: UserSearch", key: "-", call: callSearch, kind: hub.KindNoKey},
		{name: "no key: IsAdmin", key: "-", call: callIsAdmin, kind: hub.KindNoKey},
		{name: "no key: PasswordResetLink", key: "-", call: callResetLink, kind: hub.KindNoKey},
		{name: "no key: ImpersonationLink", key: "-", call: callImpersonate, kind: hub.KindNoKey},
		{name: "bad key", key: badKey, call: callPing, kind: hub.KindKeyRejected, sent: 1,
			contains: []string{"must be signed in"}},
		{name: "bad key, Test also asks the project endpoint", key: badKey, call: callTest,
			kind: hub.KindKeyRejected, sent: 2, contains: []string{"must be signed in"}},
		{name: "banned account's key", key: hubtest.DemoBannedKey, call: callSearch, kind: hub.KindKeyRejected, sent: 1},
		{name: "expired key", key: hubtest.DemoExpiredKey, call: callGetNames, kind: hub.KindKeyRejected, sent: 1},
		{name: "project key on the hub endpoint", key: hubtest.DemoProjectKey, call: callPing,
			kind: hub.KindKeyRejected, sent: 1},
		{name: "not an admin", key: hubtest.DemoUserKey, call: callAdminSearch, kind: hub.KindNotAdmin, sent: 1,
			contains: []string{"Must be an admin to do admin search."}, excludes: []string{"Error:"}},
		{name: "server-side timeout (408)", call: callSearch, kind: hub.KindTimeout, sent: 1,
			setup:    func(s *hubtest.Server) { s.SetFault(hubtest.FaultServerTimeout) },
			contains: []string{"operation has timed out"},
			excludes: []string{"callHub", "subject", hubtest.DemoAdminAccountID, "Error:"}},
		{name: "hub service down (503)", call: callPing, kind: hub.KindUnavailable, sent: 1,
			setup:    func(s *hubtest.Server) { s.SetFault(hubtest.FaultUnavailable) },
			contains: []string{"no subscribers"}, excludes: []string{"callHub"}},
		{name: "unknown function", call: func(ctx context.Context, c *hub.Client) error {
			return c.Call(ctx, "system.nope", []any{map[string]any{}}, nil)
		}, kind: hub.KindUnknownFunction, sent: 1, contains: []string{"system.nope: unknown function 'system.nope'"},
			excludes: []string{"Error:"}},
		{name: "server rejects an id that is not a UUID", call: func(ctx context.Context, c *hub.Client) error {
			return c.Call(ctx, hub.FuncGetNames, []any{[]string{"foo"}}, nil)
		}, kind: hub.KindInvalidArgument, sent: 1, contains: []string{`invalid input syntax for type uuid: "foo"`}},
		{name: "server TypeError", call: func(ctx context.Context, c *hub.Client) error {
			return c.Call(ctx, hub.FuncUserSearch, []any{"alice"}, nil)
		}, kind: hub.KindOther, sent: 1, contains: []string{"TypeError"}},
		{name: "502 page of a proxy", call: callPing, kind: hub.KindHTTPStatus, status: 502, sent: 1,
			setup:    func(s *hubtest.Server) { s.SetFault(hubtest.FaultBadGateway) },
			contains: []string{"502", "instead of the hub's JSON"}, excludes: []string{"nginx", "center", "html"}},
		{name: "504 page of a proxy", call: callSearch, kind: hub.KindHTTPStatus, status: 504, sent: 1,
			setup:    func(s *hubtest.Server) { s.SetFault(hubtest.FaultGatewayTimeout) },
			contains: []string{"504", "instead of the hub's JSON"}, excludes: []string{"nginx", "Time-out", "html"}},
		{name: "500 plain text", call: callTest, kind: hub.KindHTTPStatus, status: 500, sent: 1,
			setup:    func(s *hubtest.Server) { s.SetFault(hubtest.FaultInternalText) },
			contains: []string{"500", "instead of the hub's JSON"}},
		{name: "proxy page even with a bad key", key: badKey, call: callPing, kind: hub.KindHTTPStatus, status: 502,
			sent: 1, setup: func(s *hubtest.Server) { s.SetFault(hubtest.FaultBadGateway) }},
		{name: "wrong base path (Next.js 404)", call: callPing, kind: hub.KindHTTPStatus, status: 404, sent: 1,
			baseURL:  func(s *hubtest.Server) string { return s.URL + "/nope" },
			contains: []string{"404", "instead of the hub's JSON"}, excludes: []string{"could not be found", "html"}},
		{name: "base path missing (Express 404)", call: callPing, kind: hub.KindHTTPStatus, status: 404, sent: 1,
			server:   []hubtest.Option{hubtest.WithBasePath("/cocalc")},
			baseURL:  func(s *hubtest.Server) string { return strings.TrimSuffix(s.URL, "/cocalc") },
			contains: []string{"404"}, excludes: []string{"Cannot POST", "html"}},
		{name: "redirect of a trailing-slash endpoint is not followed", call: callPing, kind: hub.KindRedirect,
			status: 308, sent: 1, opts: []hub.Option{hub.WithHTTPClient(&http.Client{Transport: addSlash{}})},
			contains: []string{"308", "not followed"}},
		{name: "request over the server's 1 MB body limit", call: search(hub.SearchParams{Query: strings.Repeat("a", 1<<20)}),
			kind: hub.KindHTTPStatus, status: 413, sent: 1, contains: []string{"413", "too large"},
			excludes: []string{"Body exceeded"}},
		{name: "sign-in page instead of JSON", call: callPing, kind: hub.KindBadResponse, sent: 1,
			setup:    func(s *hubtest.Server) { s.SetFault(hubtest.FaultNotJSON) },
			contains: []string{"not valid JSON"}, excludes: []string{"Sign in", "form", "html"}},
		{name: "truncated answer", call: callSearch, kind: hub.KindBadResponse, sent: 1,
			setup:    func(s *hubtest.Server) { s.SetFault(hubtest.FaultTruncated) },
			contains: []string{"not valid JSON", "cut short"}},
		{name: "oversized answer, default limit", call: callSearch, kind: hub.KindTooLarge, sent: 1,
			setup:    func(s *hubtest.Server) { s.SetFault(hubtest.FaultOversized) },
			contains: []string{"32 MiB"}},
		{name: "oversized answer, 1 MiB limit", call: callSearch, kind: hub.KindTooLarge, sent: 1,
			opts:     []hub.Option{hub.WithMaxBodyBytes(1 << 20)},
			setup:    func(s *hubtest.Server) { s.SetFault(hubtest.FaultOversized) },
			contains: []string{"1 MiB"}},
		{name: "answer over a tiny limit", call: callPing, kind: hub.KindTooLarge, sent: 1,
			opts: []hub.Option{hub.WithMaxBodyBytes(8)}, contains: []string{"8 bytes"}},
		// Usually "cannot connect" (refused); but a parallel test's server
		// may take the freed port meanwhile, so only the host is certain.
		{name: "stopped server", call: callPing, kind: hub.KindTransport,
			setup: func(s *hubtest.Server) { s.Stop() }, contains: []string{"127.0.0.1:"}},
		{name: "canceled before the call", call: func(_ context.Context, c *hub.Client) error {
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			_, err := c.Ping(ctx)
			return err
		}, kind: hub.KindCanceled},
		{name: "invalid ids are refused before sending", call: func(ctx context.Context, c *hub.Client) error {
			_, err := c.GetNames(ctx, []string{"foo", hubtest.DemoAdminAccountID, "a5e0905b-a1d4-4806-9297-5dd24817e1a"})
			return err
		}, kind: hub.KindInvalidArgument, contains: []string{`"foo"`, `"a5e0905b-a1d4-4806-9297-5dd24817e1a"`},
			excludes: []string{`"` + hubtest.DemoAdminAccountID + `"`}},
		{name: "invalid id of a reset link", call: func(ctx context.Context, c *hub.Client) error {
			_, err := c.PasswordResetLink(ctx, "alice")
			return err
		}, kind: hub.KindInvalidArgument, contains: []string{`"alice"`}},
		{name: "invalid id of an impersonation link", call: func(ctx context.Context, c *hub.Client) error {
			_, err := c.ImpersonationLink(ctx, "")
			return err
		}, kind: hub.KindInvalidArgument, contains: []string{`""`}},
		// The key must stay out of messages even where the caller or the
		// server puts it in the text.
		{name: "key given as an account id", call: func(ctx context.Context, c *hub.Client) error {
			_, err := c.GetNames(ctx, []string{hubtest.DemoAdminKey})
			return err
		}, kind: hub.KindInvalidArgument},
		{name: "key echoed by the server", call: func(ctx context.Context, c *hub.Client) error {
			return c.Call(ctx, "system."+hubtest.DemoAdminKey, nil, nil)
		}, kind: hub.KindUnknownFunction, sent: 1},
	}
	for _, m := range everyMethod {
		cases = append(cases, errorCase{name: "wrong shape: " + m.name, call: m.call, kind: hub.KindBadResponse,
			sent: -1, setup: func(s *hubtest.Server) { s.SetFault(hubtest.FaultWrongShape) },
			contains: []string{"unexpected shape"}})
	}
	return cases
}

// addSlash is a transport that appends "/" to every path, as a misconfigured
// proxy might: the hub answers those paths with a 308 redirect.
type addSlash struct{}

func (addSlash) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.URL.Path += "/"
	return http.DefaultTransport.RoundTrip(r)
}

func TestErrorKinds(t *testing.T) {
	t.Parallel()
	for _, tt := range errorCases() {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := startDemo(t, tt.server...)
			if tt.setup != nil {
				tt.setup(srv)
			}
			key := tt.key
			switch key {
			case "":
				key = hubtest.DemoAdminKey
			case "-":
				key = ""
			}
			baseURL := srv.URL
			if tt.baseURL != nil {
				baseURL = tt.baseURL(srv)
			}
			err := tt.call(context.Background(), newClient(t, baseURL, key, tt.opts...))

			e := wantKind(t, err, tt.kind)
			if e.Status != tt.status {
				t.Errorf("Status = %d, want %d", e.Status, tt.status)
			}
			text := err.Error()
			for _, want := range tt.contains {
				if !strings.Contains(text, want) {
					t.Errorf("error %q does not say %q", text, want)
				}
			}
			for _, unwanted := range append(tt.excludes, "<") {
				if strings.Contains(text, unwanted) {
					t.Errorf("error %q contains %q", text, unwanted)
				}
			}
			if key != "" && strings.Contains(text, key) {
				t.Errorf("error %q reveals the API key", text)
			}
			if strings.HasPrefix(e.Message, "Error: ") {
				t.Errorf("message %q keeps the leading \"Error: \"", e.Message)
			}
			if hub.Hint(err) == "" && tt.kind != hub.KindOther && tt.kind != hub.KindCanceled {
				t.Errorf("no Hint for a %q error", tt.kind)
			}
			if got := len(srv.Requests()); tt.sent >= 0 && got != tt.sent {
				t.Errorf("the server received %d requests, want %d", got, tt.sent)
			}
		})
	}
}

// TestErrorsNeverRevealTheKey runs every error case with a key made to be
// found: the error texts must not contain it, nor its base64 form.
func TestErrorsNeverRevealTheKey(t *testing.T) {
	t.Parallel()
	for _, tt := range errorCases() {
		if tt.key == "-" {
			continue
		}
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := startDemo(t, tt.server...)
			if tt.setup != nil {
				tt.setup(srv)
			}
			baseURL := srv.URL
			if tt.baseURL != nil {
				baseURL = tt.baseURL(srv)
			}
			keys := []string{badKey, hubtest.DemoAdminKey}
			if tt.key != "" {
				keys = append(keys, tt.key)
			}
			for _, key := range keys {
				err := tt.call(context.Background(), newClient(t, baseURL, key, tt.opts...))
				if err == nil {
					continue // this key makes the call work: nothing to reveal
				}
				for _, secret := range []string{key, basicAuth(key), strings.TrimPrefix(key, "sk-")} {
					if strings.Contains(err.Error(), secret) {
						t.Errorf("with key %s: error %q contains %q", hub.MaskKey(key), err, secret)
					}
				}
				var e *hub.Error
				if errors.As(err, &e) && e.Err != nil && strings.Contains(e.Err.Error(), key) {
					t.Errorf("with key %s: the wrapped error %q contains the key", hub.MaskKey(key), e.Err)
				}
			}
		})
	}
}

// basicAuth is the key as the Authorization header carries it.
func basicAuth(key string) string { return base64.StdEncoding.EncodeToString([]byte(key + ":")) }

func TestNewRefusesUnsafeOrInvalidSettings(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		baseURL string
		opts    []hub.Option
		want    string
	}{
		{"plain http to another host", "http://cocalc.example.org", nil, "refusing plain http://"},
		{"not a URL", "ftp://cocalc.com", nil, "must look like"},
		{"no scheme", "cocalc.com", nil, "cocalc.com lacks http:// or https://"},
		{"no scheme, the key pasted after it", "cocalc.com/" + hubtest.DemoAdminKey, nil, "cocalc.com/[redacted] lacks http:// or https://"},
		{"a password in the URL", "https://u:" + hubtest.DemoAdminKey + "@cocalc.com", nil, "user name or password"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := hub.New(tt.baseURL, hubtest.DemoAdminKey, tt.opts...)
			e := wantKind(t, err, hub.KindInvalidArgument)
			if !strings.Contains(e.Message, tt.want) || strings.Contains(err.Error(), hubtest.DemoAdminKey) {
				t.Errorf("error %q, want one saying %q, without the key", err, tt.want)
			}
		})
	}
	if _, err := hub.New("http://cocalc.example.org", "k", hub.WithInsecureHTTP()); err != nil {
		t.Errorf("with WithInsecureHTTP, plain http:// is refused: %v", err)
	}
}
