package hub

import (
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"

	"cocalc-tui/hub/clean"
)

// Millis is a point in time as the hub sends it: milliseconds since the Unix epoch.
type Millis int64

// Time converts the hub's milliseconds to a time.Time in the local zone.
func (m Millis) Time() time.Time { return time.UnixMilli(int64(m)) }

// RFC3339 is the time in RFC 3339, in UTC, with milliseconds when it has
// any ("2026-11-28T21:55:00Z", "2026-11-28T21:55:00.123Z"), or "" for nil
// (the server's null). RFC 3339 writes the years 0000 to 9999 only: a time
// outside them, which only a broken or hostile server sends, is the
// server's number of milliseconds as it is ("9223372036854775807"), never
// a date a reader would take for a real one.
func (m *Millis) RFC3339() string {
	if m == nil {
		return ""
	}
	t := m.Time().UTC()
	if year := t.Year(); year < 0 || year > 9999 {
		return strconv.FormatInt(int64(*m), 10)
	}
	return t.Format(time.RFC3339Nano)
}

// MillisOf converts a time.Time to the hub's milliseconds.
func MillisOf(t time.Time) Millis { return Millis(t.UnixMilli()) }

// Answer is what a typed call keeps of the server's answer besides what it
// decodes: the answer's bytes, for JSON output, and the time it took.
type Answer struct {
	// Raw is the answer as the server sent it (without surrounding white
	// space), for JSON output only: its strings are neither cleaned nor
	// scrubbed, so whatever writes it passes it through clean.JSON and the
	// Scrubber, as every sink of the program does.
	Raw json.RawMessage
	// RoundTrip is the time from sending the request to reading the whole
	// answer (of every request, for a call made of several).
	RoundTrip time.Duration
}

// PingResult is the answer to system.ping, plus what the client measured.
type PingResult struct {
	ServerTime time.Time // the server's clock ("now")
	Sent       time.Time // local clock when the request was sent
	Answer
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

// Scope is what system.test tells about the key in use. Its Answer is the
// system.test answer that told it, of the hub endpoint or, for a project
// key, of the project endpoint.
type Scope struct {
	Kind       ScopeKind
	AccountID  string // set for account keys
	ProjectID  string // set for project keys
	ServerTime time.Time
	Answer
}

// Profile is the optional avatar of an account. Its texts are clean and
// bounded (clean.ValueLimit), as DisplayName decodes them.
type Profile struct {
	Image string `json:"image"`
	Color string `json:"color"`
	// ImageBytes is the length of the image as the server sent it: an
	// embedded image is a data: URL of many KB, of which Image keeps the
	// start only.
	ImageBytes int `json:"-"`
}

// profileFields is Profile without its UnmarshalJSON method.
type profileFields Profile

// UnmarshalJSON decodes a profile, its member names matched exactly
// (unmarshalExact); DisplayName cleans its texts.
func (p *Profile) UnmarshalJSON(data []byte) error {
	var decoded profileFields
	if err := unmarshalExact(data, &decoded); err != nil {
		return err
	}
	*p = Profile(decoded)
	return nil
}

// DisplayName is one entry of system.getNames' answer. Decoding it cleans
// its texts once (clean.Bounded: names at most clean.NameLimit characters),
// so whatever shows them can print them as they are; the hub client also
// scrubs the key from them.
type DisplayName struct {
	FirstName string   `json:"first_name"`
	LastName  string   `json:"last_name"`
	Profile   *Profile `json:"profile"` // nil when the server sent null or nothing
}

// displayNameFields is DisplayName without its UnmarshalJSON method.
type displayNameFields DisplayName

// UnmarshalJSON decodes a name and cleans its texts.
func (n *DisplayName) UnmarshalJSON(data []byte) error {
	var decoded displayNameFields
	if err := unmarshalExact(data, &decoded); err != nil {
		return err
	}
	*n = DisplayName(decoded)
	n.FirstName = clean.Bounded(n.FirstName, clean.NameLimit)
	n.LastName = clean.Bounded(n.LastName, clean.NameLimit)
	if n.Profile != nil {
		p := *n.Profile
		p.ImageBytes = len(p.Image)
		p.Image = clean.Bounded(p.Image, clean.ValueLimit)
		p.Color = clean.Bounded(p.Color, clean.ValueLimit)
		n.Profile = &p
	}
	return nil
}

// scrubbed is n with the keys s knows removed from its texts.
func (n DisplayName) scrubbed(s *Scrubber) DisplayName {
	n.FirstName, n.LastName = s.Scrub(n.FirstName), s.Scrub(n.LastName)
	if n.Profile != nil {
		p := *n.Profile
		p.Image, p.Color = s.Scrub(p.Image), s.Scrub(p.Color)
		n.Profile = &p
	}
	return n
}

// FullName is "First Last" with the blank parts left out.
func (n DisplayName) FullName() string { return joinName(n.FirstName, n.LastName) }

// IsDeleted reports whether the server answered with its placeholder for an
// unknown or deleted account.
func (n DisplayName) IsDeleted() bool {
	return n.FirstName == "Deleted" && n.LastName == "User" && n.Profile == nil
}

// Account is one row of system.userSearch's answer. Fields the server may send
// as null or leave out are pointers, so "absent or null" (nil) stays distinct
// from an empty value.
//
// Decoding an account builds its cleaned view once: every text is clean and
// bounded (clean.Bounded: names at most clean.NameLimit characters, the
// email clean.EmailLimit), so whatever shows it (a table, a details pane, a
// CSV cell) can use it as it is, at no cost per frame. The hub client also
// scrubs the key from the texts. Raw keeps the server's bytes, for JSON
// output only.
type Account struct {
	// AccountID is a UUID, or empty when the server's account_id is not one:
	// the account is then marked with InvalidID, and nothing that needs an
	// id (a copy, a lookup, an admin action) can use it.
	AccountID string `json:"account_id"`
	// InvalidID is the server's account_id, cleaned and bounded, when it is
	// not a UUID; empty otherwise.
	InvalidID string `json:"-"`
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
	if err := unmarshalExact(data, &decoded); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) {
			// Name the field as the server does, not by its path through decoded.
			typeErr.Field = strings.TrimPrefix(typeErr.Field, "accountFields.")
		}
		return err
	}
	a.EmailAddressVerified = decoded.Verified.value
	a.Raw = append(json.RawMessage(nil), data...)
	a.clean()
	return nil
}

// clean makes the account's texts its cleaned view (see Account).
func (a *Account) clean() {
	if !IsUUID(a.AccountID) {
		if a.AccountID != "" {
			a.InvalidID = clean.Bounded(a.AccountID, clean.IDLimit)
		}
		a.AccountID = ""
	}
	a.FirstName = clean.Bounded(a.FirstName, clean.NameLimit)
	a.LastName = clean.Bounded(a.LastName, clean.NameLimit)
	a.Username = boundedOrNil(a.Username, clean.NameLimit)
	a.EmailAddress = boundedOrNil(a.EmailAddress, clean.EmailLimit)
}

func boundedOrNil(s *string, limit int) *string {
	if s == nil {
		return nil
	}
	bounded := clean.Bounded(*s, limit)
	if bounded == *s {
		return s // already clean, as nearly every value is: no allocation
	}
	changed := bounded // allocated only here
	return &changed
}

// scrub removes the keys s knows from the account's texts.
func (a *Account) scrub(s *Scrubber) {
	a.InvalidID = s.Scrub(a.InvalidID)
	a.FirstName, a.LastName = s.Scrub(a.FirstName), s.Scrub(a.LastName)
	for _, text := range []*string{a.Username, a.EmailAddress} {
		if text != nil {
			*text = s.Scrub(*text)
		}
	}
}

// FullName is "First Last" with the blank parts left out.
func (a Account) FullName() string { return joinName(a.FirstName, a.LastName) }

func joinName(first, last string) string {
	switch {
	case first == "":
		return last
	case last == "":
		return first
	}
	return first + " " + last
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
	Query string `json:"query"`
	// Limit is the most accounts wanted; 0 leaves the server's default
	// (DefaultSearchLimit). The server cuts it (see EffectiveLimit).
	Limit     int  `json:"limit,omitempty"`
	Admin     bool `json:"admin,omitempty"`
	OnlyEmail bool `json:"only_email,omitempty"`
}

// Limits of system.userSearch, as the server applies them, and of CoCalc's
// own admin page.
const (
	// DefaultSearchLimit is the limit of a search that sends none.
	DefaultSearchLimit = 20
	// MaxUserSearchLimit is the most a search without "admin": true gets,
	// whoever asks: the server cuts a higher limit to it.
	MaxUserSearchLimit = 50
	// MaxAdminSearchLimit is the most an admin search gets.
	MaxAdminSearchLimit = 2500
	// AdminPageSearchLimit is the limit CoCalc's admin page starts with.
	AdminPageSearchLimit = 25
)

// SearchLimitSteps are the limits a person steps through, from the first
// (the admin page's for an admin search, the server's default otherwise) to
// the most the server gives.
func SearchLimitSteps(admin bool) []int {
	if admin {
		return []int{AdminPageSearchLimit, 50, 100, 250, 500, 1000, MaxAdminSearchLimit}
	}
	return []int{DefaultSearchLimit, MaxUserSearchLimit}
}

// EffectiveLimit is the most accounts the server answers these parameters
// with: the limit asked for (DefaultSearchLimit when none), cut to
// MaxUserSearchLimit, or MaxAdminSearchLimit for an admin search. (A
// non-admin query of several email addresses answers every account with
// one of them, beyond the limit; see hub/doc.go.)
func (p SearchParams) EffectiveLimit() int {
	switch {
	case p.Limit == 0:
		return DefaultSearchLimit
	case p.Limit < 0:
		return 0
	case p.Admin:
		return min(p.Limit, MaxAdminSearchLimit)
	}
	return min(p.Limit, MaxUserSearchLimit)
}

// SearchResult is system.userSearch's answer: the accounts (their cleaned
// view, see Account) and the server's bytes.
type SearchResult struct {
	Accounts []Account
	// Limit is the most accounts the server answers the search with (see
	// SearchParams.EffectiveLimit).
	Limit int
	Answer
}

// ReachedLimit reports whether the answer holds as many accounts as the
// server gives for the search: there may be more that it left out.
func (r SearchResult) ReachedLimit() bool { return r.Limit > 0 && len(r.Accounts) >= r.Limit }

// Names is system.getNames' answer for a list of ids, asked in one call or
// in batches (NamesBatchSize ids a call).
type Names struct {
	// ByID holds every id asked for, as the caller spelled it (see
	// Client.GetNames), and every other id of the answers that is a UUID.
	ByID map[string]DisplayName
	// Answer's Raw is the server's object; for several batches, one object
	// of the members of every answer, in the order of the batches, each
	// name once. Its RoundTrip adds up the batches'.
	Answer
}
