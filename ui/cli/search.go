package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"cocalc-tui/hub"
	"cocalc-tui/hub/clean"
	"cocalc-tui/hub/jsonobject"
	"cocalc-tui/ui/humanize"
)

// newSearchCommand is `cocalc-tui search`.
func (inv *invocation) newSearchCommand() *cobra.Command {
	c := &cobra.Command{
		Use:   "search {QUERY... | -}",
		Short: "search users by name, @username, email address or account id",
		Long: `Searches accounts (system.userSearch). Several QUERY arguments are joined with
commas into one query, and the server answers accounts matching any piece;
within a piece every word must match; % and _ are wildcards. A piece with an
email address is an exact email lookup (the email is shown to anyone).

"-" reads queries from standard input, one per line: bulk lookups of rosters.
Lines that are one email address are looked up together, up to 1000 in one
request, each account given to the line of its address; other lines are
searched one by one, --parallel at a time. The output keeps the order of the
lines. With --json it is JSON Lines, one {"query": ..., "result": [...]} or
{"query": ..., "error": "..."} per query; with --csv (or piped) one table
whose first column is the query, where a query no account matches is a row
of the query and empty fields. A query that fails is reported on stderr (and
on its line on a terminal and in JSON; it has no row in CSV or piped) and
the others go on; the exit code is the worst seen; a rejected key or an
unreachable server stops the run. On a terminal, stderr shows the progress of
a long run.

A search of several addresses finds no deleted account, where a search of one
address does: --per-line searches each line on its own, as before. --admin
searches each line on its own too: an admin search would take every address
of a roster as a substring to look for in every account (bob@x.org would
also find bob@x.org.uk), a scan the size of the server's whole account table
per address, and a roster without --admin lacks "banned".

Output on a terminal: columns NAME, USERNAME, EMAIL (when any account has
one), LAST ACTIVE, CREATED, ACCOUNT ID, and BANNED with --admin. Piped: the
same columns, every time, separated by tabs, times in RFC 3339 (UTC), no
header. --json prints the server's answer, --csv the cleaned values with
formulas neutralised. When the answer holds as many accounts as the limit,
stderr says there may be more.`,
		Example: `  cocalc-tui search alice bob@example.com      alice OR bob@example.com
  cocalc-tui search "ada lovelace"             both words in one name
  cocalc-tui search sm_th -L 50                _ is any one character
  cocalc-tui search a --admin --limit 2500 --json --jq '.[] | select(.banned) | .email_address'
  cocalc-tui search - --csv < emails.txt > accounts.csv
  cocalc-tui search - --per-line --json < emails.txt    deleted accounts too`,
	}
	fs := c.Flags()
	addConnectionFlags(fs, inv.opts)
	addLimitFlag(fs, inv.opts, "at most `N` accounts (server default 20; a search without --admin gets at most 50, an "+
		"admin search 2500)")
	fs.BoolVar(&inv.opts.admin, "admin", false, "admin search: emails, banned accounts, substring email matches "+
		"(needs an admin's key; exit code 3 otherwise)")
	fs.BoolVar(&inv.opts.onlyEmail, "only-email", false, "search email addresses only")
	addJSONFlags(fs, inv.opts, "the server's answer (JSON Lines for search -)")
	addCSVFlag(fs, inv.opts)
	addParallelFlag(fs, inv.opts, "with -: at most `N` requests in flight at once (1: one after the other)")
	fs.BoolVar(&inv.opts.perLine, "per-line", false, "with -: search each line on its own, email addresses too "+
		"(slower; a lone address also finds a deleted account)")
	return inv.wire(c, func(args []string) error {
		if err := checkSearchArgs(args); err != nil {
			return err
		}
		if args[0] != "-" && (fs.Changed("parallel") || inv.opts.perLine) {
			return usageError{"--parallel and --per-line are for search - (queries from standard input)"}
		}
		return nil
	}, runSearch)
}

func checkSearchArgs(args []string) error {
	for _, arg := range args {
		if hub.NewScrubber().Contains(arg) {
			return usageError{"a query looks like an API key, so it was not sent; the key goes in " + envAPIKey +
				" or a profile, never on the command line"}
		}
	}
	switch {
	case len(args) == 0:
		return usageError{"search needs a query (or - to read queries from standard input)"}
	case len(args) > 1 && slices.Contains(args, "-"):
		return usageError{`"-" reads every query from standard input; give it alone`}
	case len(args) == 1 && args[0] != "-" && strings.TrimSpace(args[0]) == "":
		return usageError{"the query is empty"}
	}
	return nil
}

func (inv *invocation) searchParams(query string) hub.SearchParams {
	return hub.SearchParams{Query: query, Limit: inv.opts.limit, Admin: inv.opts.admin, OnlyEmail: inv.opts.onlyEmail}
}

func runSearch(ctx context.Context, inv *invocation) int {
	conn, code := inv.connect(ctx)
	if conn == nil {
		return code
	}
	defer conn.stop()
	inv.noteLimitCut()
	if inv.args[0] == "-" {
		return inv.searchBulk(ctx, conn)
	}
	query := strings.Join(inv.args, ",")
	result, err := conn.client.UserSearch(ctx, inv.searchParams(query))
	accounts := result.Accounts
	inv.log.Info("search", "query", query, "accounts", len(accounts), "error", errText(err, conn))
	if err != nil {
		return inv.failure(ctx, fmt.Sprintf("search for %q failed", query), err, conn)
	}
	inv.noteLimitReached(result, "")
	switch {
	case inv.opts.json:
		return inv.emitJSON(ctx, result.Raw, nil, conn)
	case inv.opts.csv:
		return inv.writeCSV(accounts, "", true, conn)
	}
	if len(accounts) == 0 {
		inv.errorf("no accounts match %q", query)
		return exitOK
	}
	return inv.writeAccounts(accounts, "", conn)
}

// noteLimitCut says on stderr when the server will cut the limit asked
// for: a search without --admin gets at most 50 accounts, whoever asks.
func (inv *invocation) noteLimitCut() {
	params := inv.searchParams("")
	if limit := params.EffectiveLimit(); params.Limit > limit {
		inv.errorf("note: --limit %d is more than a search without --admin gets: the server cuts it to %d",
			params.Limit, limit)
	}
}

// noteLimitReached says on stderr when an answer holds as many accounts as
// the server gives for the search: there may be more, which it left out
// (it has no paging). prefix names the query in a bulk run.
func (inv *invocation) noteLimitReached(result hub.SearchResult, prefix string) {
	if !result.ReachedLimit() {
		return
	}
	advice := fmt.Sprintf("raise --limit, up to %d", hub.MaxUserSearchLimit)
	switch {
	case inv.opts.admin && result.Limit >= hub.MaxAdminSearchLimit:
		advice = fmt.Sprintf("an admin search gets at most %d: narrow the query", hub.MaxAdminSearchLimit)
	case inv.opts.admin:
		advice = fmt.Sprintf("raise --limit, up to %d", hub.MaxAdminSearchLimit)
	case result.Limit >= hub.MaxUserSearchLimit:
		advice = fmt.Sprintf("a search without --admin gets at most %d: narrow the query, or use --admin with an "+
			"admin's key", hub.MaxUserSearchLimit)
	}
	inv.errorf("note: %s%d accounts, as many as the limit: there may be more (%s)", prefix, len(result.Accounts), advice)
}

// errText is an error for the debug log ("" for none), without the key.
func errText(err error, conn *connection) string {
	if err == nil {
		return ""
	}
	return conn.scrub(err.Error())
}

// writeAccounts prints accounts for people and for cut and awk: on a
// terminal, aligned columns with relative times; piped, tab-separated
// values (see accountTSV), the query first in a bulk run, where a query no
// account matches is a line of the query and empty fields.
func (inv *invocation) writeAccounts(accounts []hub.Account, query string, conn *connection) int {
	if inv.env.StdoutIsTerminal {
		return inv.writeTable(accountTable(accounts, inv.opts.admin, inv.env.Now()), conn)
	}
	bulk := inv.args[0] == "-"
	rows := make([][]string, len(accounts))
	for i, a := range accounts {
		rows[i] = accountTSV(a, inv.opts.admin)
	}
	if bulk && len(accounts) == 0 { // the line keeps its row: no account has that address
		rows = [][]string{make([]string, len(accountTSV(hub.Account{}, inv.opts.admin)))}
	}
	if bulk {
		for i := range rows {
			rows[i] = append([]string{clean.Line(query)}, rows[i]...)
		}
	}
	return inv.writeTSV(rows, conn)
}

// accountTSV is an account as a line of tab-separated values, as gh prints
// tables to a pipe: the table's columns, always all of them, in its order
// (name, username, email, last active, created, account id, and banned in
// an admin search: true or false), times in RFC 3339 (UTC), empty for
// null. The values are the cleaned view (no tab, no line break).
func accountTSV(a hub.Account, admin bool) []string {
	row := []string{a.FullName(), deref(a.Username), deref(a.EmailAddress), a.LastActive.RFC3339(),
		a.Created.RFC3339(), a.AccountID}
	if admin {
		row = append(row, strconv.FormatBool(a.IsBanned())) // null: never banned
	}
	return row
}

// writeTSV prints rows of tab-separated values, scrubbed of the key last.
func (inv *invocation) writeTSV(rows [][]string, conn *connection) int {
	var b strings.Builder
	for _, row := range rows {
		b.WriteString(strings.Join(row, "\t"))
		b.WriteByte('\n')
	}
	if _, err := io.WriteString(inv.stdout(), conn.scrub(b.String())); err != nil {
		inv.errorf("cannot write the output: %s", err)
		return exitFailure
	}
	return exitOK
}

// writeTable prints a table, fitted to the terminal's width when stdout is
// a terminal and whole otherwise, scrubbed of the key last.
func (inv *invocation) writeTable(t *table, conn *connection) int {
	width := 0
	if inv.env.StdoutIsTerminal {
		width = inv.env.TerminalWidth
	}
	var buf bytes.Buffer
	_ = t.render(&buf, width)
	if _, err := io.WriteString(inv.stdout(), conn.scrub(buf.String())); err != nil {
		inv.errorf("cannot write the output: %s", err)
		return exitFailure
	}
	return exitOK
}

// accountTable lays accounts out in columns, every server string sanitized.
// EMAIL appears only when some account has one; BANNED only in admin mode,
// the only mode in which the server tells.
func accountTable(accounts []hub.Account, admin bool, now time.Time) *table {
	showEmail := false
	for _, a := range accounts {
		showEmail = showEmail || (a.EmailAddress != nil && *a.EmailAddress != "")
	}
	// On a narrow terminal, USERNAME (most accounts have none) goes first,
	// then CREATED, then LAST ACTIVE; names, emails and ids only shrink.
	t := &table{columns: []column{{header: "NAME", shrinkRank: 1}, {header: "USERNAME", shrinkRank: 1, dropRank: 3}}}
	if showEmail {
		t.columns = append(t.columns, column{header: "EMAIL", shrinkRank: 1})
	}
	t.columns = append(t.columns, column{header: "LAST ACTIVE", dropRank: 1}, column{header: "CREATED", dropRank: 2},
		column{header: "ACCOUNT ID", shrinkRank: 2})
	if admin {
		t.columns = append(t.columns, column{header: "BANNED"})
	}
	for _, a := range accounts {
		row := []string{cleanCell(a.FullName()), cleanCell(username(a))}
		if showEmail {
			row = append(row, cleanCell(deref(a.EmailAddress)))
		}
		row = append(row, humanize.MillisAgo(a.LastActive, now, "never"), humanize.MillisAgo(a.Created, now, "-"),
			accountIDCell(a))
		if admin {
			row = append(row, bannedMarker(a))
		}
		t.add(row...)
	}
	return t
}

// accountIDCell is the account's id, or the server's value marked as not
// being one.
func accountIDCell(a hub.Account) string {
	if a.AccountID == "" && a.InvalidID != "" {
		return "(not a UUID: " + a.InvalidID + ")"
	}
	return cleanCell(a.AccountID)
}

func username(a hub.Account) string {
	if a.Username == nil || *a.Username == "" {
		return ""
	}
	return "@" + *a.Username
}

func bannedMarker(a hub.Account) string {
	if a.IsBanned() {
		return "BANNED"
	}
	return ""
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// writeCSV prints accounts as CSV (see writeCSVRecords). In bulk mode the
// query is the first column, and a query no account matches is one record
// of the query and empty cells (an empty query, for the header alone of an
// input without queries, is no record).
func (inv *invocation) writeCSV(accounts []hub.Account, query string, header bool, conn *connection) int {
	bulk := inv.args[0] == "-"
	var head []string
	if header {
		head = hub.AccountCSVHeader
		if bulk {
			head = append([]string{"query"}, hub.AccountCSVHeader...)
		}
	}
	records := make([][]string, len(accounts))
	for i, a := range accounts {
		records[i] = a.CSVRecord()
	}
	if bulk && len(accounts) == 0 && query != "" { // the line keeps its record: no account has that address
		records = [][]string{make([]string, len(hub.AccountCSVHeader))}
	}
	if bulk {
		for i := range records {
			records[i] = append([]string{hub.CSVCell(query)}, records[i]...)
		}
	}
	return inv.writeCSVRecords(head, records, conn)
}

// writeCSVRecords prints a table as hub.WriteCSV does (RFC 4180, CRLF, the
// cleaned values with formulas neutralised; the header line only if header
// is not nil), scrubbed of the key last.
func (inv *invocation) writeCSVRecords(header []string, records [][]string, conn *connection) int {
	var buf bytes.Buffer
	_ = hub.WriteCSV(&buf, header, records)
	if _, err := io.WriteString(inv.stdout(), conn.scrub(buf.String())); err != nil {
		inv.errorf("cannot write the output: %s", err)
		return exitFailure
	}
	return exitOK
}

func mustJSON(v any) []byte {
	data, _ := json.Marshal(v)
	return data
}

// stopsBulk tells the errors that say nothing about the query, only about
// the key or the server: they would fail every remaining query alike. A
// timeout of the server's own (408) may be the query's fault, and does not
// stop the run; no answer at all within the time limit does: the server is
// down or unreachable, and every query would wait as long in vain.
func stopsBulk(err error) bool {
	switch hub.KindOf(err) {
	case hub.KindNoKey, hub.KindKeyRejected, hub.KindNotAdmin, hub.KindTransport, hub.KindHTTPStatus,
		hub.KindRedirect, hub.KindBadResponse, hub.KindTooLarge, hub.KindUnknownFunction, hub.KindCanceled:
		return true
	case hub.KindTimeout:
		return errors.Is(err, context.DeadlineExceeded)
	}
	return false
}

// writeHeading introduces one query's table in bulk human output; count < 0
// means the query failed (the error is on stderr).
func (inv *invocation) writeHeading(query string, count int, first bool) {
	if !first {
		fmt.Fprintln(inv.stdout())
	}
	what := "failed"
	switch {
	case count == 0:
		what = "no accounts match"
	case count == 1:
		what = "1 account"
	case count > 1:
		what = fmt.Sprintf("%d accounts", count)
	}
	fmt.Fprintf(inv.stdout(), "== %s: %s\n", secrets.Scrub(clean.Line(query)), what)
}

// writeJSONLine prints {"query": ..., <key>: <value>} on one line (JSON
// Lines), query first so that a reader sees at once which query it answers,
// made safe by clean.JSON like all JSON output.
func (inv *invocation) writeJSONLine(ctx context.Context, query, key string, value []byte, conn *connection) int {
	record := &jsonobject.Object{}
	record.Set("query", mustJSON(query))
	record.Set(key, value)
	line, _ := record.MarshalJSON()
	return inv.outputFailure(inv.writeDocument(ctx, inv.stdout(), line, false, conn.scrub))
}
