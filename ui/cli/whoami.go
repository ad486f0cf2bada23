package cli

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"cocalc-tui/hub"
	"cocalc-tui/hub/clean"
)

// newWhoamiCommand is `cocalc-tui whoami`.
func (inv *invocation) newWhoamiCommand() *cobra.Command {
	c := &cobra.Command{
		Use:   "whoami",
		Short: "what the API key gives access to",
		Long: `Tells whose key is in use (system.test): an account (its name and whether it is an
admin) or a project (project keys cannot search users).

Output: account Ada Lovelace (<account id>) · admin
        project <project id> (project-scoped key: user search unavailable)
With --json: the server's answer plus "name", "admin" (accounts) and
"round_trip_ms"; these replace any field of the same name the server sent.`,
		Example: `  cocalc-tui whoami
  cocalc-tui whoami --profile work --jq .admin`,
	}
	addConnectionFlags(c.Flags(), inv.opts)
	addJSONFlags(c.Flags(), inv.opts, `system.test's answer, with "name", "admin" and "round_trip_ms"`)
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
	}
	scope, name := info.Scope, info.Name.FullName()
	if inv.opts.json {
		doc, err := withFields(scope.Raw, field{"name", name}, field{"admin", info.Admin},
			field{"round_trip_ms", scope.RoundTrip.Milliseconds()})
		return inv.emitJSON(ctx, doc, err, conn)
	}
	role := "not admin"
	if info.Admin {
		role = "admin"
	}
	fmt.Fprintf(inv.stdout(), "account %s (%s) · %s\n", clean.Line(name), clean.Line(scope.AccountID), role)
	return exitOK
}

func (inv *invocation) printProjectScope(ctx context.Context, scope hub.Scope, conn *connection) int {
	if inv.opts.json {
		doc, err := withFields(scope.Raw, field{"round_trip_ms", scope.RoundTrip.Milliseconds()})
		return inv.emitJSON(ctx, doc, err, conn)
	}
	fmt.Fprintf(inv.stdout(), "project %s (project-scoped key: user search unavailable)\n", clean.Line(scope.ProjectID))
	return exitOK
}
