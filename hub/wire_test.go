package hub_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"cocalc-tui/hub"
	"cocalc-tui/hub/hubtest"
)

// sentRequest is a request the client is expected to send.
type sentRequest struct {
	path string
	body string
}

// TestWireFormat checks the exact bytes each method puts on the wire, as the
// fake hub received them: what the Python client sends.
func TestWireFormat(t *testing.T) {
	t.Parallel()
	const (
		ada  = hubtest.DemoAdminAccountID
		alan = hubtest.DemoUserAccountID
	)
	hubCall := func(body string) []sentRequest { return []sentRequest{{"/api/conat/hub", body}} }
	tests := []struct {
		name      string
		basePath  string // the server's
		urlSuffix string // appended to the server's URL
		key       string // DemoAdminKey when empty
		opts      []hub.Option
		call      func(context.Context, *hub.Client) error
		want      []sentRequest // paths without the base path
		wantUA    string        // hub.DefaultUserAgent when empty
	}{
		{
			name: "ping",
			call: ping,
			want: hubCall(`{"name":"system.ping","args":[{}]}`),
		},
		{
			name:      "ping, base URL with a trailing slash",
			urlSuffix: "/",
			call:      ping,
			want:      hubCall(`{"name":"system.ping","args":[{}]}`),
		},
		{
			name:     "ping under a base path",
			basePath: "/cocalc",
			call:     ping,
			want:     hubCall(`{"name":"system.ping","args":[{}]}`),
		},
		{
			name:      "ping under a base path, base URL with a trailing slash",
			basePath:  "/cocalc",
			urlSuffix: "/",
			call:      ping,
			want:      hubCall(`{"name":"system.ping","args":[{}]}`),
		},
		{
			name:     "ping under a nested base path",
			basePath: "/a/b",
			call:     ping,
			want:     hubCall(`{"name":"system.ping","args":[{}]}`),
		},
		{
			name:     "ping under a base path with a space, escaped in the URL",
			basePath: "/co calc",
			call:     ping,
			want:     hubCall(`{"name":"system.ping","args":[{}]}`),
		},
		{
			name: "ping with a call timeout",
			opts: []hub.Option{hub.WithCallTimeout(2 * time.Second)},
			call: ping,
			want: hubCall(`{"name":"system.ping","args":[{}],"timeout":2000}`),
		},
		{
			name:   "ping with a user agent",
			opts:   []hub.Option{hub.WithUserAgent("cocalc-tui/1.2.3 (test)")},
			call:   ping,
			want:   hubCall(`{"name":"system.ping","args":[{}]}`),
			wantUA: "cocalc-tui/1.2.3 (test)",
		},
		{
			name: "ping with a legacy key",
			key:  hubtest.DemoLegacyKey,
			call: ping,
			want: hubCall(`{"name":"system.ping","args":[{}]}`),
		},
		{
			name: "test with an account key",
			call: func(ctx context.Context, c *hub.Client) error { _, err := c.Test(ctx); return err },
			want: hubCall(`{"name":"system.test","args":[{}]}`),
		},
		{
			name:     "test with a project key asks the project endpoint after the hub's refusal",
			basePath: "/cocalc",
			key:      hubtest.DemoProjectKey,
			call:     func(ctx context.Context, c *hub.Client) error { _, err := c.Test(ctx); return err },
			want: []sentRequest{
				{"/api/conat/hub", `{"name":"system.test","args":[{}]}`},
				{"/api/conat/project", `{"name":"system.test","args":[{}]}`},
			},
		},
		{
			name: "getNames of one id",
			call: getNames(ada),
			want: hubCall(`{"name":"system.getNames","args":[["` + ada + `"]]}`),
		},
		{
			name: "getNames of two ids, in the order given",
			call: getNames(alan, ada),
			want: hubCall(`{"name":"system.getNames","args":[["` + alan + `","` + ada + `"]]}`),
		},
		{
			name: "getNames of an empty list",
			call: getNames(),
			want: hubCall(`{"name":"system.getNames","args":[[]]}`),
		},
		{
			name: "getNames of nil sends an empty list",
			call: func(ctx context.Context, c *hub.Client) error { _, err := c.GetNames(ctx, nil); return err },
			want: hubCall(`{"name":"system.getNames","args":[[]]}`),
		},
		{
			name: "userSearch sends only the query when no option is set",
			call: search(hub.SearchParams{Query: "alice"}),
			want: hubCall(`{"name":"system.userSearch","args":[{"query":"alice"}]}`),
		},
		{
			name: "userSearch with every option",
			call: search(hub.SearchParams{Query: "alice", Limit: 5, Admin: true, OnlyEmail: true}),
			want: hubCall(`{"name":"system.userSearch","args":[{"query":"alice","limit":5,"admin":true,"only_email":true}]}`),
		},
		{
			name: "userSearch with a limit only",
			call: search(hub.SearchParams{Query: "alice", Limit: 2500}),
			want: hubCall(`{"name":"system.userSearch","args":[{"query":"alice","limit":2500}]}`),
		},
		{
			name: "userSearch does not escape <, > and &, nor non-ASCII",
			call: search(hub.SearchParams{Query: `Jane <jd@x.com> & "co" 王`}),
			want: hubCall(`{"name":"system.userSearch","args":[{"query":"Jane <jd@x.com> & \"co\" 王"}]}`),
		},
		{
			name: "userSearch with a call timeout",
			opts: []hub.Option{hub.WithCallTimeout(1500 * time.Millisecond)},
			call: search(hub.SearchParams{Query: "alice", Admin: true}),
			want: hubCall(`{"name":"system.userSearch","args":[{"query":"alice","admin":true}],"timeout":1500}`),
		},
		{
			name: "isAdmin is an admin search for nothing",
			call: func(ctx context.Context, c *hub.Client) error { _, err := c.IsAdmin(ctx); return err },
			want: hubCall(`{"name":"system.userSearch","args":[{"query":"","admin":true}]}`),
		},
		{
			name: "password reset link",
			call: func(ctx context.Context, c *hub.Client) error { _, err := c.PasswordResetLink(ctx, alan); return err },
			want: hubCall(`{"name":"system.adminResetPasswordLink","args":[{"user_account_id":"` + alan + `"}]}`),
		},
		{
			name: "impersonation link",
			call: func(ctx context.Context, c *hub.Client) error { _, err := c.ImpersonationLink(ctx, alan); return err },
			want: hubCall(`{"name":"system.generateUserAuthToken","args":[{"user_account_id":"` + alan + `"}]}`),
		},
		{
			name: "call with nil args sends an empty list",
			call: func(ctx context.Context, c *hub.Client) error { return c.Call(ctx, hub.FuncPing, nil, nil) },
			want: hubCall(`{"name":"system.ping","args":[]}`),
		},
		{
			name: "call with raw arguments",
			call: func(ctx context.Context, c *hub.Client) error {
				return c.Call(ctx, hub.FuncGetNames, []any{[]string{ada}}, nil)
			},
			want: hubCall(`{"name":"system.getNames","args":[["` + ada + `"]]}`),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := startDemo(t, hubtest.WithBasePath(tt.basePath))
			key := tt.key
			if key == "" {
				key = hubtest.DemoAdminKey
			}
			wantUA := tt.wantUA
			if wantUA == "" {
				wantUA = hub.DefaultUserAgent
			}
			c := newClient(t, srv.URL+tt.urlSuffix, key, tt.opts...)
			wantNoError(t, "the call", tt.call(context.Background(), c))

			got := srv.Requests()
			if len(got) != len(tt.want) {
				t.Fatalf("the server received %d requests, want %d: %+v", len(got), len(tt.want), got)
			}
			for i, want := range tt.want {
				checkRequest(t, got[i], tt.basePath+want.path, want.body, key, wantUA)
			}
		})
	}
}

func ping(ctx context.Context, c *hub.Client) error { _, err := c.Ping(ctx); return err }

func getNames(ids ...string) func(context.Context, *hub.Client) error {
	return func(ctx context.Context, c *hub.Client) error {
		if ids == nil {
			ids = []string{}
		}
		_, err := c.GetNames(ctx, ids)
		return err
	}
}

func search(params hub.SearchParams) func(context.Context, *hub.Client) error {
	return func(ctx context.Context, c *hub.Client) error { _, err := c.UserSearch(ctx, params); return err }
}

// checkRequest compares one received request with what the Python client sends.
func checkRequest(t *testing.T, got hubtest.Request, wantPath, wantBody, key, wantUA string) {
	t.Helper()
	if got.Method != "POST" {
		t.Errorf("method = %q, want POST", got.Method)
	}
	if got.Path != wantPath || got.RawQuery != "" {
		t.Errorf("path = %q, query %q; want %q and no query", got.Path, got.RawQuery, wantPath)
	}
	if ct := got.Header.Values("Content-Type"); len(ct) != 1 || ct[0] != "application/json" {
		t.Errorf("Content-Type = %q, want exactly [application/json]", ct)
	}
	if auth := got.Header.Values("Authorization"); len(auth) != 1 {
		t.Errorf("Authorization headers = %q, want exactly one", auth)
	} else if sentKey, err := decodeBasicAuth(auth[0]); err != nil {
		t.Errorf("Authorization: %v", err)
	} else if sentKey != key {
		t.Errorf("Authorization carries key %q, want %q", sentKey, key)
	}
	if ua := got.Header.Values("User-Agent"); len(ua) != 1 || ua[0] != wantUA {
		t.Errorf("User-Agent = %q, want [%q]", ua, wantUA)
	}
	if cookie := got.Header.Get("Cookie"); cookie != "" {
		t.Errorf("sent a cookie %q; the API never takes one", cookie)
	}
	if string(got.Body) != wantBody {
		t.Errorf("body:\n got  %s\n want %s", got.Body, wantBody)
	}
	if strings.Contains(string(got.Body), `\u003c`) || strings.Contains(string(got.Body), `\u0026`) {
		t.Errorf("body escapes <, > or &: %s", got.Body)
	}
}
