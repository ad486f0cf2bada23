package hubtest

import (
	"strings"
	"testing"
	"time"
)

// Times of the test data's keys, as the server writes them.
const (
	isoAlanCI   = "2022-04-15T05:20:00.000Z" // 1650000000000
	isoLaptop   = "2020-09-13T12:26:40.000Z" // 1600000000000
	isoGrading  = "2023-11-14T22:13:20.000Z" // 1700000000000
	isoExpires  = "2027-01-15T08:00:00.000Z" // 1800000000000
	isoAutograd = "2023-07-22T04:26:40.000Z" // 1690000000000
	isoTestNow  = "2026-03-04T05:06:07.000Z" // testNow: the call itself uses the key
	isoEpoch1   = "1970-01-01T00:00:00.001Z"
)

func TestManageAPIKeysGet(t *testing.T) {
	s := newTestServer(t)
	alanCI := `{"id":8,"account_id":"` + idAlan + `","expire":null,"created":"` + isoAlanCI + `","name":"ci","trunc":"sk-...000008","last_active":null}`
	laptop := `{"id":2,"account_id":"` + idAlan + `","expire":null,"created":"` + isoLaptop + `","name":"laptop","trunc":"sk-...000002","last_active":"` + isoTestNow + `"}`
	expired := `{"id":6,"account_id":"` + idAlan + `","expire":"` + isoEpoch1 + `","created":null,"name":null,"trunc":"sk-...000006","last_active":null}`
	autograder := `{"id":3,"account_id":"` + idAda + `","expire":null,"created":"` + isoAutograd + `","name":"autograder","trunc":"sk-...000003","last_active":null}`
	tests := []struct {
		name, key string
		args      any
		want      string
	}{
		{"the caller's own keys, newest first (never created: NULL, first in DESC order), the key in use just used",
			keyUser, []any{map[string]any{"action": "get"}}, `[` + expired + `,` + alanCI + `,` + laptop + `]`},
		{"an account's keys leave out the project keys it made", keyAdmin, []any{map[string]any{"action": "get"}},
			`[{"id":1,"account_id":"` + idAda + `","expire":"` + isoExpires + `","created":"` + isoGrading +
				`","name":"grading","trunc":"sk-...000001","last_active":"` + isoTestNow + `"}]`},
		{"a legacy key is not in the table", keyJane, []any{map[string]any{"action": "get"}}, `[]`},
		{"a project's keys, to a collaborator", keyUser, []any{map[string]any{"action": "get", "project_id": idP1}},
			`[` + autograder + `]`},
		{"one key by its id", keyUser, []any{map[string]any{"action": "get", "id": 8}}, `[` + alanCI + `]`},
		{"an id as text", keyUser, []any{map[string]any{"action": "get", "id": "8"}}, `[` + alanCI + `]`},
		{"an id of another's key", keyUser, []any{map[string]any{"action": "get", "id": 1}}, `[null]`},
		{"no action", keyUser, []any{map[string]any{}}, `null`},
		{"no argument at all", keyUser, []any{}, `null`},
		{"create changes nothing here", keyUser, []any{map[string]any{"action": "create", "name": "x"}}, `null`},
		{"delete changes nothing here", keyUser, []any{map[string]any{"action": "delete", "id": 2}}, `null`},
		{"GET in capitals is no action", keyUser, []any{map[string]any{"action": "GET"}}, `null`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := callHub(t, s, tc.key, "system.manageApiKeys", tc.args); got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
	// The delete above changed nothing.
	if got := callHub(t, s, keyUser, "system.manageApiKeys", []any{map[string]any{"action": "get", "id": 2}}); got != `[`+laptop+`]` {
		t.Errorf("after a delete: %s", got)
	}

	errorCases := []struct {
		name string
		args any
		want string
	}{
		{"a project the caller does not collaborate on", []any{map[string]any{"action": "get", "project_id": idP2}},
			"Error: user must be collaborator on project to manage project_id api keys"},
		{"a project id that is no UUID", []any{map[string]any{"action": "get", "project_id": "p1"}},
			`error: invalid input syntax for type uuid: "p1"`},
		{"an id that is no integer", []any{map[string]any{"action": "get", "id": "two"}},
			`error: invalid input syntax for type integer: "two"`},
		{"a bare string as the options", []any{"get"}, "TypeError: Cannot create property 'account_id' on string 'get'"},
	}
	for _, tc := range errorCases {
		t.Run(tc.name, func(t *testing.T) {
			wantError(t, callHub(t, s, keyUser, "system.manageApiKeys", tc.args), tc.want)
		})
	}
}

// TestKeysLastActiveMovesWithUse: every call made with a key, on either
// endpoint, moves its last_active to the server's now, even a call the
// endpoint then refuses (a project's key on the hub endpoint).
func TestKeysLastActiveMovesWithUse(t *testing.T) {
	now := testNow
	s := newTestServer(t, WithClock(func() time.Time { return now }))
	projectKeys := func() string {
		return callHub(t, s, keyAdmin, "system.manageApiKeys", []any{map[string]any{"action": "get", "project_id": idP1}})
	}
	if got := projectKeys(); !strings.HasSuffix(got, `"last_active":null}]`) {
		t.Fatalf("a project key never used: %s", got)
	}
	now = testNow.Add(time.Hour)
	wantError(t, callHub(t, s, keyProject, "system.test", []any{}), textHubNotSignedIn)
	if got := projectKeys(); !strings.HasSuffix(got, `"last_active":"2026-03-04T06:06:07.000Z"}]`) {
		t.Errorf("after a call refused by the hub endpoint: %s", got)
	}
	now = testNow.Add(2 * time.Hour)
	if r := post(t, s, "/api/conat/project", keyProject, callBody("system.ping", []any{})); !strings.HasPrefix(r.body, `{"now":`) {
		t.Fatalf("project ping: %s", r.body)
	}
	if got := projectKeys(); !strings.HasSuffix(got, `"last_active":"2026-03-04T07:06:07.000Z"}]`) {
		t.Errorf("after a call on the project endpoint: %s", got)
	}
	// A refused key (here expired) is not used.
	wantError(t, callHub(t, s, keyExpired, "system.ping", []any{}), textHubNotSignedIn)
	if got := callHub(t, s, keyUser, "system.manageApiKeys", []any{map[string]any{"action": "get", "id": 6}}); !strings.HasSuffix(got, `"last_active":null}]`) {
		t.Errorf("an expired key's use was recorded: %s", got)
	}
}

// TestProjectKeyOfABannedCreator: the server refuses a project's key
// whose creator is banned, as it refuses the creator's own keys.
func TestProjectKeyOfABannedCreator(t *testing.T) {
	d := testData(t)
	d.Keys["sk-bartsproject000000000009"] = Key{ProjectID: idP1, AccountID: idBart}
	d.Projects[idP1].Users[idBart] = ProjectUser{Group: "collaborator"}
	s := NewServer(d, WithClock(func() time.Time { return testNow }))
	t.Cleanup(s.Close)
	r := post(t, s, "/api/conat/project", "sk-bartsproject000000000009", callBody("system.test", []any{}))
	wantError(t, r.body, textProjectNoKey)
}

func TestFaultUnknownFunction(t *testing.T) {
	s := newTestServer(t)
	s.SetFault(FaultUnknownFunction, "system.manageApiKeys")
	wantError(t, callHub(t, s, keyUser, "system.manageApiKeys", []any{map[string]any{"action": "get"}}),
		"Error: unknown function 'system.manageApiKeys'")
	if got := callHub(t, s, keyUser, "system.ping", []any{}); !strings.HasPrefix(got, `{"now":`) {
		t.Errorf("another function: %s", got)
	}
	// Authentication comes first, as on an older server.
	wantError(t, callHub(t, s, "sk-nope000000000000000000", "system.manageApiKeys", []any{}), textHubNotSignedIn)
}

func TestEmbeddedKeyIDs(t *testing.T) {
	table := newKeyTable(map[string]Key{
		DemoAdminKey: {}, "sk-short": {}, "sk-with.dots.": {}, "sk-00000000000000000000Tj": {}, "sk_legacy": {},
	})
	var got []string
	for _, r := range table.rows {
		got = append(got, r.secret+"="+ms(r.id))
	}
	// 0000Tj is 29×62+45; a second key ending in it, and keys that end in
	// no base-62 id, get the ids after it; the legacy key has no row.
	want := "sk-00000000000000000000Tj=1843 sk-LVFqtICOfKU6kULz0000Tj=1844 sk-short=1845 sk-with.dots.=1846"
	if strings.Join(got, " ") != want {
		t.Errorf("rows %s\nwant %s", strings.Join(got, " "), want)
	}
}
