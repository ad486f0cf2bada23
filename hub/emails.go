package hub

import (
	"context"
	"strings"
)

// Rosters: many email addresses looked up in few userSearch calls. The
// server answers a query of several addresses with every account that has
// one of them (doc.go, "Several email addresses in one search"); this file
// cuts addresses into such queries and gives each address its share of the
// answer.

// Limits of one call of SearchEmails.
const (
	// EmailBatchSize is the most addresses one call asks for: its answer,
	// about 300 bytes an account, stays well under a megabyte.
	EmailBatchSize = 1000
	// EmailBatchBytes bounds the query of one call: requests of a few tens
	// of KB are known to be fine, and the server refuses bodies over 1 MB.
	// 1,000 addresses of 45 characters fit.
	EmailBatchBytes = 48 << 10
	// maxPlainEmailBytes is the longest address batched (RFC 5321's limit
	// of a path, and the most clean.EmailLimit shows in full anyway).
	maxPlainEmailBytes = 254
)

// IsPlainEmailAddress reports whether s is an address that a search for s
// alone and a search for several addresses treat the same way, so that it
// can be batched: ASCII, a dot-atom before and after a single "@" (letters,
// digits and !#$%&'*+-/=?^_`{|}~ in dot-separated runs), at most 254 bytes.
//
// Why so strict: the server takes a query as one address only if all of it
// is an RFC 822 address, but in a query of several it splits pieces on
// commas, semicolons and white space (Unicode's, as JavaScript does) and
// lower-cases them with JavaScript's rules. A quoted local part ("a,b"@x),
// a domain literal, a non-ASCII letter or space would be read differently
// in the two forms; such lines are searched one by one instead.
func IsPlainEmailAddress(s string) bool {
	if len(s) > maxPlainEmailBytes {
		return false
	}
	local, domain, found := strings.Cut(s, "@")
	return found && isDotAtom(local) && isDotAtom(domain)
}

// isDotAtom reports whether s is atoms of RFC 822 (ASCII only) joined by
// single dots.
func isDotAtom(s string) bool {
	if s == "" || s[0] == '.' || s[len(s)-1] == '.' || strings.Contains(s, "..") {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c != '.' && !isAtomByte(c) {
			return false
		}
	}
	return true
}

// isAtomByte is an ASCII character of an RFC 822 atom: printable, and not
// a space nor one of the specials ()<>@,;:\".[]
func isAtomByte(c byte) bool {
	return c > ' ' && c < 0x7f && !strings.ContainsRune(`()<>@,;:\".[]`, rune(c))
}

// EmailBatch is the addresses of one SearchEmails call: plain addresses
// (IsPlainEmailAddress), each once whatever its case, at most
// EmailBatchSize of them in a query of at most EmailBatchBytes. The zero
// value is an empty batch.
type EmailBatch struct {
	addresses []string // lower-cased, in the order added
	has       map[string]bool
	bytes     int // of the query
}

// Add puts address in the batch and reports whether it is there: false,
// adding nothing, when it is not a plain address or the batch is full. An
// address the batch already has (in any case) takes no room.
func (b *EmailBatch) Add(address string) bool {
	if !IsPlainEmailAddress(address) {
		return false
	}
	key := strings.ToLower(address) // ASCII: the server's lower-casing too
	if b.has[key] {
		return true
	}
	size := len(key)
	if len(b.addresses) > 0 {
		size++ // the newline before it
	}
	if len(b.addresses) >= EmailBatchSize || b.bytes+size > EmailBatchBytes {
		return false
	}
	if b.has == nil {
		b.has = map[string]bool{}
	}
	b.has[key] = true
	b.addresses = append(b.addresses, key)
	b.bytes += size
	return true
}

// Has reports whether the batch holds address, in any case.
func (b *EmailBatch) Has(address string) bool { return b.has[strings.ToLower(address)] }

// Len is the number of distinct addresses in the batch.
func (b *EmailBatch) Len() int { return len(b.addresses) }

// Split cuts the batch in two halves, in the order the addresses were
// added: how a failed call is narrowed down to the address it failed on.
func (b *EmailBatch) Split() (first, second *EmailBatch) {
	first, second = &EmailBatch{}, &EmailBatch{}
	for i, address := range b.addresses {
		if i < len(b.addresses)/2 {
			first.Add(address)
		} else {
			second.Add(address)
		}
	}
	return first, second
}

// query is the batch as the query of one search: an address a line.
func (b *EmailBatch) query() string { return strings.Join(b.addresses, "\n") }

// SearchEmails looks up the accounts of every address of batch in one
// system.userSearch call (none for an empty batch) and tells each address
// its accounts (EmailResults.For), compared by exact, case-insensitive
// equality with the email_address the server sent.
//
// The query is the addresses, one a line; params gives the limit (which
// the server does not apply to the accounts of several addresses, but a
// limit of 0 or less would find nothing, see SearchParams.EffectiveLimit:
// leave it 0 for the server's default); OnlyEmail is sent true (there is no
// name to search), and Admin must be false: an admin search makes each
// address a substring term of a name search (bob@x.org also finds
// bob@x.org.uk), one LIKE test per address on every account, at most the
// admin limit of them. Such a search is refused (KindInvalidArgument)
// before anything is sent; search those addresses one by one.
//
// The answer for each address is what a search for that address alone
// answers, byte for byte (the same row of each account), except that a
// search of several addresses leaves deleted accounts out, where a search
// of one address finds them; a batch of one address is that search. The
// client's key in an address is refused as UserSearch refuses it.
func (c *Client) SearchEmails(ctx context.Context, batch *EmailBatch, params SearchParams) (EmailResults, error) {
	if params.Admin {
		return EmailResults{}, c.finishError(&Error{Kind: KindInvalidArgument, Call: FuncUserSearch,
			Message: "an admin search takes each address of a list as a substring; search them one by one"})
	}
	results := EmailResults{byAddress: map[string][]Account{}, limit: params.EffectiveLimit()}
	if batch.Len() == 0 {
		return results, nil
	}
	params.Query, params.OnlyEmail = batch.query(), true
	found, err := c.UserSearch(ctx, params)
	if err != nil {
		return EmailResults{}, err
	}
	results.Answer = found.Answer
	for _, account := range found.Accounts {
		key := strings.ToLower(sentEmail(account))
		if batch.has[key] {
			results.byAddress[key] = append(results.byAddress[key], account)
		}
	}
	return results, nil
}

// sentEmail is the email_address of an account as the server sent it
// (before cleaning, which could make two addresses equal), or "".
func sentEmail(a Account) string {
	var row struct {
		EmailAddress *string `json:"email_address"`
	}
	if unmarshalExact(a.Raw, &row) != nil || row.EmailAddress == nil {
		return ""
	}
	if !IsPlainEmailAddress(*row.EmailAddress) {
		return "" // never equal to a batched address (and ToLower is ASCII's)
	}
	return *row.EmailAddress
}

// EmailResults is the answer to one SearchEmails call.
type EmailResults struct {
	byAddress map[string][]Account // by lower-cased address
	limit     int
	// Answer is the answer to the whole call: the server's list of every
	// account found, and the call's round trip.
	Answer
}

// For is the answer for one address of the batch as a search for it alone
// would give it: its accounts (none for an unknown address), the limit the
// server applies, and an Answer whose Raw is a list of the rows the server
// sent for those accounts, byte for byte, and whose RoundTrip is the
// call's.
func (r EmailResults) For(address string) SearchResult {
	accounts := r.byAddress[strings.ToLower(address)]
	raw := []byte{'['}
	for i, a := range accounts {
		if i > 0 {
			raw = append(raw, ',')
		}
		raw = append(raw, a.Raw...)
	}
	raw = append(raw, ']')
	return SearchResult{Accounts: append([]Account{}, accounts...), Limit: r.limit,
		Answer: Answer{Raw: raw, RoundTrip: r.RoundTrip}}
}
