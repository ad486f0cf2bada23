package cli

import (
	"context"
	"fmt"
	"sort"
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
