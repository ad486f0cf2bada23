package hubtest

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// Ids of the test data: easy to read in failures.
const (
	idAda   = "00000000-0000-4000-8000-00000000000a" // admin
	idAlan  = "00000000-0000-4000-8000-00000000000b"
	idJane  = "00000000-0000-4000-8000-00000000000c"
	idUlla  = "00000000-0000-4000-8000-00000000000d" // unlisted
	idDora  = "00000000-0000-4000-8000-00000000000e" // deleted
	idBart  = "00000000-0000-4000-8000-00000000000f" // banned
	idUna   = "00000000-0000-4000-8000-000000000010" // banned: false
	idJohn  = "00000000-0000-4000-8000-000000000011" // Smith, last_active null
	idNull  = "00000000-0000-4000-8000-000000000012" // every column null
	idEve   = "00000000-0000-4000-8000-000000000013" // verified an old address
	idVera  = "00000000-0000-4000-8000-000000000014" // no address, a verified map
	idAlice = "00000000-0000-4000-8000-000000000015" // @wonder
	idFifty = "00000000-0000-4000-8000-000000000016" // "50%" and "snake_case"
	idBlank = "00000000-0000-4000-8000-000000000017" // names of blanks
	idP1    = "00000000-0000-4000-8000-0000000000f1" // project of Ada, Dora, Alan
	idP2    = "00000000-0000-4000-8000-0000000000f2" // project of Jane
)

const (
	keyAdmin   = "sk-admin000000000000000001"
	keyUser    = "sk-user0000000000000000002"
	keyProject = "sk-project0000000000000003"
	keyBanned  = "sk-banned00000000000000004"
	keyDeleted = "sk-deleted0000000000000005"
	keyExpired = "sk-expired0000000000000006"
	keyJane    = "sk_jane_legacy_key_0000007"
	keyAlanCI  = "sk-alanci00000000000000008"
)

const testDataJSON = `{
 "accounts": [
  {"account_id": "` + idAda + `", "first_name": "Ada", "last_name": "Lovelace", "name": "ada",
   "email_address": "ada@example.com", "email_address_verified": {"ada@example.com": 1}, "groups": ["admin"],
   "last_active": 1000, "created": 100, "profile": {"image": "/blobs/ada.png", "color": "rgb(1,2,3)"}},
  {"account_id": "` + idAlan + `", "first_name": "Alan", "last_name": "Turing", "email_address": "alan@example.com",
   "email_address_verified": {"alan@example.com": 5}, "last_active": 2000, "created": 200},
  {"account_id": "` + idJane + `", "first_name": "Jane", "last_name": "Doe", "email_address": "jd@x.com",
   "email_address_verified": {}, "last_active": 3000, "created": 300},
  {"account_id": "` + idUlla + `", "first_name": "Ulla", "last_name": "Unlisted", "email_address": "ulla@example.com",
   "unlisted": true, "last_active": 4000, "created": 400},
  {"account_id": "` + idDora + `", "first_name": "Dora", "last_name": "Deleted", "deleted": true,
   "email_address": "dora@example.com",
   "last_active": 5000, "created": 500},
  {"account_id": "` + idBart + `", "first_name": "Bart", "last_name": "Banned", "email_address": "bart@example.com",
   "banned": true, "last_active": 600, "created": 60},
  {"account_id": "` + idUna + `", "first_name": "Una", "last_name": "Unbanned", "email_address": "una@example.com",
   "banned": false, "last_active": 700, "created": 70},
  {"account_id": "` + idJohn + `", "first_name": "John", "last_name": "Smith", "email_address": "john@smith.org",
   "created": 800},
  {"account_id": "` + idNull + `", "email_address": "nobody@example.com"},
  {"account_id": "` + idEve + `", "first_name": "Eve", "last_name": "Changed", "email_address": "eve@new.example.com",
   "email_address_verified": {"eve@old.example.com": 9}, "last_active": 900, "created": 90},
  {"account_id": "` + idVera + `", "first_name": "Vera", "last_name": "Noemail",
   "email_address_verified": {"vera@old.example.com": 7, "a@b.c": 8}, "last_active": 950, "created": 95},
  {"account_id": "` + idAlice + `", "first_name": "Alice", "last_name": "Liddell", "name": "wonder",
   "email_address": "alice@wonder.example.org", "last_active": 1500, "created": 150},
  {"account_id": "` + idFifty + `", "first_name": "50%", "last_name": "snake_case", "last_active": 10, "created": 1},
  {"account_id": "` + idBlank + `", "first_name": "  ", "last_name": "\t", "last_active": 11, "created": 2}
 ],
 "keys": {
  "` + keyAdmin + `": {"account_id": "` + idAda + `", "name": "grading", "created": 1700000000000,
   "expire": 1800000000000, "last_active": 1750000000000},
  "` + keyUser + `": {"account_id": "` + idAlan + `", "name": "laptop", "created": 1600000000000},
  "` + keyAlanCI + `": {"account_id": "` + idAlan + `", "name": "ci", "created": 1650000000000},
  "` + keyProject + `": {"project_id": "` + idP1 + `", "account_id": "` + idAda + `", "name": "autograder",
   "created": 1690000000000},
  "` + keyBanned + `": {"account_id": "` + idBart + `"},
  "` + keyDeleted + `": {"account_id": "` + idDora + `"},
  "` + keyExpired + `": {"account_id": "` + idAlan + `", "expire": 1},
  "` + keyJane + `": {"account_id": "` + idJane + `"}
 },
 "projects": {
  "` + idP1 + `": {"title": "Engine", "users": {"` + idAda + `": {"group": "owner"}, "` + idDora + `": {"group": "collaborator"},
   "` + idAlan + `": {"group": "collaborator"}}, "last_active": {"` + idAda + `": 1772597167000}, "last_edited": 1772600767000},
  "` + idP2 + `": ["` + idJane + `"]
 }
}`

// testNow is the fixed clock of the tests.
var testNow = time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)

func testData(t *testing.T) *Data {
	t.Helper()
	d, err := LoadData(strings.NewReader(testDataJSON))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// newTestServer serves the test data with a fixed clock, closed at the end of the test.
func newTestServer(t *testing.T, opts ...Option) *Server {
	t.Helper()
	opts = append([]Option{WithClock(func() time.Time { return testNow })}, opts...)
	s := NewServer(testData(t), opts...)
	t.Cleanup(s.Close)
	return s
}

// reply is an HTTP answer, read whole.
type reply struct {
	status int
	header http.Header
	body   string
}

func send(t *testing.T, req *http.Request) reply {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("reading the answer: %v", err)
	}
	return reply{resp.StatusCode, resp.Header, string(body)}
}

func newRequest(t *testing.T, method, url, body string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	return req
}

func basicAuth(key string) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(key+":"))
}

// post sends a JSON body to an endpoint ("/api/conat/hub") with the key as
// the Python client sends it.
func post(t *testing.T, s *Server, endpoint, key, body string) reply {
	t.Helper()
	req := newRequest(t, http.MethodPost, s.URL+endpoint, body)
	req.Header.Set("Content-Type", "application/json")
	if key != "" {
		req.Header.Set("Authorization", basicAuth(key))
	}
	return send(t, req)
}

// callBody is the JSON body of a call.
func callBody(name string, args any) string {
	raw, err := json.Marshal(map[string]any{"name": name, "args": args})
	if err != nil {
		panic(err)
	}
	return string(raw)
}

// callHub calls a function on the hub endpoint and returns the answer's body,
// failing unless the status is 200.
func callHub(t *testing.T, s *Server, key, name string, args any) string {
	t.Helper()
	r := post(t, s, "/api/conat/hub", key, callBody(name, args))
	if r.status != http.StatusOK {
		t.Fatalf("%s: HTTP %d: %s", name, r.status, r.body)
	}
	return r.body
}

// errorText returns the text of an {"error": …} answer, failing if it is not one.
func errorText(t *testing.T, body string) string {
	t.Helper()
	var e struct {
		Error *string `json:"error"`
	}
	if err := json.Unmarshal([]byte(body), &e); err != nil || e.Error == nil {
		t.Fatalf("not an error answer: %s", body)
	}
	return *e.Error
}

func wantError(t *testing.T, body, want string) {
	t.Helper()
	if got := errorText(t, body); got != want {
		t.Errorf("error = %q\n      want %q", got, want)
	}
}

// waitFor polls until cond holds, for the few tests that must observe a
// request already inside the server.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

func ms(v int64) string { return fmt.Sprint(v) }
