package hubtest

import (
	"sort"
	"time"
)

// db.userQuery, as far as an account's projects go: CoCalc's user_query on
// its "projects" table, which is what CoCalc's admin page reads.

// The projects table's user query, as the server's schema defines it: only
// projects edited in the last 6 weeks, the most recently edited first, at
// most 300.
const (
	projectsCutoff = 6 * 7 * 24 * time.Hour
	projectsLimit  = 300
)

// projectColumns are the fields a user query of the projects table may ask
// for (the schema's get fields); those the fake's data has no column for are
// NULL.
var projectColumns = map[string]bool{
	"project_id": true, "name": true, "title": true, "description": true, "users": true, "invite": true,
	"invite_requests": true, "deleted": true, "host": true, "settings": true, "run_quota": true,
	"site_license": true, "status": true, "secret_token": true, "state": true, "last_edited": true,
	"last_active": true, "action_request": true, "course": true, "compute_image": true, "created": true,
	"env": true, "sandbox": true, "avatar_image_tiny": true, "color": true, "pay_as_you_go_quotas": true,
	"snapshots": true, "backups": true, "rootfs_image": true,
}

// plainError is an error the database layer passes on as a bare string,
// which the hub sends without an "Error: " prefix.
type plainError string

func (e plainError) Error() string { return string(e) }

// Texts of user_query's refusals.
const (
	textMustBeAdminToSudo = "user must be admin to sudo"
	textSudoIDNotString   = "account_id must be a string"
)

// userQuery is db.userQuery: the hub's authFirst transform, then
// user_query, whose "account_id" option lets an admin query as another
// account ("sudo").
func userQuery(h *hub, call *apiCall, args any) (any, error) {
	opts, err := authFirst(args, call.caller.AccountID)
	if err != nil {
		return nil, err
	}
	asAccount, err := h.db.sudo(call.caller, field(opts, "options"))
	if err != nil {
		return nil, err
	}
	query, ok := field(opts, "query").(map[string]any)
	if !ok {
		return nil, plainError("query must be specified")
	}
	answer := object{}
	for _, table := range sortedKeys(query) {
		if table != "projects" {
			return nil, plainError("the fake hub knows no table '" + table + "' (it answers projects queries only)")
		}
		rows, err := h.projectRows(asAccount, query[table])
		if err != nil {
			return nil, err
		}
		answer = answer.with(table, rows)
	}
	return answer, nil
}

// sudo is the account a query runs as: the caller, or the account_id of an
// option, which only an admin may give.
func (db *database) sudo(caller *Account, options any) (string, error) {
	list, _ := options.([]any)
	for _, option := range list {
		id := field(option, "account_id")
		if isNullish(id) {
			continue
		}
		if !caller.IsAdmin() {
			return "", plainError(textMustBeAdminToSudo)
		}
		text, isString := id.(string)
		if !isString {
			return "", plainError(textSudoIDNotString)
		}
		return text, nil
	}
	return caller.AccountID, nil
}

// projectRows answers a "multi" get query of the projects table, [{field:
// null, …}]: the projects of the account, with the fields asked for, in
// their order. A project_id that is not null picks that project.
func (h *hub) projectRows(accountID string, template any) ([]object, error) {
	list, isList := template.([]any)
	var fields map[string]any
	if isList && len(list) == 1 {
		fields, _ = list[0].(map[string]any)
	}
	if fields == nil {
		return nil, plainError("the fake hub answers projects queries of the form [{field: null, …}] only")
	}
	names := sortedKeys(fields)
	for _, name := range names {
		if !projectColumns[name] {
			return nil, plainError("projects: the field '" + name + "' is not in the table")
		}
	}
	wanted, _ := fields["project_id"].(string)
	rows := []object{}
	for _, id := range h.db.projectsOf(accountID, h.now()) {
		if wanted != "" && wanted != id {
			continue
		}
		rows = append(rows, projectRow(id, h.db.projects[id], names))
	}
	return rows, nil
}

// projectsOf lists the ids of the projects the account is a user of and
// that were edited within projectsCutoff of now, the most recently edited
// first, at most projectsLimit.
func (db *database) projectsOf(accountID string, now time.Time) []string {
	cutoff := now.Add(-projectsCutoff).UnixMilli()
	var ids []string
	for id, p := range db.projects {
		if p.isUser(accountID) && p.LastEdited != nil && *p.LastEdited >= cutoff {
			ids = append(ids, id)
		}
	}
	sort.Slice(ids, func(i, j int) bool {
		ei, ej := *db.projects[ids[i]].LastEdited, *db.projects[ids[j]].LastEdited
		if ei != ej {
			return ei > ej
		}
		return ids[i] < ids[j]
	})
	return ids[:min(len(ids), projectsLimit)]
}

// projectRow is a project with the fields asked for, as the server sends
// it: users and last_active as JSONB objects, times as ISO strings.
func projectRow(id string, p Project, fields []string) object {
	row := object{}
	for _, name := range fields {
		var value any
		switch name {
		case "project_id":
			value = id
		case "title":
			value = p.Title
		case "description":
			value = ""
		case "users":
			users := map[string]any{}
			for account, role := range p.Users {
				users[account] = object{{"group", role.Group}}
			}
			value = users
		case "last_active":
			used := map[string]any{}
			for account, ms := range p.LastActive {
				used[account] = isoTime(&ms)
			}
			value = used
		case "last_edited":
			value = isoTime(p.LastEdited)
		}
		row = row.with(name, value)
	}
	return row
}

// sortedKeys are an object's keys in a fixed order: decoded JSON objects
// lose theirs.
func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
