package cli

import (
	"cmp"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"
)

// Defaults of the global flags.
const (
	defaultTimeout      = 15 * time.Second // the server's own default call timeout
	defaultPingInterval = 10 * time.Second
	defaultFakehubAddr  = "127.0.0.1:0"
)

// options holds every flag of every command. One flag set parses them all, so
// flags may come before or after the command and its arguments; checkFlags
// then refuses those that do not belong to the command.
type options struct {
	// global
	host         string
	profile      string
	timeout      time.Duration
	debug        bool
	insecureHTTP bool
	demo         bool
	demoKey      string
	pingInterval time.Duration
	theme        string
	version      bool
	json         bool
	csv          bool

	// search
	limit     int
	admin     bool
	onlyEmail bool

	// fakehub
	addr     string
	dataFile string
	basePath string
	public   bool
	hostile  bool
}

// commandFlags says which commands take each command-specific flag ("" is
// the terminal UI); flags not listed are global.
var commandFlags = map[string][]string{
	"limit":      {"search", ""},
	"theme":      {""},
	"admin":      {"search"},
	"only-email": {"search"},
	"addr":       {"fakehub"},
	"data":       {"fakehub"},
	"base-path":  {"fakehub"},
	"public":     {"fakehub"},
	"hostile":    {"fakehub"},
}

// describeOwners names the commands of a flag for a message.
func describeOwners(owners []string) string {
	names := make([]string, len(owners))
	for i, owner := range owners {
		names[i] = cmp.Or(owner, "terminal UI")
		if owner != "" {
			names[i] += " command"
		}
	}
	return strings.Join(names, " and the ")
}

func newFlagSet(o *options) *flag.FlagSet {
	fs := flag.NewFlagSet("cocalc-tui", flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are reported by run, usage by printHelp
	fs.StringVar(&o.host, "host", "", "")
	fs.StringVar(&o.profile, "profile", "", "")
	fs.DurationVar(&o.timeout, "timeout", defaultTimeout, "")
	fs.BoolVar(&o.debug, "debug", false, "")
	fs.BoolVar(&o.insecureHTTP, "insecure-http", false, "")
	fs.BoolVar(&o.demo, "demo", false, "")
	fs.StringVar(&o.demoKey, "demo-key", "admin", "")
	fs.DurationVar(&o.pingInterval, "ping-interval", defaultPingInterval, "")
	fs.StringVar(&o.theme, "theme", "", "")
	fs.BoolVar(&o.version, "version", false, "")
	fs.BoolVar(&o.json, "json", false, "")
	fs.BoolVar(&o.csv, "csv", false, "")

	fs.IntVar(&o.limit, "limit", 0, "")
	fs.BoolVar(&o.admin, "admin", false, "")
	fs.BoolVar(&o.onlyEmail, "only-email", false, "")

	fs.StringVar(&o.addr, "addr", defaultFakehubAddr, "")
	fs.StringVar(&o.dataFile, "data", "", "")
	fs.StringVar(&o.basePath, "base-path", "", "")
	fs.BoolVar(&o.public, "public", false, "")
	fs.BoolVar(&o.hostile, "hostile", false, "")
	return fs
}

// parsedArgs is the command line taken apart.
type parsedArgs struct {
	command    string   // "" for the TUI
	positional []string // the command's arguments
	help       bool     // -h or --help was given
}

// parseArgs parses flags wherever they appear; "--" ends the flags.
func parseArgs(args []string, o *options) (*parsedArgs, *flag.FlagSet, error) {
	fs := newFlagSet(o)
	words, err := parseInterspersed(fs, args)
	p := &parsedArgs{}
	if len(words) > 0 {
		p.command, p.positional = words[0], words[1:]
	}
	if errors.Is(err, flag.ErrHelp) {
		p.help = true
		return p, fs, nil
	}
	if name, ok := undefinedFlag(err); ok && keyFlagNames[strings.ToLower(name)] {
		return p, fs, keyFlagError{name}
	}
	if err != nil {
		return p, fs, usageError{rewordFlagError(err)}
	}
	return p, fs, nil
}

// keyFlagNames are the flags people try for the API key. There is none: the
// key would show in the process list (ps, /proc/PID/cmdline) and in the
// shell's history.
var keyFlagNames = map[string]bool{
	"api-key": true, "api_key": true, "apikey": true, "key": true, "k": true, "token": true,
}

// keyFlagError is an attempt to give the API key as a flag. Its message is
// made by run, which knows where the config file is; it never holds the
// value that followed the flag.
type keyFlagError struct{ flag string }

func (e keyFlagError) Error() string { return "there is no flag for the API key" }

const undefinedFlagPrefix = "flag provided but not defined: -"

// undefinedFlag returns the name of the unknown flag an error is about.
func undefinedFlag(err error) (string, bool) {
	if err == nil {
		return "", false
	}
	name, ok := strings.CutPrefix(err.Error(), undefinedFlagPrefix)
	return strings.TrimLeft(name, "-"), ok
}

// dashed shows a flag as users type it: "-k", "--limit".
func dashed(name string) string {
	if len(name) == 1 {
		return "-" + name
	}
	return "--" + name
}

// parseInterspersed runs the standard flag parser repeatedly: each time it
// stops at a word that is not a flag, the word is kept and parsing resumes
// after it. On error it still returns the words seen so far, so the help of
// the right command can be shown.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var words []string
	for {
		if err := fs.Parse(args); err != nil {
			return words, err
		}
		rest := fs.Args()
		if stoppedAtTerminator(fs, args, len(args)-len(rest)) {
			return append(words, rest...), nil
		}
		if len(rest) == 0 {
			return words, nil
		}
		words = append(words, rest[0])
		args = rest[1:]
	}
}

// stoppedAtTerminator reports whether the parser stopped because of "--"
// (rather than because "--" was the value of a flag, as in `--host --`).
func stoppedAtTerminator(fs *flag.FlagSet, args []string, consumed int) bool {
	if consumed == 0 || args[consumed-1] != "--" {
		return false
	}
	if consumed >= 2 {
		name := strings.TrimLeft(args[consumed-2], "-")
		if f := fs.Lookup(name); f != nil && strings.HasPrefix(args[consumed-2], "-") && !isBoolFlag(f) {
			return false
		}
	}
	return true
}

func isBoolFlag(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// rewordFlagError shows flags as users type them ("--limit", not "-limit").
func rewordFlagError(err error) string {
	msg := err.Error()
	for _, prefix := range []string{undefinedFlagPrefix, "flag needs an argument: -"} {
		if strings.HasPrefix(msg, prefix) {
			name := strings.TrimLeft(msg[len(prefix):], "-")
			if prefix == undefinedFlagPrefix {
				return "unknown flag " + dashed(name)
			}
			return "flag " + dashed(name) + " needs a value"
		}
	}
	if i := strings.Index(msg, " for flag -"); i >= 0 {
		rest := strings.TrimLeft(msg[i+len(" for flag -"):], "-")
		return msg[:i] + " for flag --" + rest
	}
	return msg
}

// checkFlags refuses flags that belong to another command, and combinations
// that make no sense, before anything is sent.
func checkFlags(fs *flag.FlagSet, command string, o *options) error {
	var err error
	fs.Visit(func(f *flag.Flag) {
		if owners, ok := commandFlags[f.Name]; ok && !contains(owners, command) && err == nil {
			err = usageError{fmt.Sprintf("--%s is a flag of the %s", f.Name, describeOwners(owners))}
		}
	})
	if err != nil {
		return err
	}
	switch {
	case o.json && o.csv:
		return usageError{"--json and --csv exclude each other"}
	case o.csv && command != "search" && command != "names":
		return usageError{"--csv is only for search and names"}
	case o.json && command == "":
		return usageError{"--json is for commands; the terminal UI has no JSON output"}
	case o.demo && (o.host != "" || o.profile != ""):
		return usageError{"--demo uses the built-in fake hub; it cannot be combined with --host or --profile"}
	case o.demo && command == "fakehub":
		return usageError{"fakehub already serves the demo data; --demo is not needed"}
	case o.timeout <= 0:
		return usageError{"--timeout must be positive, e.g. 15s or 1m"}
	case o.pingInterval <= 0:
		return usageError{"--ping-interval must be positive, e.g. 10s"}
	case o.limit < 0 || o.limit > maxAdminLimit:
		return usageError{fmt.Sprintf("--limit must be between 1 and %d", maxAdminLimit)}
	}
	if o.theme != "" && !validTheme(o.theme) {
		return usageError{fmt.Sprintf("--theme must be auto, dark or light, not %q", o.theme)}
	}
	if _, ok := demoKinds[o.demoKey]; !ok {
		return usageError{fmt.Sprintf("--demo-key must be admin, user or project, not %q", o.demoKey)}
	}
	return nil
}

// validTheme reports whether a --theme or config file theme is one of
// auto, dark and light.
func validTheme(theme string) bool {
	return theme == "auto" || theme == "dark" || theme == "light"
}
