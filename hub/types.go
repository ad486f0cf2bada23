package hub

import (
	"encoding/json"
	"errors"
	"strings"
	"time"
)

// Millis is a point in time as the hub sends it: milliseconds since the Unix epoch.
type Millis int64

// Time converts the hub's milliseconds to a time.Time in the local zone.
func (m Millis) Time() time.Time { return time.UnixMilli(int64(m)) }

// MillisOf converts a time.Time to the hub's milliseconds.
func MillisOf(t time.Time) Millis { return Millis(t.UnixMilli()) }

// PingResult is the answer to system.ping, plus what the client measured.
type PingResult struct {
	ServerTime time.Time     // the server's clock ("now")
	Sent       time.Time     // local clock when the request was sent
	RoundTrip  time.Duration // time from sending the request to reading the whole answer
}

// Skew is how far the server's clock is ahead of the local clock (negative when
// behind), estimated at the midpoint of the round trip.
func (p PingResult) Skew() time.Duration {
	midpoint := p.Sent.Add(p.RoundTrip / 2)
	return p.ServerTime.Sub(midpoint)
}

// ScopeKind says what an API key gives access to.
type ScopeKind int

const (
	// ScopeAccount is a key of a user account: every hub call works with it.
	ScopeAccount ScopeKind = iota + 1
	// ScopeProject is a key of one project: the hub endpoint refuses it, so user
	// search and name lookup are unavailable.
	ScopeProject
)

func (k ScopeKind) String() string {
	switch k {
	case ScopeAccount:
		return "account"
	case ScopeProject:
		return "project"
	}
	return "unknown"
}

// Scope is what system.test tells about the key in use.
type Scope struct {
	Kind       ScopeKind
	AccountID  string // set for account keys
	ProjectID  string // set for project keys
	ServerTime time.Time
}

// Profile is the optional avatar of an account.
type Profile struct {
	Image string `json:"image"`
	Color string `json:"color"`
}

// DisplayName is one entry of system.getNames' answer.
type DisplayName struct {
	FirstName string   `json:"first_name"`
	LastName  string   `json:"last_name"`
	Profile   *Profile `json:"profile"` // nil when the server sent null or nothing
}

// IsDeleted reports whether the server answered with its placeholder for an
// unknown or deleted account.
func (n DisplayName) IsDeleted() bool {
	return n.FirstName == "Deleted" && n.LastName == "User" && n.Profile == nil
}

// Account is one row of system.userSearch's answer. Fields the server may send
// as null or leave out are pointers, so "absent or null" (nil) stays distinct
// from an empty value.
type Account struct {
	AccountID string `json:"account_id"`
	FirstName string `json:"first_name"`
	LastName  string `json:"last_name"`
	// Username is the vanity username (the server's "name"), usually null.
	Username             *string `json:"name"`
	EmailAddress         *string `json:"email_address"`
	LastActive           *Millis `json:"last_active"`
	Created              *Millis `json:"created"`
	Banned               *bool   `json:"banned"`
	EmailAddressVerified *bool   `json:"email_address_verified"` // see UnmarshalJSON

	// Raw is the account exactly as the server sent it, for copy and export.
	Raw json.RawMessage `json:"-"`
}

// UnmarshalJSON decodes an account and keeps the server's raw bytes in Raw.
//
// email_address_verified is a bool or null, except for an account without an
// address whose map of once-verified addresses was kept: the server then sends
// that map, which leaves EmailAddressVerified nil (and stays in Raw).
//
// decodeAccounts decodes lists of accounts the same way, faster.
func (a *Account) UnmarshalJSON(data []byte) error {
	*a = Account{}
	decoded := accountWire{accountFields: (*accountFields)(a)}
	if err := json.Unmarshal(data, &decoded); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) {
			// Name the field as the server does, not by its path through decoded.
			typeErr.Field = strings.TrimPrefix(typeErr.Field, "accountFields.")
		}
		return err
	}
	a.EmailAddressVerified = decoded.Verified.value
	a.Raw = append(json.RawMessage(nil), data...)
	return nil
}

// FullName is "First Last" with the blank parts left out.
func (a Account) FullName() string {
	switch {
	case a.FirstName == "":
		return a.LastName
	case a.LastName == "":
		return a.FirstName
	}
	return a.FirstName + " " + a.LastName
}

// IsBanned reports whether the server marked the account as banned. Only admin
// searches carry this field; a never-banned account has it null.
func (a Account) IsBanned() bool { return a.Banned != nil && *a.Banned }

// LastSeen is the newest of last_active and created, the key the server sorts by.
func (a Account) LastSeen() Millis {
	var newest Millis
	if a.LastActive != nil {
		newest = *a.LastActive
	}
	if a.Created != nil && *a.Created > newest {
		newest = *a.Created
	}
	return newest
}

// SearchParams are the arguments of system.userSearch. Zero values are left out
// of the request, as the Python client leaves out unset options.
type SearchParams struct {
	Query     string `json:"query"`
	Limit     int    `json:"limit,omitempty"`
	Admin     bool   `json:"admin,omitempty"`
	OnlyEmail bool   `json:"only_email,omitempty"`
}
