package hubtest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode"
)

// Data is what the fake hub serves: the rows of CoCalc's accounts table that
// the API reads, the API keys, and which accounts collaborate on which project.
// Its JSON form uses the server's own column names; an absent field is an unset
// (NULL) column, which the server sends as null where it sends the column.
//
//	{"accounts": [{"account_id": "…", "first_name": "Ada", "email_address": "ada@example.com",
//	               "email_address_verified": {"ada@example.com": 1700000000000},
//	               "last_active": 1700000000000, "created": 1600000000000, "groups": ["admin"],
//	               "profile": {"color": "rgb(120,40,200)"}}],
//	 "keys": {"sk-…": {"account_id": "…", "name": "laptop", "created": 1690000000000,
//	                   "expire": 1800000000000, "last_active": 1700000000000},
//	          "sk-…": {"project_id": "…", "account_id": "<its creator>"}},
//	 "projects": {"<project_id>": {"title": "Thesis", "users": {"<account_id>": {"group": "owner"}},
//	                               "last_active": {"<account_id>": 1700000000000}, "last_edited": 1700000000000},
//	              "<project_id>": ["<account_id>", …]}}
//
// A project given as a list of account ids is a shorthand: its first
// account is the owner, the others collaborators, and it has no title.
//
// A server never modifies its Data; do not modify it after handing it to NewServer.
type Data struct {
	Accounts []Account          `json:"accounts"`
	Keys     map[string]Key     `json:"keys"`
	Projects map[string]Project `json:"projects"`
}

// Project is one row of the projects table: its title, its users and when
// each last used it, when it was last edited. Times are ms since the epoch
// here, as the account's are; the server sends them as ISO strings.
type Project struct {
	Title string `json:"title,omitzero"`
	// Users maps each collaborator's account id to its role.
	Users map[string]ProjectUser `json:"users"`
	// LastActive maps account ids to when each last used the project.
	LastActive map[string]int64 `json:"last_active,omitzero"`
	LastEdited *int64           `json:"last_edited,omitzero"`
}

// ProjectUser is a collaborator's entry in a project's users column.
type ProjectUser struct {
	// Group is "owner" or "collaborator".
	Group string `json:"group"`
}

// UnmarshalJSON reads a project, or the shorthand of a list of account ids
// (the first the owner, the others collaborators).
func (p *Project) UnmarshalJSON(data []byte) error {
	if trimmed := bytes.TrimSpace(data); len(trimmed) > 0 && trimmed[0] == '[' {
		var ids []string
		if err := json.Unmarshal(trimmed, &ids); err != nil {
			return err
		}
		*p = Project{Users: map[string]ProjectUser{}}
		for i, id := range ids {
			p.Users[id] = ProjectUser{Group: groupOf(i)}
		}
		return nil
	}
	type fields Project // without this method
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var decoded fields
	if err := dec.Decode(&decoded); err != nil {
		return err
	}
	*p = Project(decoded)
	return nil
}

// groupOf is the role of the i-th account of a project's shorthand list.
func groupOf(i int) string {
	if i == 0 {
		return "owner"
	}
	return "collaborator"
}

// isUser reports whether the account is one of the project's users.
func (p Project) isUser(accountID string) bool {
	_, ok := p.Users[accountID]
	return ok
}

// Account is one row of the accounts table. Pointer fields are nil when the
// column is NULL.
type Account struct {
	AccountID string  `json:"account_id"`
	FirstName *string `json:"first_name,omitzero"`
	LastName  *string `json:"last_name,omitzero"`
	// Name is the vanity username, searched as "@name".
	Name         *string `json:"name,omitzero"`
	EmailAddress *string `json:"email_address,omitzero"`
	// EmailAddressVerified maps each email address ever verified to when
	// (the server stores a time; any JSON value other than null counts).
	// nil is NULL; an empty non-nil map is {}.
	EmailAddressVerified map[string]json.RawMessage `json:"email_address_verified,omitzero"`
	LastActive           *int64                     `json:"last_active,omitzero"` // ms since the epoch
	Created              *int64                     `json:"created,omitzero"`     // ms since the epoch
	// Banned is nil for accounts never banned (search sends null, not false).
	Banned   *bool    `json:"banned,omitzero"`
	Unlisted bool     `json:"unlisted,omitzero"`
	Deleted  bool     `json:"deleted,omitzero"`
	Groups   []string `json:"groups,omitzero"` // "admin" makes an admin
	Profile  *Profile `json:"profile,omitzero"`
}

// Profile is an account's avatar, a JSONB column on the server.
type Profile struct {
	Image string `json:"image,omitempty"`
	Color string `json:"color,omitempty"`
}

// Key is what an API key gives access to, an account or one project, and
// what the server's api_keys table keeps of it (system.manageApiKeys lists
// these). Times are ms since the epoch; nil is NULL.
type Key struct {
	// AccountID is the account of an account's key, or the creator of a
	// project's key (optional here; the server refuses a project's key
	// whose creator is banned or no longer a collaborator).
	AccountID string `json:"account_id,omitzero"`
	// ProjectID makes the key a project's key.
	ProjectID string `json:"project_id,omitzero"`
	// Name is the name its owner gave the key.
	Name *string `json:"name,omitzero"`
	// Created is when the key was made.
	Created *int64 `json:"created,omitzero"`
	// Expire, when set, is when the key stops working.
	Expire *int64 `json:"expire,omitzero"`
	// LastActive is when the key was last used before the server started;
	// every call made with it moves it on (see keyTable.recordUse).
	LastActive *int64 `json:"last_active,omitzero"`
}

// IsProjectKey reports whether the key is a project's (with or without
// the account that created it) rather than an account's.
func (k Key) IsProjectKey() bool { return k.ProjectID != "" }

// IsLegacy reports whether secret is a key of the old format ("sk_" and
// random characters), kept in the accounts table rather than api_keys: it
// works, but system.manageApiKeys never lists it.
func IsLegacy(secret string) bool { return strings.HasPrefix(secret, "sk_") }

// IsAdmin reports whether the account is in the admin group.
func (a *Account) IsAdmin() bool {
	for _, g := range a.Groups {
		if g == "admin" {
			return true
		}
	}
	return false
}

// LoadData reads a JSON document of the shape documented on Data and checks
// it (see Data.Validate). Unknown fields are errors, so that a misspelt column
// is not silently ignored. UUIDs are lower-cased, as PostgreSQL stores them.
func LoadData(r io.Reader) (*Data, error) {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	var d Data
	if err := dec.Decode(&d); err != nil {
		return nil, fmt.Errorf("hub data: %w", err)
	}
	if dec.More() {
		return nil, errors.New("hub data: unexpected data after the JSON document")
	}
	d.normalize()
	if err := d.Validate(); err != nil {
		return nil, err
	}
	return &d, nil
}

// ReadDataFile loads the JSON document at path (see LoadData).
func ReadDataFile(path string) (*Data, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	d, err := LoadData(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return d, nil
}

// normalize lower-cases ids the way a uuid column would store them.
func (d *Data) normalize() {
	for i := range d.Accounts {
		d.Accounts[i].AccountID = strings.ToLower(d.Accounts[i].AccountID)
	}
	for secret, key := range d.Keys {
		key.AccountID = strings.ToLower(key.AccountID)
		key.ProjectID = strings.ToLower(key.ProjectID)
		d.Keys[secret] = key
	}
	projects := make(map[string]Project, len(d.Projects))
	for id, p := range d.Projects {
		users := make(map[string]ProjectUser, len(p.Users))
		for u, role := range p.Users {
			users[strings.ToLower(u)] = role
		}
		lastActive := make(map[string]int64, len(p.LastActive))
		for u, ms := range p.LastActive {
			lastActive[strings.ToLower(u)] = ms
		}
		p.Users, p.LastActive = users, lastActive
		projects[strings.ToLower(id)] = p
	}
	d.Projects = projects
}

// Validate checks what the database would enforce: ids are UUIDs and unique,
// email addresses are unique, keys and collaborators point to rows that exist.
// The error names the first problem found.
func (d *Data) Validate() error {
	ids := map[string]int{}
	emails := map[string]int{}
	for i, a := range d.Accounts {
		where := fmt.Sprintf("accounts[%d]", i)
		if !isCanonicalUUID(a.AccountID) {
			return fmt.Errorf("hub data: %s: account_id %q is not a lower-case UUID such as 3f2a1c9e-0b4d-4c8e-9a7f-1d2e3f4a5b6c", where, a.AccountID)
		}
		if j, dup := ids[a.AccountID]; dup {
			return fmt.Errorf("hub data: %s: account_id %s is also the id of accounts[%d]", where, a.AccountID, j)
		}
		ids[a.AccountID] = i
		if a.EmailAddress != nil {
			email := strings.ToLower(*a.EmailAddress)
			if j, dup := emails[email]; dup {
				return fmt.Errorf("hub data: %s: email_address %q is also the address of accounts[%d]", where, *a.EmailAddress, j)
			}
			emails[email] = i
		}
	}
	for id, p := range d.Projects {
		if err := validateProject(id, p, ids); err != nil {
			return err
		}
	}
	for secret, key := range d.Keys {
		if err := d.validateKey(secret, key, ids); err != nil {
			return err
		}
	}
	return nil
}

// validateProject checks a project's id, its users and their roles, and
// that whoever used it is one of them.
func validateProject(id string, p Project, accountIDs map[string]int) error {
	if !isCanonicalUUID(id) {
		return fmt.Errorf("hub data: projects: project id %q is not a lower-case UUID", id)
	}
	if _, clash := accountIDs[id]; clash {
		return fmt.Errorf("hub data: projects: %s is both a project id and an account id", id)
	}
	for u, role := range p.Users {
		if _, ok := accountIDs[u]; !ok {
			return fmt.Errorf("hub data: projects[%s]: collaborator %q is not the account_id of any account", id, u)
		}
		if role.Group != "owner" && role.Group != "collaborator" {
			return fmt.Errorf("hub data: projects[%s]: the group of %s is %q, not owner or collaborator", id, u, role.Group)
		}
	}
	for u := range p.LastActive {
		if !p.isUser(u) {
			return fmt.Errorf("hub data: projects[%s]: last_active names %q, who is not one of its users", id, u)
		}
	}
	return nil
}

func (d *Data) validateKey(secret string, key Key, accountIDs map[string]int) error {
	shown := redactSecret(secret)
	switch {
	case secret == "":
		return errors.New("hub data: keys: an API key is the empty string")
	case strings.IndexFunc(secret, unicode.IsSpace) >= 0:
		return fmt.Errorf("hub data: keys[%s]: an API key containing white space could never be sent", shown)
	case key.AccountID == "" && key.ProjectID == "":
		return fmt.Errorf("hub data: keys[%s]: give account_id (an account's key) or project_id (a project's key)", shown)
	case key.AccountID != "":
		if _, ok := accountIDs[key.AccountID]; !ok {
			return fmt.Errorf("hub data: keys[%s]: account_id %q is not the account_id of any account", shown, key.AccountID)
		}
	}
	if !key.IsProjectKey() {
		return nil
	}
	project, ok := d.Projects[key.ProjectID]
	switch {
	case !ok:
		return fmt.Errorf("hub data: keys[%s]: project_id %q is not a project listed under \"projects\"", shown, key.ProjectID)
	case key.AccountID != "" && !project.isUser(key.AccountID):
		return fmt.Errorf("hub data: keys[%s]: account_id %s, the creator of this project's key, is not a "+
			"collaborator of project %s (the server refuses such a key)", shown, key.AccountID, key.ProjectID)
	}
	return nil
}

// redactSecret shortens a key the way CoCalc shows keys ("sk-...abc123"), so
// that an error message does not print a whole secret.
func redactSecret(secret string) string {
	if len(secret) <= 9 {
		return secret
	}
	return secret[:3] + "..." + secret[len(secret)-6:]
}
