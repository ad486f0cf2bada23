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
func (c *Client) Test(ctx context.Context) (Scope, error) {
	var answer testAnswer
	err := c.Call(ctx, FuncTest, emptyArgs(), &answer)
	if errors.Is(err, ErrKeyRejected) {
		var projectAnswer testAnswer
		if c.CallProject(ctx, FuncTest, emptyArgs(), &projectAnswer) == nil && projectAnswer.ProjectID != "" {
			return Scope{Kind: ScopeProject, ProjectID: projectAnswer.ProjectID,
				ServerTime: projectAnswer.ServerTime.Time()}, nil
		}
		return Scope{}, err
	}
	if err != nil {
		return Scope{}, err
	}
	switch {
	case answer.AccountID != "":
		return Scope{Kind: ScopeAccount, AccountID: answer.AccountID, ServerTime: answer.ServerTime.Time()}, nil
	case answer.ProjectID != "":
		return Scope{Kind: ScopeProject, ProjectID: answer.ProjectID, ServerTime: answer.ServerTime.Time()}, nil
	}
	return Scope{}, &Error{Kind: KindBadResponse, Call: FuncTest, Message: "the answer names neither an account nor a project"}
}

// GetNames returns the display names of accounts, keyed by account id. Unknown
// and deleted accounts come back as "Deleted User" (see DisplayName.IsDeleted).
// Ids that are not UUIDs are refused before anything is sent.
//
// Every id is a key of the result as the caller spelled it: the server keys a
// found account by its lower-case id and answers "Deleted User" for the
// upper-case spelling, which the found name replaces.
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
	return c.scrubError(checkUUIDs(call, ids))
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
// (and, for admins, project id). See PROTOCOL.md for the server's rules.
func (c *Client) UserSearch(ctx context.Context, params SearchParams) ([]Account, error) {
	accounts := []Account{}
	if err := c.Call(ctx, FuncUserSearch, []any{params}, &accounts); err != nil {
		return nil, err
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
	if !strings.HasPrefix(path, "/") {
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
	if token == "" {
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
