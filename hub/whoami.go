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

	// Keys are the account's keys, with the one in use among them if the
	// server lists it (account keys; empty when KeysErr is set).
	Keys    APIKeys
	KeysErr error
}

// Whoami tells what the key gives access to: system.test (see Test), then,
// for an account key, the account's name (system.getNames), the admin
// probe (see IsAdmin) and the account's keys (see APIKeys), one after the
// other on one connection. The error is Test's: the key's scope is
// unknown. A failed step leaves its fact unknown, with its error in
// KeyInfo, and the others are still asked; but once a step found the
// server gone (no answer, no connection, canceled), the later ones are not
// sent, and their error is the same: they would only wait as long.
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
	info.Admin, info.AdminErr = unlessGone(info.NameErr, func() (bool, error) { return c.IsAdmin(ctx) })
	info.Keys, info.KeysErr = unlessGone(info.AdminErr, func() (APIKeys, error) { return c.APIKeys(ctx) })
	return info, nil
}

// unlessGone asks for a fact, unless the step before found the server gone:
// then the fact is unknown, for the same reason.
func unlessGone[T any](before error, ask func() (T, error)) (T, error) {
	if before != nil && unanswered(before) {
		var unknown T
		return unknown, before
	}
	return ask()
}
