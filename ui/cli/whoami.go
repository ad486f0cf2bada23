package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"cocalc-tui/hub"
	"cocalc-tui/hub/clean"
	"cocalc-tui/hub/jsonobject"
	"cocalc-tui/ui/humanize"
)

// newWhoamiCommand is `cocalc-tui whoami`.
func (inv *invocation) newWhoamiCommand() *cobra.Command {
	c := &cobra.Command{
		Use:   "whoami",
		Short: "what the API key gives access to",
		Long: `Tells whose key is in use (system.test): an account (its name and whether it is
an admin) or a project (project keys cannot search users); for an account key,
also the key's name, expiry and last use, from the account's list of keys
(system.manageApiKeys, which this command only reads).

Output: account Ada Lovelace (<account id>) · admin
        key grading script (sk-…0000Tj) · expires 2026-12-03 (in 5 days) · last used just now
        project <project id> (project-scoped key: user search unavailable)
With --json: the server's answer plus "name", "admin" (accounts) and
"round_trip_ms"; for an account key also "key", this key's entry of the list
(name, created, expire, last_active, trunc; null when the list does not hold
it), and "keys", the list as the server sent it. These replace any field of
the same name the server sent. A server that cannot list keys leaves "key" and
"keys" out, and says why on stderr.`,
		Example: `  cocalc-tui whoami
  cocalc-tui whoami --profile work --jq .admin
  cocalc-tui whoami --jq '.keys[] | select(.expire != null) | .name'`,
	}
	addConnectionFlags(c.Flags(), inv.opts)
	addJSONFlags(c.Flags(), inv.opts, `system.test's answer, with "name", "admin", "round_trip_ms", "key" and "keys"`)
	return inv.wire(c, noArgs, runWhoami)
}

func runWhoami(ctx context.Context, inv *invocation) int {
	conn, code := inv.connect(ctx)
	if conn == nil {
		return code
	}
	defer conn.stop()
	info, err := conn.client.Whoami(ctx)
	switch {
	case err != nil:
		return inv.failure(ctx, "whoami failed", err, conn)
	case info.Scope.Kind == hub.ScopeProject:
		return inv.printProjectScope(ctx, info.Scope, conn)
	case info.NameErr != nil:
		return inv.failure(ctx, "whoami failed: cannot get the account's name", info.NameErr, conn)
	case info.AdminErr != nil:
		return inv.failure(ctx, "whoami failed: cannot tell whether the account is an admin", info.AdminErr, conn)
	case hub.KindOf(info.KeysErr) == hub.KindCanceled:
		return inv.failure(ctx, "whoami failed", info.KeysErr, conn)
	case info.KeysErr != nil:
		// The rest is known: said, with why the key's own facts are not.
		p := inv.explain(ctx, info.KeysErr, conn)
		inv.errorf("note: %s", p.line("the key's name, expiry and last use are unknown: cannot list the account's keys", conn))
	}
	if inv.opts.json {
		doc, err := whoamiJSON(info)
		return inv.emitJSON(ctx, doc, err, conn)
	}
	role := "not admin"
	if info.Admin {
		role = "admin"
	}
	lines := []string{fmt.Sprintf("account %s (%s) · %s", info.Name.FullName(), info.Scope.AccountID, role)}
	if info.KeysErr == nil {
		lines = append(lines, keyLine(info.Keys, inv.env.Now()))
	}
	for _, line := range lines {
		fmt.Fprintln(inv.stdout(), conn.scrub(clean.Line(line)))
	}
	return exitOK
}

// whoamiJSON is system.test's answer with the program's fields added: the
// account's name, admin, the round trip, and when the server listed the
// account's keys, this key's entry and the list.
func whoamiJSON(info hub.KeyInfo) ([]byte, error) {
	fields := []field{{"name", info.Name.FullName()}, {"admin", info.Admin},
		{"round_trip_ms", info.Scope.RoundTrip.Milliseconds()}}
	if info.KeysErr == nil {
		this, err := thisKeyJSON(info.Keys)
		if err != nil {
			return nil, err
		}
		fields = append(fields, field{"key", this}, field{"keys", info.Keys.Raw})
	}
	return withFields(info.Scope.Raw, fields...)
}

// keyFields are the fields of the list's entry that whoami --json gives as
// "key", as the server sent them: the others (id, account_id) say nothing
// about the key to a person, or repeat the answer's own account_id.
var keyFields = []string{"name", "created", "expire", "last_active", "trunc"}

// thisKeyJSON is the key's entry of the list, with keyFields only (null
// where the server left one out), or null when the list does not hold it.
func thisKeyJSON(keys hub.APIKeys) (json.RawMessage, error) {
	this, listed := keys.Current()
	if !listed {
		return json.RawMessage("null"), nil
	}
	entry, err := jsonobject.Parse(this.Raw)
	if err != nil {
		return nil, err
	}
	picked := &jsonobject.Object{}
	for _, name := range keyFields {
		value, has := entry.Get(name)
		if !has {
			value = json.RawMessage("null")
		}
		picked.Set(name, value)
	}
	return picked.MarshalJSON()
}

// keyLine is the key's own line of whoami: "key grading script (sk-…0000Tj)
// · expires 2026-12-03 (in 5 days) · last used just now", or why the list
// does not tell.
func keyLine(keys hub.APIKeys, now time.Time) string {
	this, listed := keys.Current()
	switch {
	case !listed && keys.Legacy:
		return "key of the old sk_ format: the server lists no name, expiry nor last use for it"
	case !listed:
		return "key not in the account's list of keys: its name, expiry and last use are unknown"
	}
	parts := []string{"key " + keyTitle(this)}
	if this.Expire == nil {
		parts = append(parts, "never expires")
	} else {
		verb := "expires"
		if this.ExpiredAt(now) {
			verb = "expired"
		}
		parts = append(parts, fmt.Sprintf("%s %s (%s)", verb, this.Expire.UTC().Format(time.DateOnly), humanize.Relative(*this.Expire, now)))
	}
	if this.LastActive == nil {
		parts = append(parts, "never used")
	} else {
		parts = append(parts, "last used "+humanize.Relative(*this.LastActive, now))
	}
	return strings.Join(parts, " · ")
}

// keyTitle is the key's name and mask, "grading script (sk-…0000Tj)", or
// its mask alone when it has no name.
func keyTitle(k hub.APIKey) string {
	masked := k.Masked()
	switch {
	case k.Name == "":
		return masked
	case masked == "":
		return k.Name
	}
	return k.Name + " (" + masked + ")"
}

func (inv *invocation) printProjectScope(ctx context.Context, scope hub.Scope, conn *connection) int {
	if inv.opts.json {
		doc, err := withFields(scope.Raw, field{"round_trip_ms", scope.RoundTrip.Milliseconds()})
		return inv.emitJSON(ctx, doc, err, conn)
	}
	fmt.Fprintf(inv.stdout(), "project %s (project-scoped key: user search unavailable)\n", clean.Line(scope.ProjectID))
	return exitOK
}
