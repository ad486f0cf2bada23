package cli

import (
	"reflect"
	"testing"
)

func TestParseArgsInterspersed(t *testing.T) {
	tests := []struct {
		name       string
		args       []string
		command    string
		positional []string
		check      func(o *options) bool
	}{
		{"flags after", []string{"search", "alice", "--json"}, "search", []string{"alice"},
			func(o *options) bool { return o.json }},
		{"flags before", []string{"--json", "search", "alice"}, "search", []string{"alice"},
			func(o *options) bool { return o.json }},
		{"flags between", []string{"search", "ada", "--limit", "5", "bob", "--admin"}, "search", []string{"ada", "bob"},
			func(o *options) bool { return o.limit == 5 && o.admin }},
		{"single dash flags", []string{"-json", "search", "-limit=3", "x"}, "search", []string{"x"},
			func(o *options) bool { return o.json && o.limit == 3 }},
		{"dash is an argument", []string{"search", "-", "--csv"}, "search", []string{"-"},
			func(o *options) bool { return o.csv }},
		{"double dash ends flags", []string{"search", "--", "--json", "-x"}, "search", []string{"--json", "-x"},
			func(o *options) bool { return !o.json }},
		{"double dash as a flag value", []string{"--profile", "--", "ping"}, "ping", nil,
			func(o *options) bool { return o.profile == "--" }},
		{"no command", []string{"--demo"}, "", nil,
			func(o *options) bool { return o.demo }},
		{"defaults", []string{"ping"}, "ping", nil,
			func(o *options) bool {
				return o.timeout == defaultTimeout && o.pingInterval == defaultPingInterval && o.demoKey == "admin" &&
					o.addr == defaultFakehubAddr
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := &options{}
			p, _, err := parseArgs(tt.args, o)
			if err != nil {
				t.Fatalf("parseArgs(%q): %v", tt.args, err)
			}
			if p.command != tt.command || !sameStrings(p.positional, tt.positional) {
				t.Errorf("parseArgs(%q) = command %q, args %q; want %q, %q", tt.args, p.command, p.positional, tt.command, tt.positional)
			}
			if !tt.check(o) {
				t.Errorf("parseArgs(%q): options %+v", tt.args, *o)
			}
		})
	}
}

// sameStrings compares lists, taking nil and empty as equal.
func sameStrings(a, b []string) bool {
	return len(a) == len(b) && (len(a) == 0 || reflect.DeepEqual(a, b))
}

func TestParseArgsErrors(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"search", "x", "--limt", "3"}, "unknown flag --limt"},
		{[]string{"search", "x", "--limit"}, "flag --limit needs a value"},
		{[]string{"search", "x", "--limit", "many"}, `invalid value "many" for flag --limit: parse error`},
		{[]string{"--timeout", "soon", "ping"}, `invalid value "soon" for flag --timeout: parse error`},
	}
	for _, tt := range tests {
		_, _, err := parseArgs(tt.args, &options{})
		if err == nil || err.Error() != tt.want {
			t.Errorf("parseArgs(%q) error = %v, want %q", tt.args, err, tt.want)
		}
	}
}

func TestParseArgsHelpKeepsTheCommand(t *testing.T) {
	p, _, err := parseArgs([]string{"names", "--help", "--bogus"}, &options{})
	if err != nil || !p.help || p.command != "names" {
		t.Errorf("got %+v, %v; want help for names", p, err)
	}
}

func TestCheckFlags(t *testing.T) {
	tests := []struct {
		args []string
		want string // "" for no error
	}{
		{[]string{"search", "x", "--limit", "5", "--admin", "--only-email", "--csv"}, ""},
		{[]string{"names", "x", "--limit", "5"}, "--limit is a flag of the search command and the terminal UI"},
		{[]string{"ping", "--addr", ":1"}, "--addr is a flag of the fakehub command"},
		{[]string{"ping", "--csv"}, "--csv is only for search and names"},
		{[]string{"search", "x", "--csv", "--json"}, "--json and --csv exclude each other"},
		{[]string{"--json"}, "--json is for commands; the terminal UI has no JSON output"},
		{[]string{"--demo", "--host", "https://x.org", "ping"}, "--demo uses the built-in fake hub; it cannot be combined with --host or --profile"},
		{[]string{"--demo", "--demo-key", "root", "ping"}, `--demo-key must be admin, user or project, not "root"`},
		{[]string{"--timeout", "0s", "ping"}, "--timeout must be positive, e.g. 15s or 1m"},
		{[]string{"fakehub", "--demo"}, "fakehub already serves the demo data; --demo is not needed"},
	}
	for _, tt := range tests {
		o := &options{}
		p, fs, err := parseArgs(tt.args, o)
		if err != nil {
			t.Fatalf("parseArgs(%q): %v", tt.args, err)
		}
		err = checkFlags(fs, p.command, o)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != tt.want {
			t.Errorf("checkFlags(%q) = %q, want %q", tt.args, got, tt.want)
		}
	}
}
