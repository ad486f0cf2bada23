package hubtest

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The api_keys table, as system.manageApiKeys reads it: every key of the
// data but the legacy ones (IsLegacy), each with its row id, and the time
// each was last used, which every authenticated call moves on.

// keyRow is one row of the api_keys table.
type keyRow struct {
	id     int64
	secret string
	Key
}

// keyTable is the api_keys table: its rows (read-only) and when each key was
// last used (moved on by every call made with it, as the server does).
type keyTable struct {
	rows []keyRow // by id

	mu       sync.Mutex
	lastUsed map[string]int64 // by secret, ms since the epoch
}

// newKeyTable builds the rows of the keys that are not legacy. A key of the
// current format ends in its row id in 6 base-62 digits, from which the
// server finds its row; other keys (test data may hold any string) get the
// ids after the largest, in the order of their secrets.
func newKeyTable(keys map[string]Key) *keyTable {
	secrets := make([]string, 0, len(keys))
	for secret := range keys {
		if !IsLegacy(secret) {
			secrets = append(secrets, secret)
		}
	}
	slices.Sort(secrets)
	t := &keyTable{lastUsed: map[string]int64{}}
	taken := map[int64]bool{}
	var unnumbered []string
	for _, secret := range secrets {
		id, ok := embeddedID(secret)
		if !ok || taken[id] {
			unnumbered = append(unnumbered, secret)
			continue
		}
		taken[id] = true
		t.rows = append(t.rows, keyRow{id: id, secret: secret, Key: keys[secret]})
	}
	next := int64(1)
	for id := range taken {
		next = max(next, id+1)
	}
	for _, secret := range unnumbered {
		t.rows = append(t.rows, keyRow{id: next, secret: secret, Key: keys[secret]})
		next++
	}
	slices.SortFunc(t.rows, func(a, b keyRow) int { return cmp.Compare(a.id, b.id) })
	return t
}

// base62Digits are the digits of the server's base-62 ids, in their order.
const base62Digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// embeddedID is the row id a key of the current format ends in: "sk-", then
// 16 random characters, then the id in 6 base-62 digits.
func embeddedID(secret string) (int64, bool) {
	if !strings.HasPrefix(secret, "sk-") || len(secret) < 9 {
		return 0, false
	}
	var id int64
	for _, c := range []byte(secret[len(secret)-6:]) {
		digit := strings.IndexByte(base62Digits, c)
		if digit < 0 {
			return 0, false
		}
		id = id*62 + int64(digit)
	}
	return id, true
}

// recordUse notes that a call was made with secret at now.
func (t *keyTable) recordUse(secret string, now time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.lastUsed[secret] = now.UnixMilli()
}

// lastActive is when the key of row was last used: by a call to this
// server, or else as the data says.
func (t *keyTable) lastActive(row keyRow) *int64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	if used, ok := t.lastUsed[row.secret]; ok && (row.LastActive == nil || used > *row.LastActive) {
		return &used
	}
	return row.LastActive
}

// accountKeys are the rows of an account's own keys (not its projects'),
// newest first, as the server's "ORDER BY created DESC" gives them (a row
// without a creation time, NULL, first).
func (t *keyTable) accountKeys(accountID string) []keyRow {
	return t.rowsWhere(func(r keyRow) bool { return r.AccountID == accountID && !r.IsProjectKey() })
}

// projectKeys are the rows of a project's keys, whoever created them, newest first.
func (t *keyTable) projectKeys(projectID string) []keyRow {
	return t.rowsWhere(func(r keyRow) bool { return r.ProjectID == projectID })
}

func (t *keyTable) rowsWhere(keep func(keyRow) bool) []keyRow {
	var rows []keyRow
	for _, r := range t.rows {
		if keep(r) {
			rows = append(rows, r)
		}
	}
	slices.SortStableFunc(rows, func(a, b keyRow) int {
		switch {
		case a.Created == nil || b.Created == nil:
			return cmp.Compare(btoi(a.Created != nil), btoi(b.Created != nil)) // NULL first
		case *a.Created != *b.Created:
			return cmp.Compare(*b.Created, *a.Created)
		}
		return cmp.Compare(b.id, a.id) // the real order of ties is the database's
	})
	return rows
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// answer is the row as the server sends it: its columns in the order of
// its SELECT, times as JSON.stringify writes a Date.
func (t *keyTable) answer(r keyRow) object {
	var account any
	if r.AccountID != "" {
		account = r.AccountID
	}
	var name any
	if r.Name != nil {
		name = *r.Name
	}
	return object{{"id", r.id}, {"account_id", account}, {"expire", isoTime(r.Expire)},
		{"created", isoTime(r.Created)}, {"name", name}, {"trunc", truncSecret(r.secret)},
		{"last_active", isoTime(t.lastActive(r))}}
}

// isoTime is a time column as JSON.stringify writes node-postgres's Date:
// Date.prototype.toISOString, always with milliseconds, in UTC; or null.
func isoTime(ms *int64) any {
	if ms == nil {
		return nil
	}
	return time.UnixMilli(*ms).UTC().Format("2006-01-02T15:04:05.000Z")
}

// truncSecret is the api_keys table's trunc: the secret's first 3
// characters, "...", and its last 6 (JavaScript's slice(0, 3) and
// slice(-6), which overlap in a secret shorter than 9).
func truncSecret(secret string) string {
	runes := []rune(secret)
	return string(runes[:min(3, len(runes))]) + "..." + string(runes[max(0, len(runes)-6):])
}

// manageAPIKeys is system.manageApiKeys, for "get" only: the caller's own
// keys, or with "project_id" the keys of a project the caller collaborates
// on; with "id", the one key of that row id ([null] when there is none).
// Any other action answers null: the fake never creates, edits nor deletes
// a key (the real server does, for "create", "edit" and "delete").
func manageAPIKeys(h *hub, call *apiCall, args any) (any, error) {
	opts, err := authFirst(args, call.caller.AccountID)
	if err != nil {
		return nil, err
	}
	projectID := ""
	if project := field(opts, "project_id"); !isNullish(project) {
		id, _, err := uuidParam(project)
		if err != nil {
			return nil, err
		}
		if !h.db.isCollaborator(call.caller.AccountID, id) {
			return nil, newError("user must be collaborator on project to manage project_id api keys")
		}
		projectID = id
	}
	if action, _ := field(opts, "action").(string); action != "get" {
		return nil, nil
	}
	if id := field(opts, "id"); truthy(id) {
		return h.keys.rowByID(id, call.caller.AccountID, projectID)
	}
	rows := h.keys.accountKeys(call.caller.AccountID)
	if projectID != "" {
		rows = h.keys.projectKeys(projectID)
	}
	answer := make([]any, len(rows))
	for i, r := range rows {
		answer[i] = h.keys.answer(r)
	}
	return answer, nil
}

// rowByID is "get" with an "id": [the row], found by id among the
// account's keys (its projects' included, as the server's query does not
// exclude them) or the project's, or [null].
func (t *keyTable) rowByID(idParam any, accountID, projectID string) (any, error) {
	text, _ := postgresParam(idParam)
	id, err := strconv.ParseInt(jsTrim(text), 10, 32)
	if err != nil {
		return nil, newPostgresError(`invalid input syntax for type integer: "` + text + `"`)
	}
	for _, r := range t.rows {
		mine := r.AccountID == accountID
		if projectID != "" {
			mine = r.ProjectID == projectID
		}
		if r.id == id && mine {
			return []any{t.answer(r)}, nil
		}
	}
	return []any{nil}, nil
}
