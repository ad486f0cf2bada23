package hubtest

import (
	"strings"
	"time"
)

// database indexes a Data for the lookups the API makes. It is read-only.
type database struct {
	accounts []*Account // in the order of the data
	byID     map[string]*Account
	// byEmail holds the lower-cased addresses of every account, deleted ones
	// too: a query of one address finds the account that has it whatever its
	// state (the server's lookup of one address has no condition on deleted).
	// A query of several addresses leaves deleted accounts out
	// (accountsWithEmails).
	byEmail  map[string]*Account
	projects map[string][]string
	keys     map[string]Key
}

func newDatabase(d *Data) *database {
	db := &database{
		byID:     map[string]*Account{},
		byEmail:  map[string]*Account{},
		projects: d.Projects,
		keys:     d.Keys,
	}
	for i := range d.Accounts {
		a := &d.Accounts[i]
		db.accounts = append(db.accounts, a)
		db.byID[a.AccountID] = a
		if a.EmailAddress != nil {
			db.byEmail[strings.ToLower(*a.EmailAddress)] = a
		}
	}
	return db
}

func (db *database) account(id string) *Account { return db.byID[id] }

// validKey returns what secret gives access to, or nil if it is unknown,
// expired, or belongs to a banned or deleted account.
func (db *database) validKey(secret string, now time.Time) *Key {
	key, ok := db.keys[secret]
	if !ok || (key.Expire != nil && *key.Expire <= now.UnixMilli()) {
		return nil
	}
	if key.AccountID != "" {
		a := db.account(key.AccountID)
		if a == nil || a.isBanned() || a.Deleted {
			return nil
		}
	}
	return &key
}

// isCollaborator reports whether the account is a user of the project (given
// as the client sent it; anything but a UUID names no project).
func (db *database) isCollaborator(accountID string, projectID any) bool {
	text, ok := projectID.(string)
	if !ok {
		return false
	}
	id, ok := parsePostgresUUID(text)
	if !ok {
		return false
	}
	for _, user := range db.projects[id] {
		if user == accountID {
			return true
		}
	}
	return false
}

// collaborators returns the accounts of a project's users.
func (db *database) collaborators(projectID string) []*Account {
	var users []*Account
	for _, id := range db.projects[projectID] {
		if a := db.account(id); a != nil {
			users = append(users, a)
		}
	}
	return users
}

func (a *Account) isBanned() bool { return a.Banned != nil && *a.Banned }

// postgresParam is the text node-postgres sends for a query parameter that
// the client supplied: strings as they are, objects as JSON, other values as
// String(v). ok is false for null and undefined, which are sent as NULL.
func postgresParam(v any) (text string, ok bool) {
	switch x := v.(type) {
	case nil, undefinedValue:
		return "", false
	case string:
		return x, true
	case map[string]any, []any:
		return string(marshalJS(x)), true
	}
	return toString(v), true
}

// uuidParam parses a parameter bound to a uuid column: NULL matches nothing
// (ok false, err nil); text that is not a UUID is PostgreSQL's error.
func uuidParam(v any) (id string, ok bool, err error) {
	text, ok := postgresParam(v)
	if !ok {
		return "", false, nil
	}
	id, ok = parsePostgresUUID(text)
	if !ok {
		return "", false, invalidUUIDError(text)
	}
	return id, true, nil
}

func invalidUUIDError(text string) error {
	return newPostgresError(`invalid input syntax for type uuid: "` + text + `"`)
}
