package hubtest

import (
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestGetNames(t *testing.T) {
	s := newTestServer(t)
	const deletedUser = `{"first_name":"Deleted","last_name":"User"}`
	unknown := "00000000-0000-4000-8000-0000000000aa"
	tests := []struct {
		name string
		args any
		want string
	}{
		{"no ids", []any{[]any{}}, `{}`},
		{"no list at all", []any{}, `{"error":"TypeError: account_ids is not iterable"}`},
		{"null instead of the list", []any{nil}, `{"error":"TypeError: account_ids is not iterable"}`},
		{"a profile, in jsonb key order", []any{[]any{idAda}},
			`{"` + idAda + `":{"first_name":"Ada","last_name":"Lovelace","profile":{"color":"rgb(1,2,3)","image":"/blobs/ada.png"}}}`},
		{"no profile is null", []any{[]any{idAlan}},
			`{"` + idAlan + `":{"first_name":"Alan","last_name":"Turing","profile":null}}`},
		{"names are trimmed; both empty is No Name", []any{[]any{idBlank, idNull}},
			`{"` + idBlank + `":{"first_name":"No","last_name":"Name","profile":null},"` +
				idNull + `":{"first_name":"No","last_name":"Name","profile":null}}`},
		{"unknown and deleted accounts", []any{[]any{unknown, idDora}},
			`{"` + unknown + `":` + deletedUser + `,"` + idDora + `":` + deletedUser + `}`},
		{"an upper-case id is found, and also answered as its own Deleted User", []any{[]any{strings.ToUpper(idAlan)}},
			`{"` + idAlan + `":{"first_name":"Alan","last_name":"Turing","profile":null},"` +
				strings.ToUpper(idAlan) + `":` + deletedUser + `}`},
		{"PostgreSQL's other uuid forms", []any{[]any{"{" + strings.ReplaceAll(idAlan, "-", "") + "}"}},
			`{"` + idAlan + `":{"first_name":"Alan","last_name":"Turing","profile":null},"{` +
				strings.ReplaceAll(idAlan, "-", "") + `}":` + deletedUser + `}`},
		{"found rows first, in the order asked, each once", []any{[]any{unknown, idAlan, idAda, idAlan}},
			`{"` + idAlan + `":{"first_name":"Alan","last_name":"Turing","profile":null},"` + idAda +
				`":{"first_name":"Ada","last_name":"Lovelace","profile":{"color":"rgb(1,2,3)","image":"/blobs/ada.png"}},"` +
				unknown + `":` + deletedUser + `}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := callHub(t, s, keyUser, "system.getNames", tc.args); got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}

	errorCases := []struct {
		name string
		args any
		want string
	}{
		{"a string that is no UUID fails the whole call", []any{[]any{idAda, "foo", "bar"}},
			`error: invalid input syntax for type uuid: "foo"`},
		{"a number", []any{[]any{7}}, `error: invalid input syntax for type uuid: "7"`},
		{"a bare string instead of a list", []any{idAda}, `error: malformed array literal: "` + idAda + `"`},
	}
	for _, tc := range errorCases {
		t.Run(tc.name, func(t *testing.T) {
			wantError(t, callHub(t, s, keyUser, "system.getNames", tc.args), tc.want)
		})
	}
}

func TestPingAndTestUseTheServersClock(t *testing.T) {
	s := newTestServer(t, WithClockSkew(-90*time.Second))
	serverNow := ms(testNow.Add(-90 * time.Second).UnixMilli())
	if got := callHub(t, s, keyUser, "system.ping", []any{map[string]any{}}); got != `{"now":`+serverNow+`}` {
		t.Errorf("ping: %s", got)
	}
	if got := callHub(t, s, keyAdmin, "system.test", []any{}); got != `{"account_id":"`+idAda+`","server_time":`+serverNow+`}` {
		t.Errorf("test: %s", got)
	}
	wantError(t, callHub(t, s, keyAdmin, "system.test", []any{"x"}),
		"TypeError: Cannot create property 'account_id' on string 'x'")
}

func TestAdminResetPasswordLink(t *testing.T) {
	s := newTestServer(t)
	arg := func(id any) []any { return []any{map[string]any{"user_account_id": id}} }
	link := callHub(t, s, keyAdmin, "system.adminResetPasswordLink", arg(idAlan))
	if !regexp.MustCompile(`^"/auth/password-reset/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"$`).MatchString(link) {
		t.Errorf("link %s", link)
	}
	tests := []struct {
		name, key string
		id        any
		want      string
	}{
		{"not an admin", keyUser, idAlan, "Error: must be an admin"},
		{"no email address", keyAdmin, idVera, "Error: passwords are only defined for accounts with email"},
		{"no such account", keyAdmin, "00000000-0000-4000-8000-0000000000aa",
			"Error: passwords are only defined for accounts with email"},
		{"no id", keyAdmin, nil, "Error: passwords are only defined for accounts with email"},
		{"not a UUID", keyAdmin, "bob", `error: invalid input syntax for type uuid: "bob"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			wantError(t, callHub(t, s, tc.key, "system.adminResetPasswordLink", arg(tc.id)), tc.want)
		})
	}
}

func TestGenerateUserAuthToken(t *testing.T) {
	clock := &manualClock{now: testNow}
	s := newTestServer(t, WithClock(clock.Now))
	arg := []any{map[string]any{"user_account_id": idJane}}

	token := callHub(t, s, keyAdmin, "system.generateUserAuthToken", arg)
	if !regexp.MustCompile(`^"[A-Za-z0-9]{24}"$`).MatchString(token) {
		t.Errorf("token %s", token)
	}

	const banned = "Error: banned -- please wait at least #{BAN_TIME_MS/1000}s before trying again"
	steps := []struct {
		advance time.Duration
		want    string
	}{
		{0, "Error: incorrect password"},
		{0, banned},
		{29 * time.Second, banned},
		{2 * time.Second, "Error: incorrect password"}, // 31 s after the first failure
		{0, banned},
	}
	for i, step := range steps {
		clock.Advance(step.advance)
		if got := errorText(t, callHub(t, s, keyUser, "system.generateUserAuthToken", arg)); got != step.want {
			t.Errorf("step %d: %q, want %q", i, got, step.want)
		}
	}
	// The ban is per caller and target.
	other := []any{map[string]any{"user_account_id": idAda}}
	wantError(t, callHub(t, s, keyUser, "system.generateUserAuthToken", other), "Error: incorrect password")
	if got := callHub(t, s, keyAdmin, "system.generateUserAuthToken", arg); strings.Contains(got, "error") {
		t.Errorf("the admin is not banned: %s", got)
	}
}

// manualClock is a clock that only moves when told.
type manualClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *manualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *manualClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}
