package hubtest

import (
	"bytes"
	"encoding/json"
	"math"
	"regexp"
	"sort"
	"strings"
	"sync"
)

// Limits of system.userSearch (USER_SEARCH_LIMIT is hard-capped at 50 for
// non-admins; ADMIN_SEARCH_LIMIT).
const (
	defaultSearchLimit = 20
	userSearchLimit    = 50
	adminSearchLimit   = 2500
)

// userSearch is system.userSearch, following CoCalc's server code: the
// system.ts wrapper (admin check, cap at 50), then accounts/search.ts.
func (db *database) userSearch(caller *Account, opts map[string]any) (any, error) {
	admin := truthy(field(opts, "admin"))
	if admin && !caller.IsAdmin() {
		return nil, newError("Must be an admin to do admin search.")
	}
	limit := field(opts, "limit")
	if !admin && !isNullish(limit) && toNumber(limit) > userSearchLimit {
		limit = json.Number("50")
	}
	return db.search(field(opts, "query"), searchLimit(limit, admin), admin, truthy(field(opts, "only_email")))
}

// searchLimit is `Math.min(limit ?? 20, cap)`, NaN included.
func searchLimit(limit any, admin bool) float64 {
	n := float64(defaultSearchLimit)
	if !isNullish(limit) {
		n = toNumber(limit)
	}
	cap := float64(userSearchLimit)
	if admin {
		cap = adminSearchLimit
	}
	if math.IsNaN(n) {
		return n
	}
	return math.Min(n, cap)
}

// search is accounts/search.ts.
func (db *database) search(query any, limit float64, admin, onlyEmail bool) ([]object, error) {
	text, isString := query.(string)
	if isString && isValidUUID(text) {
		return db.searchByID(text, admin), nil
	}
	if isValidEmail(toString(query)) { // the regular expression's test coerces
		if !isString {
			return nil, newTypeError("email_address.toLowerCase is not a function")
		}
		return db.searchByEmail(text, admin), nil
	}
	if !isString {
		return []object{}, nil // parse_user_search ignores anything but a string
	}

	stringQueries, emailQueries := parseUserSearch(text)
	if admin {
		// Admins get substring matches on email addresses instead.
		for _, email := range emailQueries {
			stringQueries = append(stringQueries, []string{email})
		}
		emailQueries = nil
	}
	results := []object{}
	emailMatches := db.accountsWithEmails(emailQueries, limit)
	for _, a := range emailMatches {
		results = append(results, db.searchRow(a, admin, true))
	}
	if !onlyEmail {
		nameMatches, err := db.nameSearch(stringQueries, admin, limit-float64(len(emailMatches)))
		if err != nil {
			return nil, err
		}
		for _, a := range nameMatches {
			results = append(results, db.searchRow(a, admin, false))
		}
	}
	// An account found both ways is listed twice, as on the server.
	sort.SliceStable(results, func(i, j int) bool { return rowNewest(results[i]) > rowNewest(results[j]) })
	return results, nil
}

// searchByID answers a query that is one account_id: that account, even
// deleted or unlisted. For an admin, an id of no account is tried as a
// project id, answering the project's collaborators.
func (db *database) searchByID(id string, admin bool) []object {
	id = strings.ToLower(id)
	if a := db.account(id); a != nil {
		return []object{db.searchRow(a, admin, false)}
	}
	results := []object{}
	if admin {
		for _, a := range db.collaborators(id) {
			results = append(results, db.searchRow(a, admin, false))
		}
	}
	return results
}

// searchByEmail answers a query that is one email address: the account with
// exactly that address (case-insensitively), with its address shown to anyone.
func (db *database) searchByEmail(email string, admin bool) []object {
	if a := db.byEmail[strings.ToLower(email)]; a != nil {
		return []object{db.searchRow(a, admin, true)}
	}
	return []object{}
}

// accountsWithEmails is getUsersByEmailAddresses: exact matches, deleted
// accounts excluded, unlisted ones included (an exact address finds anyone).
func (db *database) accountsWithEmails(emails []string, limit float64) []*Account {
	if len(emails) == 0 || limit <= 0 {
		return nil
	}
	wanted := map[string]bool{}
	for _, e := range emails {
		wanted[e] = true
	}
	var matches []*Account
	for _, a := range db.accounts {
		if a.EmailAddress != nil && !a.Deleted && wanted[strings.ToLower(*a.EmailAddress)] {
			matches = append(matches, a)
		}
	}
	return matches
}

// nameSearch is getUsersByStringQueries: accounts not deleted (and, for
// non-admins, not unlisted) matching any of the queries, where a query
// matches when each of its terms is LIKE '%term%' one of the fields; the
// most recently active first (COALESCE(last_active, created) DESC NULLS
// LAST), at most limit.
func (db *database) nameSearch(queries [][]string, admin bool, limit float64) ([]*Account, error) {
	if limit <= 0 || len(queries) == 0 {
		return nil, nil
	}
	if limit != math.Trunc(limit) { // NaN too: LIMIT $n::INTEGER refuses it
		return nil, newPostgresError(`invalid input syntax for type integer: "` + formatNumber(limit) + `"`)
	}
	var matches []*Account
	for _, a := range db.accounts {
		if a.Deleted || (a.Unlisted && !admin) {
			continue
		}
		if matchesAnyQuery(a, queries, admin) {
			matches = append(matches, a)
		}
	}
	sort.SliceStable(matches, func(i, j int) bool { return activityBefore(matches[j], matches[i]) })
	if len(matches) > int(limit) {
		matches = matches[:int(limit)]
	}
	return matches, nil
}

// activityBefore orders by COALESCE(last_active, created), NULLs first (so
// that sorting descending puts them last).
func activityBefore(a, b *Account) bool {
	ta, tb := a.LastActive, b.LastActive
	if ta == nil {
		ta = a.Created
	}
	if tb == nil {
		tb = b.Created
	}
	switch {
	case ta == nil:
		return tb != nil
	case tb == nil:
		return false
	}
	return *ta < *tb
}

func matchesAnyQuery(a *Account, queries [][]string, admin bool) bool {
	fields := searchFields(a, admin)
	for _, terms := range queries {
		if matchesAllTerms(fields, terms) {
			return true
		}
	}
	return false
}

func matchesAllTerms(fields, terms []string) bool {
	for _, term := range terms {
		found := false
		for _, f := range fields {
			if likeContains(f, term) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// searchFields are the lower-cased texts a name search looks in; a NULL
// column matches nothing, so it is left out.
func searchFields(a *Account, admin bool) []string {
	var fields []string
	if a.FirstName != nil {
		fields = append(fields, strings.ToLower(*a.FirstName))
	}
	if a.LastName != nil {
		fields = append(fields, strings.ToLower(*a.LastName))
	}
	if a.Name != nil {
		fields = append(fields, "@"+strings.ToLower(*a.Name))
	}
	if admin && a.EmailAddress != nil {
		fields = append(fields, strings.ToLower(*a.EmailAddress))
	}
	return fields
}

// searchRow is an account as search returns it: the selected columns in
// their order, with email_address only for admins or an email search, banned
// only for admins, and email_address_verified made a bool (see verified).
func (db *database) searchRow(a *Account, admin, emailSearch bool) object {
	row := object{
		{"account_id", a.AccountID},
		{"first_name", stringOrNull(a.FirstName)},
		{"last_name", stringOrNull(a.LastName)},
		{"name", stringOrNull(a.Name)},
	}
	if admin || emailSearch {
		row = row.with("email_address", stringOrNull(a.EmailAddress))
	}
	row = row.with("last_active", millisOrNull(a.LastActive)).with("created", millisOrNull(a.Created))
	if admin {
		row = row.with("banned", boolOrNull(db.banned(a)))
	}
	return row.with("email_address_verified", verified(a))
}

// verified is how search's process() turns the stored map into
// email_address_verified: when the account has an address and the map is
// set, whether the map has an entry (not null) for that address; otherwise
// the column as it is, null, or, for an account whose address was removed
// while the map was not (deleted accounts), the map itself.
func verified(a *Account) any {
	if a.EmailAddressVerified == nil {
		return nil
	}
	if a.EmailAddress != nil && *a.EmailAddress != "" {
		at, ok := a.EmailAddressVerified[*a.EmailAddress]
		return ok && !bytes.Equal(bytes.TrimSpace(at), []byte("null"))
	}
	m := make(map[string]any, len(a.EmailAddressVerified))
	for k, v := range a.EmailAddressVerified {
		m[k] = v
	}
	return m
}

// rowNewest is max(last_active ?? 0, created ?? 0) of a result row.
func rowNewest(row object) int64 {
	var newest int64
	for _, m := range row {
		if t, ok := m.value.(int64); ok && (m.key == "last_active" || m.key == "created") {
			newest = max(newest, t)
		}
	}
	return newest
}

func stringOrNull(s *string) any {
	if s == nil {
		return nil
	}
	return *s
}

func millisOrNull(ms *int64) any {
	if ms == nil {
		return nil
	}
	return *ms
}

func boolOrNull(b *bool) any {
	if b == nil {
		return nil
	}
	return *b
}

// parseUserSearch is CoCalc's parse_user_search: the query is split on
// newlines, commas and semicolons; each piece is trimmed and lower-cased. A
// piece without "@", or starting with "@" (a username), is a list of terms
// split on white space; any other piece is scanned for email addresses, each
// word taken as one, or its <bracketed> part.
func parseUserSearch(query string) (stringQueries [][]string, emailQueries []string) {
	for _, line := range strings.Split(query, "\n") {
		for _, piece := range strings.FieldsFunc(line, func(r rune) bool { return r == ',' || r == ';' }) {
			x := strings.ToLower(jsTrim(piece))
			switch {
			case x == "":
			case !strings.Contains(x, "@") || strings.HasPrefix(x, "@"):
				stringQueries = append(stringQueries, jsFields(x))
			default:
				emailQueries = append(emailQueries, emailsIn(x)...)
			}
		}
	}
	return stringQueries, emailQueries
}

// The expressions are compiled on first use: compiled as the program starts,
// every command of cocalc-tui, which holds the fake hub, would wait for them.
var bracketed = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`<(.*)>`) })

func emailsIn(piece string) []string {
	var emails []string
	for _, word := range jsFields(piece) {
		if strings.HasPrefix(word, "<") {
			if m := bracketed().FindStringSubmatch(word); m != nil {
				word = m[1]
			}
		}
		if isValidEmail(word) {
			emails = append(emails, word)
		}
	}
	return emails
}

// validEmail is CoCalc's is_valid_email_address, an RFC 822 addr-spec
// expression (ranges are of UTF-16 code units there, of code points here;
// the two agree on these ranges).
var validEmail = sync.OnceValue(func() *regexp.Regexp {
	const (
		qtext         = `[^\x0d\x22\x5c\x80-\xff]`
		dtext         = `[^\x0d\x5b-\x5d\x80-\xff]`
		atom          = `[^\x00-\x20\x22\x28\x29\x2c\x2e\x3a-\x3c\x3e\x40\x5b-\x5d\x7f-\xff]+`
		quotedPair    = `\x5c[\x00-\x7f]`
		domainLiteral = `\x5b(?:` + dtext + `|` + quotedPair + `)*\x5d`
		quotedString  = `\x22(?:` + qtext + `|` + quotedPair + `)*\x22`
		subDomain     = `(?:` + atom + `|` + domainLiteral + `)`
		word          = `(?:` + atom + `|` + quotedString + `)`
		domain        = subDomain + `(?:\x2e` + subDomain + `)*`
		localPart     = word + `(?:\x2e` + word + `)*`
	)
	return regexp.MustCompile(`^` + localPart + `\x40` + domain + `$`)
})

func isValidEmail(s string) bool { return validEmail().MatchString(s) }
