package cli

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"cocalc-tui/hub"
	"cocalc-tui/hub/clean"
)

// newRootCommand is the command line of one run: the terminal UI as the
// root command, and a command for each thing scripts do. Every command's
// flags are bound to inv.opts.
func (inv *invocation) newRootCommand() *cobra.Command {
	root := inv.newTUICommand()
	root.Version = inv.env.Version
	root.SetVersionTemplate(programName + " {{.Version}}\n")
	root.SilenceErrors, root.SilenceUsage = true, true // Run reports errors, in one line
	root.SetFlagErrorFunc(inv.flagError)
	root.SetHelpFunc(inv.printHelp)
	root.SetHelpCommand(inv.newHelpCommand())
	root.Args = inv.refuseUnknownCommand
	root.SuggestionsMinimumDistance = 2 // cobra's own default, which SuggestionsFor needs set
	root.SetIn(inv.env.Stdin)
	root.SetOut(inv.env.Stdout) // before the completion command, which keeps the writer it finds
	root.SetErr(inv.env.Stderr)
	root.AddCommand(inv.newSearchCommand(), inv.newNamesCommand(), inv.newWhoamiCommand(), inv.newPingCommand(),
		inv.newBanCommand(true), inv.newBanCommand(false), inv.newFakehubCommand(), inv.newVersionCommand())
	root.InitDefaultCompletionCmd()
	adaptCompletionCommand(root)
	registerFlagCompletions(root, inv.env.Getenv)
	return root
}

// wire wires a command's run function: check its flags and arguments,
// open the debug log if asked, run it, and keep its exit code. Errors it
// returns are mistakes of the command line, reported by Run.
func (inv *invocation) wire(c *cobra.Command, checkArgs func([]string) error,
	run func(context.Context, *invocation) int) *cobra.Command {
	if c.Args == nil {
		c.Args = cobra.ArbitraryArgs // checkArgs says what is wrong, in the command's words
	}
	c.RunE = func(cmd *cobra.Command, args []string) error {
		if cmd.HasParent() {
			inv.command = cmd.Name()
		}
		inv.args = args
		if err := inv.checkFlags(cmd); err != nil {
			return err
		}
		if err := checkArgs(args); err != nil {
			return err
		}
		inv.code = inv.runWithLog(cmd.Context(), run)
		return nil
	}
	return c
}

// runWithLog runs a command with the --debug log open, if asked.
func (inv *invocation) runWithLog(ctx context.Context, run func(context.Context, *invocation) int) int {
	if inv.opts.debug {
		closeLog, err := inv.openDebugLog()
		if err != nil {
			inv.errorf("cannot write the debug log: %s", err)
			return exitFailure
		}
		defer closeLog()
	}
	name := inv.command
	if name == "" {
		name = "tui"
	}
	inv.log.Info("start", "version", inv.env.Version, "command", name, "args", len(inv.args))
	code := inv.runCommand(ctx, run)
	inv.log.Info("end", "exit_code", code)
	return code
}

// unknownCommandError is a first word that names no command.
type unknownCommandError struct{ msg string }

func (e unknownCommandError) Error() string { return e.msg }

// refuseUnknownCommand is the root command's check of its arguments: the
// terminal UI takes none, so a word is a command that does not exist, maybe
// mistyped ("did you mean"), maybe a key pasted in the wrong place (not
// repeated on the screen).
func (inv *invocation) refuseUnknownCommand(root *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	commands := strings.Join(commandNames(root), ", ")
	word := args[0]
	if hub.LooksLikeKey(word) {
		return unknownCommandError{fmt.Sprintf("unknown command: the first word looks like an API key, which goes "+
			"in %s, never on the command line (commands: %s)", envAPIKey, commands)}
	}
	if suggestions := root.SuggestionsFor(word); len(suggestions) > 0 {
		return unknownCommandError{fmt.Sprintf("unknown command %q: did you mean %s? (commands: %s)", clean.Line(word),
			strings.Join(suggestions, " or "), commands)}
	}
	return unknownCommandError{fmt.Sprintf("unknown command %q (commands: %s)", clean.Line(word), commands)}
}

// commandNames lists the commands, for messages.
func commandNames(root *cobra.Command) []string {
	names := []string{"help"}
	for _, c := range root.Commands() {
		if c.IsAvailableCommand() {
			names = append(names, c.Name())
		}
	}
	sort.Strings(names)
	return names
}

// newHelpCommand is `cocalc-tui help [COMMAND]`: cobra's, but a topic that
// is no command is a usage error (exit code 2), as everywhere else.
func (inv *invocation) newHelpCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "help [COMMAND]",
		Short: "help of a command (or COMMAND --help)",
		ValidArgsFunction: func(c *cobra.Command, _ []string, _ string) ([]cobra.Completion, cobra.ShellCompDirective) {
			return commandNames(c.Root()), cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(c *cobra.Command, args []string) error {
			target, rest, err := c.Root().Find(args)
			if err != nil || len(rest) > 0 || target.Name() == "help" {
				topic := strings.Join(args, " ")
				return unknownCommandError{fmt.Sprintf("no help for %q (commands: %s)", clean.Line(topic),
					strings.Join(commandNames(c.Root()), ", "))}
			}
			return target.Help()
		},
	}
}

// newVersionCommand is `cocalc-tui version`, which --version also prints.
func (inv *invocation) newVersionCommand() *cobra.Command {
	return inv.wire(&cobra.Command{
		Use:   "version",
		Short: "print the version",
		Args:  cobra.NoArgs,
	}, noArgs, func(_ context.Context, inv *invocation) int {
		fmt.Fprintf(inv.stdout(), "%s %s\n", programName, inv.env.Version)
		return exitOK
	})
}

func noArgs(args []string) error {
	if len(args) > 0 {
		return usageError{fmt.Sprintf("unexpected argument %q", clean.Line(args[0]))}
	}
	return nil
}

// adaptCompletionCommand makes cobra's `completion` command speak as the
// others: a short description in their style, and a shell that is missing
// or unknown a usage error (exit code 2) naming the shells. Cobra leaves the
// command without a run function, so that it printed its help and exited 0
// whatever followed it (its arguments are checked only once it can run).
func adaptCompletionCommand(root *cobra.Command) {
	completion, _, err := root.Find([]string{"completion"})
	if err != nil || completion == root {
		return
	}
	var shells []string
	for _, shell := range completion.Commands() {
		shells = append(shells, shell.Name())
		shell.Short = "the completion script of " + shell.Name()
	}
	names := strings.Join(shells[:len(shells)-1], ", ") + " or " + shells[len(shells)-1]
	completion.Short = "shell completion scripts: " + names
	completion.Long = "Prints the completion script of a shell (" + names + ");\n" +
		"each shell's --help says where to put it."
	completion.Args = cobra.ArbitraryArgs // RunE says what is wrong
	completion.RunE = func(_ *cobra.Command, args []string) error {
		if len(args) == 0 {
			return usageError{"completion needs a shell: " + names}
		}
		return usageError{fmt.Sprintf("unknown shell %q (shells: %s)", clean.Line(args[0]), names)}
	}
}

// registerFlagCompletions completes the values of the flags that have a
// few: themes, demo keys, the config file's profiles.
func registerFlagCompletions(root *cobra.Command, getenv func(string) string) {
	fixed := func(values ...string) cobra.CompletionFunc {
		return cobra.FixedCompletions(values, cobra.ShellCompDirectiveNoFileComp)
	}
	profiles := func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
		cfg, err := loadConfig(context.Background(), configPath(getenv), getenv("HOME"))
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		var names []string
		for name := range cfg.Profiles {
			names = append(names, name)
		}
		sort.Strings(names)
		return names, cobra.ShellCompDirectiveNoFileComp
	}
	for _, c := range append([]*cobra.Command{root}, root.Commands()...) {
		for flag, complete := range map[string]cobra.CompletionFunc{
			"theme": fixed("auto", "dark", "light"), "demo-key": fixed("admin", "user", "project"), "profile": profiles,
		} {
			if c.Flags().Lookup(flag) != nil {
				_ = c.RegisterFlagCompletionFunc(flag, complete)
			}
		}
	}
}

// errorsAs is errors.As for the error types of the command line.
func errorsAs[T error](err error) (T, bool) {
	var target T
	return target, errors.As(err, &target)
}
