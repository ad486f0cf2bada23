package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"cocalc-tui/hub"
	"cocalc-tui/hub/clean"
)

var whoamiCommand = &command{
	name:    "whoami",
	usage:   "cocalc-tui whoami [flags]",
	summary: "what the API key gives access to",
	help: `Tells whose key is in use (system.test): an account (its name and whether it is an
admin) or a project (project keys cannot search users).

Output: account Ada Lovelace (<account id>) · admin
        project <project id> (project-scoped key: user search unavailable)
With --json: the server's answer plus "name", "admin" (accounts) and
"round_trip_ms"; these replace any field of the same name the server sent.`,
	checkArgs: noArgs,
	run:       runWhoami,
}

func runWhoami(ctx context.Context, inv *invocation) int {
	conn, code := inv.connect(ctx)
	if conn == nil {
		return code
	}
	defer conn.stop()
	scope, err := testKey(ctx, conn.client)
	if err != nil {
		return inv.failure(ctx, "whoami failed", err, conn)
	}
	if scope.projectID != "" {
		return inv.printProjectScope(ctx, scope, conn)
	}
	names, err := conn.client.GetNames(ctx, []string{scope.accountID})
	if err != nil {
		return inv.failure(ctx, "whoami failed: cannot get the account's name", err, conn)
	}
	admin, err := conn.client.IsAdmin(ctx)
	if err != nil {
		return inv.failure(ctx, "whoami failed: cannot tell whether the account is an admin", err, conn)
	}
	name := displayName(names[strings.ToLower(scope.accountID)])
	if inv.opts.json {
		doc, err := withFields(scope.raw, field{"name", name}, field{"admin", admin},
			field{"round_trip_ms", scope.roundTrip.Milliseconds()})
		return inv.emitJSON(ctx, doc, err, conn)
	}
	role := "not admin"
	if admin {
		role = "admin"
	}
	fmt.Fprintf(inv.stdout(), "account %s (%s) · %s\n", clean.Line(name), clean.Line(scope.accountID), role)
	return exitOK
}

func (inv *invocation) printProjectScope(ctx context.Context, scope keyScope, conn *connection) int {
	if inv.opts.json {
		doc, err := withFields(scope.raw, field{"round_trip_ms", scope.roundTrip.Milliseconds()})
		return inv.emitJSON(ctx, doc, err, conn)
	}
	fmt.Fprintf(inv.stdout(), "project %s (project-scoped key: user search unavailable)\n", clean.Line(scope.projectID))
	return exitOK
}

// keyScope is system.test's answer, raw and decoded.
type keyScope struct {
	raw       json.RawMessage
	accountID string
	projectID string
	roundTrip time.Duration
}

// testKey is hub.Client.Test keeping the server's bytes: the hub endpoint
// refuses a project key exactly like a bad key, so on that refusal the
// project endpoint is asked; if it does not know the key either, the hub's
// refusal is the answer.
func testKey(ctx context.Context, client *hub.Client) (keyScope, error) {
	var scope keyScope
	sent := time.Now()
	err := client.Call(ctx, hub.FuncTest, []any{struct{}{}}, &scope.raw)
	if errors.Is(err, hub.ErrKeyRejected) {
		var projectRaw json.RawMessage
		sent = time.Now()
		if client.CallProject(ctx, hub.FuncTest, []any{struct{}{}}, &projectRaw) == nil {
			scope.raw = projectRaw
			err = nil
		}
	}
	scope.roundTrip = time.Since(sent)
	if err != nil {
		return scope, err
	}
	var ids struct {
		AccountID string `json:"account_id"`
		ProjectID string `json:"project_id"`
	}
	if json.Unmarshal(scope.raw, &ids) != nil || (ids.AccountID == "" && ids.ProjectID == "") {
		return scope, &hub.Error{Kind: hub.KindBadResponse, Call: hub.FuncTest,
			Message: "the answer names neither an account nor a project"}
	}
	if id := ids.AccountID + ids.ProjectID; !hub.IsUUID(id) {
		// An id that is no UUID could only be an attack on what shows it.
		return scope, &hub.Error{Kind: hub.KindBadResponse, Call: hub.FuncTest, Message: "the answer's id is not a UUID"}
	}
	scope.accountID, scope.projectID = ids.AccountID, ids.ProjectID
	return scope, nil
}

// printLine prints one line of human output: clean, scrubbed last.
func (inv *invocation) printLine(conn *connection, line string) {
	fmt.Fprintln(inv.stdout(), conn.scrub(clean.Line(line)))
}

// displayName is "First Last" as getNames gives it.
func displayName(n hub.DisplayName) string {
	return strings.TrimSpace(n.FirstName + " " + n.LastName)
}
