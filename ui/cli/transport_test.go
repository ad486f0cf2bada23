package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"cocalc-tui/hub/hubtest"
)

// readDebugLog returns the --debug log of a run with env.
func readDebugLog(t *testing.T, c *cli) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(stateDir(c.env.getenv), "debug.log"))
	if err != nil {
		t.Fatalf("no debug log: %v", err)
	}
	return string(data)
}

// TestPlainHTTPNeedsTheOptIn checks that a plain http:// address of another
// host is refused before any request (the debug log shows none), with the
// reason and the way to opt in; and that with the opt-in, from the flag or
// the profile, the request is attempted.
func TestPlainHTTPNeedsTheOptIn(t *testing.T) {
	const host = "http://cocalc.invalid"
	refusal := "cocalc-tui: refusing plain http:// to cocalc.invalid (the address came from %s): the API key would cross the network " +
		"unencrypted; use https://, or %s to send it anyway\n"
	tests := []struct {
		name   string
		args   []string
		config string
		stderr string // the exact line when refused; "" when the request must be attempted
	}{
		{name: "--host", args: []string{"--host", host, "ping"},
			stderr: fmt.Sprintf(refusal, "--host", "add --insecure-http")},
		{name: "COCALC_HOST", args: []string{"ping"},
			stderr: fmt.Sprintf(refusal, "COCALC_HOST", "add --insecure-http")},
		{name: "profile", args: []string{"--profile", "lab", "ping"}, config: "[profiles.lab]\nhost = \"" + host + "\"\n",
			stderr: fmt.Sprintf(refusal, `profile "lab"`, `set insecure_http = true in profile "lab" (or add --insecure-http)`)},
		{name: "--insecure-http", args: []string{"--host", host, "--insecure-http", "ping", "--timeout", "5s"}},
		{name: "insecure_http in the profile", args: []string{"--profile", "lab", "ping", "--timeout", "5s"},
			config: "[profiles.lab]\nhost = \"" + host + "\"\ninsecure_http = true\n"},
	}
	attempted := regexp.MustCompile(`^cocalc-tui: ping failed: (cannot find host cocalc\.invalid|no answer from cocalc\.invalid within .*) \(.*\)\n$`)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newCLI(t, nil, userKey)
			c.env.vars[envHost] = host
			c.env.vars["XDG_STATE_HOME"] = t.TempDir()
			if tt.config != "" {
				c.env.writeConfig(t, tt.config)
			}
			r := c.run(t, append(tt.args, "--debug")...)
			stderr := strings.SplitN(r.stderr, "\n", 2)[1] // after the debug log's notice
			debugLog := readDebugLog(t, c)
			requested := strings.Contains(debugLog, "msg=http ")
			if tt.stderr != "" {
				if r.code != exitUsage || stderr != tt.stderr || requested {
					t.Errorf("exit %d (want %d), request attempted: %v\nstderr %q\nwant   %q", r.code, exitUsage, requested, stderr, tt.stderr)
				}
				return
			}
			if r.code != exitFailure || !attempted.MatchString(stderr) || !requested {
				t.Errorf("exit %d (want %d), request attempted: %v (want true)\nstderr %q\nwant   %s", r.code, exitFailure, requested, stderr, attempted)
			}
		})
	}
}

// TestOversizedAnswerKeepsMemoryBounded runs each command into a 40 MiB
// answer (over the client's 32 MiB limit) and checks that the process's
// memory stays bounded: what is allocated during the run (generous: the
// limit, read in growing buffers) and what is still held after it (nothing
// of the answer).
func TestOversizedAnswerKeepsMemoryBounded(t *testing.T) {
	server := startHub(t)
	server.SetFault(hubtest.FaultOversized)
	const (
		maxAllocated = 256 << 20
		maxRetained  = 16 << 20
	)
	for _, cmd := range serverCommands {
		c := newCLI(t, server, userKey)
		c.stdin = cmd.stdin
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		r := c.run(t, cmd.args...)
		runtime.ReadMemStats(&after)
		allocated := after.TotalAlloc - before.TotalAlloc
		runtime.GC()
		runtime.ReadMemStats(&after)
		retained := int64(after.HeapAlloc) - int64(before.HeapAlloc)
		if r.code != exitFailure || !strings.Contains(r.stderr, "the answer is larger than 32 MiB; not read") {
			t.Errorf("%s: exit %d, stderr %q", cmd.name, r.code, r.stderr)
		}
		if allocated > maxAllocated {
			t.Errorf("%s: %d MiB allocated during the run, want at most %d MiB", cmd.name, allocated>>20, maxAllocated>>20)
		}
		if retained > maxRetained {
			t.Errorf("%s: %d MiB still held after the run, want at most %d MiB", cmd.name, retained>>20, maxRetained>>20)
		}
		t.Logf("%s: %d MiB allocated, %d KiB retained", cmd.name, allocated>>20, retained>>10)
	}
}

// TestAddressWithoutScheme: a server address without http:// or https://
// is refused before any request, with the URL it likely means, from each
// place an address comes from: http:// on this machine, https:// elsewhere.
func TestAddressWithoutScheme(t *testing.T) {
	tests := []struct {
		name, host, config string
		args               []string
		stderr             string
	}{
		{"--host, loopback", "", "", []string{"--host", "127.0.0.1:40081", "ping"},
			"cocalc-tui: bad server address from --host: 127.0.0.1:40081 lacks http:// or https:// " +
				"(correct it: give --host http://127.0.0.1:40081)\n"},
		{"COCALC_HOST, elsewhere", "cocalc.example.org/cocalc", "", []string{"ping"},
			"cocalc-tui: bad server address from COCALC_HOST: cocalc.example.org/cocalc lacks http:// or https:// " +
				"(correct it: set COCALC_HOST to https://cocalc.example.org/cocalc)\n"},
		{"profile, localhost", "", "[profiles.dev]\nhost = \"localhost:5000\"\n", []string{"--profile", "dev", "ping"},
			`cocalc-tui: bad server address from profile "dev": localhost:5000 lacks http:// or https:// ` +
				`(correct it: set host in profile "dev" to http://localhost:5000)` + "\n"},
		{"no URL at all", "", "", []string{"--host", "ftp://cocalc.com", "ping"},
			"cocalc-tui: bad server address from --host: the server address must look like https://cocalc.com or " +
				"https://example.org/base-path (correct it: give --host a base URL such as https://cocalc.com or " +
				"https://example.org/base-path)\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newCLI(t, nil, userKey)
			if tt.host != "" {
				c.env.vars[envHost] = tt.host
			}
			if tt.config != "" {
				c.env.writeConfig(t, tt.config)
			}
			c.run(t, tt.args...).expect(t, exitUsage, "", tt.stderr)
		})
	}
}
