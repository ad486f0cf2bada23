package hub

import (
	"context"
	"encoding/json"
	"sort"
	"strings"
	"time"

	"cocalc-tui/hub/clean"
)

// FuncUserQuery is the hub's database query function.
const FuncUserQuery = "db.userQuery"

// ProjectsLimit is the most projects the server answers a projects query
// with, and ProjectsCutoff how recently they must have been edited (see
// hub/doc.go): an answer of ProjectsLimit projects may have left some out.
const (
	ProjectsLimit  = 300
	ProjectsCutoff = 6 * 7 * 24 * time.Hour
)

// Project is one row of a projects query, cleaned where it was decoded:
// the title bounded (clean.NameLimit) and one safe line, the ids checked.
type Project struct {
	// ProjectID is a UUID, or empty when the server's project_id is not
	// one: the project is then marked with InvalidID, and nothing that
	// needs an id (a link, a copy) can use it.
	ProjectID string
	InvalidID string
	Title     string
	// Roles maps the id of each collaborator (lower-case) to its group:
	// "owner" or "collaborator" (another word, cleaned, if the server sends
	// one). Entries whose key is not a UUID are dropped.
	Roles map[string]string
	// LastActive maps the id of each collaborator to when that account last
	// used the project; a time the server sent that does not parse is
	// left out.
	LastActive map[string]time.Time
	// LastEdited is when a file of the project was last edited (zero when
	// the server sent null or a time that does not parse).
	LastEdited time.Time
}

// Role is the account's group in the project ("owner", "collaborator"),
// or "" when it is no collaborator.
func (p Project) Role(accountID string) string { return p.Roles[strings.ToLower(accountID)] }

// LastUsedBy is when the account last used the project, if the server
// knows.
func (p Project) LastUsedBy(accountID string) (time.Time, bool) {
	t, ok := p.LastActive[strings.ToLower(accountID)]
	return t, ok
}

// ProjectList is the answer to a projects query: the projects, in the
// server's order, and the server's bytes.
type ProjectList struct {
	Projects []Project
	Answer
}

// ReachedLimit reports whether the answer holds as many projects as the
// server gives (ProjectsLimit): there may be more it left out.
func (l ProjectList) ReachedLimit() bool { return len(l.Projects) >= ProjectsLimit }

// SortByLastUse orders projects by when the account last used each, newest
// first, as CoCalc's admin page does; projects it never used come last, by
// their last edit, newest first. The order of equal projects is kept.
func SortByLastUse(projects []Project, accountID string) {
	sort.SliceStable(projects, func(i, j int) bool {
		ti, usedI := projects[i].LastUsedBy(accountID)
		tj, usedJ := projects[j].LastUsedBy(accountID)
		switch {
		case usedI != usedJ:
			return usedI
		case usedI:
			return ti.After(tj)
		}
		return projects[i].LastEdited.After(projects[j].LastEdited)
	})
}

// projectFields are the fields a projects query asks for; the server sends
// exactly the fields asked for.
type projectFields struct {
	ProjectID  *string `json:"project_id"`
	Title      *string `json:"title"`
	Users      *string `json:"users"`
	LastActive *string `json:"last_active"`
	LastEdited *string `json:"last_edited"`
}

type projectsQuery struct {
	Projects []projectFields `json:"projects"`
}

type userQueryArg struct {
	Query   projectsQuery `json:"query"`
	Options []accountOpt  `json:"options,omitempty"`
}

type accountOpt struct {
	AccountID string `json:"account_id"`
}

// Projects asks for projects with db.userQuery, as CoCalc's own admin page
// does: with accountID "", the projects of the key's account; with an
// account id, that account's projects, which only an admin may read (a
// KindNotAdmin error otherwise: the server's "user must be admin to sudo").
// The server answers only projects edited within ProjectsCutoff, at most
// ProjectsLimit of them (see hub/doc.go). The projects are clean and
// scrubbed of the key; the list keeps the server's bytes.
func (c *Client) Projects(ctx context.Context, accountID string) (ProjectList, error) {
	arg := userQueryArg{Query: projectsQuery{Projects: []projectFields{{}}}}
	if accountID != "" {
		if err := c.checkUUIDs(FuncUserQuery, []string{accountID}); err != nil {
			return ProjectList{}, err
		}
		arg.Options = []accountOpt{{AccountID: accountID}}
	}
	var answer struct {
		Projects *[]projectWire `json:"projects"`
	}
	raw, err := c.call(ctx, hubPath, FuncUserQuery, []any{arg}, &answer)
	if err != nil {
		return ProjectList{}, err
	}
	if answer.Projects == nil {
		return ProjectList{}, &Error{Kind: KindBadResponse, Call: FuncUserQuery, Message: `the answer has no "projects"`}
	}
	list := ProjectList{Projects: make([]Project, 0, len(*answer.Projects)), Answer: raw}
	for _, wire := range *answer.Projects {
		list.Projects = append(list.Projects, wire.project(c.scrubber))
	}
	return list, nil
}

// projectWire is a project as the server sends it: times are ISO 8601
// strings, users and last_active objects keyed by account id.
type projectWire struct {
	ProjectID  string                     `json:"project_id"`
	Title      string                     `json:"title"`
	Users      map[string]json.RawMessage `json:"users"`
	LastActive map[string]json.RawMessage `json:"last_active"`
	LastEdited json.RawMessage            `json:"last_edited"`
}

// project is the cleaned view of a project: checked ids, a clean title,
// parsed times.
func (w projectWire) project(s *Scrubber) Project {
	p := Project{ProjectID: strings.ToLower(w.ProjectID), Title: s.Scrub(clean.Bounded(w.Title, clean.NameLimit)),
		Roles: map[string]string{}, LastActive: map[string]time.Time{}}
	if !IsUUID(p.ProjectID) {
		if w.ProjectID != "" {
			p.InvalidID = s.Scrub(clean.Bounded(w.ProjectID, clean.IDLimit))
		}
		p.ProjectID = ""
	}
	for id, user := range w.Users {
		if !IsUUID(id) {
			continue
		}
		var fields struct {
			Group string `json:"group"`
		}
		_ = unmarshalExact(user, &fields) // a user that is not an object has no role
		p.Roles[strings.ToLower(id)] = s.Scrub(clean.Bounded(fields.Group, clean.IDLimit))
	}
	for id, when := range w.LastActive {
		if t, ok := isoTime(when); ok && IsUUID(id) {
			p.LastActive[strings.ToLower(id)] = t
		}
	}
	p.LastEdited, _ = isoTime(w.LastEdited)
	return p
}

// isoTime parses a JSON string holding an ISO 8601 time, as the database
// query sends times ("2026-11-30T08:49:26.306Z").
func isoTime(raw json.RawMessage) (time.Time, bool) {
	var text string
	if json.Unmarshal(raw, &text) != nil {
		return time.Time{}, false
	}
	t, err := time.Parse(time.RFC3339Nano, text)
	return t, err == nil
}
