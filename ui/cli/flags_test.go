package cli

import (
	"context"
	"strings"
	"testing"
	"time"
)

// parse runs the command line as Run does, without running the command,
// and returns the options, the command and its arguments.
func parse(t *testing.T, args ...string) (*invocation, error) {
	t.Helper()
	inv := &invocation{env: Env{}.withDefaults(), opts: &options{}, rawArgs: args}
	root := inv.newRootCommand()
	inv.root = root
	cmd, rest, err := root.Find(args)
	if err != nil {
		return inv, err
	}
	if err := cmd.ParseFlags(rest); err != nil {
		return inv, cmd.FlagErrorFunc()(cmd, err)
	}
	if cmd.HasParent() {
		inv.command = cmd.Name()
	}
	inv.args = cmd.Flags().Args()
	return inv, inv.checkFlags(cmd)
}

func TestFlagsWhereTheyBelong(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		command string
		args2   []string
		check   func(o *options) bool
	}{
		{"flags after", []string{"search", "alice", "--json"}, "search", []string{"alice"},
			func(o *options) bool { return o.json }},
		{"flags between", []string{"search", "ada", "--limit", "5", "bob", "--admin"}, "search", []string{"ada", "bob"},
			func(o *options) bool { return o.limit == 5 && o.admin }},
		{"-L is --limit", []string{"search", "-L", "7", "x"}, "search", []string{"x"},
			func(o *options) bool { return o.limit == 7 }},
		{"connection flags before the command", []string{"--demo", "--timeout", "3s", "search", "x"}, "search",
			[]string{"x"}, func(o *options) bool { return o.demo && o.timeout == 3*time.Second }},
		{"dash is an argument", []string{"search", "-", "--csv"}, "search", []string{"-"},
			func(o *options) bool { return o.csv }},
		{"double dash ends flags", []string{"search", "--", "--json", "-x"}, "search", []string{"--json", "-x"},
			func(o *options) bool { return !o.json }},
		{"double dash as a flag value", []string{"ping", "--profile", "--"}, "ping", nil,
			func(o *options) bool { return o.profile == "--" }},
		{"no command", []string{"--demo"}, "", nil,
			func(o *options) bool { return o.demo }},
		{"--jq implies --json", []string{"whoami", "--jq", ".admin"}, "whoami", nil,
			func(o *options) bool { return o.json && o.jqCode != nil }},
		{"defaults", []string{"ping"}, "ping", nil,
			func(o *options) bool { return o.timeout == defaultTimeout && o.demoKey == "admin" }},
		{"the UI's defaults", nil, "", nil,
			func(o *options) bool { return o.pingInterval == defaultPingInterval && o.timeout == defaultTimeout }},
		{"fakehub's defaults", []string{"fakehub"}, "fakehub", nil,
			func(o *options) bool { return o.addr == defaultFakehubAddr }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inv, err := parse(t, tt.args...)
			if err != nil {
				t.Fatalf("%q: %v", tt.args, err)
			}
			if inv.command != tt.command || !sameStrings(inv.args, tt.args2) {
				t.Errorf("%q = command %q, args %q; want %q, %q", tt.args, inv.command, inv.args, tt.command, tt.args2)
			}
			if !tt.check(inv.opts) {
				t.Errorf("%q: options %+v", tt.args, *inv.opts)
			}
		})
	}
}

// sameStrings compares lists, taking nil and empty as equal.
func sameStrings(a, b []string) bool {
	return len(a) == len(b) && (len(a) == 0 || strings.Join(a, "\x00") == strings.Join(b, "\x00"))
}

// TestFlagMistakes: each mistake says what is wrong in the program's words.
// Since the command line is cobra's, a flag of a command goes after it
// (those of the connection, which every command that calls the server
// takes, may come before it too).
func TestFlagMistakes(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"search", "x", "--limt", "3"}, "unknown flag --limt"},
		{[]string{"search", "x", "--limit"}, "flag --limit needs a value"},
		{[]string{"search", "x", "-L"}, "flag -L needs a value"},
		{[]string{"search", "x", "--limit", "many"}, `invalid value "many" for flag --limit: not a whole number`},
		{[]string{"--timeout", "soon", "ping"}, `invalid value "soon" for flag --timeout: not a duration such as 15s or 1m`},
		{[]string{"search", "-json", "x"}, "unknown flag -json (a long flag takes two dashes: --json)"},
		{[]string{"ping", "-x"}, "unknown flag -x"},
		{[]string{"names", "x", "--limit", "5"}, "--limit is a flag of the search command and the terminal UI, not of names"},
		{[]string{"ping", "--addr", ":1"}, "--addr is a flag of the fakehub command, not of ping"},
		{[]string{"ping", "--csv"}, "--csv is a flag of the names and search commands, not of ping"},
		{[]string{"--json"}, "--json is a flag of the fakehub, names, ping, search and whoami commands, not of the terminal UI"},
		{[]string{"--json", "search", "alice"},
			"--json is a flag of the search command: give it after the command (cocalc-tui search … --json)"},
		{[]string{"search", "x", "--csv", "--json"}, "--json and --csv exclude each other"},
		{[]string{"search", "x", "--csv", "--jq", "."}, "--jq works on JSON output; it cannot be combined with --csv"},
		{[]string{"search", "x", "--jq", ".[] |"}, "--jq: unexpected EOF"},
		{[]string{"--demo", "--host", "https://x.org", "ping"}, "--demo uses the built-in fake hub; it cannot be combined with --host or --profile"},
		{[]string{"--demo", "--demo-key", "root", "ping"}, `--demo-key must be admin, user or project, not "root"`},
		{[]string{"--timeout", "0s", "ping"}, "--timeout 0s is less than 1ms, the shortest the server counts; give e.g. 15s or 1m"},
		{[]string{"--timeout", "500us", "ping"}, "--timeout 500µs is less than 1ms, the shortest the server counts; give e.g. 15s or 1m"},
		{[]string{"--timeout", "-1s", "ping"}, "--timeout -1s is less than 1ms, the shortest the server counts; give e.g. 15s or 1m"},
		{[]string{"--ping-interval", "-1s"}, "--ping-interval must be positive, e.g. 10s"},
		{[]string{"search", "x", "--limit", "0"}, "--limit must be between 1 and 2500"},
		{[]string{"search", "x", "-L", "2501"}, "--limit must be between 1 and 2500"},
		{[]string{"fakehub", "--demo"}, "fakehub already serves the demo data; --demo is not needed"},
	}
	for _, tt := range tests {
		_, err := parse(t, tt.args...)
		if err == nil || err.Error() != tt.want {
			t.Errorf("%q: error %v\nwant %q", tt.args, err, tt.want)
		}
	}
}

// TestHelpBeforeAMistake: --help before a bad flag still shows the help of
// the command, as it did before the command line moved to cobra.
func TestHelpBeforeAMistake(t *testing.T) {
	c := newCLI(t, nil, "")
	r := c.run(t, "names", "--help", "--bogus")
	if r.code != exitOK || !strings.Contains(r.stdout, "cocalc-tui names {ID... | -} [flags]") || r.stderr != "" {
		t.Errorf("exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
}

// TestCompletion: the scripts of the four shells, and completions of
// commands and flag values.
func TestCompletion(t *testing.T) {
	c := newCLI(t, nil, "")
	for shell, want := range map[string]string{
		"bash": "__start_cocalc-tui", "zsh": "#compdef cocalc-tui", "fish": "complete -c cocalc-tui",
		"powershell": "Register-ArgumentCompleter",
	} {
		r := c.run(t, "completion", shell)
		if r.code != exitOK || !strings.Contains(r.stdout, want) {
			t.Errorf("completion %s: exit %d, stdout lacks %q (stderr %q)", shell, r.code, want, r.stderr)
		}
	}
	// A missing or unknown shell is a usage error of one line, naming the
	// shells (cobra's own command printed its help and exited 0).
	for args, want := range map[string]string{
		"completion nosuch": `cocalc-tui: unknown shell "nosuch" (shells: bash, fish, powershell or zsh) ` +
			"(see cocalc-tui completion --help)\n",
		"completion": "cocalc-tui: completion needs a shell: bash, fish, powershell or zsh (see cocalc-tui completion --help)\n",
	} {
		if r := c.run(t, strings.Fields(args)...); r.code != exitUsage || r.stderr != want || r.stdout != "" {
			t.Errorf("%s: exit %d, stdout %q, stderr %q, want %q", args, r.code, r.stdout, r.stderr, want)
		}
	}
	// Its description is in the others' style, lowercase.
	if r := c.run(t, "--help"); !strings.Contains(r.stdout, "\n  completion  shell completion scripts: bash, fish, powershell or zsh\n") {
		t.Errorf("--help lists completion as:\n%s", r.stdout)
	}
	c.env.writeConfig(t, "[profiles.work]\n[profiles.home]\n")
	for _, tt := range []struct {
		args []string
		want []string
	}{
		{[]string{"__complete", "se"}, []string{"search"}},
		{[]string{"__complete", "--theme", ""}, []string{"auto", "dark", "light"}},
		{[]string{"__complete", "search", "x", "--profile", ""}, []string{"home", "work"}},
		{[]string{"__complete", "ping", "--demo-key", "p"}, []string{"project"}},
	} {
		r := c.run(t, tt.args...)
		for _, want := range tt.want {
			if !strings.Contains(r.stdout, want) {
				t.Errorf("%q: %q lacks %q", tt.args, r.stdout, want)
			}
		}
	}
}

func TestVersion(t *testing.T) {
	c := newCLI(t, nil, "")
	want := "cocalc-tui " + buildVersion() + "\n"
	c.run(t, "--version").expect(t, exitOK, want, "")
	c.run(t, "version").expect(t, exitOK, want, "")
	var stdout strings.Builder
	if code := Run(context.Background(), []string{"version"}, Env{Version: "1.2.3", Stdout: &stdout}); code != exitOK ||
		stdout.String() != "cocalc-tui 1.2.3\n" {
		t.Errorf("version with a version set: %d %q", code, stdout.String())
	}
}

// TestDidYouMean: a mistyped command is named, with the commands it may be.
func TestDidYouMean(t *testing.T) {
	c := newCLI(t, nil, "")
	c.run(t, "serch", "x").expect(t, exitUsage, "", `cocalc-tui: unknown command "serch": did you mean search? `+
		"(commands: ban, completion, fakehub, help, names, ping, search, unban, version, whoami)\n")
	c.run(t, "help", "nope").expect(t, exitUsage, "", `cocalc-tui: no help for "nope" `+
		"(commands: ban, completion, fakehub, help, names, ping, search, unban, version, whoami)\n")
}
