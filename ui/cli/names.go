package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"cocalc-tui/hub"
	"cocalc-tui/hub/clean"
)

// newNamesCommand is `cocalc-tui names`.
func (inv *invocation) newNamesCommand() *cobra.Command {
	c := &cobra.Command{
		Use:   "names {ID... | -}",
		Short: "display names of accounts",
		Long: `Looks up the display names of account ids (system.getNames), at most 1000 a
call, --parallel calls at once; the output follows the order of the ids, each
once, and is written as the answers come. "-" reads ids from standard input,
one per line. Ids that are not UUIDs are reported before anything is sent.
Unknown and deleted accounts are named "Deleted User". On a terminal, stderr
shows the progress of a long run.

Output on a terminal: columns ACCOUNT ID and NAME, in the order given; piped,
the same separated by a tab. --json prints the server's answer (an object
keyed by account id, the members of several calls in one object); --csv
account_id,first_name,last_name.`,
		Example: `  cocalc-tui names 3f2a1c9e-0b4d-4c8e-9a7f-1d2e3f4a5b6c
  cut -f6 accounts.tsv | cocalc-tui names - --json`,
	}
	fs := c.Flags()
	addConnectionFlags(fs, inv.opts)
	addJSONFlags(fs, inv.opts, "the server's answer, an object keyed by account id")
	addCSVFlag(fs, inv.opts)
	addParallelFlag(fs, inv.opts, "at most `N` calls of 1000 ids in flight at once")
	return inv.wire(c, checkNamesArgs, runNames)
}

func checkNamesArgs(args []string) error {
	if len(args) == 0 {
		return usageError{"names needs account ids (or - to read them from standard input)"}
	}
	dashes := 0
	for _, a := range args {
		if a == "-" {
			dashes++
		}
	}
	if dashes > 1 {
		return usageError{`"-" may be given only once`}
	}
	return nil
}

func runNames(ctx context.Context, inv *invocation) int {
	ids, err := inv.collectIDs(ctx)
	var signal *interruption
	if errors.As(err, &signal) {
		inv.errorf("names stopped while reading ids from standard input: %s (run it again to finish)", signal)
		return signal.code
	}
	if err != nil {
		return inv.usageFailure(err)
	}
	conn, code := inv.connect(ctx)
	if conn == nil {
		return code
	}
	defer conn.stop()
	return inv.lookupNames(ctx, conn, ids)
}

// collectIDs gathers the ids from the arguments and, for "-", from standard
// input. Ids are lower-cased: UUIDs are case-insensitive, and the server
// would answer an upper-case id with a "Deleted User" entry of its own. Bad
// ids are reported, all of them by name, before anything is sent.
func (inv *invocation) collectIDs(ctx context.Context) ([]string, error) {
	var ids []string
	var bad badIDs
	seen := map[string]bool{}
	addID := func(id string) {
		id = strings.TrimSpace(id)
		if id == "" {
			return
		}
		if !hub.IsUUID(id) {
			bad.add(id)
			return
		}
		if id = strings.ToLower(id); !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	for _, arg := range inv.args {
		if arg != "-" {
			addID(arg)
			continue
		}
		lines, readErr := readLines(ctx, inv.env.Stdin, maxIDLine)
		for more := true; more; {
			var line inputLine
			select {
			case line, more = <-lines:
				switch {
				case line.tooLong:
					bad.addTooLong(line, maxIDLine)
				case more:
					addID(line.text)
				}
			case <-ctx.Done():
				if signal, ok := interruptionOf(ctx); ok {
					return nil, signal
				}
				return nil, ctx.Err()
			}
		}
		if *readErr != nil {
			return nil, usageError{"cannot read ids from standard input (one id per line): " + clean.Line((*readErr).Error())}
		}
	}
	switch {
	case bad.count == 1:
		return nil, usageError{bad.shown[0] + " is not an account id (a UUID such as 3f2a1c9e-0b4d-4c8e-9a7f-1d2e3f4a5b6c)"}
	case bad.count > 1:
		return nil, usageError{fmt.Sprintf("%d of the ids are not account ids (UUIDs): %s", bad.count, bad)}
	}
	return ids, nil
}

// badIDs are the ids that are not UUIDs: counted, and the first few kept
// to show, each cut short, so that a file of 100,000 wrong lines makes a
// line of error, not a megabyte.
type badIDs struct {
	count int
	shown []string
}

const (
	maxBadIDsShown  = 5
	maxBadIDShownAs = 40 // characters: a UUID and a little more
)

func (b *badIDs) add(id string) {
	if b.count++; len(b.shown) >= maxBadIDsShown {
		return
	}
	shown := fmt.Sprintf("%q", clean.Bounded(id, maxBadIDShownAs))
	if length := utf8.RuneCountInString(id); length > maxBadIDShownAs {
		shown += fmt.Sprintf(" (%d characters)", length)
	}
	b.shown = append(b.shown, shown)
}

// addTooLong counts a line of input too long to be an id (or to be kept).
func (b *badIDs) addTooLong(line inputLine, maxLine int) {
	if b.count++; len(b.shown) >= maxBadIDsShown {
		return
	}
	b.shown = append(b.shown, fmt.Sprintf("%q (a line of %d bytes, over the %s a line may have)",
		clean.Bounded(line.text, maxBadIDShownAs)+"…", line.length, byteSize(maxLine)))
}

// maxIDLine is the longest line of ids standard input may have, in bytes:
// an id is 36, and a longer line is reported without being kept.
const maxIDLine = 64 << 10

// String lists the ids shown, and how many more there are.
func (b badIDs) String() string {
	list := strings.Join(b.shown, ", ")
	if more := b.count - len(b.shown); more > 0 {
		list += fmt.Sprintf(" and %d more", more)
	}
	return list
}

// writeNamesTable prints the names in the order of the ids: on a terminal
// aligned, marking the unknown, with the header only when header is set;
// piped, the id and the name separated by a tab (the server's "Deleted
// User" for the unknown, nothing for an id the answer left out).
func (inv *invocation) writeNamesTable(ids []string, names map[string]hub.DisplayName, header bool, conn *connection) int {
	if !inv.env.StdoutIsTerminal {
		rows := make([][]string, len(ids))
		for i, id := range ids {
			rows[i] = []string{id, names[id].FullName()}
		}
		return inv.writeTSV(rows, conn)
	}
	// The id column is a UUID's width in every batch and NAME the last
	// column: tables of several batches line up as one table would.
	t := &table{columns: []column{{header: "ACCOUNT ID", shrinkRank: 2}, {header: "NAME", shrinkRank: 1}},
		headless: !header}
	for _, id := range ids {
		name, ok := names[id]
		shown := cleanCell(name.FullName())
		switch {
		case !ok:
			shown = "(missing from the answer)"
		case name.IsDeleted():
			shown += " (unknown or deleted account)"
		}
		t.add(id, shown)
	}
	return inv.writeTable(t, conn)
}

// writeNamesCSV prints the names in the order of the ids as CSV, after the
// header line when header is set.
func (inv *invocation) writeNamesCSV(ids []string, names map[string]hub.DisplayName, header bool, conn *connection) int {
	records := make([][]string, len(ids))
	for i, id := range ids {
		records[i] = []string{id, hub.CSVCell(names[id].FirstName), hub.CSVCell(names[id].LastName)}
	}
	var head []string
	if header {
		head = []string{"account_id", "first_name", "last_name"}
	}
	return inv.writeCSVRecords(head, records, conn)
}
