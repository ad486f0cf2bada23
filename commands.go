package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"cocalc-tui/hub"
	"cocalc-tui/ui"
	"cocalc-tui/ui/humanize"
	"cocalc-tui/ui/sanitize"
)

// command is one subcommand; the TUI is the command with the empty name.
type command struct {
	name      string
	usage     string // the synopsis line(s) after "Usage:"
	summary   string
	help      string // what the command does, its own flags and examples
	checkArgs func(args []string) error
	run       func(ctx context.Context, inv *invocation) int
}

var commands map[string]*command

func init() {
	commands = map[string]*command{}
	for _, c := range []*command{tuiCommand, pingCommand, whoamiCommand, searchCommand, namesCommand, fakehubCommand} {
		commands[c.name] = c
	}
	commands["help"] = &command{name: "help"} // handled by run itself
}

// commandNames lists the subcommands, for messages.
func commandNames() []string {
	var names []string
	for name := range commands {
		if name != "" {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return names
}

func noArgs(args []string) error {
	if len(args) > 0 {
		return usageError{fmt.Sprintf("unexpected argument %q", args[0])}
	}
	return nil
}

// ---- TUI

var tuiCommand = &command{
	name:      "",
	usage:     "cocalc-tui [flags]\n  cocalc-tui --demo",
	summary:   "start the terminal UI",
	checkArgs: noArgs,
	run:       runTUI,
}

func runTUI(ctx context.Context, inv *invocation) int {
	if !inv.env.StdoutIsTerminal {
		inv.errorf("the terminal UI needs a terminal; for scripts use a command: %s", strings.Join(commandNames(), ", "))
		return exitUsage
	}
	conn, code := inv.connect(ctx)
	if conn == nil {
		return code
	}
	defer conn.stop()
	// The UI leaves signals to main (see ui.Run): SIGINT and SIGTERM cancel
	// ctx, which ends the UI and restores the terminal.
	err := inv.env.RunTUI(ctx, ui.Config{
		Client:       conn.client,
		MaskedKey:    hub.MaskKey(conn.settings.Key),
		Demo:         conn.demo,
		PingInterval: inv.opts.pingInterval,
		CallTimeout:  inv.opts.timeout,
		Limit:        inv.opts.limit,
		Logger:       inv.log,
	})
	if signal, ok := tuiInterruption(ctx, err); ok {
		inv.errorf("the terminal UI stopped: %s", signal)
		return signal.code
	}
	if err != nil && ctx.Err() == nil {
		inv.errorf("the terminal UI failed: %s (try again; with --debug, the log may say more)", sanitize.Line(conn.scrub(err.Error())))
		return exitFailure
	}
	return exitOK // quit by the user
}

// tuiInterruption tells whether a signal ended the UI. Bubble Tea listens
// for SIGINT and SIGTERM too, and whichever hears first ends the UI: it
// quits on SIGTERM as on a key, and ends with tea.ErrInterrupted on SIGINT.
func tuiInterruption(ctx context.Context, err error) (*interruption, bool) {
	if signal, ok := interruptionOf(ctx); ok {
		return signal, true
	}
	if errors.Is(err, tea.ErrInterrupted) {
		return interruptedBySIGINT, true
	}
	return nil, false
}

// ---- ping

var pingCommand = &command{
	name:    "ping",
	usage:   "cocalc-tui ping [flags]",
	summary: "server time, round-trip time and clock skew",
	help: `Asks the server for its time (system.ping) and measures the round trip.

Output: server time 2026-11-28 21:55:00 UTC · round trip 38 ms · clock skew +0.2 s
With --json: {"now": <ms since epoch>, "round_trip_ms": <n>, "skew_ms": <n>}`,
	checkArgs: noArgs,
	run:       runPing,
}

func runPing(ctx context.Context, inv *invocation) int {
	conn, code := inv.connect(ctx)
	if conn == nil {
		return code
	}
	defer conn.stop()
	var raw json.RawMessage
	sent := time.Now()
	err := conn.client.Call(ctx, hub.FuncPing, []any{struct{}{}}, &raw)
	roundTrip := time.Since(sent)
	var answer struct {
		Now *hub.Millis `json:"now"`
	}
	if err == nil && (json.Unmarshal(raw, &answer) != nil || answer.Now == nil) {
		err = &hub.Error{Kind: hub.KindBadResponse, Call: hub.FuncPing, Message: `the answer has no "now"`}
	}
	if err != nil {
		return inv.failure(ctx, "ping failed", err, conn)
	}
	result := hub.PingResult{ServerTime: answer.Now.Time(), Sent: sent, RoundTrip: roundTrip}
	inv.log.Info("ping", "round_trip", roundTrip, "skew", result.Skew())
	if inv.opts.json {
		doc, err := withFields(raw, field{"round_trip_ms", roundTrip.Milliseconds()}, field{"skew_ms", result.Skew().Milliseconds()})
		return inv.emitJSON(ctx, doc, err, conn)
	}
	fmt.Fprintf(inv.stdout(), "server time %s · round trip %s · clock skew %s\n",
		result.ServerTime.UTC().Format("2006-01-02 15:04:05 MST"), humanize.RoundTrip(roundTrip), formatSkew(result.Skew()))
	return exitOK
}

// emitJSON prints a document built from the server's answer.
func (inv *invocation) emitJSON(ctx context.Context, doc []byte, buildErr error, conn *connection) int {
	if buildErr != nil {
		return inv.failure(ctx, "unexpected answer", &hub.Error{Kind: hub.KindBadResponse, Message: buildErr.Error()}, conn)
	}
	if err := writeJSON(inv.stdout(), doc, inv.env.StdoutIsTerminal); err != nil {
		inv.errorf("cannot write the output: %s", err)
		return exitFailure
	}
	return exitOK
}

// ---- whoami

var whoamiCommand = &command{
	name:    "whoami",
	usage:   "cocalc-tui whoami [flags]",
	summary: "what the API key gives access to",
	help: `Tells whose key is in use (system.test): an account (its name and whether it is an
admin) or a project (project keys cannot search users).

Output: account Ada Lovelace (<account id>) · admin
        project <project id> (project-scoped key: user search unavailable)
With --json: the server's answer plus "name", "admin" (accounts) and "round_trip_ms".`,
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
	fmt.Fprintf(inv.stdout(), "account %s (%s) · %s\n", sanitize.Line(name), sanitize.Line(scope.accountID), role)
	return exitOK
}

func (inv *invocation) printProjectScope(ctx context.Context, scope keyScope, conn *connection) int {
	if inv.opts.json {
		doc, err := withFields(scope.raw, field{"round_trip_ms", scope.roundTrip.Milliseconds()})
		return inv.emitJSON(ctx, doc, err, conn)
	}
	fmt.Fprintf(inv.stdout(), "project %s (project-scoped key: user search unavailable)\n", sanitize.Line(scope.projectID))
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
	scope.accountID, scope.projectID = ids.AccountID, ids.ProjectID
	return scope, nil
}

// displayName is "First Last" as getNames gives it.
func displayName(n hub.DisplayName) string {
	return strings.TrimSpace(n.FirstName + " " + n.LastName)
}
