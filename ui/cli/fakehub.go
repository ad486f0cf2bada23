package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"cocalc-tui/hub"
	"cocalc-tui/hub/clean"
	"cocalc-tui/hub/hubtest"
)

// demoKinds maps --demo-key to the demo data's keys (public test data).
var demoKinds = map[string]string{
	"admin":   hubtest.DemoAdminKey,
	"user":    hubtest.DemoUserKey,
	"project": hubtest.DemoProjectKey,
}

// startDemo starts the fake hub with the demo data in-process, on a free
// loopback port, for --demo.
func startDemo(kind string) (*settings, func(), error) {
	server := hubtest.NewDemoServer()
	s := &settings{Host: server.URL, HostSource: "--demo", Key: demoKinds[kind],
		KeySource: fmt.Sprintf("the demo's %s key", kind)}
	return s, server.Close, nil
}

// newFakehubCommand is `cocalc-tui fakehub`.
func (inv *invocation) newFakehubCommand() *cobra.Command {
	c := &cobra.Command{
		Use:   "fakehub",
		Short: "run a fake CoCalc hub for scripts and tests",
		Long: `Runs the fake hub (the one the tests use) as a server, and prints its URL, its
API keys and examples. Point scripts, the Python client or this program at it
to work without a CoCalc account. It answers as a real hub does, on
/api/conat/hub and /api/conat/project. Stop it with Ctrl-C.

With --json it prints one line {"url": ..., "keys": [...]} before serving.`,
		Example: `  cocalc-tui fakehub
  cocalc-tui fakehub --addr 127.0.0.1:8080 --data accounts.json --base-path /cocalc
  cocalc-tui fakehub --hostile
  cocalc-tui fakehub --latency 20ms            as slow as a server 20 ms away`,
	}
	fs := c.Flags()
	fs.StringVar(&inv.opts.addr, "addr", defaultFakehubAddr, "where to listen, `HOST:PORT` (port 0: a free one)")
	fs.StringVar(&inv.opts.dataFile, "data", "", "serve the accounts, keys and projects of a JSON `FILE` (see the "+
		"README) instead of the demo data")
	fs.StringVar(&inv.opts.basePath, "base-path", "", "serve under a base `PATH`, as a self-hosted server may")
	fs.BoolVar(&inv.opts.public, "public", false, "allow an address other than loopback (anyone who can reach it "+
		"can use the keys)")
	fs.BoolVar(&inv.opts.hostile, "hostile", false, "answer as a hostile server would: ids with escape sequences, "+
		"formula names, names of megabytes, invalid UTF-8, the caller's key echoed")
	fs.DurationVar(&inv.opts.latency, "latency", 0, "answer each API call after `D` (e.g. 20ms), as a distant "+
		"server does: to try scripts and measure bulk work as over a network")
	addJSONFlags(fs, inv.opts, `one line {"url", "keys"} before serving`)
	addDebugFlag(fs, inv.opts)
	return inv.wire(c, noArgs, runFakehub)
}

// fakeKey is one API key of the served data, as printed.
type fakeKey struct {
	Key       string `json:"key"`
	Kind      string `json:"kind"` // account or project
	AccountID string `json:"account_id,omitempty"`
	Name      string `json:"name,omitempty"`
	Admin     bool   `json:"admin,omitempty"`
	ProjectID string `json:"project_id,omitempty"`
	// Refused says why the server refuses the key, if it does: test data
	// may hold keys of banned accounts and expired keys on purpose.
	Refused string `json:"refused,omitempty"`
}

func runFakehub(ctx context.Context, inv *invocation) int {
	data, source, err := inv.fakehubData()
	if err != nil {
		inv.errorf("%s", clean.Line(err.Error()))
		return exitUsage
	}
	if err := checkListenAddr(inv.opts.addr, inv.opts.public); err != nil {
		return inv.usageFailure(err)
	}
	if inv.opts.latency < 0 {
		return inv.usageFailure(usageError{"--latency must not be negative, e.g. 20ms"})
	}
	if inv.opts.public {
		inv.errorf("warning: listening on %s: anyone who can reach it can use the keys below", inv.opts.addr)
	}
	// Listening here, rather than in Start, makes a bad address an error
	// message instead of a panic; the server takes this listener over.
	listener, err := net.Listen("tcp", inv.opts.addr)
	if err != nil {
		inv.errorf("cannot listen on %s: %s", inv.opts.addr, describeListenError(err))
		return exitFailure
	}
	fake := hubtest.NewUnstartedServer(data, hubtest.WithBasePath(inv.opts.basePath))
	fake.Listener = listener
	if inv.opts.hostile {
		fake.SetFault(hubtest.FaultHostile)
		inv.errorf("hostile mode: every answer attacks the program that shows it (escape sequences, formulas, " +
			"megabyte names, invalid UTF-8, the caller's key echoed)")
	}
	fake.SetLatency(inv.opts.latency, inv.opts.latency)
	fake.Start()
	defer fake.Close()
	keys := describeKeys(data, inv.env.Now())
	inv.log.Info("fakehub", "url", fake.URL, "data", source, "keys", len(keys))
	if code := inv.printFakehubIntro(ctx, fake.URL, source, keys); code != exitOK {
		return code
	}
	return serveUntilDone(ctx, inv, fake)
}

// fakehubData is the data to serve and a description of where it is from.
func (inv *invocation) fakehubData() (*hubtest.Data, string, error) {
	if inv.opts.dataFile == "" {
		return hubtest.DemoData(inv.env.Now()), "", nil
	}
	data, err := hubtest.ReadDataFile(inv.opts.dataFile)
	if err != nil {
		return nil, "", fmt.Errorf("cannot load --data: %w", err)
	}
	return data, inv.opts.dataFile, nil
}

// checkListenAddr refuses addresses other machines can reach, unless
// --public: the keys printed are public, so the server must stay private.
func checkListenAddr(addr string, public bool) error {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return usageError{fmt.Sprintf("--addr %q is not HOST:PORT (e.g. 127.0.0.1:8080)", addr)}
	}
	if _, err := strconv.ParseUint(port, 10, 16); err != nil {
		return usageError{fmt.Sprintf("--addr %q: the port must be a number (0 picks a free one)", addr)}
	}
	if !hub.IsLoopbackHost(host) && !public {
		return usageError{fmt.Sprintf("refusing to listen on %s: other machines could use the fake hub's keys; "+
			"use a loopback address such as 127.0.0.1, or add --public", addr)}
	}
	return nil
}

func describeListenError(err error) string {
	var opErr *net.OpError
	if errors.As(err, &opErr) && opErr.Err != nil {
		return opErr.Err.Error()
	}
	return err.Error()
}

// describeKeys lists the data's keys in a stable order: usable keys first,
// admins' before users', account keys before project keys.
func describeKeys(data *hubtest.Data, now time.Time) []fakeKey {
	accounts := map[string]*hubtest.Account{}
	for i := range data.Accounts {
		accounts[data.Accounts[i].AccountID] = &data.Accounts[i]
	}
	var keys []fakeKey
	for secret, k := range data.Keys {
		key := fakeKey{Key: secret, Kind: "project", ProjectID: k.ProjectID}
		if !k.IsProjectKey() {
			key = fakeKey{Key: secret, Kind: "account", AccountID: k.AccountID}
			if a := accounts[k.AccountID]; a != nil {
				key.Name = strings.TrimSpace(deref(a.FirstName) + " " + deref(a.LastName))
				key.Admin = a.IsAdmin()
				if a.Banned != nil && *a.Banned {
					key.Refused = "banned account"
				}
			}
		} else if a := accounts[k.AccountID]; a != nil && a.Banned != nil && *a.Banned {
			key.Refused = "made by a banned account"
		}
		if k.Expire != nil && *k.Expire <= now.UnixMilli() {
			key.Refused = "expired"
		}
		keys = append(keys, key)
	}
	sort.Slice(keys, func(i, j int) bool { return keyOrder(keys[i]) < keyOrder(keys[j]) })
	return keys
}

// keyOrder sorts keys usable keys first, then admins, accounts, and by key.
func keyOrder(k fakeKey) string {
	rank := func(b bool) string {
		if b {
			return "0"
		}
		return "1"
	}
	return rank(k.Refused == "") + rank(k.Admin) + rank(k.Kind == "account") + k.Key
}

// printFakehubIntro prints what a person needs to use the server, and
// returns the exit code. The keys are printed on purpose (so not scrubbed):
// the demo keys are public test data, and keys of a --data file are the
// user's own test data.
func (inv *invocation) printFakehubIntro(ctx context.Context, url, source string, keys []fakeKey) int {
	if inv.opts.json {
		line, _ := json.Marshal(struct {
			URL  string    `json:"url"`
			Data string    `json:"data,omitempty"`
			Keys []fakeKey `json:"keys"`
		}{url, source, keys})
		keepKeys := func(s string) string { return s }
		return inv.outputFailure(inv.writeDocument(ctx, inv.stdout(), line, false, keepKeys))
	}
	w := inv.stdout()
	if source == "" {
		fmt.Fprintf(w, "Fake CoCalc hub with the demo data at %s\n\nAPI keys (public demo test data):\n", url)
	} else {
		fmt.Fprintf(w, "Fake CoCalc hub with the data of %s at %s\n\nAPI keys (from that file: your own test data):\n",
			clean.Line(source), url)
	}
	t := &table{columns: []column{{header: "KEY"}, {header: "SCOPE"}}}
	for _, k := range keys {
		t.add(clean.Line(k.Key), describeScope(k))
	}
	_ = t.render(indent{w}, 0)
	if len(keys) > 0 {
		inv.printExamples(w, url, pickExampleKey(keys))
	}
	fmt.Fprintf(w, "\nPress Ctrl-C to stop.\n")
	return exitOK
}

func describeScope(k fakeKey) string {
	scope := "project " + k.ProjectID
	if k.Kind == "account" {
		role := "user"
		if k.Admin {
			role = "admin"
		}
		scope = fmt.Sprintf("%s %s (%s)", role, clean.Line(orDash(k.Name)), k.AccountID)
	}
	if k.Refused != "" {
		scope += ", refused: " + k.Refused
	}
	return scope
}

// pickExampleKey prefers an account key for the examples: the hub endpoint
// refuses project keys.
func pickExampleKey(keys []fakeKey) string {
	for _, k := range keys {
		if k.Kind == "account" && k.Refused == "" {
			return k.Key
		}
	}
	return keys[0].Key
}

func (inv *invocation) printExamples(w io.Writer, url, key string) {
	key = clean.Line(key)
	fmt.Fprintf(w, "\nTry:\n")
	fmt.Fprintf(w, "  curl -s -u %s -H 'Content-Type: application/json' -d '{\"name\":\"system.ping\",\"args\":[{}]}' %s/api/conat/hub\n",
		shellQuote(key+":"), url)
	fmt.Fprintf(w, "  COCALC_HOST=%s COCALC_API_KEY=%s %s search alice\n", url, shellQuote(key), programName)
}

// shellQuote quotes s for a POSIX shell.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// indent prefixes every line written through it with two spaces.
type indent struct{ w io.Writer }

func (in indent) Write(p []byte) (int, error) {
	lines := strings.SplitAfter(string(p), "\n")
	var b strings.Builder
	for _, line := range lines {
		if line != "" {
			b.WriteString("  " + line)
		}
	}
	if _, err := io.WriteString(in.w, b.String()); err != nil {
		return 0, err
	}
	return len(p), nil
}

// serveUntilDone serves until ctx is done (SIGINT or SIGTERM), then lets
// requests in flight finish for a few seconds.
func serveUntilDone(ctx context.Context, inv *invocation, fake *hubtest.Server) int {
	<-ctx.Done()
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_ = fake.Shutdown(shutdownCtx)
	inv.errorf("fake hub stopped")
	return exitOK
}
