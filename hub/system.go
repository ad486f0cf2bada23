package hub

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
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

// Ping asks the server for its time and measures the round trip.
func (c *Client) Ping(ctx context.Context) (PingResult, error) {
	var answer struct {
		Now *Millis `json:"now"`
	}
	sent := time.Now()
	err := c.Call(ctx, FuncPing, emptyArgs(), &answer)
	roundTrip := time.Since(sent)
	if err != nil {
		return PingResult{}, err
	}
	if answer.Now == nil {
		return PingResult{}, &Error{Kind: KindBadResponse, Call: FuncPing, Message: `the answer has no "now"`}
	}
	return PingResult{ServerTime: answer.Now.Time(), Sent: sent, RoundTrip: roundTrip}, nil
}

type testAnswer struct {
	AccountID  string `json:"account_id"`
	ProjectID  string `json:"project_id"`
	ServerTime Millis `json:"server_time"`
}

// Test tells what the key is: an account's key (with the account id) or a
// project's key (with the project id). The hub endpoint refuses project keys
// exactly like bad keys, so on that refusal the project endpoint is asked too.
//
// The ids must be UUIDs: an answer with any other id is refused as a bad
// answer (KindBadResponse), as such an id could only be an attack on what
// shows it (an escape sequence that sets the terminal's title or clipboard).
func (c *Client) Test(ctx context.Context) (Scope, error) {
	var answer testAnswer
	err := c.Call(ctx, FuncTest, emptyArgs(), &answer)
	if errors.Is(err, ErrKeyRejected) {
		var projectAnswer testAnswer
		if c.CallProject(ctx, FuncTest, emptyArgs(), &projectAnswer) == nil && projectAnswer.ProjectID != "" {
			return scopeOf(projectAnswer)
		}
		return Scope{}, err
	}
	if err != nil {
		return Scope{}, err
	}
	return scopeOf(answer)
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

// GetNames returns the display names of accounts, keyed by account id. Unknown
// and deleted accounts come back as "Deleted User" (see DisplayName.IsDeleted).
// Ids that are not UUIDs are refused before anything is sent.
//
// Every id is a key of the result as the caller spelled it: the server keys a
// found account by its lower-case id and answers "Deleted User" for the
// upper-case spelling, which the found name replaces. Keys of the answer that
// are not UUIDs are dropped; names are clean (see DisplayName) and scrubbed
// of the key.
func (c *Client) GetNames(ctx context.Context, accountIDs []string) (map[string]DisplayName, error) {
	if err := c.checkUUIDs(FuncGetNames, accountIDs); err != nil {
		return nil, err
	}
	ids := accountIDs
	if ids == nil {
		ids = []string{} // the server wants a list, never null
	}
	names := map[string]DisplayName{}
	if err := c.Call(ctx, FuncGetNames, []any{ids}, &names); err != nil {
		return nil, err
	}
	for id, name := range names {
		if !IsUUID(id) {
			delete(names, id)
			continue
		}
		names[id] = name.scrubbed(c.scrubber)
	}
	for _, id := range ids {
		if name, found := names[strings.ToLower(id)]; found {
			names[id] = name
		}
	}
	return names, nil
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
// accounts are clean (see Account) and scrubbed of the key.
//
// A query that holds the client's key, or any word shaped like a key, is
// refused before anything is sent (KindInvalidArgument): a key pasted into
// the search box must not travel to the server as a query, nor into its logs.
func (c *Client) UserSearch(ctx context.Context, params SearchParams) ([]Account, error) {
	if c.scrubber.Contains(params.Query) {
		return nil, &Error{Kind: KindInvalidArgument, Call: FuncUserSearch,
			Message: "the query looks like an API key; it was not sent"}
	}
	accounts := []Account{}
	if err := c.Call(ctx, FuncUserSearch, []any{params}, &accounts); err != nil {
		return nil, err
	}
	for i := range accounts {
		accounts[i].scrub(c.scrubber)
	}
	return accounts, nil
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
