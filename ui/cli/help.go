package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
)

// keyHelp says where the key comes from; there is deliberately no flag for
// it, since a flag would show in the process list.
const keyHelp = `The API key comes from COCALC_API_KEY, or from the api_key_file or
api_key_command of a profile in %s.
There is no flag for the key: it would show in the process list.`

const exitHelp = `Exit codes: 0 success, 1 the server or the network failed, 2 usage or config
error (or --jq failing on the answer), 3 no API key, key rejected, or the key
lacks the rights asked for; 130 or 143 when SIGINT or SIGTERM stopped it
(fakehub stops with 0).`

// printHelp writes a command's help: what it does, its usage, examples and
// flags (cobra's usage), where the key comes from (for the commands that
// use one) and the exit codes.
func (inv *invocation) printHelp(cmd *cobra.Command, _ []string) {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s.\n\n", cmd.CommandPath(), cmd.Short)
	if cmd.Long != "" {
		b.WriteString(strings.TrimSpace(cmd.Long) + "\n\n")
	}
	b.WriteString(strings.TrimSpace(cmd.UsageString()) + "\n\n")
	if cmd.Flags().Lookup("profile") != nil {
		fmt.Fprintf(&b, keyHelp+"\n\n", displayPath(configPath(inv.env.Getenv), inv.env.Getenv))
	}
	b.WriteString(exitHelp + "\n")
	_, _ = io.WriteString(cmd.OutOrStdout(), b.String())
}
