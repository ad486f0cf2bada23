package cli

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"cocalc-tui/hub"
	"cocalc-tui/hub/hubtest"
)

// whoamiData is testData with more keys of Ada's: hers in use expires
// within a week, an older one never does, and one has expired.
func whoamiData() *hubtest.Data {
	d := testData()
	ada := d.Keys[adminKey]
	ada.Expire = msAgo(-5 * day)
	d.Keys[adminKey] = ada
	d.Keys["sk-testAdaLaptop0000004"] = hubtest.Key{AccountID: adaID, Name: ptr("laptop"), Created: msAgo(200 * day),
		LastActive: msAgo(3 * day)}
	d.Keys["sk-testAdaOldCI00000005"] = hubtest.Key{AccountID: adaID, Name: ptr("ci"), Created: msAgo(400 * day),
		Expire: msAgo(14 * day)}
	d.Keys["sk_aliceLegacyKey000006"] = hubtest.Key{AccountID: aliceID}
	return d
}

// startWhoamiHub serves whoamiData on a clock stopped at testNow.
func startWhoamiHub(t *testing.T) *hubtest.Server {
	t.Helper()
	server := hubtest.NewServer(whoamiData(), hubtest.WithClock(func() time.Time { return testNow }))
	t.Cleanup(server.Close)
	return server
}

// TestWhoamiEveryFormat: the same facts to a terminal and into a pipe, as
// JSON (compact into a pipe, indented on a terminal) and through --jq.
func TestWhoamiEveryFormat(t *testing.T) {
	server := startWhoamiHub(t)
	c := newCLI(t, server, adminKey)
	human := "account Ada Lovelace (" + adaID + ") · admin\n" +
		"key grading script (sk-…000001) · expires 2026-12-03 (in 5 days) · last used just now\n"
	for _, terminal := range []bool{false, true} {
		c.terminal, c.width = terminal, 80
		c.run(t, "whoami").expect(t, exitOK, human, "")

		r := c.run(t, "whoami", "--json")
		var doc struct {
			AccountID string            `json:"account_id"`
			Admin     bool              `json:"admin"`
			Key       map[string]any    `json:"key"`
			Keys      []json.RawMessage `json:"keys"`
		}
		if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil || r.code != exitOK || r.stderr != "" {
			t.Fatalf("terminal %v: --json: %v, exit %d, stdout %s, stderr %q", terminal, err, r.code, r.stdout, r.stderr)
		}
		if indented := strings.Contains(r.stdout, "\n  "); indented != terminal {
			t.Errorf("terminal %v: indented %v:\n%s", terminal, indented, r.stdout)
		}
		wantKey := map[string]any{"name": "grading script", "created": "2026-10-29T21:55:00.000Z",
			"expire": "2026-12-03T21:55:00.000Z", "last_active": "2026-11-28T21:55:00.000Z", "trunc": "sk-...000001"}
		if doc.AccountID != adaID || !doc.Admin || len(doc.Keys) != 3 || !equalJSONValues(doc.Key, wantKey) {
			t.Errorf("terminal %v: --json gives %+v, want Ada's key %v and her 3 keys", terminal, doc, wantKey)
		}
	}
	c.terminal = false
	c.run(t, "whoami", "--jq", ".key.name").expect(t, exitOK, "grading script\n", "")
	c.run(t, "whoami", "--jq", `[.keys[].name] | join(",")`).expect(t, exitOK, "grading script,laptop,ci\n", "")
	c.run(t, "whoami", "--jq", ".keys[] | select(.expire != null) | .trunc").expect(t, exitOK, "sk-...000001\nsk-...000005\n", "")
	// The key object keeps to its fields: the list's id and account_id are not repeated there.
	c.run(t, "whoami", "--jq", ".key | keys | join(\",\")").expect(t, exitOK, "created,expire,last_active,name,trunc\n", "")
}

func equalJSONValues(a, b map[string]any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}

// TestWhoamiWithoutTheKeyList: a server that cannot list the keys (older
// than the function, or failing on it) leaves the rest of whoami as it was,
// and says on stderr why the key's facts are missing; exit 0.
func TestWhoamiWithoutTheKeyList(t *testing.T) {
	tests := []struct {
		fault hubtest.Fault
		note  string
	}{
		{hubtest.FaultUnknownFunction, "unknown function 'system.manageApiKeys' (the server may be older than this client)"},
		{hubtest.FaultServerTimeout, "operation has timed out"},
		{hubtest.FaultBadGateway, "HTTP 502 Bad Gateway"},
	}
	for _, tt := range tests {
		t.Run(tt.fault.String(), func(t *testing.T) {
			server := startWhoamiHub(t)
			server.SetFault(tt.fault, hub.FuncManageAPIKeys)
			c := newCLI(t, server, adminKey)
			note := "cocalc-tui: note: the key's name, expiry and last use are unknown: cannot list the account's keys: "
			r := c.run(t, "whoami")
			if r.code != exitOK || r.stdout != "account Ada Lovelace ("+adaID+") · admin\n" ||
				!strings.HasPrefix(r.stderr, note) || !strings.Contains(r.stderr, tt.note) || strings.Count(r.stderr, "\n") != 1 {
				t.Errorf("exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
			}
			r = c.run(t, "whoami", "--json")
			var doc map[string]json.RawMessage
			if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil || r.code != exitOK || !strings.HasPrefix(r.stderr, note) {
				t.Fatalf("--json: %v, exit %d, stdout %s, stderr %q", err, r.code, r.stdout, r.stderr)
			}
			if _, has := doc["key"]; has || doc["keys"] != nil || string(doc["admin"]) != "true" {
				t.Errorf("--json without the key list: %s", r.stdout)
			}
		})
	}
}

// TestWhoamiLegacyKey: the server lists no key of the old format; the
// account's other keys are still listed.
func TestWhoamiLegacyKey(t *testing.T) {
	server := startWhoamiHub(t)
	c := newCLI(t, server, "sk_aliceLegacyKey000006")
	c.run(t, "whoami").expect(t, exitOK, "account Alice Smith ("+aliceID+") · not admin\n"+
		"key of the old sk_ format: the server lists no name, expiry nor last use for it\n", "")
	c.run(t, "whoami", "--jq", "[.key, (.keys | length)]").expect(t, exitOK, "[null,1]\n", "")
}

// TestWhoamiHostileKeyList: key names with escape sequences and the key
// itself, and a trunc that is the whole key, reach no output as they came.
func TestWhoamiHostileKeyList(t *testing.T) {
	server := startWhoamiHub(t)
	server.SetFault(hubtest.FaultHostile, hub.FuncManageAPIKeys)
	c := newCLI(t, server, adminKey)
	for _, args := range [][]string{{"whoami"}, {"whoami", "--json"}} {
		for _, terminal := range []bool{false, true} {
			c.terminal, c.width = terminal, 100
			r := c.run(t, args...)
			where := describeRun(args, terminal, 100)
			if r.code != exitOK {
				t.Errorf("%s: exit %d: %s", where, r.code, r.stderr)
			}
			checkSafeForTerminal(t, where+": stdout", r.stdout)
			checkNoKey(t, where+": stdout", r.stdout, adminKey)
			checkNoKey(t, where+": stderr", r.stderr, adminKey)
			if args[len(args)-1] == "--json" && (!json.Valid([]byte(r.stdout)) || !utf8.ValidString(r.stdout)) {
				t.Errorf("%s: not valid UTF-8 JSON: %.300q", where, r.stdout)
			}
		}
	}
	c.terminal = false
	r := c.run(t, "whoami")
	if !strings.Contains(r.stdout, "key grading3f2a1c9e␛]0;pwned␇") {
		t.Errorf("the hostile name is not shown made harmless:\n%s", r.stdout)
	}
}
