package hub

import (
	"bytes"
	"encoding/json"
	"testing"
)

// TestMemberNamesMatchExactly: a member whose name is a field's only by
// case or Unicode folding is an unknown member, in every decoder of
// accounts, names and errors, as it is for the server and jq; of two
// members of one name, the last wins, as in jq.
func TestMemberNamesMatchExactly(t *testing.T) {
	for _, test := range []struct{ row, email string }{
		{`{"email_address":"shown@x.org","EMAIL_ADDRESS":"b@x.org"}`, "shown@x.org"},
		{`{"EMAIL_ADDRESS":"b@x.org","email_address":"shown@x.org"}`, "shown@x.org"},
		{`{"email_address":"shown@x.org","Email_Address":"b@x.org"}`, "shown@x.org"},
		{`{"email_address":"shown@x.org","email_addreſs":"b@x.org"}`, "shown@x.org"}, // ſ folds to s
		{`{"email_address":"shown@x.org","\u0045MAIL_ADDRESS":"b@x.org"}`, "shown@x.org"},
		{`{"email_address":"shown@x.org","x":{"EMAIL_ADDRESS":"b@x.org"},"s":"\"EMAIL_ADDRESS\":"}`, "shown@x.org"},
		{`{"EMAIL_ADDRESS":"b@x.org"}`, ""},
		{`{"email\u005faddress":"shown@x.org"}`, "shown@x.org"}, // an escape is the same name
		{`{"email_address":"b@x.org","email_address":"shown@x.org"}`, "shown@x.org"},
	} {
		for _, body := range []string{"[" + test.row + "]", "[" + test.row + ",null]"} { // fast, then Account's own
			var accounts []Account
			if err := decodeResult("system.userSearch", []byte(body), &accounts); err != nil || len(accounts) == 0 {
				t.Fatalf("%s: %v", body, err)
			}
			got := ""
			if accounts[0].EmailAddress != nil {
				got = *accounts[0].EmailAddress
			}
			if got != test.email || !bytes.Equal(accounts[0].Raw, []byte(test.row)) {
				t.Errorf("%s: email %q, raw %s; want %q and the row as sent", body, got, accounts[0].Raw, test.email)
			}
		}
	}
	var names map[string]DisplayName
	body := `{"a":{"first_name":"Shown","FIRST_NAME":"B","profile":{"color":"red","COLOR":"blue"}}}`
	if err := json.Unmarshal([]byte(body), &names); err != nil || names["a"].FirstName != "Shown" ||
		names["a"].Profile == nil || names["a"].Profile.Color != "red" {
		t.Errorf("names %+v (%v)", names, err)
	}
	if got := sentEmail(Account{Raw: json.RawMessage(`{"email_address":"a@x.org","EMAIL_ADDRESS":"b@x.org"}`)}); got != "a@x.org" {
		t.Errorf("a roster's row goes to %q", got)
	}
	if text, ok := errorField([]byte(`{"ERROR":"not an error"}`)); ok {
		t.Errorf("ERROR was taken for the error: %q", text)
	}
}
