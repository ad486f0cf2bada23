package hubtest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadDataRefusesWhatTheDatabaseWouldRefuse(t *testing.T) {
	const a1 = "00000000-0000-4000-8000-000000000001"
	const a2 = "00000000-0000-4000-8000-000000000002"
	const p1 = "00000000-0000-4000-8000-0000000000f1"
	tests := []struct {
		name, doc, wantErr string
	}{
		{"not JSON", `{"accounts": [`, "hub data: unexpected EOF"},
		{"a misspelt column", `{"accounts": [{"account_id": "` + a1 + `", "frist_name": "Ada"}]}`,
			`unknown field "frist_name"`},
		{"a wrong type", `{"accounts": [{"account_id": "` + a1 + `", "last_active": "yesterday"}]}`,
			"cannot unmarshal string"},
		{"data after the document", `{} {}`, "unexpected data after the JSON document"},
		{"an account_id that is no UUID", `{"accounts": [{"account_id": "ada"}]}`,
			`accounts[0]: account_id "ada" is not a lower-case UUID`},
		{"a missing account_id", `{"accounts": [{"first_name": "Ada"}]}`, `accounts[0]: account_id "" is not`},
		{"a duplicate account_id", `{"accounts": [{"account_id": "` + a1 + `"}, {"account_id": "` +
			strings.ToUpper(a1) + `"}]}`, "accounts[1]: account_id " + a1 + " is also the id of accounts[0]"},
		{"a duplicate email address", `{"accounts": [{"account_id": "` + a1 + `", "email_address": "a@x.org"},
			{"account_id": "` + a2 + `", "email_address": "A@X.org"}]}`,
			`accounts[1]: email_address "A@X.org" is also the address of accounts[0]`},
		{"a project id that is no UUID", `{"projects": {"p1": []}}`, `project id "p1" is not a lower-case UUID`},
		{"an unknown collaborator", `{"accounts": [{"account_id": "` + a1 + `"}], "projects": {"` + p1 + `": ["` + a2 + `"]}}`,
			`projects[` + p1 + `]: collaborator "` + a2 + `" is not the account_id of any account`},
		{"a project field of no column", `{"accounts": [{"account_id": "` + a1 + `"}], "projects": {"` + p1 + `": {"titel": "x"}}}`,
			`unknown field "titel"`},
		{"a role that is neither", `{"accounts": [{"account_id": "` + a1 + `"}], "projects": {"` + p1 + `": {"users": {"` + a1 + `": {"group": "boss"}}}}}`,
			`projects[` + p1 + `]: the group of ` + a1 + ` is "boss", not owner or collaborator`},
		{"a last use by no user", `{"accounts": [{"account_id": "` + a1 + `"}], "projects": {"` + p1 + `": {"users": {}, "last_active": {"` + a1 + `": 1}}}}`,
			`projects[` + p1 + `]: last_active names "` + a1 + `", who is not one of its users`},
		{"a key of an unknown account", `{"keys": {"sk-abcdefghijklmnop000001": {"account_id": "` + a1 + `"}}}`,
			`keys[sk-...000001]: account_id "` + a1 + `" is not the account_id of any account`},
		{"a key of an unknown project", `{"keys": {"sk-abcdefghijklmnop000001": {"project_id": "` + p1 + `"}}}`,
			`keys[sk-...000001]: project_id "` + p1 + `" is not a project listed under "projects"`},
		{"a project's key made by no collaborator", `{"accounts": [{"account_id": "` + a1 + `"}], "projects": {"` + p1 + `": []},
			"keys": {"k": {"account_id": "` + a1 + `", "project_id": "` + p1 + `"}}}`,
			"keys[k]: account_id " + a1 + ", the creator of this project's key, is not a collaborator of project " + p1},
		{"a key of nothing", `{"keys": {"k": {}}}`, "keys[k]: give account_id (an account's key) or project_id (a project's key)"},
		{"a key's time that is no number", `{"accounts": [{"account_id": "` + a1 + `"}],
			"keys": {"k": {"account_id": "` + a1 + `", "created": "2026-11-30T08:41:07.774Z"}}}`, "cannot unmarshal string"},
		{"a misspelt key column", `{"accounts": [{"account_id": "` + a1 + `"}],
			"keys": {"k": {"account_id": "` + a1 + `", "expires": 1}}}`, `unknown field "expires"`},
		{"an empty key", `{"keys": {"": {}}}`, "an API key is the empty string"},
		{"a key with a space", `{"keys": {"sk one": {}}}`, "containing white space"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := LoadData(strings.NewReader(tc.doc))
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("error %v, want one containing %q", err, tc.wantErr)
			}
		})
	}
}

func TestLoadDataNormalizesIDs(t *testing.T) {
	doc := `{"accounts": [{"account_id": "00000000-0000-4000-8000-00000000000A"}],
		"keys": {"k": {"account_id": "00000000-0000-4000-8000-00000000000a"}}}`
	d, err := LoadData(strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	if id := d.Accounts[0].AccountID; id != "00000000-0000-4000-8000-00000000000a" {
		t.Errorf("account_id %s", id)
	}
}

func TestReadDataFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "hub.json")
	if err := os.WriteFile(path, []byte(testDataJSON), 0o600); err != nil {
		t.Fatal(err)
	}
	d, err := ReadDataFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Accounts) != 14 {
		t.Errorf("%d accounts", len(d.Accounts))
	}
	if err := os.WriteFile(path, []byte(`{"accounts": [{"account_id": "x"}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadDataFile(path); err == nil || !strings.HasPrefix(err.Error(), path+": hub data: accounts[0]") {
		t.Errorf("error %v should name the file and the account", err)
	}
	if _, err := ReadDataFile(filepath.Join(t.TempDir(), "missing.json")); err == nil {
		t.Error("no error for a missing file")
	}
}
