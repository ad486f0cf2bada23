package hub_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"cocalc-tui/hub"
	"cocalc-tui/hub/clean"
	"cocalc-tui/hub/clean/cleantest"
	"cocalc-tui/hub/hubtest"
)

// TestAPIKeys lists each demo key's account's keys: which is the key in
// use, its name and times, the others, newest first.
func TestAPIKeys(t *testing.T) {
	t.Parallel()
	srv := startDemo(t)
	day := 24 * time.Hour
	tests := []struct {
		key        string
		names      []string // of all the keys, in the server's order
		this       string   // the name of the key in use, "" when not listed
		thisExpire time.Duration
		legacy     bool
	}{
		{hubtest.DemoAdminKey, []string{"grading script", "laptop", "ci runner"}, "grading script", hubtest.DemoAdminKeyExpiresIn, false},
		{hubtest.DemoUserKey, []string{"notebook sync", "old laptop"}, "notebook sync", 0, false},
		{hubtest.DemoLegacyKey, nil, "", 0, true},
	}
	for _, tt := range tests {
		t.Run(hub.MaskKey(tt.key), func(t *testing.T) {
			keys, err := newClient(t, srv.URL, tt.key).APIKeys(context.Background())
			wantNoError(t, "APIKeys", err)
			var names []string
			for _, k := range keys.Keys {
				names = append(names, k.Name)
			}
			if fmt.Sprint(names) != fmt.Sprint(tt.names) || keys.Legacy != tt.legacy {
				t.Errorf("keys %q (legacy %v), want %q (legacy %v)", names, keys.Legacy, tt.names, tt.legacy)
			}
			this, found := keys.Current()
			if found != (tt.this != "") || this.Name != tt.this {
				t.Fatalf("the key in use: %+v (found %v), want %q", this, found, tt.this)
			}
			if !found {
				return
			}
			if len(keys.Others()) != len(keys.Keys)-1 {
				t.Errorf("%d others of %d keys", len(keys.Others()), len(keys.Keys))
			}
			// The server noted this very call: its last use is now.
			if this.LastActive == nil || !this.LastActive.Equal(testNow.Truncate(time.Millisecond)) {
				t.Errorf("last used %v, want %v", this.LastActive, testNow)
			}
			switch {
			case tt.thisExpire == 0 && this.Expire != nil:
				t.Errorf("expires %v, want never", this.Expire)
			case tt.thisExpire != 0 && (this.Expire == nil || !this.Expire.Equal(testNow.Add(tt.thisExpire).Truncate(time.Millisecond))):
				t.Errorf("expires %v, want in %v", this.Expire, tt.thisExpire)
			}
			if this.Masked() != hub.MaskKey(tt.key) || this.AccountID == "" || this.Created == nil || this.Created.After(testNow.Add(-day)) {
				t.Errorf("entry %+v (masked %q), want the key as MaskKey shows it, its account and when it was made", this, this.Masked())
			}
			if !json.Valid(keys.Raw) || keys.RoundTrip <= 0 || !json.Valid(this.Raw) {
				t.Errorf("the answer keeps %s (round trip %v)", keys.Raw, keys.RoundTrip)
			}
		})
	}
	// Alan's expired key is still listed, expired.
	keys, err := newClient(t, srv.URL, hubtest.DemoUserKey).APIKeys(context.Background())
	wantNoError(t, "APIKeys", err)
	if old := keys.Others()[0]; old.Name != "old laptop" || !old.ExpiredAt(testNow) || keys.Keys[keys.This].ExpiredAt(testNow) {
		t.Errorf("others %+v: want the old laptop's key, expired", keys.Others())
	}
	// A project's key cannot list keys: the hub endpoint refuses it.
	_, err = newClient(t, srv.URL, hubtest.DemoProjectKey).APIKeys(context.Background())
	wantKind(t, err, hub.KindKeyRejected)
}

// TestAPIKeysSendsGetOnly: the one request is the "get" action.
func TestAPIKeysSendsGetOnly(t *testing.T) {
	t.Parallel()
	srv := startDemo(t)
	_, err := newClient(t, srv.URL, hubtest.DemoUserKey).APIKeys(context.Background())
	wantNoError(t, "APIKeys", err)
	requests := srv.Requests()
	if len(requests) != 1 || string(requests[0].Body) != `{"name":"system.manageApiKeys","args":[{"action":"get"}]}` {
		t.Errorf("requests %+v", requests)
	}
}

// TestAPIKeysAnswers decodes what a server may answer: ISO times, nulls,
// entries that are null, ids that are no UUIDs, two entries claiming the
// key in use, and answers that are not a list of keys.
func TestAPIKeysAnswers(t *testing.T) {
	t.Parallel()
	const key = "sk-abcdefghijklmnop0000Tj"
	entry := func(name, trunc, created string) string {
		return `{"id":1,"account_id":"A5E0905B-A1D4-4806-9297-5DD24817E1A8","expire":null,"created":` + created +
			`,"name":` + name + `,"trunc":"` + trunc + `","last_active":null}`
	}
	tests := []struct {
		name, answer string
		want         string // the keys' names and masks, and which is this; or the error
	}{
		{"one key, this one", `[` + entry(`"laptop"`, "sk-...0000Tj", `"2026-11-30T08:41:07.774Z"`) + `]`,
			"[laptop sk-…0000Tj a5e0905b-a1d4-4806-9297-5dd24817e1a8 2026-11-30 08:41:07.774 +0000 UTC] this 0"},
		{"a null name, a null entry", `[null,` + entry(`null`, "sk-...000001", `null`) + `]`, "[ sk-…000001 a5e0905b-a1d4-4806-9297-5dd24817e1a8 never] this -1"},
		{"two entries with this key's trunc", `[` + entry(`"a"`, "sk-...0000Tj", `null`) + `,` + entry(`"b"`, "sk-...0000Tj", `null`) + `]`,
			"[a sk-…0000Tj a5e0905b-a1d4-4806-9297-5dd24817e1a8 never b sk-…0000Tj a5e0905b-a1d4-4806-9297-5dd24817e1a8 never] this -1"},
		{"no keys", `[]`, "[] this -1"},
		{"null (an unknown action's answer)", `null`, "bad answer: the answer has an unexpected shape: got a JSON null, expected a list of keys"},
		{"an object", `{"keys":[]}`, "bad answer: the answer has an unexpected shape: got a JSON object, expected a list"},
		{"a time in ms", `[` + entry(`"x"`, "sk-...000001", `1700000000000`) + `]`, `bad answer: the answer has an unexpected shape: field "created" is a JSON number, expected a string`},
		{"a time that is no time", `[` + entry(`"x"`, "sk-...000001", `"yesterday\u001b[2J"`) + `]`, `bad answer: the answer has an unexpected shape: field "created" is not an ISO time`},
		{"a name that is no string", `[` + entry(`5`, "sk-...000001", `null`) + `]`, `bad answer: the answer has an unexpected shape: field "name" is a JSON number, expected a string`},
		{"an older server", `{"error":"Error: unknown function 'system.manageApiKeys'"}`, "unknown function: unknown function 'system.manageApiKeys'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				_, _ = w.Write([]byte(tt.answer))
			}))
			defer srv.Close()
			keys, err := newClient(t, srv.URL, key).APIKeys(context.Background())
			var got string
			if err != nil {
				e := err.(*hub.Error)
				got = e.Kind.String() + ": " + e.Message
			} else {
				var parts []string
				for _, k := range keys.Keys {
					created := "never"
					if k.Created != nil {
						created = k.Created.String()
					}
					parts = append(parts, k.Name, k.Masked(), k.AccountID, created)
				}
				got = fmt.Sprintf("[%s] this %d", strings.Join(parts, " "), keys.This)
			}
			if got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestAPIKeyMasked(t *testing.T) {
	t.Parallel()
	tests := []struct{ trunc, want string }{
		{"sk-...0000Tj", "sk-…0000Tj"},
		{"sk_...abcdef", "sk_…abcdef"},
		{"xy-...abcdef", "…abcdef"},              // MaskKey shows only the sk- and sk_ prefixes
		{"sk-...abcdefghijklmnop", "sk-…klmnop"}, // never more than the last 6
		{"sk-cocalc-v2...abcdefgh", "…cdefgh"},   // another server's longer trunc: its last 6
		{"sk-LVFqtICOfKU6kULz0000Tj", ""},        // the whole secret is no trunc
		{"sk-...0000T", ""},                      // too short
		{"sk-...00␛[2J", ""},                     // no key's characters
		{"", ""},
	}
	for _, tt := range tests {
		if got := (hub.APIKey{Trunc: tt.trunc}).Masked(); got != tt.want {
			t.Errorf("Masked of trunc %q = %q, want %q", tt.trunc, got, tt.want)
		}
	}
}

// TestHostileKeyList: the hostile server's key list is cleaned, bounded and
// scrubbed, and its key in use found by its trunc; a trunc that is the
// whole key shows nothing of it.
func TestHostileKeyList(t *testing.T) {
	t.Parallel()
	srv := startDemo(t)
	srv.SetFault(hubtest.FaultHostile)
	key := hubtest.DemoAdminKey
	keys, err := newClient(t, srv.URL, key).APIKeys(context.Background())
	wantNoError(t, "APIKeys", err)
	if len(keys.Keys) != 3 || keys.This != 0 {
		t.Fatalf("%d keys, this %d: want the 3 hostile keys, the first this one", len(keys.Keys), keys.This)
	}
	for i, k := range keys.Keys {
		checkCleanText(t, fmt.Sprintf("key %d's name", i), k.Name, clean.NameLimit, key)
		checkCleanText(t, fmt.Sprintf("key %d's trunc", i), k.Trunc, clean.IDLimit, key)
		if k.AccountID != "" {
			t.Errorf("key %d: account id %q is no UUID", i, k.AccountID)
		}
		if masked := k.Masked(); masked != "" && masked != hub.MaskKey(key) {
			t.Errorf("key %d shows as %q", i, masked)
		}
	}
}

// FuzzAPIKeyCleanedView: whatever entries a server sends, a decoded key's
// texts are clean and bounded, its account id a UUID or empty, and its
// mask never longer than MaskKey's.
func FuzzAPIKeyCleanedView(f *testing.F) {
	for _, seed := range []string{
		`[]`, `[null]`, `[{"name":"laptop","trunc":"sk-...0000Tj","created":"2026-11-30T08:41:07.774Z"}]`,
		`[{"account_id":"A5E0905B-A1D4-4806-9297-5DD24817E1A8","expire":null}]`, "[{\"name\":\"\xff\x1b[2J\"}]",
		`[{"trunc":"sk-...\u001b]0;x\u0007abcdef","last_active":"2026-13-01T00:00:00Z"}]`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var keys []hub.APIKey
		if json.Unmarshal(body, &keys) != nil {
			return
		}
		for _, k := range keys {
			for _, text := range []struct {
				what  string
				value string
				limit int
			}{{"name", k.Name, clean.NameLimit}, {"trunc", k.Trunc, clean.IDLimit}} {
				if r, found := cleantest.FirstHazard(text.value, false); found || utf8.RuneCountInString(text.value) > text.limit {
					t.Errorf("%s %q: hazard %U or over %d characters", text.what, text.value, r, text.limit)
				}
			}
			if k.AccountID != "" && !hub.IsUUID(k.AccountID) {
				t.Errorf("account id %q", k.AccountID)
			}
			if masked := k.Masked(); utf8.RuneCountInString(masked) > len("sk-…abcdef") {
				t.Errorf("masked %q shows more than MaskKey would", masked)
			}
		}
	})
}
