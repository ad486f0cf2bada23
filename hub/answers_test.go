package hub_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"cocalc-tui/hub"
)

// answeringServer answers every request on loopback with body, as JSON.
func answeringServer(t *testing.T, body string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestOddAnswersSayWhatIsWrong: answers no CoCalc server sends get a
// message that says what is wrong with them, in a line.
func TestOddAnswersSayWhatIsWrong(t *testing.T) {
	const key = "sk-LVFqtICOfKU6kULz0000Tj"
	account := `{"account_id":"a0000000-0000-4000-8000-000000000001","first_name":"A","last_name":"B"`
	for _, tt := range []struct {
		name, body string
		search     bool // call UserSearch (else Ping)
		kind       hub.Kind
		want       string
	}{
		{"an empty error", `{"error":""}`, false, hub.KindOther,
			"system.ping: the server reported an error without saying what"},
		{"a blank error", `{"error":"Error:   "}`, true, hub.KindOther,
			"system.userSearch: the server reported an error without saying what"},
		{"a time that is not whole", `{"now":1.5}`, false, hub.KindBadResponse,
			`system.ping: the answer has an unexpected shape: field "now" is 1.5, expected a whole number of milliseconds`},
		{"a time beyond any", `{"now":1e20}`, false, hub.KindBadResponse,
			`system.ping: the answer has an unexpected shape: field "now" is 1e20, expected a whole number of milliseconds ` +
				"between -9223372036854775808 and 9223372036854775807"},
		{"a time with an exponent", `{"now":1.7e12}`, false, hub.KindBadResponse,
			`system.ping: the answer has an unexpected shape: field "now" is 1.7e12, expected a whole number of milliseconds ` +
				"written in digits alone"},
		{"an account's time that is not whole", "[" + account + `,"last_active":1.5}]`, true, hub.KindBadResponse,
			`system.userSearch: the answer has an unexpected shape: field "last_active" is 1.5, expected a whole number of milliseconds`},
		{"a string for a time", `{"now":"soon"}`, false, hub.KindBadResponse,
			`system.ping: the answer has an unexpected shape: field "now" is a JSON string, expected a number`},
		{"deep nesting", strings.Repeat("[", 20000) + strings.Repeat("]", 20000), true, hub.KindBadResponse,
			"system.userSearch: the answer nests more than 10000 levels deep, as no CoCalc answer does; not read"},
		{"cut short", "[" + account, true, hub.KindBadResponse,
			"system.userSearch: the answer is not valid JSON (it looks cut short)"},
		{"a mistake", `{"now":12,}`, false, hub.KindBadResponse,
			"system.ping: the answer is not valid JSON (a mistake at byte 11)"},
		// The key in a non-string error, behind a JSON escape, is decoded
		// before it is shown, so the scrubber finds it.
		{"the key escaped in an error object", `{"error":{"msg":"sk-LVFq\u0074ICOfKU6kULz0000Tj","code":7,"x":"\u001b[2J"}}`,
			false, hub.KindOther, `system.ping: {"code":7,"msg":"[redacted]","x":"\u001b[2J"}`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			client := newClient(t, answeringServer(t, tt.body).URL, key)
			var err error
			if tt.search {
				_, err = client.UserSearch(context.Background(), hub.SearchParams{Query: "alice"})
			} else {
				_, err = client.Ping(context.Background())
			}
			wantKind(t, err, tt.kind)
			if err == nil || err.Error() != tt.want {
				t.Errorf("error %v\nwant  %s", err, tt.want)
			}
		})
	}
}
