package hubtest

import (
	"strings"
	"sync"
	"time"
)

// database indexes a Data for the lookups the API makes. The one thing that
// changes is which accounts are banned (the ban routes), kept beside the
// data, which is never modified.
type database struct {
	accounts []*Account // in the order of the data
	byID     map[string]*Account
	// byEmail holds the lower-cased addresses of every account, deleted ones
	// too: a query of one address finds the account that has it whatever its
	// state (the server's lookup of one address has no condition on deleted).
	// A query of several addresses leaves deleted accounts out
	// (accountsWithEmails).
	byEmail  map[string]*Account
	projects map[string]Project
	keys     map[string]Key

	bansMu sync.Mutex
	// bans holds the banned column of the accounts whose ban was set or
	// lifted since the server started, by account id.
	bans map[string]bool
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
// expired, or belongs to (or, a project's key, was created by) a banned or
// deleted account.
func (db *database) validKey(secret string, now time.Time) *Key {
	key, ok := db.keys[secret]
	if !ok || (key.Expire != nil && *key.Expire <= now.UnixMilli()) {
		return nil
	}
	if key.AccountID != "" {
		a := db.account(key.AccountID)
		if a == nil || db.isBanned(a) || a.Deleted {
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
	return db.projects[id].isUser(accountID)
}

// collaborators returns the accounts of a project's users, in the order of
// the data.
func (db *database) collaborators(projectID string) []*Account {
	project := db.projects[projectID]
	var users []*Account
	for _, a := range db.accounts {
		if project.isUser(a.AccountID) {
			users = append(users, a)
		}
	}
	return users
}

func (a *Account) isBanned() bool { return a.Banned != nil && *a.Banned }

// banned is the account's banned column: as the data has it, or as the
// ban routes last set it.
func (db *database) banned(a *Account) *bool {
	db.bansMu.Lock()
	defer db.bansMu.Unlock()
	if banned, set := db.bans[a.AccountID]; set {
		return &banned
	}
	return a.Banned
}

func (db *database) isBanned(a *Account) bool {
	banned := db.banned(a)
	return banned != nil && *banned
}

// setBanned sets the banned column of an account, if there is one.
func (db *database) setBanned(accountID string, banned bool) {
	if db.account(accountID) == nil {
		return
	}
	db.bansMu.Lock()
	defer db.bansMu.Unlock()
	if db.bans == nil {
		db.bans = map[string]bool{}
	}
	db.bans[accountID] = banned
}

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
