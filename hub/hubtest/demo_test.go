package hubtest

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestDemoDataIsDeterministic(t *testing.T) {
	now := time.Date(2026, 5, 6, 7, 8, 9, 0, time.UTC)
	a, _ := json.Marshal(DemoData(now))
	b, _ := json.Marshal(DemoData(now))
	if !bytes.Equal(a, b) {
		t.Fatal("two DemoData of the same time differ")
	}
	c, _ := json.Marshal(DemoData(now.Add(time.Hour)))
	if bytes.Equal(a, c) {
		t.Error("DemoData does not depend on the time")
	}
	// The JSON form loads back unchanged: it is a valid data file.
	d, err := LoadData(bytes.NewReader(a))
	if err != nil {
		t.Fatal(err)
	}
	if again, _ := json.Marshal(d); !bytes.Equal(a, again) {
		t.Error("DemoData does not survive a round trip through LoadData")
	}
}

func TestDemoDataHasEverySpecialKindOfAccount(t *testing.T) {
	now := time.Date(2026, 5, 6, 7, 8, 9, 0, time.UTC)
	d := DemoData(now)
	if err := d.Validate(); err != nil {
		t.Fatal(err)
	}
	if n := len(d.Accounts); n < 250 {
		t.Errorf("%d accounts, want a few hundred", n)
	}
	byID := map[string]*Account{}
	for i := range d.Accounts {
		byID[d.Accounts[i].AccountID] = &d.Accounts[i]
	}
	name := func(a *Account) string { return stringOrEmpty(a.FirstName) + " " + stringOrEmpty(a.LastName) }
	anyAccount := func(cond func(a *Account) bool) bool {
		for i := range d.Accounts {
			if cond(&d.Accounts[i]) {
				return true
			}
		}
		return false
	}
	anyName := func(substring string) func(*Account) bool {
		return func(a *Account) bool { return strings.Contains(name(a)+stringOrEmpty(a.Name), substring) }
	}
	twoYearsAgo := now.AddDate(-2, 0, 0).UnixMilli()
	checks := map[string]bool{
		"the admin is Ada Lovelace":    byID[DemoAdminAccountID].IsAdmin() && name(byID[DemoAdminAccountID]) == "Ada Lovelace",
		"only one admin":               !anyAccount(func(a *Account) bool { return a.IsAdmin() && a.AccountID != DemoAdminAccountID }),
		"Alan Turing is no admin":      !byID[DemoUserAccountID].IsAdmin() && name(byID[DemoUserAccountID]) == "Alan Turing",
		"deleted":                      byID[DemoDeletedAccountID].Deleted,
		"unlisted":                     byID[DemoUnlistedAccountID].Unlisted && *byID[DemoUnlistedAccountID].EmailAddress == DemoUnlistedEmail,
		"banned":                       byID[DemoBannedAccountID].isBanned(),
		"unbanned (banned: false)":     anyAccount(func(a *Account) bool { return a.Banned != nil && !*a.Banned }),
		"both names empty":             name(byID[DemoNoNameAccountID]) == " ",
		"names to trim":                anyAccount(func(a *Account) bool { return stringOrEmpty(a.FirstName) != jsTrim(stringOrEmpty(a.FirstName)) }),
		"no email address":             byID[DemoNoEmailAccountID].EmailAddress == nil,
		"CJK":                          name(byID[DemoCJKAccountID]) == "小明 王",
		"emoji with ZWJ":               strings.Contains(name(byID[DemoEmojiAccountID]), "\u200d"),
		"a very long name":             utf8.RuneCountInString(name(byID[DemoLongNameAccountID])) > 500,
		"usernames":                    byID[DemoAdminAccountID].Name != nil && *byID[DemoAdminAccountID].Name == "ada",
		"verified":                     verified(byID[DemoAdminAccountID]) == true,
		"unverified ({})":              anyAccount(func(a *Account) bool { return a.EmailAddress != nil && verified(a) == false }),
		"verified unknown (null)":      anyAccount(func(a *Account) bool { return a.EmailAddress != nil && verified(a) == nil }),
		"profiles with colours":        byID[DemoAdminAccountID].Profile != nil && byID[DemoAdminAccountID].Profile.Color != "",
		"profile images":               anyAccount(func(a *Account) bool { return a.Profile != nil && a.Profile.Image != "" }),
		"no profile":                   anyAccount(func(a *Account) bool { return a.Profile == nil }),
		"never active":                 anyAccount(func(a *Account) bool { return a.LastActive == nil }),
		"activity within two years":    !anyAccount(func(a *Account) bool { return a.LastActive != nil && *a.LastActive < twoYearsAgo }),
		"several Alices":               countAccounts(d, anyName("Alice")) >= 6,
		"right-to-left scripts":        anyAccount(anyName("محمد")) && anyAccount(anyName("כהן")),
		"a project with collaborators": len(d.Projects[DemoProjectID].Users) >= 3,
		"clear screen":                 anyAccount(anyName("\x1b[2J")),
		"window title (OSC 0)":         anyAccount(anyName("\x1b]0;")),
		"clipboard write (OSC 52)":     anyAccount(anyName("\x1b]52;")),
		"hyperlink (OSC 8)":            anyAccount(anyName("\x1b]8;;")),
		"C1 CSI":                       anyAccount(anyName("\u009b")),
		"carriage return":              anyAccount(anyName("\r")),
		"backspace":                    anyAccount(anyName("\b")),
		"bidi override":                anyAccount(anyName("\u202e")),
		"DEL":                          anyAccount(anyName("\x7f")),
		"hostile account":              strings.Contains(name(byID[DemoHostileAccountID]), "\x1b"),
		"Ada's key is named":           stringOrEmpty(d.Keys[DemoAdminKey].Name) == "grading script",
		"Ada's key expires within a week": d.Keys[DemoAdminKey].Expire != nil &&
			*d.Keys[DemoAdminKey].Expire > now.UnixMilli() && *d.Keys[DemoAdminKey].Expire <= now.Add(7*24*time.Hour).UnixMilli(),
		"Ada has other keys, one expired": countKeys(d, func(k Key) bool { return k.AccountID == DemoAdminAccountID && !k.IsProjectKey() }) >= 3 &&
			countKeys(d, func(k Key) bool {
				return k.AccountID == DemoAdminAccountID && k.Expire != nil && *k.Expire < now.UnixMilli()
			}) >= 1,
		"a project's key, with its creator": d.Keys[DemoProjectKey].IsProjectKey() && d.Keys[DemoProjectKey].AccountID == DemoAdminAccountID,
		"every key but the legacy one is named": countKeys(d, func(k Key) bool { return k.Name == nil }) == 1 &&
			d.Keys[DemoLegacyKey].Name == nil,
	}
	for what, ok := range checks {
		if !ok {
			t.Errorf("the demo data lacks: %s", what)
		}
	}
}

func countAccounts(d *Data, cond func(*Account) bool) int {
	n := 0
	for i := range d.Accounts {
		if cond(&d.Accounts[i]) {
			n++
		}
	}
	return n
}

func TestDemoServerKeys(t *testing.T) {
	s := NewDemoServer()
	defer s.Close()
	probe := []any{map[string]any{"query": "", "admin": true}}
	if got := callHub(t, s, DemoAdminKey, "system.userSearch", probe); got != "[]" {
		t.Errorf("admin probe with the admin key: %s", got)
	}
	wantError(t, callHub(t, s, DemoUserKey, "system.userSearch", probe), "Error: Must be an admin to do admin search.")
	for _, key := range []string{DemoProjectKey, DemoBannedKey, DemoExpiredKey} {
		wantError(t, callHub(t, s, key, "system.test", []any{}),
			"must be signed in and MUST provide an api key (cookies are not allowed)")
	}
	if got := callHub(t, s, DemoLegacyKey, "system.test", []any{}); !strings.Contains(got, aliceSmithID) {
		t.Errorf("legacy key: %s", got)
	}
	r := post(t, s, "/api/conat/project", DemoProjectKey, `{"name":"system.test"}`)
	if !strings.Contains(r.body, `"project_id":"`+DemoProjectID+`"`) {
		t.Errorf("project key: %s", r.body)
	}
	if n := len(searchIDs(t, s, DemoUserKey, map[string]any{"query": "alice"})); n < 6 {
		t.Errorf("\"alice\" finds %d accounts, want many", n)
	}
	if ids := searchIDs(t, s, DemoUserKey, map[string]any{"query": DemoUnlistedEmail}); len(ids) != 1 {
		t.Errorf("the unlisted account's address finds %v", ids)
	}
	if ids := searchIDs(t, s, DemoAdminKey, map[string]any{"query": DemoProjectID, "admin": true}); len(ids) < 3 {
		t.Errorf("the project's collaborators: %v", ids)
	}
}

func TestDemoServerUsesItsClock(t *testing.T) {
	s := NewDemoServer(WithClock(func() time.Time { return testNow }))
	defer s.Close()
	want, _ := json.Marshal(DemoData(testNow))
	body := callHub(t, s, DemoAdminKey, "system.userSearch", []any{map[string]any{"query": DemoAdminAccountID}})
	if !strings.Contains(body, `"last_active":`+ms(testNow.Add(-3*time.Minute).UnixMilli())) || len(want) == 0 {
		t.Errorf("Ada's activity is not relative to the server's clock: %s", body)
	}
}

func countKeys(d *Data, cond func(Key) bool) int {
	n := 0
	for _, k := range d.Keys {
		if cond(k) {
			n++
		}
	}
	return n
}
