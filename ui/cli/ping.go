package cli

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"cocalc-tui/ui/humanize"
)

// newPingCommand is `cocalc-tui ping`.
func (inv *invocation) newPingCommand() *cobra.Command {
	c := &cobra.Command{
		Use:   "ping",
		Short: "server time, round-trip time and clock skew",
		Long: `Asks the server for its time (system.ping) and measures the round trip.

Output: server time 2026-11-28 21:55:00 UTC · round trip 38 ms · clock skew +0.2 s
With --json: {"now": <ms since epoch>, "round_trip_ms": <n>, "skew_ms": <n>}, the
server's other fields kept, those two the program's own.`,
		Example: `  cocalc-tui ping
  cocalc-tui ping --json --jq .round_trip_ms`,
	}
	addConnectionFlags(c.Flags(), inv.opts)
	addJSONFlags(c.Flags(), inv.opts, `{"now", "round_trip_ms", "skew_ms"}`)
	return inv.wire(c, noArgs, runPing)
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
