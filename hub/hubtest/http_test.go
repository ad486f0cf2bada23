package hubtest

import (
	"encoding/base64"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

const pingBody = `{"name":"system.ping","args":[{}]}`

func TestAuthentication(t *testing.T) {
	s := newTestServer(t)
	const notSignedIn = "must be signed in and MUST provide an api key (cookies are not allowed)"
	tests := []struct {
		name          string
		authorization *string // nil: no header
		cookie        string
		want          string // error text; "" for success
	}{
		{"Basic, as the Python client sends it", ptr(basicAuth(keyUser)), "", ""},
		{"Bearer", ptr("Bearer " + keyUser), "", ""},
		{"Basic with a password part", ptr("Basic " + b64(keyUser+":ignored")), "", ""},
		{"Basic without padding, URL-safe alphabet", ptr("Basic " + strings.TrimRight(b64(keyUser+":"), "=")), "", ""},
		{"a legacy sk_ key", ptr("Bearer " + keyJane), "", ""},
		{"extra words are ignored", ptr("Bearer " + keyUser + " trailing words"), "", ""},
		{"no header", nil, "", "You must provide authentication via an API key."},
		{"cookies are not accepted", nil, "connect.sid=s%3Aabc.def; remember_me=xyz",
			"You must provide authentication via an API key."},
		{"another scheme", ptr("Token " + keyUser), "", "Unknown authorization type 'Token'"},
		{"scheme names are case-sensitive", ptr("bearer " + keyUser), "", "Unknown authorization type 'bearer'"},
		{"an empty header", ptr(""), "", "Unknown authorization type 'undefined'"},
		{"an unknown key", ptr("Bearer sk-nope"), "", notSignedIn},
		{"Bearer without a key", ptr("Bearer"), "", notSignedIn},
		{"a project key on the hub endpoint", ptr(basicAuth(keyProject)), "", notSignedIn},
		{"a banned account's key", ptr(basicAuth(keyBanned)), "", notSignedIn},
		{"a deleted account's key", ptr(basicAuth(keyDeleted)), "", notSignedIn},
		{"an expired key", ptr(basicAuth(keyExpired)), "", notSignedIn},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req := newRequest(t, http.MethodPost, s.URL+"/api/conat/hub", `{"name":"system.test","args":[{}]}`)
			req.Header.Set("Content-Type", "application/json")
			if tc.authorization != nil {
				req.Header["Authorization"] = []string{*tc.authorization}
			}
			if tc.cookie != "" {
				req.Header.Set("Cookie", tc.cookie)
			}
			r := send(t, req)
			if r.status != http.StatusOK {
				t.Fatalf("HTTP %d, want 200 (application answers are always 200)", r.status)
			}
			if tc.want != "" {
				wantError(t, r.body, tc.want)
				return
			}
			want := `{"account_id":"` + idAlan + `","server_time":` + ms(testNow.UnixMilli()) + `}`
			if tc.name == "a legacy sk_ key" {
				want = `{"account_id":"` + idJane + `","server_time":` + ms(testNow.UnixMilli()) + `}`
			}
			if r.body != want {
				t.Errorf("got %s, want %s", r.body, want)
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

func TestProjectEndpoint(t *testing.T) {
	s := newTestServer(t)
	now := ms(testNow.UnixMilli())
	tests := []struct {
		name, key, body, want string
	}{
		{"a project key", keyProject, `{"name":"system.test","args":[{}]}`,
			`{"project_id":"` + idP1 + `","server_time":` + now + `}`},
		{"a project key naming its project", keyProject, `{"name":"system.test","project_id":"` + idP1 + `"}`,
			`{"project_id":"` + idP1 + `","server_time":` + now + `}`},
		{"a project key naming another project", keyProject, `{"name":"system.test","project_id":"` + idP2 + `"}`,
			`{"error":"project specific api key must match requested project"}`},
		{"an account key without a project", keyUser, `{"name":"system.test"}`,
			`{"error":"must specify project_id or use project-specific api key"}`},
		{"an account key of a collaborator", keyUser, `{"name":"system.test","project_id":"` + idP1 + `"}`,
			`{"project_id":"` + idP1 + `","server_time":` + now + `}`},
		{"an account key of someone else", keyJane, `{"name":"system.test","project_id":"` + idP1 + `"}`,
			`{"error":"user must be a collaborator on the project"}`},
		{"an unknown key", "sk-nope", `{"name":"system.test"}`, `{"error":"must sign in as project or account"}`},
		{"a banned account's key", keyBanned, `{"name":"system.test","project_id":"` + idP1 + `"}`,
			`{"error":"must sign in as project or account"}`},
		{"no key", "", `{"name":"system.test"}`, `{"error":"You must provide authentication via an API key."}`},
		{"system.ping", keyProject, `{"name":"system.ping","args":[{}]}`, `{"now":` + now + `}`},
		{"a bare ping", keyProject, `{"name":"ping"}`, `"pong"`},
		{"system.version", keyProject, `{"name":"system.version"}`, strconv.Itoa(ServerVersion)},
		{"an account key's ping of its project", keyUser, `{"name":"system.ping","project_id":"` + idP1 + `"}`,
			`{"now":` + now + `}`},
		{"an unknown function", keyProject, `{"name":"system.userSearch"}`,
			`{"error":"Error: unknown function 'system.userSearch'"}`},
		{"no name", keyProject, `{}`, `{"error":"TypeError: Cannot read properties of undefined (reading 'split')"}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := post(t, s, "/api/conat/project", tc.key, tc.body)
			if r.status != http.StatusOK || r.body != tc.want {
				t.Errorf("got HTTP %d %s\nwant HTTP 200 %s", r.status, r.body, tc.want)
			}
		})
	}
}

func TestBodyAndNameHandling(t *testing.T) {
	s := newTestServer(t)
	const undefinedSplit = "TypeError: Cannot read properties of undefined (reading 'split')"
	tests := []struct {
		name        string
		contentType string
		body        string
		want        string // an error text, or the whole answer when it starts with {
	}{
		{"no Content-Type: the server sees no body", "", pingBody, undefinedSplit},
		{"text/plain", "text/plain", pingBody, undefinedSplit},
		{"JSON with a charset", "application/json; charset=utf-8", pingBody, `{"now":` + ms(testNow.UnixMilli()) + `}`},
		{"a form, as curl -d sends", "application/x-www-form-urlencoded", "name=system.ping",
			`{"now":` + ms(testNow.UnixMilli()) + `}`},
		{"JSON in a form", "application/x-www-form-urlencoded", pingBody, undefinedSplit},
		{"an empty JSON body", "application/json", "", undefinedSplit},
		{"JSON that is no object", "application/json", `["system.ping"]`, undefinedSplit},
		{"no name", "application/json", `{"args":[]}`, undefinedSplit},
		{"a null name", "application/json", `{"name":null}`,
			"TypeError: Cannot read properties of null (reading 'split')"},
		{"a number as name", "application/json", `{"name":5}`, "TypeError: name.split is not a function"},
		{"an unknown function", "application/json", `{"name":"system.nope"}`, "Error: unknown function 'system.nope'"},
		{"a group alone", "application/json", `{"name":"system"}`, "Error: unknown function 'system'"},
		{"another group", "application/json", `{"name":"projects.create","args":[{}]}`,
			"Error: unknown function 'projects.create'"},
		{"extra name parts are ignored", "application/json", `{"name":"system.ping.extra"}`,
			`{"now":` + ms(testNow.UnixMilli()) + `}`},
		{"ping with any args", "application/json", `{"name":"system.ping","args":["x",1,null]}`,
			`{"now":` + ms(testNow.UnixMilli()) + `}`},
		{"ping with args that cannot be spread", "application/json", `{"name":"system.ping","args":{}}`,
			"TypeError: Spread syntax requires ...iterable[Symbol.iterator] to be a function"},
		{"a BOM before the JSON", "application/json", "\ufeff" + pingBody, `{"now":` + ms(testNow.UnixMilli()) + `}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req := newRequest(t, http.MethodPost, s.URL+"/api/conat/hub", tc.body)
			req.Header.Set("Authorization", basicAuth(keyUser))
			if tc.contentType != "" {
				req.Header.Set("Content-Type", tc.contentType)
			}
			r := send(t, req)
			if r.status != http.StatusOK {
				t.Fatalf("HTTP %d: %s", r.status, r.body)
			}
			if strings.HasPrefix(tc.want, "{") {
				if r.body != tc.want {
					t.Errorf("got %s, want %s", r.body, tc.want)
				}
				return
			}
			wantError(t, r.body, tc.want)
		})
	}
}

func TestInfrastructureAnswers(t *testing.T) {
	s := newTestServer(t, WithBasePath("/cocalc/"))
	if !strings.HasSuffix(s.URL, "/cocalc") {
		t.Fatalf("URL %q does not end with the base path", s.URL)
	}
	host := strings.TrimSuffix(s.URL, "/cocalc")
	big := `{"name":"system.ping","pad":"` + strings.Repeat("x", maxBodyBytes) + `"}`
	justRight := `{"name":"system.ping","pad":"` + strings.Repeat("x", maxBodyBytes-len(`{"name":"system.ping","pad":""}`)) + `"}`
	tests := []struct {
		name        string
		method      string
		url         string
		body        string
		status      int
		contentType string
		bodyHas     string
	}{
		{"the hub endpoint", "POST", s.URL + "/api/conat/hub", pingBody, 200, "application/json", `"now"`},
		{"a wrong path", "POST", s.URL + "/api/conat/hubs", pingBody, 404, "text/html", "This page could not be found"},
		{"the hub endpoint without the base path", "POST", host + "/api/conat/hub", pingBody, 404, "text/html",
			"Cannot POST /api/conat/hub"},
		{"a trailing slash", "POST", s.URL + "/api/conat/hub/", pingBody, 308, "", "/cocalc/api/conat/hub"},
		{"invalid JSON", "POST", s.URL + "/api/conat/hub", `{"name":`, 400, "text/plain", "Invalid JSON"},
		{"a body over 1 MB", "POST", s.URL + "/api/conat/hub", big, 413, "text/plain", "Body exceeded 1mb limit"},
		{"a body of exactly 1 MB", "POST", s.URL + "/api/conat/hub", justRight, 200, "application/json", `"now"`},
		{"GET: no parameters are read", "GET", s.URL + "/api/conat/hub", "", 200, "application/json",
			"Cannot read properties of undefined (reading 'split')"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req := newRequest(t, tc.method, tc.url, tc.body)
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", basicAuth(keyUser))
			resp, err := http.DefaultTransport.RoundTrip(req) // no redirects followed
			if err != nil {
				t.Fatal(err)
			}
			r := readReply(t, resp)
			if r.status != tc.status {
				t.Errorf("HTTP %d, want %d", r.status, tc.status)
			}
			if !strings.HasPrefix(r.header.Get("Content-Type"), tc.contentType) {
				t.Errorf("Content-Type %q, want %q", r.header.Get("Content-Type"), tc.contentType)
			}
			if !strings.Contains(r.body, tc.bodyHas) {
				t.Errorf("body %.200q lacks %q", r.body, tc.bodyHas)
			}
			if tc.status == 308 && r.header.Get("Location") != "/cocalc/api/conat/hub" {
				t.Errorf("Location %q", r.header.Get("Location"))
			}
			if !strings.HasPrefix(r.header.Get("Set-Cookie"), "connect.sid=s%3A") {
				t.Errorf("no session cookie: %q", r.header.Get("Set-Cookie"))
			}
		})
	}
}

func readReply(t *testing.T, resp *http.Response) reply {
	t.Helper()
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return reply{resp.StatusCode, resp.Header, string(body)}
}

func TestServerTimeoutInTheBody(t *testing.T) {
	s := newTestServer(t)
	suffix := func(code string) string {
		return " - callHub: subject='hub.account." + idAlan + ".api', name='system.ping', code='" + code + "' "
	}
	for _, timeout := range []string{"0", "-5", "null", "false"} {
		body := `{"name":"system.ping","args":[{}],"timeout":` + timeout + `}`
		wantError(t, post(t, s, "/api/conat/hub", keyUser, body).body, "timeout must be positive"+suffix("undefined"))
	}
	r := post(t, s, "/api/conat/hub", keyUser, `{"name":"system.ping","timeout":5000}`)
	if !strings.HasPrefix(r.body, `{"now":`) {
		t.Errorf("a positive timeout: %s", r.body)
	}
	// Authentication comes first.
	wantError(t, post(t, s, "/api/conat/hub", "", `{"name":"system.ping","timeout":0}`).body,
		"You must provide authentication via an API key.")
}

func TestJSONBytesAreJavaScripts(t *testing.T) {
	got := string(marshalJS(object{{"s", "<a&b>\x1b[2J\x7f\u2028\u009b\b\f\n\r\t\"\\\x01é🦊"}, {"n", 1.5e-7},
		{"big", 1e21}, {"i", int64(-3)}, {"nil", nil}, {"list", []any{true, json0()}}}))
	want := `{"s":"<a&b>\u001b[2J` + "\x7f\u2028\u009b" + `\b\f\n\r\t\"\\\u0001é🦊","n":1.5e-7,"big":1e+21,` +
		`"i":-3,"nil":null,"list":[true,0]}`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func json0() any { return float64(0) }
