package hub_test

import (
	"encoding/json"
	"errors"
	"testing"

	"cocalc-tui/hub"
)

func TestAccountEmailAddressVerified(t *testing.T) {
	t.Parallel()
	yes, no := true, false
	tests := []struct {
		json string
		want *bool
	}{
		{`{"account_id":"a","email_address_verified":true}`, &yes},
		{`{"account_id":"a","email_address_verified":false}`, &no},
		{`{"account_id":"a","email_address_verified":null}`, nil},
		{`{"account_id":"a"}`, nil},
		// An account without an address whose verified addresses were kept.
		{`{"account_id":"a","email_address_verified":{"old@example.com":1700000000000}}`, nil},
		{`{"account_id":"a","email_address_verified":{}}`, nil},
	}
	for _, tt := range tests {
		var a hub.Account
		if err := json.Unmarshal([]byte(tt.json), &a); err != nil {
			t.Errorf("Unmarshal(%s): %v", tt.json, err)
			continue
		}
		if ptr(a.EmailAddressVerified) != ptr(tt.want) || a.AccountID != "a" || string(a.Raw) != tt.json {
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
