package hub_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"cocalc-tui/hub"
	"cocalc-tui/hub/hubtest"
)

// titlesOf lists the projects' titles in order.
func titlesOf(projects []hub.Project) []string {
	titles := make([]string, len(projects))
	for i, p := range projects {
		titles[i] = p.Title
	}
	return titles
}

func TestOwnProjectsWithAUsersKey(t *testing.T) {
	srv := startDemo(t)
	client := newClient(t, srv.URL, hubtest.DemoUserKey)
	list, err := client.Projects(context.Background(), "")
	wantNoError(t, "projects", err)

	requests := srv.Requests()
	if got, want := string(requests[len(requests)-1].Body), `{"name":"db.userQuery","args":[{"query":{"projects":[{"project_id":null,"title":null,"users":null,"last_active":null,"last_edited":null}]}}]}`; got != want {
		t.Errorf("sent %s\nwant %s", got, want)
	}
	// The server's order: the most recently edited first.
	if got, want := strings.Join(titlesOf(list.Projects), ", "), "Analytical Engine notes, Bombe rotor settings, On Computable Numbers, Morphogenesis simulations"; got != want {
		t.Fatalf("projects %s\nwant %s", got, want)
	}
	engine := list.Projects[0]
	if engine.ProjectID != hubtest.DemoProjectID || engine.Role(hubtest.DemoUserAccountID) != "collaborator" ||
		engine.Role(hubtest.DemoAdminAccountID) != "owner" {
		t.Errorf("first project %+v", engine)
	}
	used, ok := engine.LastUsedBy(hubtest.DemoUserAccountID)
	if !ok || !used.Equal(testNow.Add(-2*time.Hour)) {
		t.Errorf("Alan last used it at %v (%v), want two hours before now", used, ok)
	}
	if !engine.LastEdited.Equal(testNow.Add(-4 * time.Minute)) {
		t.Errorf("last edited %v", engine.LastEdited)
	}
	if _, ok := engine.LastUsedBy(hubtest.DemoDeletedAccountID); ok {
		t.Error("an account that never used the project has a last use")
	}
	if !strings.Contains(string(list.Raw), `"last_edited":"2026-03-14T15:05:26.535Z"`) {
		t.Errorf("the raw answer does not keep the server's ISO times: %s", list.Raw)
	}
}

func TestAnAdminReadsAnotherAccountsProjects(t *testing.T) {
	srv := startDemo(t)
	client := newClient(t, srv.URL, hubtest.DemoAdminKey)
	list, err := client.Projects(context.Background(), hubtest.DemoUserAccountID)
	wantNoError(t, "projects of Alan", err)
	requests := srv.Requests()
	if body := string(requests[len(requests)-1].Body); !strings.Contains(body, `"options":[{"account_id":"`+hubtest.DemoUserAccountID+`"}]`) {
		t.Errorf("sent %s", body)
	}
	projects := list.Projects
	hub.SortByLastUse(projects, hubtest.DemoUserAccountID)
	// By Alan's last use: Bombe (1 h) before the Engine (2 h), though the
	// Engine was edited later.
	if got, want := strings.Join(titlesOf(projects), ", "), "Bombe rotor settings, Analytical Engine notes, On Computable Numbers, Morphogenesis simulations"; got != want {
		t.Fatalf("by Alan's last use: %s\nwant %s", got, want)
	}
}

func TestProjectsOlderThanTheServerListsAreLeftOut(t *testing.T) {
	srv := startDemo(t)
	client := newClient(t, srv.URL, hubtest.DemoAdminKey)
	list, err := client.Projects(context.Background(), "")
	wantNoError(t, "Ada's projects", err)
	for _, p := range list.Projects {
		if p.ProjectID == hubtest.DemoOldProjectID {
			t.Fatal("a project edited three months ago is listed")
		}
	}
	if len(list.Projects) != 5 || list.ReachedLimit() {
		t.Errorf("Ada has %d projects listed (limit reached %v), want 5: %q", len(list.Projects), list.ReachedLimit(), titlesOf(list.Projects))
	}
}

func TestProjectsNeedAnAdminForAnotherAccountAndAnAccountKey(t *testing.T) {
	srv := startDemo(t)
	user := newClient(t, srv.URL, hubtest.DemoUserKey)
	_, err := user.Projects(context.Background(), hubtest.DemoAdminAccountID)
	if e := wantKind(t, err, hub.KindNotAdmin); e.Message != "user must be admin to sudo" {
		t.Errorf("message %q", e.Message)
	}
	project := newClient(t, srv.URL, hubtest.DemoProjectKey)
	_, err = project.Projects(context.Background(), "")
	wantKind(t, err, hub.KindKeyRejected)

	srv.ResetRequests()
	_, err = user.Projects(context.Background(), "not-an-id")
	wantKind(t, err, hub.KindInvalidArgument)
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("an id that is no UUID was sent (%d requests)", n)
	}
}

func TestAnAccountWithoutProjects(t *testing.T) {
	srv := startDemo(t)
	client := newClient(t, srv.URL, hubtest.DemoAdminKey)
	list, err := client.Projects(context.Background(), hubtest.DemoEmojiAccountID)
	wantNoError(t, "projects", err)
	if len(list.Projects) != 0 || string(list.Raw) != `{"projects":[]}` {
		t.Errorf("got %d projects, raw %s", len(list.Projects), list.Raw)
	}
}

func TestHostileProjectsAreCleanedAndChecked(t *testing.T) {
	srv := startDemo(t)
	srv.SetFault(hubtest.FaultHostile, hub.FuncUserQuery)
	client := newClient(t, srv.URL, hubtest.DemoUserKey)
	list, err := client.Projects(context.Background(), "")
	wantNoError(t, "hostile projects", err)
	if len(list.Projects) != 4 {
		t.Fatalf("got %d projects", len(list.Projects))
	}
	for _, p := range list.Projects {
		text := p.Title + p.InvalidID
		for role := range p.Roles {
			text += role
		}
		for _, role := range p.Roles {
			text += role
		}
		if strings.ContainsAny(text, "\x1b\x07\u202e") || strings.Contains(text, hubtest.DemoUserKey) {
			t.Errorf("project text not clean: %q", text)
		}
		if len(p.Title) > 4*1024 {
			t.Errorf("a title of %d bytes was kept", len(p.Title))
		}
		if !p.LastEdited.IsZero() || len(p.LastActive) != 0 {
			t.Errorf("times that are not times were kept: %v %v", p.LastEdited, p.LastActive)
		}
		if len(p.Roles) != 1 {
			t.Errorf("roles keyed by what is not a UUID were kept: %q", p.Roles)
		}
	}
	if first := list.Projects[0]; first.ProjectID != "" || first.InvalidID == "" {
		t.Errorf("a project id that is no UUID: id %q, invalid %q", first.ProjectID, first.InvalidID)
	}
}

func TestBanAndRemoveBan(t *testing.T) {
	srv := startDemo(t)
	admin := newClient(t, srv.URL, hubtest.DemoAdminKey)
	ctx := context.Background()
	banned := func() *bool {
		t.Helper()
		result, err := admin.UserSearch(ctx, hub.SearchParams{Query: hubtest.DemoUserAccountID, Admin: true})
		wantNoError(t, "search", err)
		return result.Accounts[0].Banned
	}
	if b := banned(); b != nil {
		t.Fatalf("Alan starts banned %v", *b)
	}
	answer, err := admin.Ban(ctx, hubtest.DemoUserAccountID)
	wantNoError(t, "ban", err)
	if string(answer.Raw) != `{"status":"success"}` {
		t.Errorf("answer %s", answer.Raw)
	}
	requests := srv.Requests()
	last := requests[len(requests)-1]
	if last.Method != "POST" || last.Path != hub.RouteBan || string(last.Body) != `{"account_id":"`+hubtest.DemoUserAccountID+`"}` ||
		last.Header.Get("Content-Type") != "application/json" || last.Header.Get("User-Agent") != hub.DefaultUserAgent {
		t.Errorf("sent %s %s %s with %v", last.Method, last.Path, last.Body, last.Header)
	}
	if key, err := decodeBasicAuth(last.Header.Get("Authorization")); err != nil || key != hubtest.DemoAdminKey {
		t.Errorf("authorization: %v", err)
	}
	if b := banned(); b == nil || !*b {
		t.Fatalf("after the ban, banned is %v", b)
	}
	// A banned account's key is refused.
	alan := newClient(t, srv.URL, hubtest.DemoUserKey)
	_, err = alan.Ping(ctx)
	wantKind(t, err, hub.KindKeyRejected)

	_, err = admin.RemoveBan(ctx, hubtest.DemoUserAccountID)
	wantNoError(t, "remove ban", err)
	if b := banned(); b == nil || *b {
		t.Fatalf("after removing the ban, banned is %v, want false", b)
	}
	if _, err := alan.Ping(ctx); err != nil {
		t.Errorf("Alan's key after the ban was lifted: %v", err)
	}
	// A UUID of no account: success, as on the real server.
	_, err = admin.Ban(ctx, "00000000-0000-4000-8000-000000000000")
	wantNoError(t, "ban of no account", err)
}

func TestBanRefusals(t *testing.T) {
	srv := startDemo(t)
	ctx := context.Background()
	for _, tt := range []struct {
		key     string
		kind    hub.Kind
		message string
	}{
		{hubtest.DemoUserKey, hub.KindNotAdmin, "only admins can ban users"},
		{hubtest.DemoProjectKey, hub.KindKeyRejected, "must be signed in"},
		{badKey, hub.KindKeyRejected, "must be signed in"},
	} {
		client := newClient(t, srv.URL, tt.key)
		for _, act := range []func(context.Context, string) (hub.Answer, error){client.Ban, client.RemoveBan} {
			_, err := act(ctx, hubtest.DemoBannedAccountID)
			if e := wantKind(t, err, tt.kind); e.Message != tt.message {
				t.Errorf("%s: message %q, want %q", hub.MaskKey(tt.key), e.Message, tt.message)
			}
		}
	}
	srv.ResetRequests()
	admin := newClient(t, srv.URL, hubtest.DemoAdminKey)
	_, err := admin.Ban(ctx, "bob")
	wantKind(t, err, hub.KindInvalidArgument)
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("an id that is no UUID was sent (%d requests)", n)
	}
}

// TestBanBadRequestIsExplained has the fake hub answer HTTP 400 (a proxy on
// loopback puts another body in the request: the client never sends an id
// that is not a UUID) and checks that the client explains it in one line.
func TestBanBadRequestIsExplained(t *testing.T) {
	srv := startDemo(t)
	for _, tt := range []struct{ body, want string }{
		{`{"account_id":"nope"}`, "the server refused the request (HTTP 400): Invalid request body: account_id: Invalid uuid"},
		{`{}`, "the server refused the request (HTTP 400): Invalid request body: account_id: Required"},
		{`[1]`, "the server refused the request (HTTP 400): Invalid request body: Expected object, received array"},
	} {
		proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.Copy(io.Discard, r.Body)
			r.Body = io.NopCloser(bytes.NewBufferString(tt.body))
			r.ContentLength = int64(len(tt.body))
			srv.Handler().ServeHTTP(w, r)
		}))
		client := newClient(t, proxy.URL, hubtest.DemoAdminKey)
		_, err := client.Ban(context.Background(), hubtest.DemoUserAccountID)
		e := wantKind(t, err, hub.KindInvalidArgument)
		if e.Message != tt.want || e.Status != http.StatusBadRequest {
			t.Errorf("body %s: message %q (status %d)\nwant %q", tt.body, e.Message, e.Status, tt.want)
		}
		proxy.Close()
	}
}
