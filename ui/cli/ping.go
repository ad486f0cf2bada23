package cli

import (
	"context"
	"fmt"

	"cocalc-tui/hub"
	"cocalc-tui/ui/humanize"
)

var pingCommand = &command{
	name:    "ping",
	usage:   "cocalc-tui ping [flags]",
	summary: "server time, round-trip time and clock skew",
	help: `Asks the server for its time (system.ping) and measures the round trip.

Output: server time 2026-11-28 21:55:00 UTC · round trip 38 ms · clock skew +0.2 s
With --json: {"now": <ms since epoch>, "round_trip_ms": <n>, "skew_ms": <n>}, the
server's other fields kept, those two the program's own.`,
	checkArgs: noArgs,
	run:       runPing,
}

func runPing(ctx context.Context, inv *invocation) int {
	conn, code := inv.connect(ctx)
	if conn == nil {
		return code
	}
	defer conn.stop()
	result, err := conn.client.Ping(ctx)
	if err != nil {
		return inv.failure(ctx, "ping failed", err, conn)
	}
	inv.log.Info("ping", "round_trip", result.RoundTrip, "skew", result.Skew())
	if inv.opts.json {
		doc, err := withFields(result.Raw, field{"round_trip_ms", result.RoundTrip.Milliseconds()},
			field{"skew_ms", result.Skew().Milliseconds()})
		return inv.emitJSON(ctx, doc, err, conn)
	}
	fmt.Fprintf(inv.stdout(), "server time %s · round trip %s · clock skew %s\n",
		result.ServerTime.UTC().Format("2006-01-02 15:04:05 MST"), humanize.RoundTrip(result.RoundTrip),
		humanize.Skew(result.Skew()))
	return exitOK
}

// emitJSON prints a document built from the server's answer.
func (inv *invocation) emitJSON(ctx context.Context, doc []byte, buildErr error, conn *connection) int {
	if buildErr != nil {
		return inv.failure(ctx, "unexpected answer", &hub.Error{Kind: hub.KindBadResponse, Message: buildErr.Error()}, conn)
	}
	if err := writeJSON(inv.stdout(), doc, inv.env.StdoutIsTerminal, conn.scrub); err != nil {
		inv.errorf("cannot write the output: %s", err)
		return exitFailure
	}
	return exitOK
}
