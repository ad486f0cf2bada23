package hub

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"cocalc-tui/hub/jsonobject"
)

// Hub function names.
const (
	FuncPing              = "system.ping"
	FuncTest              = "system.test"
	FuncGetNames          = "system.getNames"
	FuncUserSearch        = "system.userSearch"
	FuncResetPasswordLink = "system.adminResetPasswordLink"
	FuncImpersonateToken  = "system.generateUserAuthToken"
)

// emptyArgs is what the Python client sends to ping and test: one empty object.
func emptyArgs() []any { return []any{struct{}{}} }

// Ping asks the server for its time and measures the round trip. Its
// Answer keeps the server's bytes.
func (c *Client) Ping(ctx context.Context) (PingResult, error) {
	var answer struct {
		Now *Millis `json:"now"`
	}
	sent := time.Now()
	raw, err := c.call(ctx, hubPath, FuncPing, emptyArgs(), &answer)
	if err != nil {
		return PingResult{}, err
	}
	if answer.Now == nil {
		return PingResult{}, &Error{Kind: KindBadResponse, Call: FuncPing, Message: `the answer has no "now"`}
	}
	return PingResult{ServerTime: answer.Now.Time(), Sent: sent, Answer: raw}, nil
}

type testAnswer struct {
	AccountID  string `json:"account_id"`
	ProjectID  string `json:"project_id"`
	ServerTime Millis `json:"server_time"`
}

// Test tells what the key is: an account's key (with the account id) or a
// project's key (with the project id). The hub endpoint refuses project keys
// exactly like bad keys, so on that refusal the project endpoint is asked
// (see TestProject). If it refuses the key too, the hub's refusal is the
// answer (KindKeyRejected). If it does not answer (a stopped project can
// take longer than the time limit to start), the key is not a bad key:
// that failure is the answer, a KindTimeout (or KindTransport,
// KindUnavailable, KindCanceled) saying so.
//
// The ids must be UUIDs: an answer with any other id is refused as a bad
// answer (KindBadResponse), as such an id could only be an attack on what
// shows it (an escape sequence that sets the terminal's title or clipboard).
func (c *Client) Test(ctx context.Context) (Scope, error) {
	scope, err := c.test(ctx, hubPath)
	if !errors.Is(err, ErrKeyRejected) {
		return scope, err
	}
	projectScope, projectErr := c.TestProject(ctx)
	switch {
	case projectErr == nil:
		return projectScope, nil
	case unanswered(projectErr):
		return Scope{}, projectUnanswered(projectErr)
	}
	return Scope{}, err
}

// TestProject asks the project endpoint which project the key belongs to:
// the one call that tells a project's key from a bad key, as the hub
// endpoint refuses both alike. The scope is ScopeProject, or an error.
func (c *Client) TestProject(ctx context.Context) (Scope, error) {
	scope, err := c.test(ctx, projectPath)
	if err == nil && scope.Kind != ScopeProject {
		return Scope{}, &Error{Kind: KindBadResponse, Call: FuncTest, Message: "the project endpoint's answer names no project"}
	}
	return scope, err
}

// test is system.test on one endpoint.
func (c *Client) test(ctx context.Context, path string) (Scope, error) {
	var answer testAnswer
	raw, err := c.call(ctx, path, FuncTest, emptyArgs(), &answer)
	if err != nil {
		return Scope{}, err
	}
	scope, err := scopeOf(answer)
	scope.Answer = raw
	return scope, err
}

// unanswered tells the failures that say nothing of the key: the server or
// the network did not answer, or the caller gave up.
func unanswered(err error) bool {
	switch KindOf(err) {
	case KindTimeout, KindUnavailable, KindTransport, KindCanceled:
		return true
	}
	return false
}

// projectUnanswered is the project endpoint's failure to answer, saying
// what it means for the key.
func projectUnanswered(err error) error {
	var hubErr *Error
	if !errors.As(err, &hubErr) || hubErr.Kind == KindCanceled {
		return err
	}
	explained := *hubErr
	explained.Message = "the hub refused the key, as it refuses every project key, and the project endpoint did not " +
		"answer: " + hubErr.Message + " (a stopped project can take longer than the time limit to start)"
	return &explained
}

// scopeOf is the Scope a system.test answer tells, or why it tells none.
func scopeOf(answer testAnswer) (Scope, error) {
	scope := Scope{Kind: ScopeAccount, AccountID: answer.AccountID, ServerTime: answer.ServerTime.Time()}
	id, what := answer.AccountID, "account_id"
	if id == "" {
		scope = Scope{Kind: ScopeProject, ProjectID: answer.ProjectID, ServerTime: answer.ServerTime.Time()}
		id, what = answer.ProjectID, "project_id"
	}
	switch {
	case id == "":
		return Scope{}, &Error{Kind: KindBadResponse, Call: FuncTest, Message: "the answer names neither an account nor a project"}
	case !IsUUID(id):
		return Scope{}, &Error{Kind: KindBadResponse, Call: FuncTest, Message: "the answer's " + what + " is not a UUID"}
	}
	return scope, nil
}

// NamesBatchSize is how many ids GetNames sends in one call: far below the
// server's 1 MB limit of a request's body (an id is 39 bytes in JSON).
const NamesBatchSize = 1000

// GetNames returns the display names of accounts, keyed by account id, in
// calls of at most NamesBatchSize ids. Unknown and deleted accounts come
// back as "Deleted User" (see DisplayName.IsDeleted). Ids that are not UUIDs
// are refused before anything is sent; an answer that is not an object of
// names (null, a list) fails the whole lookup (KindBadResponse).
//
// Every id is a key of ByID as the caller spelled it: the server keys a
// found account by its lower-case id and answers "Deleted User" for the
// upper-case spelling, which the found name replaces. Keys of the answer that
// are not UUIDs are dropped; names are clean (see DisplayName) and scrubbed
// of the key.
func (c *Client) GetNames(ctx context.Context, accountIDs []string) (Names, error) {
	if err := c.checkUUIDs(FuncGetNames, accountIDs); err != nil {
		return Names{}, err
	}
	result := Names{ByID: map[string]DisplayName{}}
	merged := &jsonobject.Object{}
	// The batches are asked one after the other. Each is a call of its own
	// (getNamesBatch) and the merge follows the order of the batches, so
	// several could be in flight at once without changing the result.
	batches := NamesBatches(accountIDs)
	for _, batch := range batches {
		answer, err := c.getNamesBatch(ctx, batch, result.ByID)
		if err != nil {
			return Names{}, err
		}
		result.RoundTrip += answer.RoundTrip
		if len(batches) == 1 {
			result.Raw = answer.Raw
			break
		}
		members, _ := jsonobject.Parse(answer.Raw) // an object: getNamesBatch checked
		merged.Merge(members)
	}
	if len(batches) > 1 {
		result.Raw, _ = merged.MarshalJSON() // members of valid answers: cannot fail
	}
	for _, id := range accountIDs {
		if name, found := result.ByID[strings.ToLower(id)]; found {
			result.ByID[id] = name
		}
	}
	return result, nil
}

// NamesBatches cuts ids into the lists of GetNames' calls, NamesBatchSize
// ids each at most, in order: one list even for no id (the server answers
// {}), as callers may count on an answer. A caller that runs them itself
// (several in flight, each answer written as it comes) calls GetNames with
// each.
func NamesBatches(ids []string) [][]string {
	if len(ids) == 0 {
		return [][]string{{}} // the server wants a list, never null
	}
	var batches [][]string
	for start := 0; start < len(ids); start += NamesBatchSize {
		batches = append(batches, ids[start:min(start+NamesBatchSize, len(ids))])
	}
	return batches
}

// getNamesBatch is one getNames call; it adds the names of its answer to
// byID and returns the answer.
func (c *Client) getNamesBatch(ctx context.Context, ids []string, byID map[string]DisplayName) (Answer, error) {
	answer, err := c.call(ctx, hubPath, FuncGetNames, []any{ids}, nil)
	if err != nil {
		return Answer{}, err
	}
	var names map[string]DisplayName
	if answer.Raw[0] != '{' || json.Unmarshal(answer.Raw, &names) != nil {
		// Unmarshal would take null for an empty object.
		return Answer{}, &Error{Kind: KindBadResponse, Call: FuncGetNames,
			Message: "the answer has an unexpected shape: got a JSON " + describeJSON(answer.Raw) + ", expected an object of names"}
	}
	for id, name := range names {
		if IsUUID(id) {
			byID[id] = name.scrubbed(c.scrubber)
		}
	}
	return answer, nil
}

// checkUUIDs refuses ids that are not UUIDs, naming them (but never the key,
// should it have been pasted in the wrong place).
func (c *Client) checkUUIDs(call string, ids []string) error {
	return c.finishError(checkUUIDs(call, ids))
}

func checkUUIDs(call string, ids []string) error {
	var bad []string
	for _, id := range ids {
		if !IsUUID(id) {
			bad = append(bad, fmt.Sprintf("%q", id))
		}
	}
	if len(bad) == 0 {
		return nil
	}
	noun := "is not an account id"
	if len(bad) > 1 {
		noun = "are not account ids"
	}
	return &Error{Kind: KindInvalidArgument, Call: call,
		Message: fmt.Sprintf("%s %s (expected a UUID such as 3f2a1c9e-0b4d-4c8e-9a7f-1d2e3f4a5b6c)", strings.Join(bad, ", "), noun)}
}

// UserSearch searches accounts by name, @username, email address or account id
// (and, for admins, project id); hub/doc.go has the server's rules. The
// accounts are clean (see Account) and scrubbed of the key; the result keeps
// the server's bytes and tells the limit the server applied.
//
// A query that holds the client's key, or any word shaped like a key, is
// refused before anything is sent (KindInvalidArgument): a key pasted into
// the search box must not travel to the server as a query, nor into its logs.
func (c *Client) UserSearch(ctx context.Context, params SearchParams) (SearchResult, error) {
	if c.scrubber.Contains(params.Query) {
		return SearchResult{}, &Error{Kind: KindInvalidArgument, Call: FuncUserSearch,
			Message: "the query looks like an API key; it was not sent"}
	}
	accounts := []Account{}
	answer, err := c.call(ctx, hubPath, FuncUserSearch, []any{params}, &accounts)
	if err != nil {
		return SearchResult{}, err
	}
	for i := range accounts {
		accounts[i].scrub(c.scrubber)
	}
	return SearchResult{Accounts: accounts, Limit: params.EffectiveLimit(), Answer: answer}, nil
}

// IsAdmin tells whether the key's account is an admin, with the cheap probe the
// server allows: an admin search for nothing answers [] to an admin and "Must
// be an admin" to anyone else, before any searching.
func (c *Client) IsAdmin(ctx context.Context) (bool, error) {
	_, err := c.UserSearch(ctx, SearchParams{Query: "", Admin: true})
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, ErrNotAdmin):
		return false, nil
	}
	return false, err
}

type accountArg struct {
	UserAccountID string `json:"user_account_id"`
}

// PasswordResetLink asks for a password reset link for an account (admins
// only) and returns it as a full URL on this server.
func (c *Client) PasswordResetLink(ctx context.Context, accountID string) (string, error) {
	if err := c.checkUUIDs(FuncResetPasswordLink, []string{accountID}); err != nil {
		return "", err
	}
	var path string
	if err := c.Call(ctx, FuncResetPasswordLink, []any{accountArg{accountID}}, &path); err != nil {
		return "", err
	}
	if !strings.HasPrefix(path, "/") || !isURLSafe(path, "/") {
		return "", &Error{Kind: KindBadResponse, Call: FuncResetPasswordLink, Message: "the answer is not a link path"}
	}
	return c.baseURL + path, nil
}

// ImpersonationLink asks for a sign-in token for an account (admins only) and
// returns the URL that signs in as that account.
func (c *Client) ImpersonationLink(ctx context.Context, accountID string) (string, error) {
	if err := c.checkUUIDs(FuncImpersonateToken, []string{accountID}); err != nil {
		return "", err
	}
	var token string
	if err := c.Call(ctx, FuncImpersonateToken, []any{accountArg{accountID}}, &token); err != nil {
		return "", impersonationRefusal(err)
	}
	if token == "" || !isURLSafe(token, "") {
		return "", &Error{Kind: KindBadResponse, Call: FuncImpersonateToken, Message: "the answer has no token"}
	}
	return c.baseURL + "/auth/impersonate?auth_token=" + url.QueryEscape(token), nil
}

// impersonationRefusal types the server's refusals of a non-admin as
// KindNotAdmin. The server asks a non-admin for the account's password, which
// this client never sends, so it answers "incorrect password", and for the
// next 30 s "banned -- please wait at least #{BAN_TIME_MS/1000}s …" (sic).
func impersonationRefusal(err error) error {
	var hubErr *Error
	if !errors.As(err, &hubErr) || hubErr.Kind != KindOther {
		return err
	}
	var answered string
	switch {
	case hubErr.Message == "incorrect password":
		answered = "incorrect password"
	case strings.HasPrefix(hubErr.Message, "banned -- please wait"):
		answered = "banned -- please wait 30 s before trying again"
	default:
		return err
	}
	return &Error{Kind: KindNotAdmin, Call: hubErr.Call,
		Message: "only an admin can get an impersonation link (the server answered: " + answered + ")"}
}

// linkLimit bounds the parts of a link the server sends: its answers are
// far shorter (a path with a UUID, a 24-character token).
const linkLimit = 256

// isURLSafe reports whether s, at most linkLimit bytes, is made only of the
// characters a URL carries unescaped (RFC 3986's unreserved ones) and those
// of also: a link that is shown, copied and opened must hold nothing else,
// no escape sequence, no space, no line break.
func isURLSafe(s, also string) bool {
	if len(s) > linkLimit {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		unreserved := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
			c == '-' || c == '.' || c == '_' || c == '~'
		if !unreserved && !strings.ContainsRune(also, rune(c)) {
			return false
		}
	}
	return true
}
