package hub

import (
	"encoding/csv"
	"io"
	"strconv"
	"unicode"

	"cocalc-tui/hub/clean"
)

// AccountCSVHeader names the columns of Account.CSVRecord by the server's
// field names, so a script reading CSV and one reading JSON use the same words.
var AccountCSVHeader = []string{"account_id", "first_name", "last_name", "name", "email_address",
	"last_active", "created", "banned", "email_address_verified"}

// CSVRecord is the account as one CSV row of its cleaned view (see Account;
// an id that is not a UUID is an empty cell), each text passed through
// CSVCell: times in RFC 3339 (UTC, with milliseconds when there are any),
// booleans as true/false, and an empty cell for null or absent.
func (a Account) CSVRecord() []string {
	return []string{a.AccountID, CSVCell(a.FirstName), CSVCell(a.LastName), CSVCell(stringOrEmpty(a.Username)),
		CSVCell(stringOrEmpty(a.EmailAddress)), a.LastActive.RFC3339(), a.Created.RFC3339(),
		boolOrEmpty(a.Banned), boolOrEmpty(a.EmailAddressVerified)}
}

// CSVCell makes a text a CSV cell: cleaned (clean.Line: one line, escape
// sequences and controls made visible; nothing changes in the cleaned view's
// texts) and neutralised for spreadsheets. A cell whose first character that
// is not blank (white space such as TAB or NO-BREAK SPACE, or an invisible
// character) is =, +, - or @ is a formula to Excel, LibreOffice and Google
// Sheets, which run it (and can fetch URLs or start programs with it), so it
// gets a leading apostrophe, as OWASP's guidance on CSV injection says; the
// apostrophe shows the cell as text. The full-width, small, superscript and
// subscript forms of those four (＝, ＋, －, ＠, ﹦…) count too: Unicode's
// compatibility folding (NFKC), which a spreadsheet may apply, makes them
// the same characters.
func CSVCell(s string) string {
	s = clean.Line(s)
	for _, r := range s {
		if isBlank(r) {
			continue
		}
		if isFormulaStart(r) {
			return "'" + s
		}
		break
	}
	return s
}

// isFormulaStart tells =, +, - and @, and the characters NFKC folds into
// them.
func isFormulaStart(r rune) bool {
	switch r {
	case '=', '\u207C', '\u208C', '\uFE66', '\uFF1D', // = ⁼ ₌ ﹦ ＝
		'+', '\u207A', '\u208A', '\uFB29', '\uFE62', '\uFF0B', // + ⁺ ₊ ﬩ ﹢ ＋
		'-', '\uFE63', '\uFF0D', // - ﹣ －
		'@', '\uFE6B', '\uFF20': // @ ﹫ ＠
		return true
	}
	return false
}

// isBlank tells the characters a spreadsheet may skip before a formula:
// white space, and characters that show nothing.
func isBlank(r rune) bool {
	return unicode.IsSpace(r) || unicode.In(r, unicode.Zs, unicode.Cf,
		unicode.Other_Default_Ignorable_Code_Point, unicode.Variation_Selector)
}

// WriteCSV writes a header (if not nil) and records as RFC 4180 CSV, whose
// records end with CRLF. The cells must already be what CSVRecord and
// CSVCell make of the texts.
func WriteCSV(w io.Writer, header []string, records [][]string) error {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if header != nil {
		_ = cw.Write(header)
	}
	for _, record := range records {
		_ = cw.Write(record)
	}
	cw.Flush()
	return cw.Error()
}

func stringOrEmpty(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func boolOrEmpty(b *bool) string {
	if b == nil {
		return ""
	}
	return strconv.FormatBool(*b)
}
