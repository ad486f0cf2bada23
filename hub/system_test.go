package hub_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"cocalc-tui/hub"
	"cocalc-tui/hub/clean"
	"cocalc-tui/hub/hubtest"
)

func TestPingReturnsServerTimeAndRoundTrip(t *testing.T) {
	t.Parallel()
	srv := startDemo(t)
	c := newClient(t, srv.URL, hubtest.DemoUserKey)
	before := time.Now()
	got, err := c.Ping(context.Background())
	wantNoError(t, "Ping", err)
	if !got.ServerTime.Equal(testNow) {
		t.Errorf("ServerTime = %v, want the server's clock %v", got.ServerTime, testNow)
	}
	if got.RoundTrip <= 0 || got.RoundTrip > time.Since(before) {
		t.Errorf("RoundTrip = %v, want positive and at most the time Ping took", got.RoundTrip)
	}
	if got.Sent.Before(before) || got.Sent.After(before.Add(got.RoundTrip+time.Second)) {
		t.Errorf("Sent = %v, want about %v", got.Sent, before)
	}
	if want := fmt.Sprintf(`{"now":%d}`, testNow.UnixMilli()); string(got.Raw) != want {
		t.Errorf("Raw = %s, want the server's %s", got.Raw, want)
	}
}

func TestPingSkewFollowsTheServerClock(t *testing.T) {
	t.Parallel()
	for _, skew := range []time.Duration{90 * time.Minute, -3 * time.Hour, 0} {
		t.Run(skew.String(), func(t *testing.T) {
			t.Parallel()
			srv := hubtest.NewDemoServer(hubtest.WithClockSkew(skew)) // the real clock
			t.Cleanup(srv.Close)
			got, err := newClient(t, srv.URL, hubtest.DemoUserKey).Ping(context.Background())
			wantNoError(t, "Ping", err)
			// Generous: the skew is measured to within the round trip.
			if diff := got.Skew() - skew; diff < -time.Minute || diff > time.Minute {
				t.Errorf("Skew() = %v, want about %v", got.Skew(), skew)
			}
		})
	}
}

func TestTestTellsTheKeyScope(t *testing.T) {
	t.Parallel()
	srv := startDemo(t)
	tests := []struct {
		name    string
		key     string
		want    hub.Scope
		wantErr hub.Kind // when not KindOther
	}{
		{name: "admin key", key: hubtest.DemoAdminKey,
			want: hub.Scope{Kind: hub.ScopeAccount, AccountID: hubtest.DemoAdminAccountID, ServerTime: testNow}},
		{name: "user key", key: hubtest.DemoUserKey,
			want: hub.Scope{Kind: hub.ScopeAccount, AccountID: hubtest.DemoUserAccountID, ServerTime: testNow}},
		{name: "legacy key", key: hubtest.DemoLegacyKey,
			want: hub.Scope{Kind: hub.ScopeAccount, AccountID: "9e1fed9b-a626-46e6-ab0d-4943c4b400ce", ServerTime: testNow}},
		{name: "project key", key: hubtest.DemoProjectKey,
			want: hub.Scope{Kind: hub.ScopeProject, ProjectID: hubtest.DemoProjectID, ServerTime: testNow}},
		{name: "bad key", key: badKey, wantErr: hub.KindKeyRejected},
		{name: "banned account's key", key: hubtest.DemoBannedKey, wantErr: hub.KindKeyRejected},
		{name: "expired key", key: hubtest.DemoExpiredKey, wantErr: hub.KindKeyRejected},
		{name: "no key", key: "", wantErr: hub.KindNoKey},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := newClient(t, srv.URL, tt.key).Test(context.Background())
			if tt.wantErr != hub.KindOther {
				wantKind(t, err, tt.wantErr)
				if got.Kind != 0 || got.Raw != nil {
					t.Errorf("with the error, the scope is %+v, want the zero Scope", got)
				}
				return
			}
			wantNoError(t, "Test", err)
			if got.Kind != tt.want.Kind || got.AccountID != tt.want.AccountID || got.ProjectID != tt.want.ProjectID ||
				!got.ServerTime.Equal(tt.want.ServerTime) {
				t.Errorf("Test() = %+v, want %+v", got, tt.want)
			}
			// The answer's bytes are kept, of the endpoint that told the scope.
			if id := tt.want.AccountID + tt.want.ProjectID; !bytes.Contains(got.Raw, []byte(`_id":"`+id+`"`)) ||
				!json.Valid(got.Raw) || got.RoundTrip <= 0 {
				t.Errorf("Test() kept %s (round trip %v), want system.test's answer naming %s", got.Raw, got.RoundTrip, id)
			}
		})
	}
}

func TestGetNames(t *testing.T) {
	t.Parallel()
	srv := startDemo(t)
	c := newClient(t, srv.URL, hubtest.DemoUserKey)
	const unknown = "00000000-0000-4000-8000-000000000000"
	ada, alan := hubtest.DemoAdminAccountID, hubtest.DemoUserAccountID
	deleted := hub.DisplayName{FirstName: "Deleted", LastName: "User"}
	adaName := hub.DisplayName{FirstName: "Ada", LastName: "Lovelace", Profile: &hub.Profile{Color: "rgb(136,46,114)"}}
	tests := []struct {
		name string
		ids  []string
		want map[string]hub.DisplayName
	}{
		{"empty list", []string{}, map[string]hub.DisplayName{}},
		{"nil list", nil, map[string]hub.DisplayName{}},
		{"found, with a profile colour", []string{ada}, map[string]hub.DisplayName{ada: adaName}},
		{"found, with a profile colour and image", []string{alan}, map[string]hub.DisplayName{alan: {
			FirstName: "Alan", LastName: "Turing",
			Profile: &hub.Profile{Color: "rgb(35,98,168)", Image: "/blobs/profile.png?uuid=" + alan,
				ImageBytes: len("/blobs/profile.png?uuid=" + alan)}}}},
		{"both names empty is No Name, no profile", []string{hubtest.DemoNoNameAccountID},
			map[string]hub.DisplayName{hubtest.DemoNoNameAccountID: {FirstName: "No", LastName: "Name"}}},
		{"names are trimmed", []string{"3c4d5e6f-7a8b-4c9d-8e0f-2a3b4c5d6e7f"},
			map[string]hub.DisplayName{"3c4d5e6f-7a8b-4c9d-8e0f-2a3b4c5d6e7f": {FirstName: "Bob", LastName: "Builder"}}},
		{"deleted account", []string{hubtest.DemoDeletedAccountID},
			map[string]hub.DisplayName{hubtest.DemoDeletedAccountID: deleted}},
		{"unknown account", []string{unknown}, map[string]hub.DisplayName{unknown: deleted}},
		{"hostile names come back cleaned", []string{hubtest.DemoHostileAccountID},
			map[string]hub.DisplayName{hubtest.DemoHostileAccountID: {FirstName: "Mallory␛[2J␛[H",
				LastName: "␛]0;pwned by mallory␇Evil"}}},
		{"several at once", []string{ada, unknown, hubtest.DemoNoNameAccountID}, map[string]hub.DisplayName{
			ada: adaName, unknown: deleted, hubtest.DemoNoNameAccountID: {FirstName: "No", LastName: "Name"}}},
		// The server keys the found row by its lower-case id and also answers
		// "Deleted User" under the upper-case spelling; the client must not
		// report a live account as deleted to a caller using that spelling.
		{"upper-case id", []string{strings.ToUpper(ada)},
			map[string]hub.DisplayName{ada: adaName, strings.ToUpper(ada): adaName}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			answer, err := c.GetNames(context.Background(), tt.ids)
			wantNoError(t, "GetNames", err)
			got := answer.ByID
			if got == nil {
				t.Fatal("GetNames returned a nil map")
			}
			if diff := diffNames(got, tt.want); diff != "" {
				t.Errorf("GetNames(%q):\n%s", tt.ids, diff)
			}
			if !json.Valid(answer.Raw) || answer.Raw[0] != '{' || answer.RoundTrip <= 0 {
				t.Errorf("GetNames kept %s (round trip %v), want the server's object", answer.Raw, answer.RoundTrip)
			}
			for id, name := range got {
				if name.IsDeleted() != (name == deleted) {
					t.Errorf("%s: IsDeleted() = %v for %+v", id, name.IsDeleted(), name)
				}
			}
		})
	}
}

// diffNames lists the differences between two getNames results.
func diffNames(got, want map[string]hub.DisplayName) string {
	var diffs []string
	for id, w := range want {
		g, ok := got[id]
		switch {
		case !ok:
			diffs = append(diffs, fmt.Sprintf("  %s: missing, want %s", id, nameString(w)))
		case nameString(g) != nameString(w):
			diffs = append(diffs, fmt.Sprintf("  %s: got %s, want %s", id, nameString(g), nameString(w)))
		}
	}
	for id, g := range got {
		if _, ok := want[id]; !ok {
			diffs = append(diffs, fmt.Sprintf("  %s: unexpected %s", id, nameString(g)))
		}
	}
	slices.Sort(diffs)
	return strings.Join(diffs, "\n")
}

func nameString(n hub.DisplayName) string {
	profile := "nil"
	if n.Profile != nil {
		profile = fmt.Sprintf("%+v", *n.Profile)
	}
	return fmt.Sprintf("{%q %q profile %s}", n.FirstName, n.LastName, profile)
}

// expectedAccount is what userSearch should decode to for a demo account:
// admins see email_address and banned; anyone sees the address on an email
// search.
func expectedAccount(a hubtest.Account, admin, emailShown bool) hub.Account {
	want := hub.Account{AccountID: a.AccountID, Username: boundedOrNil(a.Name, clean.NameLimit)}
	if a.FirstName != nil {
		want.FirstName = clean.Bounded(*a.FirstName, clean.NameLimit)
	}
	if a.LastName != nil {
		want.LastName = clean.Bounded(*a.LastName, clean.NameLimit)
	}
	if admin || emailShown {
		want.EmailAddress = boundedOrNil(a.EmailAddress, clean.EmailLimit)
	}
	if admin {
		want.Banned = a.Banned
	}
	if a.LastActive != nil {
		ms := hub.Millis(*a.LastActive)
		want.LastActive = &ms
	}
	if a.Created != nil {
		ms := hub.Millis(*a.Created)
		want.Created = &ms
	}
	if a.EmailAddressVerified != nil && a.EmailAddress != nil && *a.EmailAddress != "" {
		at, ok := a.EmailAddressVerified[*a.EmailAddress]
		verified := ok && string(at) != "null"
		want.EmailAddressVerified = &verified
	}
	return want
}

// accountString shows every field, nil ones as "nil".
func accountString(a hub.Account) string {
	return fmt.Sprintf("{id %s first %q last %q username %s email %s last_active %s created %s banned %s verified %s}",
		a.AccountID, a.FirstName, a.LastName, ptr(a.Username), ptr(a.EmailAddress), ptr(a.LastActive),
		ptr(a.Created), ptr(a.Banned), ptr(a.EmailAddressVerified))
}

func ptr[T any](p *T) string {
	if p == nil {
		return "nil"
	}
	return fmt.Sprintf("%#v", *p)
}

func TestUserSearchFields(t *testing.T) {
	t.Parallel()
	srv := startDemo(t)
	user := newClient(t, srv.URL, hubtest.DemoUserKey)
	admin := newClient(t, srv.URL, hubtest.DemoAdminKey)
	const (
		reformedSpammer = "0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e" // banned: false
		neverActive     = "b1e2f3a4-5c6d-4e7f-8a81-021324354657"
		ancient         = "c2f3a4b5-6d7e-4f80-9b92-132435465768" // neither last_active nor created
		unverified      = "c3b7596b-5234-4c03-acbf-1f66b18329a4" // email_address_verified {}
		changedAddress  = "6978a5b4-c3d2-4e1f-80f1-e2d3c4b5a697" // verified an old address
		noFirstName     = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d" // first_name null
	)
	tests := []struct {
		name          string
		client        *hub.Client
		admin         bool
		query, id     string // the query, and the account it finds
		emailShown    bool
		wantNull      []string // fields sent as null
		wantAbsent    []string // fields not sent at all
		wantBanned    bool     // IsBanned()
		wantVerified  *bool
		wantFirstName string
	}{
		{name: "non-admin: no email_address, no banned", client: user, query: hubtest.DemoAdminAccountID,
			id: hubtest.DemoAdminAccountID, wantAbsent: []string{"email_address", "banned"}, wantVerified: ptrTo(true)},
		{name: "admin: email_address, banned null", client: admin, admin: true, query: hubtest.DemoAdminAccountID,
			id: hubtest.DemoAdminAccountID, wantNull: []string{"banned"}, wantVerified: ptrTo(true)},
		{name: "admin: banned true", client: admin, admin: true, query: hubtest.DemoBannedAccountID,
			id: hubtest.DemoBannedAccountID, wantBanned: true},
		{name: "admin: banned false", client: admin, admin: true, query: reformedSpammer, id: reformedSpammer},
		{name: "username null", client: user, query: hubtest.DemoNoEmailAccountID, id: hubtest.DemoNoEmailAccountID,
			wantNull: []string{"name", "email_address_verified"}},
		{name: "admin: no email address is null", client: admin, admin: true, query: hubtest.DemoNoEmailAccountID,
			id: hubtest.DemoNoEmailAccountID, wantNull: []string{"name", "email_address", "banned", "email_address_verified"}},
		{name: "never active", client: user, query: neverActive, id: neverActive, wantNull: []string{"last_active"}},
		{name: "neither active nor created", client: admin, admin: true, query: ancient, id: ancient,
			wantNull: []string{"last_active", "created"}},
		{name: "address not verified ({})", client: user, query: unverified, id: unverified, wantVerified: ptrTo(false)},
		{name: "an old address verified", client: user, query: changedAddress, id: changedAddress,
			wantVerified: ptrTo(false)},
		{name: "first name null", client: user, query: noFirstName, id: noFirstName, wantNull: []string{"first_name"}},
		{name: "email search shows the address to anyone, even of an unlisted account", client: user,
			query: strings.ToUpper(hubtest.DemoUnlistedEmail), id: hubtest.DemoUnlistedAccountID, emailShown: true,
			wantVerified: ptrTo(true)},
		{name: "deleted account by id", client: user, query: hubtest.DemoDeletedAccountID,
			id: hubtest.DemoDeletedAccountID},
		{name: "hostile username", client: user, query: hubtest.DemoHostileAccountID, id: hubtest.DemoHostileAccountID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			params := hub.SearchParams{Query: tt.query, Admin: tt.admin}
			result, err := tt.client.UserSearch(context.Background(), params)
			got := result.Accounts
			wantNoError(t, "UserSearch", err)
			if len(got) != 1 {
				t.Fatalf("UserSearch(%+v) found %d accounts, want 1", params, len(got))
			}
			want := expectedAccount(demoAccount(t, tt.id), tt.admin, tt.emailShown)
			if g, w := accountString(got[0]), accountString(want); g != w {
				t.Errorf("decoded:\n got  %s\n want %s", g, w)
			}
			if got[0].IsBanned() != tt.wantBanned {
				t.Errorf("IsBanned() = %v, want %v", got[0].IsBanned(), tt.wantBanned)
			}
			if ptr(got[0].EmailAddressVerified) != ptr(tt.wantVerified) {
				t.Errorf("EmailAddressVerified = %s, want %s", ptr(got[0].EmailAddressVerified), ptr(tt.wantVerified))
			}
			fields := jsonKeys(t, got[0].Raw)
			for _, name := range tt.wantNull {
				if v, ok := fields[name]; !ok || string(v) != "null" {
					t.Errorf("Raw %s = %s (present %v), want null", name, v, ok)
				}
			}
			for _, name := range tt.wantAbsent {
				if v, ok := fields[name]; ok {
					t.Errorf("Raw has %s = %s, want it absent", name, v)
				}
			}
		})
	}
}

func ptrTo[T any](v T) *T { return &v }

// boundedOrNil is the cleaned view of an optional text.
func boundedOrNil(s *string, limit int) *string {
	if s == nil {
		return nil
	}
	return ptrTo(clean.Bounded(*s, limit))
}

// TestUserSearchKeepsTheServerBytes compares Raw, and the decoded fields, of
// every account of larger searches with the server's own answer.
func TestUserSearchKeepsTheServerBytes(t *testing.T) {
	t.Parallel()
	srv := startDemo(t)
	data := hubtest.DemoData(testNow)
	byID := map[string]hubtest.Account{}
	for _, a := range data.Accounts {
		byID[a.AccountID] = a
	}
	tests := []struct {
		key     string
		params  hub.SearchParams
		ordered bool // newest first (name searches are; a project's collaborators are not)
	}{
		{hubtest.DemoUserKey, hub.SearchParams{Query: "alice"}, true},
		{hubtest.DemoAdminKey, hub.SearchParams{Query: "alice", Admin: true}, true},
		{hubtest.DemoAdminKey, hub.SearchParams{Query: "a", Admin: true, Limit: 2500}, true},
		{hubtest.DemoAdminKey, hub.SearchParams{Query: hubtest.DemoProjectID, Admin: true}, false},
		{hubtest.DemoUserKey, hub.SearchParams{Query: "smith, @ada", Limit: 50}, true},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%+v", tt.params), func(t *testing.T) {
			t.Parallel()
			c := newClient(t, srv.URL, tt.key)
			ctx := context.Background()
			result, err := c.UserSearch(ctx, tt.params)
			got := result.Accounts
			wantNoError(t, "UserSearch", err)
			var raw []json.RawMessage
			wantNoError(t, "Call", c.Call(ctx, hub.FuncUserSearch, []any{tt.params}, &raw))
			if len(got) == 0 || len(got) != len(raw) {
				t.Fatalf("UserSearch found %d accounts, the server answered %d (want the same, and some)", len(got), len(raw))
			}
			for i, a := range got {
				if !bytes.Equal(a.Raw, raw[i]) {
					t.Errorf("account %d: Raw\n %s\nwant the server's\n %s", i, a.Raw, raw[i])
				}
				want := expectedAccount(byID[a.AccountID], tt.params.Admin, false)
				if want.EmailAddress == nil && !tt.params.Admin {
					want.EmailAddress = a.EmailAddress // an email match shows it; checked in TestUserSearchFields
				}
				if g, w := accountString(a), accountString(want); g != w {
					t.Errorf("account %d:\n got  %s\n want %s", i, g, w)
				}
				if tt.ordered && i > 0 && a.LastSeen() > got[i-1].LastSeen() {
					t.Errorf("account %d is newer than the one before it: not in the server's order", i)
				}
			}
		})
	}
}

func TestUserSearchResults(t *testing.T) {
	t.Parallel()
	srv := startDemo(t)
	user := newClient(t, srv.URL, hubtest.DemoUserKey)
	admin := newClient(t, srv.URL, hubtest.DemoAdminKey)
	ctx := context.Background()

	t.Run("empty query answers an empty list, not nil", func(t *testing.T) {
		result, err := user.UserSearch(ctx, hub.SearchParams{Query: ""})
		got := result.Accounts
		wantNoError(t, "UserSearch", err)
		if got == nil || len(got) != 0 {
			t.Errorf("got %#v, want an empty non-nil list", got)
		}
	})
	t.Run("limit", func(t *testing.T) {
		result, err := user.UserSearch(ctx, hub.SearchParams{Query: "a", Limit: 3})
		got := result.Accounts
		wantNoError(t, "UserSearch", err)
		if len(got) != 3 {
			t.Errorf("found %d accounts, want the limit 3", len(got))
		}
	})
	t.Run("non-admins never see unlisted accounts; admins do", func(t *testing.T) {
		hasUnlisted := func(accounts []hub.Account) bool {
			return slices.ContainsFunc(accounts, func(a hub.Account) bool { return a.AccountID == hubtest.DemoUnlistedAccountID })
		}
		result, err := user.UserSearch(ctx, hub.SearchParams{Query: "alice wong"})
		got := result.Accounts
		wantNoError(t, "UserSearch", err)
		if hasUnlisted(got) {
			t.Error("a non-admin search found the unlisted account")
		}
		result, err = admin.UserSearch(ctx, hub.SearchParams{Query: "alice wong", Admin: true})
		got = result.Accounts
		wantNoError(t, "UserSearch", err)
		if !hasUnlisted(got) {
			t.Error("an admin search did not find the unlisted account")
		}
	})
	t.Run("admin search by a non-admin", func(t *testing.T) {
		_, err := user.UserSearch(ctx, hub.SearchParams{Query: "alice", Admin: true})
		e := wantKind(t, err, hub.KindNotAdmin)
		if e.Message != "Must be an admin to do admin search." || e.Call != hub.FuncUserSearch {
			t.Errorf("error %q of call %q, want the server's text without \"Error: \" from %s", e.Message, e.Call, hub.FuncUserSearch)
		}
	})
}

// TestUserSearchVerifiedMapOfAccountWithoutAddress: for an account without an
// email address whose column of verified addresses is set (an address removed,
// the map kept), the server sends email_address_verified as that map. The
// search must still succeed.
func TestUserSearchVerifiedMapOfAccountWithoutAddress(t *testing.T) {
	t.Parallel()
	const (
		adminID = "00000000-0000-4000-8000-00000000000a"
		veraID  = "00000000-0000-4000-8000-000000000014"
		key     = "sk-admin000000000000000001"
	)
	data, err := hubtest.LoadData(strings.NewReader(`{
	 "accounts": [
	  {"account_id": "` + adminID + `", "first_name": "Ada", "last_name": "Admin", "groups": ["admin"]},
	  {"account_id": "` + veraID + `", "first_name": "Vera", "last_name": "Noemail",
	   "email_address_verified": {"vera@old.example.com": 7}, "last_active": 950, "created": 95}
	 ],
	 "keys": {"` + key + `": {"account_id": "` + adminID + `"}}
	}`))
	if err != nil {
		t.Fatal(err)
	}
	srv := hubtest.NewServer(data)
	t.Cleanup(srv.Close)
	result, err := newClient(t, srv.URL, key).UserSearch(context.Background(), hub.SearchParams{Query: veraID, Admin: true})
	wantNoError(t, "UserSearch", err)
	got := result.Accounts
	if len(got) != 1 || got[0].AccountID != veraID || got[0].FirstName != "Vera" {
		t.Fatalf("found %d accounts (%v), want Vera", len(got), got)
	}
	if got[0].EmailAddressVerified != nil {
		t.Errorf("EmailAddressVerified = %v, want nil: the account has no address to be verified", *got[0].EmailAddressVerified)
	}
	if !strings.Contains(string(got[0].Raw), `"email_address_verified":{"vera@old.example.com":7}`) {
		t.Errorf("Raw lost the server's map: %s", got[0].Raw)
	}
}

func TestIsAdmin(t *testing.T) {
	t.Parallel()
	srv := startDemo(t)
	tests := []struct {
		name    string
		key     string
		want    bool
		wantErr hub.Kind
	}{
		{"admin", hubtest.DemoAdminKey, true, hub.KindOther},
		{"not an admin", hubtest.DemoUserKey, false, hub.KindOther},
		{"legacy key of a non-admin", hubtest.DemoLegacyKey, false, hub.KindOther},
		{"bad key is an error, not false", badKey, false, hub.KindKeyRejected},
		{"project key is an error, not false", hubtest.DemoProjectKey, false, hub.KindKeyRejected},
		{"no key", "", false, hub.KindNoKey},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := newClient(t, srv.URL, tt.key).IsAdmin(context.Background())
			if tt.wantErr != hub.KindOther {
				wantKind(t, err, tt.wantErr)
			} else {
				wantNoError(t, "IsAdmin", err)
			}
			if got != tt.want {
				t.Errorf("IsAdmin() = %v, want %v", got, tt.want)
			}
		})
	}
}

var (
	resetPath = regexp.MustCompile(`^/auth/password-reset/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
	tokenPath = regexp.MustCompile(`^/auth/impersonate\?auth_token=[A-Za-z0-9]{24}$`)
)

func TestAdminLinks(t *testing.T) {
	t.Parallel()
	type linkFunc func(*hub.Client, context.Context, string) (string, error)
	reset, impersonate := (*hub.Client).PasswordResetLink, (*hub.Client).ImpersonationLink
	tests := []struct {
		name        string
		basePath    string
		key         string
		link        linkFunc
		target      string
		wantPath    *regexp.Regexp // the link after the server's URL
		wantErr     hub.Kind
		wantMessage string
	}{
		{name: "reset link", key: hubtest.DemoAdminKey, link: reset, target: hubtest.DemoUserAccountID, wantPath: resetPath},
		{name: "reset link under a base path", basePath: "/cocalc", key: hubtest.DemoAdminKey, link: reset,
			target: hubtest.DemoUserAccountID, wantPath: resetPath},
		{name: "reset link by a non-admin", key: hubtest.DemoUserKey, link: reset, target: hubtest.DemoAdminAccountID,
			wantErr: hub.KindNotAdmin, wantMessage: "must be an admin"},
		{name: "reset link of an account without email", key: hubtest.DemoAdminKey, link: reset,
			target: hubtest.DemoNoEmailAccountID, wantErr: hub.KindOther,
			wantMessage: "passwords are only defined for accounts with email"},
		{name: "reset link of no account", key: hubtest.DemoAdminKey, link: reset,
			target: "00000000-0000-4000-8000-000000000000", wantErr: hub.KindOther,
			wantMessage: "passwords are only defined for accounts with email"},
		{name: "reset link with a bad key", key: badKey, link: reset, target: hubtest.DemoUserAccountID,
			wantErr: hub.KindKeyRejected},
		{name: "impersonation link", key: hubtest.DemoAdminKey, link: impersonate, target: hubtest.DemoUserAccountID,
			wantPath: tokenPath},
		{name: "impersonation link under a base path", basePath: "/cocalc", key: hubtest.DemoAdminKey,
			link: impersonate, target: hubtest.DemoUserAccountID, wantPath: tokenPath},
		{name: "impersonation link by a non-admin", key: hubtest.DemoUserKey, link: impersonate,
			target: hubtest.DemoAdminAccountID, wantErr: hub.KindNotAdmin, wantMessage: "incorrect password"},
		{name: "impersonation link with a bad key", key: badKey, link: impersonate, target: hubtest.DemoUserAccountID,
			wantErr: hub.KindKeyRejected},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := startDemo(t, hubtest.WithBasePath(tt.basePath))
			got, err := tt.link(newClient(t, srv.URL, tt.key), context.Background(), tt.target)
			if tt.wantPath == nil {
				e := wantKind(t, err, tt.wantErr)
				if !strings.Contains(e.Message, tt.wantMessage) || strings.HasPrefix(e.Message, "Error: ") {
					t.Errorf("message %q, want one with %q and no leading \"Error: \"", e.Message, tt.wantMessage)
				}
				if got != "" {
					t.Errorf("with the error, the link is %q, want none", got)
				}
				return
			}
			wantNoError(t, "link", err)
			rest, ok := strings.CutPrefix(got, srv.URL)
			if !ok || !tt.wantPath.MatchString(rest) {
				t.Errorf("link %q, want %s followed by %s", got, srv.URL, tt.wantPath)
			}
		})
	}
}

// TestImpersonationByNonAdminStaysNotAdmin: after a non-admin's failed
// attempt the server answers "banned -- please wait…" for 30 s; that too is
// the caller not being an admin.
func TestImpersonationByNonAdminStaysNotAdmin(t *testing.T) {
	t.Parallel()
	srv := startDemo(t)
	c := newClient(t, srv.URL, hubtest.DemoUserKey)
	for i, wantText := range []string{"incorrect password", "please wait"} {
		_, err := c.ImpersonationLink(context.Background(), hubtest.DemoAdminAccountID)
		e := wantKind(t, err, hub.KindNotAdmin)
		if !strings.Contains(e.Message, wantText) {
			t.Errorf("attempt %d: message %q, want one with %q", i+1, e.Message, wantText)
		}
	}
}
