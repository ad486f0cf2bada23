package cli

import (
	"fmt"
	"io"
	"strings"
)

// globalHelp describes the flags every command takes.
const globalHelp = `Flags (before or after the command; -- ends the flags):
  --host URL            server base URL, with its base path if any
                        (default https://cocalc.com, or COCALC_HOST)
  --profile NAME        use a profile of the config file
  --timeout DURATION    time limit of each call (default 15s)
  --insecure-http       allow plain http:// to a host other than this machine
  --demo                use a built-in fake hub with demo data: no account needed
  --demo-key KIND       the demo key to use: admin, user or project (default admin)
  --json                print JSON: the server's answer (JSON Lines for search -)
  --csv                 print CSV (search and names)
  --debug               write a debug log (never containing the key) and say where
  --ping-interval D     terminal UI: time between status checks (default 10s)
  --limit N             terminal UI: results per search at start (default 25 for
                        admins, as on CoCalc's admin page; 20 otherwise)
  --theme THEME         terminal UI: colours for a dark or light background: auto
                        (the terminal's, the default), dark or light
  --version             print the version
  -h, --help            show help`

// keyHelp says where the key comes from; there is deliberately no flag for
// it, since a flag would show in the process list.
const keyHelp = `The API key comes from COCALC_API_KEY, or from the api_key_file or
api_key_command of a profile in %s.
There is no flag for the key: it would show in the process list.`

const exitHelp = `Exit codes: 0 success, 1 the server or the network failed, 2 usage or config
error, 3 no API key, key rejected, or the key lacks the rights asked for;
130 or 143 when SIGINT or SIGTERM stopped it (fakehub stops with 0).`

// printHelp writes the help of a command (the overview for the TUI).
func printHelp(w io.Writer, cmd *command, getenv func(string) string) {
	var b strings.Builder
	if cmd.name == "" {
		b.WriteString("cocalc-tui: a terminal UI and command line for the CoCalc hub API.\n\n")
		b.WriteString("Usage:\n")
		fmt.Fprintf(&b, "  %-36s %s\n", "cocalc-tui [flags]", "start the terminal UI (--demo: on a fake hub)")
		for _, name := range []string{"search", "names", "whoami", "ping", "fakehub"} {
			if c := commands[name]; c.summary != "" {
				fmt.Fprintf(&b, "  %-36s %s\n", firstLine(c.usage), c.summary)
			}
		}
		fmt.Fprintf(&b, "  %-36s %s\n", "cocalc-tui help COMMAND", "help of a command (or COMMAND --help)")
	} else {
		fmt.Fprintf(&b, "cocalc-tui %s: %s.\n\nUsage:\n  %s\n\n%s\n", cmd.name, cmd.summary, cmd.usage, cmd.help)
	}
	b.WriteString("\n" + globalHelp + "\n\n")
	if cmd.name != "fakehub" {
		fmt.Fprintf(&b, keyHelp+"\n\n", displayPath(configPath(getenv), getenv))
	}
	b.WriteString(exitHelp + "\n")
	_, _ = io.WriteString(w, b.String())
}

// firstLine shortens a usage to its first line and drops the generic
// "[flags]", for the overview's one-line list.
func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	line = strings.TrimSuffix(line, " [flags]")
	if i := strings.Index(line, " [--"); i >= 0 {
		line = line[:i]
	}
	return line
}
