package hub_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"cocalc-tui/hub"
	"cocalc-tui/hub/clean"
	"cocalc-tui/hub/clean/cleantest"
)

const anID = "3f2a1c9e-0b4d-4c8e-9a7f-1d2e3f4a5b6c"

func TestAccountEmailAddressVerified(t *testing.T) {
	t.Parallel()
	yes, no := true, false
	tests := []struct {
		json string
		want *bool
	}{
		{`{"account_id":"` + anID + `","email_address_verified":true}`, &yes},
		{`{"account_id":"` + anID + `","email_address_verified":false}`, &no},
		{`{"account_id":"` + anID + `","email_address_verified":null}`, nil},
		{`{"account_id":"` + anID + `"}`, nil},
		// An account without an address whose verified addresses were kept.
		{`{"account_id":"` + anID + `","email_address_verified":{"old@example.com":1700000000000}}`, nil},
		{`{"account_id":"` + anID + `","email_address_verified":{}}`, nil},
	}
	for _, tt := range tests {
		var a hub.Account
		if err := json.Unmarshal([]byte(tt.json), &a); err != nil {
			t.Errorf("Unmarshal(%s): %v", tt.json, err)
			continue
		}
		if ptr(a.EmailAddressVerified) != ptr(tt.want) || a.AccountID != anID || string(a.Raw) != tt.json {
			t.Errorf("Unmarshal(%s) = verified %s, id %q, Raw %s; want verified %s", tt.json,
				ptr(a.EmailAddressVerified), a.AccountID, a.Raw, ptr(tt.want))
		}
	}
}

func TestAccountDecodingErrorsNameTheField(t *testing.T) {
	t.Parallel()
	tests := []struct{ body, field, value string }{
		{`[{"account_id":"a","email_address_verified":"yes"}]`, "email_address_verified", "string"},
		{`[{"account_id":"a","email_address_verified":[true]}]`, "email_address_verified", "array"},
		{`[{"account_id":"a","banned":"yes"}]`, "banned", "string"},
		{`[{"account_id":7}]`, "account_id", "number"},
	}
	for _, tt := range tests {
		var accounts []hub.Account
		err := json.Unmarshal([]byte(tt.body), &accounts)
		var typeErr *json.UnmarshalTypeError
		if !errors.As(err, &typeErr) || typeErr.Field != tt.field || typeErr.Value != tt.value {
			t.Errorf("Unmarshal(%s) = %v, want a type error of field %q, a JSON %s", tt.body, err, tt.field, tt.value)
		}
	}
}

func TestAccountDecodingStartsAfresh(t *testing.T) {
	t.Parallel()
	a := hub.Account{FirstName: "Old", Username: new(string)}
	if err := json.Unmarshal([]byte(`{"account_id":"b","email_address_verified":true}`), &a); err != nil {
		t.Fatal(err)
	}
	if a.FirstName != "" || a.Username != nil {
		t.Errorf("decoding into a used Account kept old fields: %s", accountString(a))
	}
}

// TestAccountCleanedView decodes hostile accounts: ids that are not UUIDs
// are marked, texts are clean and bounded, and Raw keeps the server's bytes.
func TestAccountCleanedView(t *testing.T) {
	t.Parallel()
	body := `[{"account_id":"3f2a1c9e\u001b]0;pwned\u0007\u001b]52;c;?\u0007","first_name":"=HYPERLINK(\"x\")",` +
		`"last_name":"` + strings.Repeat(`\u001b[2J`, 100000) + `","name":"\ud800root","email_address":"a@b\u202e.c"},` +
		`{"account_id":"` + strings.ToUpper(anID) + `","first_name":"Ada","last_name":null}]`
	var accounts []hub.Account
	if err := json.Unmarshal([]byte(body), &accounts); err != nil {
		t.Fatal(err)
	}
	bad, good := accounts[0], accounts[1]
	if bad.AccountID != "" || bad.InvalidID != "3f2a1c9e␛]0;pwned␇␛]52;c;?␇" {
		t.Errorf("an id that is no UUID: AccountID %q, InvalidID %q; want it marked", bad.AccountID, bad.InvalidID)
	}
	if good.AccountID != strings.ToUpper(anID) || good.InvalidID != "" {
		t.Errorf("a UUID in capitals: AccountID %q, InvalidID %q", good.AccountID, good.InvalidID)
	}
	if bad.FirstName != `=HYPERLINK("x")` {
		t.Errorf("first name %q: cleaning is for terminals; formulas are for CSV to neutralise", bad.FirstName)
	}
	if n := utf8.RuneCountInString(bad.LastName); n > clean.NameLimit || !strings.HasSuffix(bad.LastName, clean.Ellipsis) {
		t.Errorf("a last name of 400 KB is %d characters: %q", n, bad.LastName)
	}
	if *bad.Username != "\uFFFDroot" || *bad.EmailAddress != "a@b.c" {
		t.Errorf("username %q, email %q", *bad.Username, *bad.EmailAddress)
	}
	if !strings.HasPrefix(string(bad.Raw), `{"account_id":"3f2a1c9e\u001b]0;pwned`) {
		t.Errorf("Raw is not the server's bytes: %.80s", bad.Raw)
	}
}

// FuzzAccountCleanedView decodes any answer as a list of accounts and checks
// the cleaned view of what decodes: every id a UUID or empty (and then the
// server's value marked), every text safe for a terminal and within its
// limit.
func FuzzAccountCleanedView(f *testing.F) {
	for _, seed := range []string{
		`[{"account_id":"3f2a1c9e\u001b]0;x\u0007","first_name":"\u009b2J","last_name":"\ud800"}]`,
		"[{\"account_id\":\"" + anID + "\",\"name\":\"\xff\u202e\",\"email_address\":\"=1+1\"}]",
		`[{"first_name":"🏴\udb40\udc41\udb40\udc7f","last_name":"sk-\u200bLVFqtICOfKU6kULz0000Tj"}]`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var accounts []hub.Account
		if json.Unmarshal(body, &accounts) != nil {
			return
		}
		for _, a := range accounts {
			if a.AccountID != "" && !hub.IsUUID(a.AccountID) {
				t.Fatalf("AccountID %q is not a UUID", a.AccountID)
			}
			texts := map[string]int{"InvalidID": len(a.InvalidID), "FirstName": clean.NameLimit, "LastName": clean.NameLimit}
			values := map[string]string{"InvalidID": a.InvalidID, "FirstName": a.FirstName, "LastName": a.LastName}
			texts["InvalidID"] = clean.IDLimit
			if a.Username != nil {
				texts["Username"], values["Username"] = clean.NameLimit, *a.Username
			}
			if a.EmailAddress != nil {
				texts["EmailAddress"], values["EmailAddress"] = clean.EmailLimit, *a.EmailAddress
			}
			for field, limit := range texts {
				value := values[field]
				if r, found := cleantest.FirstHazard(value, false); found {
					t.Fatalf("%s %q holds %U", field, value, r)
				}
				if n := utf8.RuneCountInString(value); n > limit {
					t.Fatalf("%s is %d characters, over %d", field, n, limit)
				}
				if clean.Line(value) != value {
					t.Fatalf("%s %q is not clean", field, value)
				}
			}
		}
	})
}
