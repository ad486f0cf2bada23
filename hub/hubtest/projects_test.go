package hubtest

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

// projectsQuery is the query CoCalc's admin page sends, for an account or
// (accountID "") for the caller.
func projectsQuery(accountID string) []any {
	arg := map[string]any{"query": map[string]any{"projects": []any{map[string]any{
		"project_id": nil, "title": nil, "users": nil, "last_active": nil, "last_edited": nil}}}}
	if accountID != "" {
		arg["options"] = []any{map[string]any{"account_id": accountID}}
	}
	return []any{arg}
}

func TestUserQueryAnswersTheCallersProjectsInTheServersShape(t *testing.T) {
	s := newTestServer(t)
	body := callHub(t, s, keyUser, "db.userQuery", projectsQuery(""))
	// Alan's one project, its users and uses as JSONB objects, times as ISO
	// strings with milliseconds.
	want := `{"projects":[{"last_active":{"` + idAda + `":"2026-03-04T04:06:07.000Z"},"last_edited":"2026-03-04T05:06:07.000Z",` +
		`"project_id":"` + idP1 + `","title":"Engine","users":{"` + idAda + `":{"group":"owner"},"` + idAlan + `":{"group":"collaborator"},` +
		`"` + idDora + `":{"group":"collaborator"}}}]}`
	if body != want {
		t.Errorf("answer %s\nwant   %s", body, want)
	}
}

func TestUserQueryAsAnotherAccountIsForAdmins(t *testing.T) {
	s := newTestServer(t)
	body := callHub(t, s, keyAdmin, "db.userQuery", projectsQuery(idAlan))
	var answer struct {
		Projects []struct {
			ProjectID string `json:"project_id"`
		} `json:"projects"`
	}
	if err := json.Unmarshal([]byte(body), &answer); err != nil || len(answer.Projects) != 1 || answer.Projects[0].ProjectID != idP1 {
		t.Errorf("Alan's projects as Ada: %s", body)
	}
	// Jane's project was given as a list of users: never edited, so the
	// projects table, which lists what was edited lately, has none of it.
	if body := callHub(t, s, keyJane, "db.userQuery", projectsQuery("")); body != `{"projects":[]}` {
		t.Errorf("Jane's projects: %s", body)
	}
	wantError(t, callHub(t, s, keyUser, "db.userQuery", projectsQuery(idJane)), "user must be admin to sudo")
	wantError(t, callHub(t, s, keyAdmin, "db.userQuery", []any{map[string]any{"query": map[string]any{"projects": []any{map[string]any{}}},
		"options": []any{map[string]any{"account_id": 7}}}}), "account_id must be a string")
	if body := callHub(t, s, keyAdmin, "db.userQuery", projectsQuery(idJohn)); body != `{"projects":[]}` {
		t.Errorf("an account without projects: %s", body)
	}
}

func TestUserQueryListsOnlyRecentProjects(t *testing.T) {
	s := newTestServer(t, WithClock(func() time.Time { return testNow.Add(7 * 7 * 24 * time.Hour) }))
	if body := callHub(t, s, keyUser, "db.userQuery", projectsQuery("")); body != `{"projects":[]}` {
		t.Errorf("a project last edited seven weeks ago is listed: %s", body)
	}
}

func TestUserQueryRefusesWhatTheFakeDoesNotKnow(t *testing.T) {
	s := newTestServer(t)
	query := func(q any) []any { return []any{map[string]any{"query": q}} }
	for _, tt := range []struct {
		args []any
		want string
	}{
		{query(map[string]any{"accounts": []any{map[string]any{}}}), "the fake hub knows no table 'accounts'"},
		{query(map[string]any{"projects": []any{map[string]any{"nonsense": nil}}}), "projects: the field 'nonsense' is not in the table"},
		{query(map[string]any{"projects": map[string]any{"title": nil}}), "the fake hub answers projects queries of the form"},
		{[]any{map[string]any{}}, "query must be specified"},
	} {
		if got := errorText(t, callHub(t, s, keyUser, "db.userQuery", tt.args)); !strings.HasPrefix(got, tt.want) {
			t.Errorf("error %q, want it to start %q", got, tt.want)
		}
	}
}

// postBan posts a body to a ban route with a key.
func postBan(t *testing.T, s *Server, route, key, body string) reply {
	t.Helper()
	return post(t, s, route, key, body)
}

func TestBanRoutesAnswerAsTheServer(t *testing.T) {
	s := newTestServer(t)
	banned := func() string {
		t.Helper()
		body := callHub(t, s, keyAdmin, "system.userSearch", []any{map[string]any{"query": idAlan, "admin": true}})
		var rows []map[string]json.RawMessage
		if err := json.Unmarshal([]byte(body), &rows); err != nil || len(rows) != 1 {
			t.Fatalf("search: %s", body)
		}
		return string(rows[0]["banned"])
	}
	if got := banned(); got != "null" {
		t.Fatalf("Alan starts banned %s", got)
	}
	body := `{"account_id":"` + idAlan + `"}`
	r := postBan(t, s, banRoute, keyAdmin, body)
	if r.status != http.StatusOK || r.body != `{"status":"success"}` || !strings.Contains(r.header.Get("Set-Cookie"), "connect.sid=") {
		t.Fatalf("ban: HTTP %d %s (cookie %q)", r.status, r.body, r.header.Get("Set-Cookie"))
	}
	if got := banned(); got != "true" {
		t.Fatalf("after the ban, banned is %s", got)
	}
	wantError(t, callHub(t, s, keyUser, "system.ping", []any{map[string]any{}}), textHubNotSignedIn)
	if r := postBan(t, s, removeBanRoute, keyAdmin, body); r.body != `{"status":"success"}` {
		t.Fatalf("remove ban: %s", r.body)
	}
	if got := banned(); got != "false" {
		t.Fatalf("after the ban was lifted, banned is %s, want false", got)
	}
	if r := postBan(t, s, banRoute, keyAdmin, `{"account_id":"00000000-0000-4000-8000-0000000000ff"}`); r.body != `{"status":"success"}` {
		t.Errorf("a UUID of no account: %s", r.body)
	}
}

func TestBanRoutesRefuse(t *testing.T) {
	s := newTestServer(t)
	good := `{"account_id":"` + idAlan + `"}`
	for _, tt := range []struct {
		name, route, key, body string
		status                 int
		want                   string
	}{
		{"a user", banRoute, keyUser, good, 200, `{"error":"only admins can ban users"}`},
		{"a user lifting a ban", removeBanRoute, keyUser, good, 200, `{"error":"only admins can ban users"}`},
		{"no key", banRoute, "", good, 200, `{"error":"must be signed in"}`},
		{"a project key", banRoute, keyProject, good, 200, `{"error":"must be signed in"}`},
		{"an id that is no UUID", banRoute, keyAdmin, `{"account_id":"bob"}`, 400,
			`{"message":"Invalid request body.","errors":[{"validation":"uuid","code":"invalid_string","message":"Invalid uuid","path":["account_id"]}]}`},
		{"no id", banRoute, keyAdmin, `{}`, 400,
			`{"message":"Invalid request body.","errors":[{"code":"invalid_type","expected":"string","received":"undefined","path":["account_id"],"message":"Required"}]}`},
		{"an id that is a number", removeBanRoute, "", `{"account_id":7}`, 400,
			`{"message":"Invalid request body.","errors":[{"code":"invalid_type","expected":"string","received":"number","path":["account_id"],"message":"Expected string, received number"}]}`},
		{"invalid JSON", banRoute, keyAdmin, `{`, 400, `Invalid JSON`},
	} {
		r := postBan(t, s, tt.route, tt.key, tt.body)
		if r.status != tt.status || r.body != tt.want {
			t.Errorf("%s: HTTP %d %s\nwant HTTP %d %s", tt.name, r.status, r.body, tt.status, tt.want)
		}
	}
	r := send(t, newRequest(t, http.MethodGet, s.URL+banRoute, ""))
	if r.status != http.StatusMethodNotAllowed {
		t.Errorf("GET: HTTP %d %s", r.status, r.body)
	}
}
