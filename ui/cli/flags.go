package cli

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/itchyny/gojq"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"cocalc-tui/hub"
)

// Defaults of the flags.
const (
	defaultTimeout      = 15 * time.Second // the server's own default call timeout
	defaultPingInterval = 10 * time.Second
	defaultFakehubAddr  = "127.0.0.1:0"
)

// options holds the values of every flag of every command. Each command
// defines the flags it takes (see the add…Flags functions), bound to these
// fields; a flag no command of the line defines is refused by the parser.
type options struct {
	// connection: the terminal UI and the commands that call the server
	host         string
	profile      string
	timeout      time.Duration
	insecureHTTP bool
	demo         bool
	demoKey      string
	debug        bool
	readOnly     bool

	// ban and unban
	yes bool

	// output
	json bool
	csv  bool
	jq   string
	// jqCode is jq compiled, when --jq was given.
	jqCode *gojq.Code

	// the terminal UI
	pingInterval time.Duration
	theme        string
	mouse        bool
	noHistory    bool

	// search (and the terminal UI's first limit)
	limit     int
	admin     bool
	onlyEmail bool
	perLine   bool

	// bulk work: search - and names
	parallel int

	// fakehub
	latency  time.Duration
	addr     string
	dataFile string
	basePath string
	public   bool
	hostile  bool
}

// addConnectionFlags defines the flags of the commands that call the
// server, and of the terminal UI: where, with which key, for how long.
func addConnectionFlags(fs *pflag.FlagSet, o *options) {
	fs.StringVar(&o.host, "host", "", "server base `URL`, with its base path if any (default https://cocalc.com, or COCALC_HOST)")
	fs.StringVar(&o.profile, "profile", "", "use the profile `NAME` of the config file")
	fs.DurationVar(&o.timeout, "timeout", defaultTimeout, "time limit of each call, at least 1ms: the server's limit, "+
		"which the client waits 1s longer for (the longest, 2562047h47m16s, is none)")
	fs.BoolVar(&o.insecureHTTP, "insecure-http", false, "allow plain http:// to a host other than this machine")
	fs.BoolVar(&o.demo, "demo", false, "use a built-in fake hub with demo data: no account needed")
	fs.StringVar(&o.demoKey, "demo-key", "admin", "the `KIND` of demo key: admin, user or project")
	fs.BoolVar(&o.readOnly, "read-only", false, "start no admin action: no password reset or impersonation link, "+
		"no ban (also read_only = true in a profile)")
	addDebugFlag(fs, o)
}

// addDebugFlag defines --debug, of every command that runs something.
func addDebugFlag(fs *pflag.FlagSet, o *options) {
	fs.BoolVar(&o.debug, "debug", false, "write a debug log (never holding the key) and say where")
}

// addJSONFlags defines --json and --jq, of the commands with JSON output.
func addJSONFlags(fs *pflag.FlagSet, o *options, what string) {
	fs.BoolVar(&o.json, "json", false, "print JSON: "+what)
	fs.StringVar(&o.jq, "jq", "", "print what the jq `EXPRESSION` makes of the JSON output (implies --json; strings "+
		"are printed as text)")
}

// addCSVFlag defines --csv, of search and names.
func addCSVFlag(fs *pflag.FlagSet, o *options) {
	fs.BoolVar(&o.csv, "csv", false, "print CSV (RFC 4180), formulas neutralised")
}

// Requests in flight at once in bulk work (--parallel).
const (
	defaultParallel = 4
	// maxParallel bounds --parallel: more requests at once only wait in the
	// server's queue, and each holds a connection.
	maxParallel = 32
)

// addParallelFlag defines --parallel, of search and names.
func addParallelFlag(fs *pflag.FlagSet, o *options, usage string) {
	fs.IntVar(&o.parallel, "parallel", defaultParallel, usage)
}

// addLimitFlag defines --limit, of search and the terminal UI.
func addLimitFlag(fs *pflag.FlagSet, o *options, usage string) {
	fs.IntVarP(&o.limit, "limit", "L", 0, usage)
}

// keyFlagNames are the flags people try for the API key. There is none: the
// key would show in the process list (ps, /proc/PID/cmdline) and in the
// shell's history.
var keyFlagNames = map[string]bool{
	"api-key": true, "api_key": true, "apikey": true, "key": true, "k": true, "token": true,
}

// keyFlagError is an attempt to give the API key as a flag. Its message is
// made by Run, which knows where the config file is; it never holds the
// value that followed the flag.
type keyFlagError struct{ flag string }

func (e keyFlagError) Error() string { return "there is no flag for the API key" }

// flagError turns the parser's errors into the program's words: a flag as
// users type it ("--limit"), the commands that do take a flag given to
// another, and never the value given to a flag named like the key.
func (inv *invocation) flagError(cmd *cobra.Command, err error) error {
	if help, _ := cmd.Flags().GetBool("help"); help {
		// --help came before the mistake: the help is what was asked for.
		return errHelpAsked
	}
	var notExist *pflag.NotExistError
	var needsValue *pflag.ValueRequiredError
	var invalid *pflag.InvalidValueError
	switch {
	case errors.As(err, &notExist):
		return inv.unknownFlag(cmd, notExist)
	case errors.As(err, &needsValue):
		return usageError{"flag " + dashed(needsValue.GetSpecifiedName()) + " needs a value"}
	case errors.As(err, &invalid):
		return usageError{fmt.Sprintf("invalid value %q for flag --%s: %s", invalid.GetValue(), invalid.GetFlag().Name,
			describeParseError(invalid.GetFlag()))}
	}
	return usageError{err.Error()}
}

// errHelpAsked is a command line that asked for help and then went wrong:
// the help has been printed.
var errHelpAsked = errors.New("help shown")

// describeParseError says what a flag's value must look like.
func describeParseError(f *pflag.Flag) string {
	switch f.Value.Type() {
	case "duration":
		return "not a duration such as 15s or 1m"
	case "int":
		return "not a whole number"
	}
	return "parse error"
}

// unknownFlag is a flag the command does not take: the key, a flag of
// another command (maybe given before the command it belongs to), or a
// flag of none.
func (inv *invocation) unknownFlag(cmd *cobra.Command, e *pflag.NotExistError) error {
	name, group := e.GetSpecifiedName(), e.GetSpecifiedShortnames()
	if keyFlagNames[strings.ToLower(name)] {
		return keyFlagError{name}
	}
	if len(group) > 1 && (cmd.Flags().Lookup(group) != nil || ownersOf(cmd.Root(), group) != nil) {
		return usageError{fmt.Sprintf("unknown flag -%s (a long flag takes two dashes: --%s)", group, group)}
	}
	owners := ownersOf(cmd.Root(), name)
	switch {
	case group != "" || owners == nil: // an unknown shorthand is named alone: the rest may be its value
		return usageError{"unknown flag " + dashed(name)}
	case cmd.Name() == "fakehub" && name == "demo":
		return usageError{"fakehub already serves the demo data; --demo is not needed"}
	case !cmd.HasParent():
		if owner := inv.commandGiven(owners); owner != "" {
			return usageError{fmt.Sprintf("--%s is a flag of the %s command: give it after the command (%s %s … --%s)",
				name, owner, programName, owner, name)}
		}
		return usageError{fmt.Sprintf("--%s is a flag of the %s, not of the terminal UI", name, describeOwners(owners))}
	}
	return usageError{fmt.Sprintf("--%s is a flag of the %s, not of %s", name, describeOwners(owners), cmd.Name())}
}

// ownersOf names the commands that take the long flag name ("" for the
// terminal UI, the root command), or nil.
func ownersOf(root *cobra.Command, name string) []string {
	if len(name) < 2 {
		return nil
	}
	var owners []string
	if root.LocalNonPersistentFlags().Lookup(name) != nil {
		owners = append(owners, "")
	}
	for _, c := range root.Commands() {
		if c.IsAvailableCommand() && c.LocalNonPersistentFlags().Lookup(name) != nil {
			owners = append(owners, c.Name())
		}
	}
	return owners
}

// commandGiven is the command among owners that the command line names, if
// any: a flag of it was given before it (cocalc-tui --json search alice).
func (inv *invocation) commandGiven(owners []string) string {
	for _, word := range inv.rawArgs {
		if word == "--" {
			return ""
		}
		if word != "" && slices.Contains(owners, word) {
			return word
		}
	}
	return ""
}

// describeOwners names the commands of a flag for a message: "search
// command and the terminal UI", "names and search commands".
func describeOwners(owners []string) string {
	var commands []string
	ui := false
	for _, owner := range owners {
		if owner == "" {
			ui = true
		} else {
			commands = append(commands, owner)
		}
	}
	var described string
	switch len(commands) {
	case 0:
		return "terminal UI"
	case 1:
		described = commands[0] + " command"
	default:
		described = strings.Join(commands[:len(commands)-1], ", ") + " and " + commands[len(commands)-1] + " commands"
	}
	if ui {
		described += " and the terminal UI"
	}
	return described
}

// dashed shows a flag as users type it: "-k", "--limit".
func dashed(name string) string {
	if len(name) == 1 {
		return "-" + name
	}
	return "--" + name
}

// checkFlags refuses values and combinations that make no sense, before
// anything is sent. Only the flags cmd takes can be set.
func (inv *invocation) checkFlags(cmd *cobra.Command) error {
	o, fs := inv.opts, cmd.Flags()
	if o.jq != "" {
		if err := inv.compileJQ(); err != nil {
			return err
		}
		o.json = true
	}
	switch {
	case o.json && o.csv && o.jq != "":
		return usageError{"--jq works on JSON output; it cannot be combined with --csv"}
	case o.json && o.csv:
		return usageError{"--json and --csv exclude each other"}
	case o.demo && (o.host != "" || o.profile != ""):
		return usageError{"--demo uses the built-in fake hub; it cannot be combined with --host or --profile"}
	case o.timeout < time.Millisecond && fs.Lookup("timeout") != nil:
		return usageError{fmt.Sprintf("--timeout %s is less than 1ms, the shortest the server counts; give e.g. 15s or 1m",
			o.timeout)}
	case o.pingInterval <= 0 && fs.Lookup("ping-interval") != nil:
		return usageError{"--ping-interval must be positive, e.g. 10s"}
	case fs.Changed("limit") && (o.limit < 1 || o.limit > hub.MaxAdminSearchLimit):
		return usageError{fmt.Sprintf("--limit must be between 1 and %d", hub.MaxAdminSearchLimit)}
	case fs.Changed("parallel") && (o.parallel < 1 || o.parallel > maxParallel):
		return usageError{fmt.Sprintf("--parallel must be between 1 and %d", maxParallel)}
	}
	if o.theme != "" && !validTheme(o.theme) {
		return usageError{fmt.Sprintf("--theme must be auto, dark or light, not %q", o.theme)}
	}
	if _, ok := demoKinds[o.demoKey]; !ok && fs.Lookup("demo-key") != nil {
		return usageError{fmt.Sprintf("--demo-key must be admin, user or project, not %q", o.demoKey)}
	}
	return nil
}

// validTheme reports whether a --theme or config file theme is one of
// auto, dark and light.
func validTheme(theme string) bool {
	return theme == "auto" || theme == "dark" || theme == "light"
}
