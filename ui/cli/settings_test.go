package cli

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// fakeEnv is an environment for tests: a temporary home directory and the
// variables given.
type fakeEnv struct {
	home string
	vars map[string]string
}

func newFakeEnv(t *testing.T, vars ...string) *fakeEnv {
	t.Helper()
	e := &fakeEnv{home: t.TempDir(), vars: map[string]string{}}
	e.vars["HOME"] = e.home
	e.vars["TERM"] = "xterm-256color"
	for i := 0; i+1 < len(vars); i += 2 {
		e.vars[vars[i]] = vars[i+1]
	}
	return e
}

func (e *fakeEnv) getenv(name string) string { return e.vars[name] }

// writeConfig writes the config file where configPath looks for it.
func (e *fakeEnv) writeConfig(t *testing.T, content string) string {
	t.Helper()
	path := configPath(e.getenv)
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// writeKeyFile writes a key file with the given permissions.
func (e *fakeEnv) writeKeyFile(t *testing.T, name, content string, perm os.FileMode) string {
	t.Helper()
	path := filepath.Join(e.home, name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, perm); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestConfigPaths(t *testing.T) {
	e := newFakeEnv(t)
	if got, want := configPath(e.getenv), filepath.Join(e.home, ".config", "cocalc-tui", "config.toml"); got != want {
		t.Errorf("configPath = %q, want %q", got, want)
	}
	if got, want := stateDir(e.getenv), filepath.Join(e.home, ".local", "state", "cocalc-tui"); got != want {
		t.Errorf("stateDir = %q, want %q", got, want)
	}
	e.vars["XDG_CONFIG_HOME"] = "/xdg/config"
	e.vars["XDG_STATE_HOME"] = "relative/is/ignored"
	if got := configPath(e.getenv); got != "/xdg/config/cocalc-tui/config.toml" {
		t.Errorf("configPath with XDG_CONFIG_HOME = %q", got)
	}
	if got, want := stateDir(e.getenv), filepath.Join(e.home, ".local", "state", "cocalc-tui"); got != want {
		t.Errorf("stateDir with a relative XDG_STATE_HOME = %q, want %q", got, want)
	}
}

const twoProfiles = `
default_profile = "cloud"

[profiles.cloud]
host = "https://cocalc.com"
api_key_command = "printf 'sk-cloudkey0000000000001\n'"

[profiles.work]
host = "https://cocalc.example.org/base"
api_key_file = "work.key"
insecure_http = true
`

func TestPrecedence(t *testing.T) {
	const envKey, envURL = "sk-envkey00000000000000001", "https://env.example.org"
	tests := []struct {
		name                 string
		flags                options
		env                  []string
		config               bool
		host, hostFrom       string
		key, keyFrom, prof   string
		insecure             bool
		wantConfigErrorMatch string
	}{
		{name: "defaults", host: "https://cocalc.com", hostFrom: "default"},
		{name: "environment", env: []string{envAPIKey, envKey, envHost, envURL},
			host: envURL, hostFrom: envHost, key: envKey, keyFrom: envAPIKey},
		{name: "flag beats environment", flags: options{host: "https://flag.example.org"}, env: []string{envHost, envURL},
			host: "https://flag.example.org", hostFrom: "--host"},
		{name: "default profile", config: true, host: "https://cocalc.com", hostFrom: `profile "cloud"`,
			key: "sk-cloudkey0000000000001", keyFrom: `api_key_command of profile "cloud"`, prof: "cloud"},
		{name: "environment beats default profile", config: true, env: []string{envAPIKey, envKey, envHost, envURL},
			host: envURL, hostFrom: envHost, key: envKey, keyFrom: envAPIKey, prof: "cloud"},
		{name: "--profile beats environment", config: true, flags: options{profile: "work"},
			env:  []string{envAPIKey, envKey, envHost, envURL},
			host: "https://cocalc.example.org/base", hostFrom: `profile "work"`,
			key: "sk-workkey00000000000001", keyFrom: `api_key_file of profile "work"`, prof: "work", insecure: true},
		{name: "--host beats --profile", config: true, flags: options{profile: "work", host: "https://flag.example.org"},
			host: "https://flag.example.org", hostFrom: "--host",
			key: "sk-workkey00000000000001", keyFrom: `api_key_file of profile "work"`, prof: "work", insecure: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newFakeEnv(t, tt.env...)
			if tt.config {
				e.writeConfig(t, twoProfiles)
				e.writeKeyFile(t, ".config/cocalc-tui/work.key", "sk-workkey00000000000001\n", 0o600)
			}
			s, err := resolveSettings(context.Background(), &tt.flags, e.getenv)
			if err != nil {
				t.Fatal(err)
			}
			got := [...]any{s.Host, s.HostSource, s.Key, s.KeySource, s.Profile, s.InsecureHTTP}
			want := [...]any{tt.host, tt.hostFrom, tt.key, tt.keyFrom, tt.prof, tt.insecure}
			if got != want {
				t.Errorf("settings = %q\nwant       %q", got, want)
			}
		})
	}
}

func TestProfileErrors(t *testing.T) {
	tests := []struct {
		name, config, profile, want string
	}{
		{"unknown profile", twoProfiles, "home", `unknown profile "home" (from --profile); profiles in CONFIG: cloud, work`},
		{"no config file", "", "home", `unknown profile "home" (from --profile): CONFIG defines no profiles`},
		{"bad default profile", `default_profile = "gone"` + "\n[profiles.a]\nhost = \"https://a.org\"\n", "",
			`unknown profile "gone" (from default_profile in CONFIG); profiles in CONFIG: a`},
		{"key in the file", "[profiles.a]\napi_key = \"sk-x\"\n", "a",
			`unknown setting "profiles.a.api_key" in CONFIG (profiles know host, api_key_file, api_key_command, insecure_http; the key itself never goes in the file)`},
		{"two key sources", "[profiles.a]\napi_key_file = \"k\"\napi_key_command = \"echo k\"\n", "a",
			`profile "a" in CONFIG sets both api_key_file and api_key_command; keep one`},
		{"syntax error", "[profiles.a\n", "a", "cannot read the config file CONFIG: toml: line 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newFakeEnv(t)
			path := configPath(e.getenv)
			if tt.config != "" {
				e.writeConfig(t, tt.config)
			}
			_, err := resolveSettings(context.Background(), &options{profile: tt.profile}, e.getenv)
			want := strings.ReplaceAll(tt.want, "CONFIG", path)
			var cfgErr *configError
			if !errors.As(err, &cfgErr) || !strings.HasPrefix(err.Error(), want) {
				t.Errorf("error = %v\nwant    %s", err, want)
			}
			if exitCodeOf(err) != exitUsage {
				t.Errorf("exit code %d, want %d", exitCodeOf(err), exitUsage)
			}
		})
	}
}

func TestKeyFile(t *testing.T) {
	tests := []struct {
		name    string
		content string
		perm    os.FileMode
		key     string
		wantErr string
	}{
		{"private", "sk-filekey0000000000001\n", 0o600, "sk-filekey0000000000001", ""},
		{"read-only private", "  sk-filekey0000000000001  \r\n", 0o400, "sk-filekey0000000000001", ""},
		{"group-readable", "sk-x", 0o640, "", "its permissions 0640 let other users read it; run: chmod 600 FILE"},
		{"world-readable", "sk-x", 0o604, "", "its permissions 0604 let other users read it; run: chmod 600 FILE"},
		{"empty", "\n", 0o600, "", "the API key file FILE is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newFakeEnv(t)
			path := e.writeKeyFile(t, "key", tt.content, tt.perm)
			key, err := readKeyFile(path)
			if tt.wantErr == "" {
				if err != nil || key != tt.key {
					t.Errorf("readKeyFile = %q, %v; want %q", key, err, tt.key)
				}
				return
			}
			var keyErr *keyError
			if !errors.As(err, &keyErr) || !strings.Contains(err.Error(), strings.ReplaceAll(tt.wantErr, "FILE", path)) {
				t.Errorf("error = %v, want one containing %q", err, tt.wantErr)
			}
			if strings.Contains(err.Error(), "sk-x") {
				t.Errorf("the error shows the key: %v", err)
			}
		})
	}
	_, err := readKeyFile(filepath.Join(t.TempDir(), "missing"))
	if err == nil || !strings.HasSuffix(err.Error(), ": no such file") {
		t.Errorf("missing file: %v", err)
	}
}

func TestKeyFilePathExpansion(t *testing.T) {
	e := newFakeEnv(t)
	if got := expandPath("~/keys/k", "/cfg", e.getenv); got != filepath.Join(e.home, "keys", "k") {
		t.Errorf("~ expansion: %q", got)
	}
	if got := expandPath("k", "/cfg", e.getenv); got != "/cfg/k" {
		t.Errorf("relative path: %q", got)
	}
	if got := expandPath("/abs/k", "/cfg", e.getenv); got != "/abs/k" {
		t.Errorf("absolute path: %q", got)
	}
}

func TestKeyCommand(t *testing.T) {
	tests := []struct {
		name, command, key, wantErr string
	}{
		{"prints the key", `printf 'sk-cmdkey00000000000001\n'`, "sk-cmdkey00000000000001", ""},
		{"no trailing newline", `printf sk-cmdkey00000000000001`, "sk-cmdkey00000000000001", ""},
		{"fails", `echo 'first line' >&2; printf 'vault locked\033[2J\n' >&2; exit 3`, "",
			"api_key_command failed (exit status 3): vault locked␛[2J"},
		{"prints nothing", `true`, "", "api_key_command printed nothing; it must print the API key"},
		{"does not read our stdin", `cat`, "", "api_key_command printed nothing; it must print the API key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			key, err := runKeyCommand(context.Background(), tt.command)
			if tt.wantErr == "" {
				if err != nil || key != tt.key {
					t.Errorf("runKeyCommand = %q, %v; want %q", key, err, tt.key)
				}
				return
			}
			var keyErr *keyError
			if !errors.As(err, &keyErr) || err.Error() != tt.wantErr {
				t.Errorf("error = %v\nwant    %s", err, tt.wantErr)
			}
		})
	}
}

func TestKeyCommandTimeout(t *testing.T) {
	saved := keyCommandTimeout
	keyCommandTimeout = 200 * time.Millisecond
	t.Cleanup(func() { keyCommandTimeout = saved })
	started := time.Now()
	_, err := runKeyCommand(context.Background(), "sleep 30")
	if err == nil || err.Error() != "api_key_command did not finish within 200ms" {
		t.Errorf("error = %v", err)
	}
	if elapsed := time.Since(started); elapsed > 10*time.Second {
		t.Errorf("took %s", elapsed)
	}
}
