package hubtest

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// searchIDs runs system.userSearch and returns the account ids answered, in order.
func searchIDs(t *testing.T, s *Server, key string, opts map[string]any) []string {
	t.Helper()
	body := callHub(t, s, key, "system.userSearch", []any{opts})
	var rows []struct {
		AccountID string `json:"account_id"`
	}
	if err := json.Unmarshal([]byte(body), &rows); err != nil {
		t.Fatalf("not a list of accounts: %s", body)
	}
	ids := []string{}
	for _, r := range rows {
		ids = append(ids, r.AccountID)
	}
	return ids
}

func TestUserSearchFindsWhatTheServerFinds(t *testing.T) {
	s := newTestServer(t)
	tests := []struct {
		name string
		key  string
		opts map[string]any
		want []string
	}{
		{"a name substring", keyUser, map[string]any{"query": "lan"}, []string{idAlan}},
		{"case does not matter", keyUser, map[string]any{"query": "ALAN"}, []string{idAlan}},
		{"every term must match", keyUser, map[string]any{"query": "jane doe"}, []string{idJane}},
		{"terms match in any order and field", keyUser, map[string]any{"query": "doe  jane"}, []string{idJane}},
		{"a term matching nothing", keyUser, map[string]any{"query": "jane smith"}, []string{}},
		{"pieces are OR-ed, newest first", keyUser, map[string]any{"query": "alan, jane"}, []string{idJane, idAlan}},
		{"semicolons and newlines separate pieces", keyUser, map[string]any{"query": "alan;jane\n smith "},
			[]string{idJane, idAlan, idJohn}},
		{"no minimum length, newest of last_active and created first", keyUser, map[string]any{"query": "a"},
			[]string{idJane, idAlan, idAlice, idAda, idVera, idEve, idUna, idBart, idFifty}},
		{"@ searches usernames", keyUser, map[string]any{"query": "@wonder"}, []string{idAlice}},
		{"a username is not a name", keyUser, map[string]any{"query": "wonder"}, []string{idAlice}},
		{"_ is a wildcard", keyUser, map[string]any{"query": "sm_th"}, []string{idJohn}},
		{"% is a wildcard", keyUser, map[string]any{"query": "j%n"}, []string{idJane, idJohn}},
		{"a backslash escapes a wildcard", keyUser, map[string]any{"query": `snake\_case`}, []string{idFifty}},
		{"unlisted accounts are hidden from non-admins", keyUser, map[string]any{"query": "ulla"}, []string{}},
		{"unlisted accounts are shown to admins", keyAdmin, map[string]any{"query": "ulla", "admin": true},
			[]string{idUlla}},
		{"an admin's key without admin: true searches as a user", keyAdmin, map[string]any{"query": "ulla"},
			[]string{}},
		{"deleted accounts never match a name", keyAdmin, map[string]any{"query": "dora", "admin": true},
			[]string{}},
		{"non-admins do not search addresses", keyUser, map[string]any{"query": "smith.org"}, []string{}},
		{"admins search addresses by substring", keyAdmin, map[string]any{"query": "smith.org", "admin": true},
			[]string{idJohn}},
		{"one exact address", keyUser, map[string]any{"query": "jd@x.com"}, []string{idJane}},
		{"one address in another case", keyUser, map[string]any{"query": "JD@X.Com"}, []string{idJane}},
		{"an exact address finds an unlisted account", keyUser, map[string]any{"query": "ulla@example.com"},
			[]string{idUlla}},
		{"part of an address finds nothing", keyUser, map[string]any{"query": "jd@x.co"}, []string{}},
		{"an address in angle brackets", keyUser, map[string]any{"query": "Jane Doe <jd@x.com>"}, []string{idJane}},
		{"several addresses", keyUser, map[string]any{"query": "jd@x.com, alan@example.com"},
			[]string{idJane, idAlan}},
		{"a lone address finds a deleted account", keyUser, map[string]any{"query": "DORA@example.com"},
			[]string{idDora}},
		{"several addresses leave deleted accounts out", keyUser,
			map[string]any{"query": "dora@example.com\njd@x.com"}, []string{idJane}},
		{"several addresses find unlisted accounts, newest first", keyUser,
			map[string]any{"query": "jd@x.com\nULLA@example.com\nnobody@nowhere.example"}, []string{idUlla, idJane}},
		{"several addresses are not cut by the limit", keyUser,
			map[string]any{"query": "jd@x.com, alan@example.com; ada@example.com", "limit": 1},
			[]string{idJane, idAlan, idAda}},
		{"several addresses with a limit of 0 find nothing", keyUser,
			map[string]any{"query": "jd@x.com, alan@example.com", "limit": 0}, []string{}},
		{"an address given twice is answered once", keyUser,
			map[string]any{"query": "jd@x.com\nJD@X.COM"}, []string{idJane}},
		{"an admin's several addresses are cut by the limit", keyAdmin,
			map[string]any{"query": "jd@x.com, alan@example.com", "limit": 1, "admin": true}, []string{idJane}},
		{"an admin's lone address finds a deleted account", keyAdmin,
			map[string]any{"query": "dora@example.com", "admin": true}, []string{idDora}},
		{"an admin's several addresses leave deleted accounts out", keyAdmin,
			map[string]any{"query": "dora@example.com, jd@x.com", "admin": true}, []string{idJane}},
		{"admins match addresses of a list by substring", keyAdmin,
			map[string]any{"query": "Jane <jd@x.co>; nobody", "admin": true}, []string{idJane, idNull}},
		{"only_email leaves out name pieces", keyUser,
			map[string]any{"query": "alan, jd@x.com", "only_email": true}, []string{idJane}},
		{"an account found both ways is listed twice", keyUser, map[string]any{"query": "jane, jd@x.com"},
			[]string{idJane, idJane}},
		{"an account_id", keyUser, map[string]any{"query": idUlla}, []string{idUlla}},
		{"the account_id of a deleted account", keyUser, map[string]any{"query": idDora}, []string{idDora}},
		{"an account_id in upper case", keyUser, map[string]any{"query": strings.ToUpper(idAlan)},
			[]string{idAlan}},
		{"a project id, for a non-admin", keyUser, map[string]any{"query": idP1}, []string{}},
		{"a project id, for an admin: its collaborators, in the order of the data", keyAdmin,
			map[string]any{"query": idP1, "admin": true}, []string{idAda, idAlan, idDora}},
		{"an id of nothing, for an admin", keyAdmin,
			map[string]any{"query": "00000000-0000-4000-8000-0000000000ff", "admin": true}, []string{}},
		{"an empty query", keyUser, map[string]any{"query": ""}, []string{}},
		{"a blank query", keyUser, map[string]any{"query": "  \n , ; "}, []string{}},
		{"a query that is not a string", keyUser, map[string]any{"query": 42}, []string{}},
		{"no query", keyUser, map[string]any{}, []string{}},
		{"an admin's probe", keyAdmin, map[string]any{"query": "", "admin": true}, []string{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := searchIDs(t, s, tc.key, tc.opts); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("query %q: got %v, want %v", tc.opts["query"], got, tc.want)
			}
		})
	}
}

func TestUserSearchRowsHaveTheServersFields(t *testing.T) {
	s := newTestServer(t)
	tests := []struct {
		name string
		key  string
		opts map[string]any
		want string
	}{
		{"a name search shows no address and no banned", keyUser, map[string]any{"query": "alan"},
			`[{"account_id":"` + idAlan + `","first_name":"Alan","last_name":"Turing","name":null,` +
				`"last_active":2000,"created":200,"email_address_verified":true}]`},
		{"an address search shows the address, to anyone", keyUser, map[string]any{"query": "jd@x.com"},
			`[{"account_id":"` + idJane + `","first_name":"Jane","last_name":"Doe","name":null,` +
				`"email_address":"jd@x.com","last_active":3000,"created":300,"email_address_verified":false}]`},
		{"an account_id search shows no address to a non-admin", keyUser, map[string]any{"query": idAda},
			`[{"account_id":"` + idAda + `","first_name":"Ada","last_name":"Lovelace","name":"ada",` +
				`"last_active":1000,"created":100,"email_address_verified":true}]`},
		{"several addresses show the addresses, to anyone", keyUser,
			map[string]any{"query": "jd@x.com\nalan@example.com", "only_email": true},
			`[{"account_id":"` + idJane + `","first_name":"Jane","last_name":"Doe","name":null,` +
				`"email_address":"jd@x.com","last_active":3000,"created":300,"email_address_verified":false},` +
				`{"account_id":"` + idAlan + `","first_name":"Alan","last_name":"Turing","name":null,` +
				`"email_address":"alan@example.com","last_active":2000,"created":200,"email_address_verified":true}]`},
		{"every column null", keyUser, map[string]any{"query": idNull},
			`[{"account_id":"` + idNull + `","first_name":null,"last_name":null,"name":null,` +
				`"last_active":null,"created":null,"email_address_verified":null}]`},
		{"admins see the address and banned: null when never banned", keyAdmin,
			map[string]any{"query": "alan", "admin": true},
			`[{"account_id":"` + idAlan + `","first_name":"Alan","last_name":"Turing","name":null,` +
				`"email_address":"alan@example.com","last_active":2000,"created":200,"banned":null,` +
				`"email_address_verified":true}]`},
		{"banned true and false", keyAdmin, map[string]any{"query": "ban", "admin": true},
			`[{"account_id":"` + idUna + `","first_name":"Una","last_name":"Unbanned","name":null,` +
				`"email_address":"una@example.com","last_active":700,"created":70,"banned":false,` +
				`"email_address_verified":null},` +
				`{"account_id":"` + idBart + `","first_name":"Bart","last_name":"Banned","name":null,` +
				`"email_address":"bart@example.com","last_active":600,"created":60,"banned":true,` +
				`"email_address_verified":null}]`},
		{"an old address verified, the current one not", keyUser, map[string]any{"query": "eve changed"},
			`[{"account_id":"` + idEve + `","first_name":"Eve","last_name":"Changed","name":null,` +
				`"last_active":900,"created":90,"email_address_verified":false}]`},
		{"no address but a verified map: the map itself, in jsonb order", keyAdmin,
			map[string]any{"query": "vera", "admin": true},
			`[{"account_id":"` + idVera + `","first_name":"Vera","last_name":"Noemail","name":null,` +
				`"email_address":null,"last_active":950,"created":95,"banned":null,` +
				`"email_address_verified":{"a@b.c":8,"vera@old.example.com":7}}]`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := callHub(t, s, tc.key, "system.userSearch", []any{tc.opts}); got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}

func TestUserSearchErrors(t *testing.T) {
	s := newTestServer(t)
	tests := []struct {
		name string
		key  string
		args any
		want string
	}{
		{"admin search by a non-admin", keyUser, []any{map[string]any{"query": "alan", "admin": true}},
			"Error: Must be an admin to do admin search."},
		{"checked before searching", keyUser, []any{map[string]any{"query": "", "admin": true}},
			"Error: Must be an admin to do admin search."},
		{"admin is truthy, not boolean", keyUser, []any{map[string]any{"query": "", "admin": "no"}},
			"Error: Must be an admin to do admin search."},
		{"a bare string", keyUser, []any{"alice"}, "TypeError: Cannot create property 'account_id' on string 'alice'"},
		{"a number", keyUser, []any{5}, "TypeError: Cannot create property 'account_id' on number '5'"},
		{"args a string", keyUser, "alice", "TypeError: Cannot create property 'account_id' on string 'a'"},
		{"args null", keyUser, nil, "TypeError: Cannot read properties of null (reading '0')"},
		{"args an object", keyUser, map[string]any{"query": "x"},
			"TypeError: Spread syntax requires ...iterable[Symbol.iterator] to be a function"},
		{"a limit PostgreSQL refuses", keyUser, []any{map[string]any{"query": "a", "limit": 2.5}},
			`error: invalid input syntax for type integer: "2.5"`},
		{"a limit that is no number", keyUser, []any{map[string]any{"query": "a", "limit": "many"}},
			`error: invalid input syntax for type integer: "NaN"`},
		{"an array whose text is an address", keyUser, []any{map[string]any{"query": []any{"jd@x.com"}}},
			"TypeError: email_address.toLowerCase is not a function"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			wantError(t, callHub(t, s, tc.key, "system.userSearch", tc.args), tc.want)
		})
	}
	for _, args := range []any{[]any{}, []any{nil}} {
		if got := callHub(t, s, keyUser, "system.userSearch", args); got != "[]" {
			t.Errorf("args %v: got %s, want []", args, got)
		}
	}
}

func TestUserSearchLimits(t *testing.T) {
	d := testData(t)
	for i := 1; i <= 60; i++ {
		first, last := "Bulk", fmt.Sprintf("Person %d", i)
		active := int64(10000 + i)
		d.Accounts = append(d.Accounts, Account{AccountID: fmt.Sprintf("10000000-0000-4000-8000-%012d", i),
			FirstName: &first, LastName: &last, LastActive: &active})
	}
	s := NewServer(d)
	t.Cleanup(s.Close)
	tests := []struct {
		name  string
		key   string
		opts  map[string]any
		count int
	}{
		{"default 20", keyUser, map[string]any{"query": "bulk"}, 20},
		{"a smaller limit", keyUser, map[string]any{"query": "bulk", "limit": 5}, 5},
		{"non-admins are cut to 50", keyUser, map[string]any{"query": "bulk", "limit": 100}, 50},
		{"admins get more", keyAdmin, map[string]any{"query": "bulk", "limit": 100, "admin": true}, 60},
		{"admins up to 2500", keyAdmin, map[string]any{"query": "bulk", "limit": 10000, "admin": true}, 60},
		{"admin default 20", keyAdmin, map[string]any{"query": "bulk", "admin": true}, 20},
		{"limit 0", keyUser, map[string]any{"query": "bulk", "limit": 0}, 0},
		{"a negative limit", keyUser, map[string]any{"query": "bulk", "limit": -3}, 0},
		{"a limit as text", keyUser, map[string]any{"query": "bulk", "limit": "7"}, 7},
		{"a null limit is the default", keyUser, map[string]any{"query": "bulk", "limit": nil}, 20},
		{"a fractional limit above the cap is cut to 50", keyUser, map[string]any{"query": "bulk", "limit": 60.5}, 50},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ids := searchIDs(t, s, tc.key, tc.opts)
			if len(ids) != tc.count {
				t.Fatalf("got %d accounts, want %d", len(ids), tc.count)
			}
			// The most recently active are kept.
			if tc.count > 0 && ids[0] != "10000000-0000-4000-8000-000000000060" {
				t.Errorf("first is %s, want the most recent", ids[0])
			}
		})
	}
}

func TestParseUserSearch(t *testing.T) {
	strs, emails := parseUserSearch("Foo  Bar, @Wstein;\nJane Doe <JD@X.com> other@y.org, bad@, @x.com")
	wantStrings := [][]string{{"foo", "bar"}, {"@wstein"}, {"@x.com"}}
	wantEmails := []string{"jd@x.com", "other@y.org"}
	if !reflect.DeepEqual(strs, wantStrings) || !reflect.DeepEqual(emails, wantEmails) {
		t.Errorf("got %q %q, want %q %q", strs, emails, wantStrings, wantEmails)
	}
}

func TestIsValidEmail(t *testing.T) {
	for s, want := range map[string]bool{
		"a@b.c": true, "jd@x": true, `"john doe"@example.com`: true, "a.b@[127.0.0.1]": true,
		"a@": false, "@b.c": false, "a b@c.d": false, "a@b..c": false, "<a@b.c>": false, "": false, "undefined": false,
	} {
		if got := isValidEmail(s); got != want {
			t.Errorf("isValidEmail(%q) = %v, want %v", s, got, want)
		}
	}
}

// TestSearchFault: a search fault strikes the searches whose query holds its
// text, and only those.
func TestSearchFault(t *testing.T) {
	s := newTestServer(t)
	s.SetSearchFault(FaultServerTimeout, "JD@x")
	wantError(t, callHub(t, s, keyUser, "system.userSearch", []any{map[string]any{"query": "alan@example.com\njd@x.com"}}),
		"timeout - Error: operation has timed out - callHub: subject='hub.account."+idAlan+".api', "+
			"name='system.userSearch', code='408' ")
	if got := searchIDs(t, s, keyUser, map[string]any{"query": "alan@example.com"}); !reflect.DeepEqual(got, []string{idAlan}) {
		t.Errorf("a search without the text: got %v", got)
	}
	if got := callHub(t, s, keyUser, "system.getNames", []any{[]any{idAlan}}); !strings.Contains(got, "Turing") {
		t.Errorf("another function: got %s", got)
	}
	s.SetSearchFault(FaultNone, "jd@x")
	if got := searchIDs(t, s, keyUser, map[string]any{"query": "jd@x.com"}); !reflect.DeepEqual(got, []string{idJane}) {
		t.Errorf("after clearing: got %v", got)
	}
}
