package hub

import (
	"strconv"
	"time"
)

// AccountCSVHeader names the columns of Account.CSVRecord by the server's
// field names, so a script reading CSV and one reading JSON use the same words.
var AccountCSVHeader = []string{"account_id", "first_name", "last_name", "name", "email_address",
	"last_active", "created", "banned", "email_address_verified"}

// CSVRecord is the account as one CSV row of raw values: times in RFC 3339
// (UTC, with milliseconds when there are any), booleans as true/false, and an
// empty cell for null or absent. Values are not cleaned for a terminal.
func (a Account) CSVRecord() []string {
	return []string{a.AccountID, a.FirstName, a.LastName, stringOrEmpty(a.Username), stringOrEmpty(a.EmailAddress),
		millisOrEmpty(a.LastActive), millisOrEmpty(a.Created), boolOrEmpty(a.Banned), boolOrEmpty(a.EmailAddressVerified)}
}

func stringOrEmpty(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func millisOrEmpty(ms *Millis) string {
	if ms == nil {
		return ""
	}
	return ms.Time().UTC().Format(time.RFC3339Nano)
}

func boolOrEmpty(b *bool) string {
	if b == nil {
		return ""
	}
	return strconv.FormatBool(*b)
}
