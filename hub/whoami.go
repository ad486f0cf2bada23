package hub

import "context"

// KeyInfo is what an API key gives access to, as Whoami finds it out: the
// key's scope, and for an account key the account's name and whether it is
// an admin's. Each fact beyond the scope is asked with a call of its own and
// may be missing on its own, with its error beside it; facts asked later
// (the key's own name and expiry) join the same way. The projects the key
// reaches are not among them: the UI asks for them apart (Client.Projects),
// so that the scope shows without waiting for them.
type KeyInfo struct {
	// Scope is system.test's answer, with its bytes and round trip.
	Scope Scope

	// Name is the account's display name (account keys; zero when
	// NameErr is set, or when the answer did not name the account).
	Name    DisplayName
	NameErr error

	// Admin tells whether the account is an admin's (account keys; false
	// when AdminErr is set).
	Admin    bool
	AdminErr error
}

// Whoami tells what the key gives access to: system.test (see Test), then,
// for an account key, the account's name (system.getNames) and the admin
// probe (see IsAdmin), one after the other on one connection. The error is
// Test's: the key's scope is unknown. A failed name lookup or admin probe
// leaves its fact unknown, with its error in KeyInfo; when the name lookup
// found the server gone (no answer, no connection, canceled), the probe is
// not sent, and AdminErr is the same error: it would only wait as long.
func (c *Client) Whoami(ctx context.Context) (KeyInfo, error) {
	scope, err := c.Test(ctx)
	if err != nil {
		return KeyInfo{}, err
	}
	info := KeyInfo{Scope: scope}
	if scope.Kind != ScopeAccount {
		return info, nil
	}
	names, err := c.GetNames(ctx, []string{scope.AccountID})
	info.Name, info.NameErr = names.ByID[scope.AccountID], err
	if err != nil && unanswered(err) {
		info.AdminErr = err
		return info, nil
	}
	info.Admin, info.AdminErr = c.IsAdmin(ctx)
	return info, nil
}
