package cli

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"cocalc-tui/hub"
	"cocalc-tui/hub/clean"
	"cocalc-tui/ui"
)

// banWords are how the ban and unban commands speak of what they do.
type banWords struct {
	command, verb, done, consequence string
	call                             func(*hub.Client, context.Context, string) (hub.Answer, error)
}

func banWordsOf(ban bool) banWords {
	if ban {
		return banWords{command: "ban", verb: "Ban", done: "banned",
			consequence: "A ban blocks sign-in and ends the account's sessions; its API keys stop working within " +
				"about a minute, and its pay-as-you-go purchases halt. unban lifts it.",
			call: (*hub.Client).Ban}
	}
	return banWords{command: "unban", verb: "Remove the ban of", done: "ban removed",
		consequence: "The account can sign in again, and its API keys work again.",
		call:        (*hub.Client).RemoveBan}
}

// newBanCommand is `cocalc-tui ban` (ban true) or `cocalc-tui unban`.
func (inv *invocation) newBanCommand(ban bool) *cobra.Command {
	words := banWordsOf(ban)
	c := &cobra.Command{
		Use:   words.command + " {ID... | -}",
		Short: map[bool]string{true: "ban accounts (admins)", false: "lift the ban of accounts (admins)"}[ban],
		Long: wrapWords(words.verb+" the accounts of the ids given (POST /api/v2/accounts/"+
			map[bool]string{true: "ban", false: "remove-ban"}[ban]+"), one after the other, with an admin's API key. "+
			words.consequence, 80) + `

On a terminal it names the accounts and asks first; without one (or with "-",
which reads the ids from standard input) it needs --yes. An id of no account is
accepted by the server as well. Searches may show the old state for about 15 s
(the server's cache). Read-only mode (--read-only, read_only in the profile)
refuses it.`,
		Example: fmt.Sprintf(`  cocalc-tui %[1]s c88bd598-f558-42b2-864c-b900a0a58d24
  cut -f6 spammers.tsv | cocalc-tui %[1]s - --yes`, words.command),
	}
	fs := c.Flags()
	addConnectionFlags(fs, inv.opts)
	fs.BoolVarP(&inv.opts.yes, "yes", "y", false, "do it without asking (needed without a terminal)")
	return inv.wire(c, checkNamesArgs, func(ctx context.Context, inv *invocation) int { return runBan(ctx, inv, words) })
}

func runBan(ctx context.Context, inv *invocation, words banWords) int {
	if inv.opts.readOnly {
		inv.errorf("%s: refused in read-only mode (--read-only): it is an admin action", words.command)
		return exitUsage
	}
	ids, err := inv.collectIDs(ctx)
	if signal, ok := interruptionOf(ctx); ok {
		inv.errorf("%s stopped while reading ids from standard input: %s", words.command, signal)
		return signal.code
	}
	if err != nil {
		return inv.usageFailure(err)
	}
	fromStdin := false
	for _, arg := range inv.args {
		fromStdin = fromStdin || arg == "-"
	}
	if !inv.opts.yes && (!inv.env.StdinIsTerminal || fromStdin) {
		inv.errorf("%s changes accounts: on a terminal it asks first; without one (or with -) give --yes", words.command)
		return exitUsage
	}
	conn, code := inv.connect(ctx)
	if conn == nil {
		return code
	}
	defer conn.stop()
	if conn.settings.ReadOnly {
		inv.errorf("%s: refused in read-only mode (read_only in profile %q): it is an admin action", words.command,
			conn.settings.Profile)
		return exitUsage
	}
	if !inv.opts.yes {
		if code, ok := inv.confirmBan(ctx, conn, words, ids); !ok {
			return code
		}
	}
	for i, id := range ids {
		if _, err := words.call(conn.client, ctx, id); err != nil {
			what := fmt.Sprintf("%s failed for %s (%d of %d done before)", words.command, id, i, len(ids))
			if hub.KindOf(err) == hub.KindNotAdmin {
				inv.errorf("%s: %s (use an admin's API key)", what, errorMessage(err))
				return exitKeyError
			}
			return inv.failure(ctx, what, err, conn)
		}
		fmt.Fprintf(inv.stdout(), "%s %s\n", words.done, id)
	}
	inv.errorf("note: searches may show the old state for about 15 s (the server's cache)")
	return exitOK
}

// confirmBan names the accounts and asks, on the terminal, whether to go
// on. It reports false, with the exit code, unless the answer is yes. Keys
// typed before the question are discarded, and a yes sooner than
// confirmSettle after it is refused and the question asked again: neither
// a y typed ahead nor one typed by habit bans.
func (inv *invocation) confirmBan(ctx context.Context, conn *connection, words banWords, ids []string) (int, bool) {
	names, err := conn.client.GetNames(ctx, ids)
	if err != nil {
		return inv.failure(ctx, words.command+" failed: cannot name the accounts to ask about them", err, conn), false
	}
	stderr := inv.env.Stderr
	fmt.Fprintf(stderr, "%s %d %s:\n", words.verb, len(ids), plural(len(ids), "account", "accounts"))
	for _, id := range ids {
		name := names.ByID[id]
		shown := clean.Line(conn.scrub(name.FullName()))
		if name.IsDeleted() {
			shown = "(unknown or deleted account)"
		}
		fmt.Fprintf(stderr, "  %s  %s\n", id, shown)
	}
	fmt.Fprintln(stderr, words.consequence)
	return inv.askYes(ctx, words)
}

// askYes asks words.verb? [y/N] on the terminal until it gets an answer
// in time (see confirmBan), and reports false, with the exit code, unless
// the answer is yes.
func (inv *invocation) askYes(ctx context.Context, words banWords) (int, bool) {
	stderr := inv.env.Stderr
	var lines <-chan inputLine
	for {
		fmt.Fprintf(stderr, "%s? [y/N] ", words.verb)
		// Discarded before the first read: a read started sooner would
		// take a line typed ahead before it could be discarded.
		discardTypeAhead(inv.env.Stdin)
		asked := time.Now()
		if lines == nil {
			lines, _ = readLines(ctx, inv.env.Stdin, 4096)
		}
		select {
		case answer, more := <-lines:
			if !more || answer.tooLong || !isYes(answer.text) {
				inv.errorf("%s: not confirmed; nothing was changed", words.command)
				return exitFailure, false
			}
			if time.Since(asked) >= confirmSettle {
				return exitOK, true
			}
			inv.errorf("y came too soon after the question opened: read it, then answer again")
		case <-ctx.Done():
			if signal, ok := interruptionOf(ctx); ok {
				fmt.Fprintln(stderr)
				inv.errorf("%s stopped: %s; nothing was changed", words.command, signal)
				return signal.code, false
			}
			inv.errorf("%s: not confirmed; nothing was changed", words.command)
			return exitFailure, false
		}
	}
}

// confirmSettle is how long the question of ban and unban is open before a
// yes answers it, as in the terminal UI: a yes that comes sooner was typed
// by habit or pasted before the question could be read. (Keys typed before
// the question was printed are discarded: discardTypeAhead.) A variable
// for the tests that answer at once.
var confirmSettle = ui.ConfirmSettle

// isYes tells whether an answer to a [y/N] question is yes.
func isYes(answer string) bool {
	a := strings.ToLower(strings.TrimSpace(answer))
	return a == "y" || a == "yes"
}

// plural picks the singular or plural noun for n.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// wrapWords breaks text into lines of at most width characters, between
// words, for a command's help.
func wrapWords(text string, width int) string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(text) {
		if line != "" && len(line)+1+len(word) > width {
			lines = append(lines, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += word
	}
	return strings.Join(append(lines, line), "\n")
}
