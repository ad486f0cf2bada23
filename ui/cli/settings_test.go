package cli

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
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
		{name: "--host of the profile's own server", config: true,
			flags: options{profile: "work", host: "https://COCALC.example.org:443/base/"},
			host:  "https://COCALC.example.org:443/base/", hostFrom: "--host",
			key: "sk-workkey00000000000001", keyFrom: `api_key_file of profile "work"`, prof: "work"},
		{name: "--host with COCALC_API_KEY and the default profile", config: true, flags: options{host: "https://flag.example.org"},
			env: []string{envAPIKey, envKey}, host: "https://flag.example.org", hostFrom: "--host", key: envKey, keyFrom: envAPIKey,
			prof: "cloud"},
		{name: "COCALC_API_KEY alone goes to cocalc.com, the default profile's host", config: true, env: []string{envAPIKey, envKey},
			host: "https://cocalc.com", hostFrom: `profile "cloud"`, key: envKey, keyFrom: envAPIKey, prof: "cloud"},
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
			`profile "a" in CONFIG sets api_key: the key itself never goes in the file; use api_key_file or api_key_command`},
		{"top-level typo", "defualt_profile = \"a\"\n[profiles.a]\n", "a",
			`unknown setting "defualt_profile" in CONFIG: did you mean default_profile? (the settings before the first table: ` +
				`default_profile, theme, mouse, history; a profile's go in [profiles.NAME])`},
		{"top-level stranger", "colour = 1\n", "",
			`unknown setting "colour" in CONFIG (the settings before the first table: default_profile, theme, mouse, history; ` +
				`a profile's go in [profiles.NAME])`},
		{"a profile's setting at the top", "read_only = true\n[profiles.a]\n", "a",
			`unknown setting "read_only" in CONFIG (the settings before the first table: default_profile, theme, mouse, ` +
				`history; a profile's go in [profiles.NAME])`},
		{"top-level setting after a table", "[profiles.broken]\nhost = \"https://a.org\"\ntheme = \"light\"\n", "broken",
			`theme in CONFIG is in the table [profiles.broken], where it means nothing: move it above the first [profiles.…] table, ` +
				`as TOML puts every line after a table's header in that table`},
		{"mouse after a table", "[profiles.ro]\nread_only = true\nmouse = true\n", "ro",
			`mouse in CONFIG is in the table [profiles.ro], where it means nothing: move it above the first [profiles.…] table`},
		{"history after a table", "[profiles.ro]\nhistory = false\n", "ro",
			`history in CONFIG is in the table [profiles.ro], where it means nothing: move it above the first [profiles.…] table`},
		{"profile typo", "[profiles.a]\nhots = \"https://a.org\"\n", "a",
			`unknown setting "hots" in profile "a" of CONFIG: did you mean host? (a profile knows host, api_key_file, api_key_command, ` +
				`insecure_http, read_only)`},
		{"profile stranger", "[profiles.a]\nport = 8080\n", "a",
			`unknown setting "port" in profile "a" of CONFIG (a profile knows host, api_key_file, api_key_command, insecure_http, read_only)`},
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
			if err != nil && strings.Contains(err.Error(), "\n") {
				t.Errorf("more than one line: %q", err)
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
			key, err := readKeyFile(context.Background(), path, e.home)
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
	_, err := readKeyFile(context.Background(), filepath.Join(t.TempDir(), "missing"), "")
	if err == nil || !strings.HasSuffix(err.Error(), ": no such file") {
		t.Errorf("missing file: %v", err)
	}
}

// TestKeyFileFolders: a key file in a folder others can write (they could
// put their own key there, and read what this program sends) is refused, as
// is one of another user.
func TestKeyFileFolders(t *testing.T) {
	e := newFakeEnv(t)
	keys := filepath.Join(e.home, "keys")
	if err := os.Mkdir(keys, 0o700); err != nil {
		t.Fatal(err)
	}
	path := e.writeKeyFile(t, "keys/work.key", "sk-filekey0000000000001\n", 0o600)
	if key, err := readKeyFile(context.Background(), path, e.home); err != nil || key != "sk-filekey0000000000001" {
		t.Fatalf("a private key file: %q, %v", key, err)
	}
	if err := os.Chmod(keys, 0o777); err != nil {
		t.Fatal(err)
	}
	_, err := readKeyFile(context.Background(), path, e.home)
	want := "refusing the API key file " + path + ": the folder " + keys + " (permissions 0777) lets other users replace what " +
		"is in it; run: chmod go-w " + keys
	if err == nil || err.Error() != want || exitCodeOf(err) != exitKeyError {
		t.Errorf("error = %v\nwant    %s", err, want)
	}
	if os.Geteuid() != 0 {
		return
	}
	if err := os.Chmod(keys, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(path, 65534, 65534); err != nil {
		t.Fatal(err)
	}
	_, err = readKeyFile(context.Background(), path, e.home)
	if want := "refusing the API key file " + path + ": it belongs to another user (user id 65534)"; err == nil || err.Error() != want {
		t.Errorf("error = %v\nwant    %s", err, want)
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
	t.Setenv(envAPIKey, "sk-inheritedKey0000000001")
	tests := []struct {
		name, command, key, wantErr string
	}{
		{"prints the key", `printf 'sk-cmdkey00000000000001\n'`, "sk-cmdkey00000000000001", ""},
		{"no trailing newline", `printf sk-cmdkey00000000000001`, "sk-cmdkey00000000000001", ""},
		{"fails", `echo 'first line' >&2; printf 'vault locked\033[2J\n' >&2; exit 3`, "",
			"api_key_command failed (exit status 3): vault locked␛[2J"},
		{"prints nothing", `true`, "", "api_key_command printed nothing; it must print the API key"},
		{"does not read our stdin", `cat`, "", "api_key_command printed nothing; it must print the API key"},
		{"prints too much", `yes sk-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa | head -c 100000`, "",
			"api_key_command printed more than 4096 bytes; it must print the API key alone"},
		{"does not see COCALC_API_KEY", `printf "%s" "${COCALC_API_KEY:-sk-notInherited000000001}"`, "sk-notInherited000000001", ""},
		{"its stderr never shows the key", `printf sk-printedKey00000000000001; echo "got sk-printedKey00000000000001" >&2; exit 4`, "",
			"api_key_command failed (exit status 4): got [redacted]"},
		{"its stderr never shows a printed key of another shape",
			`printf vaultToken0000000000042; echo "got vaultToken0000000000042 ($(printf vaultToken0000000000042 | base64))" >&2; exit 4`, "",
			"api_key_command failed (exit status 4): got [redacted] ([redacted])"},
		{"its stderr never shows a key printed before other lines",
			`printf 'vaultToken0000000000042\nvault: lease expired\n'; echo "could not renew vaultToken0000000000042" >&2; exit 4`, "",
			"api_key_command failed (exit status 4): could not renew [redacted]"},
		{"a long stderr shows its last line", `head -c 200000 /dev/zero | tr '\0' x >&2; echo >&2; echo "the end" >&2; exit 5`, "",
			"api_key_command failed (exit status 5): the end"},
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

// TestKeyGoesOnlyToItsServer mixes the sources of the server and the key
// every way: a key goes to the server it was configured for, or the mix is
// an error naming what to set, before any key is read.
func TestKeyGoesOnlyToItsServer(t *testing.T) {
	const envKey, otherHost = "sk-envkey00000000000000001", "http://other.localhost:8080"
	tests := []struct {
		name    string
		flags   options
		env     []string
		wantErr string // "" for none
	}{
		{name: "COCALC_HOST and no COCALC_API_KEY: the default profile's key stays home", env: []string{envHost, otherHost},
			wantErr: `the key of profile "cloud" is for https://cocalc.com, but the server is ` + otherHost + " (from COCALC_HOST)"},
		{name: "--host and no COCALC_API_KEY", flags: options{host: otherHost},
			wantErr: `the key of profile "cloud" is for https://cocalc.com, but the server is ` + otherHost + " (from --host)"},
		{name: "--profile with another --host", flags: options{profile: "work", host: otherHost},
			wantErr: `the key of profile "work" is for https://cocalc.example.org/base, but the server is ` + otherHost},
		{name: "--profile without a host, COCALC_HOST elsewhere", flags: options{profile: "nohost"}, env: []string{envHost, otherHost},
			wantErr: `the key of profile "nohost" is for https://cocalc.com, but the server is ` + otherHost},
		{name: "COCALC_API_KEY alone, default profile elsewhere with a key", flags: options{}, env: []string{envAPIKey, envKey},
			wantErr: "COCALC_API_KEY is for https://cocalc.com (COCALC_HOST is not set), but the server is " +
				`https://cocalc.example.org/base (from the config file's default_profile "work"): a key goes only to the server ` +
				"it was configured for; set COCALC_HOST to that server too, or unset COCALC_API_KEY (or name the profile: " +
				"--profile work) to use the profile's own key"},
		{name: "COCALC_API_KEY alone, keyless default profile elsewhere", env: []string{envAPIKey, envKey},
			wantErr: "COCALC_API_KEY is for https://cocalc.com (COCALC_HOST is not set), but the server is " +
				`http://keyless.localhost:1 (from the config file's default_profile "keyless"): a key goes only to the server ` +
				"it was configured for; set COCALC_HOST to that server too, or name the profile: --profile keyless"},
		{name: "a keyless profile named, COCALC_HOST elsewhere", flags: options{profile: "keyless"},
			env: []string{envAPIKey, envKey, envHost, otherHost},
			wantErr: "COCALC_API_KEY is for " + otherHost + ` (from COCALC_HOST), but the server is http://keyless.localhost:1 ` +
				`(from profile "keyless"): a key goes only to the server it was configured for; set COCALC_HOST to that server, ` +
				"or unset it"},
		{name: "a keyless default profile on the key's own server", env: []string{envAPIKey, envKey}},
		{name: "COCALC_HOST and COCALC_API_KEY together", env: []string{envHost, otherHost, envAPIKey, envKey}},
		{name: "--host and COCALC_API_KEY", flags: options{host: otherHost}, env: []string{envAPIKey, envKey}},
		{name: "a profile without a key takes COCALC_API_KEY", flags: options{profile: "keyless"}, env: []string{envAPIKey, envKey}},
		{name: "the same server spelled otherwise", flags: options{host: "HTTPS://Cocalc.Example.org:443/base/"}},
	}
	const config = `default_profile = "work"
[profiles.work]
host = "https://cocalc.example.org/base"
api_key_command = "touch ran; printf sk-workkey00000000000001"
insecure_http = true
[profiles.cloud]
host = "https://cocalc.com"
api_key_command = "touch ran; printf sk-cloudkey0000000000001"
[profiles.nohost]
api_key_command = "touch ran; printf sk-nohostkey000000000001"
[profiles.keyless]
host = "http://keyless.localhost:1"
insecure_http = true
[profiles.cocalc]
host = "https://COCALC.com/"
`
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newFakeEnv(t, tt.env...)
			cfg := config
			switch {
			case strings.Contains(tt.name, "default profile's key") || strings.Contains(tt.name, "--host and no"):
				cfg = strings.Replace(cfg, `default_profile = "work"`, `default_profile = "cloud"`, 1)
			case strings.Contains(tt.name, "keyless default profile elsewhere"):
				cfg = strings.Replace(cfg, `default_profile = "work"`, `default_profile = "keyless"`, 1)
			case strings.Contains(tt.name, "key's own server"):
				cfg = strings.Replace(cfg, `default_profile = "work"`, `default_profile = "cocalc"`, 1)
			}
			e.writeConfig(t, cfg)
			t.Chdir(e.home)
			s, err := resolveSettings(context.Background(), &tt.flags, e.getenv)
			_, statErr := os.Stat(filepath.Join(e.home, "ran"))
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("error %v, want none", err)
				}
				if s.InsecureHTTP && !strings.HasPrefix(s.HostSource, "profile ") {
					t.Errorf("insecure_http of a profile carried over to %s from %s", s.Host, s.HostSource)
				}
				return
			}
			var cfgErr *configError
			if !errors.As(err, &cfgErr) || !strings.HasPrefix(err.Error(), tt.wantErr) {
				t.Errorf("error = %v\nwant    %s…", err, tt.wantErr)
			}
			if statErr == nil {
				t.Error("api_key_command ran, although its key could not be used")
			}
		})
	}
}

// TestInsecureHTTPStaysWithItsProfile: a profile's insecure_http does not
// carry over to a server from the environment.
func TestInsecureHTTPStaysWithItsProfile(t *testing.T) {
	e := newFakeEnv(t, envHost, "http://other.localhost:1", envAPIKey, "sk-envkey00000000000000001")
	e.writeConfig(t, "default_profile = \"p\"\n[profiles.p]\nhost = \"http://p.example.org\"\ninsecure_http = true\n")
	s, err := resolveSettings(context.Background(), &options{}, e.getenv)
	if err != nil || s.InsecureHTTP {
		t.Errorf("settings %+v, %v: want insecure_http off for a server from COCALC_HOST", s, err)
	}
}

// TestConfigOthersCanChangeIsRefused: a config file that other users can
// write, or that sits in a folder they can write (any folder from the home
// folder down), is refused before anything in it runs, with the fix.
func TestConfigOthersCanChangeIsRefused(t *testing.T) {
	for _, tt := range []struct {
		name   string
		target string // relative to the home folder; "" for the home folder itself
		perm   os.FileMode
		want   string // PATH is the target
	}{
		{"group-writable file", ".config/cocalc-tui/config.toml", 0o620, "its permissions 0620 let other users change it"},
		{"world-writable file", ".config/cocalc-tui/config.toml", 0o602, "its permissions 0602 let other users change it"},
		{"world-writable folder", ".config/cocalc-tui", 0o777, "the folder PATH (permissions 0777) lets other users replace what is in it"},
		{"group-writable folder", ".config/cocalc-tui", 0o770, "the folder PATH (permissions 0770) lets other users replace what is in it"},
		{"world-writable folder above", ".config", 0o777, "the folder PATH (permissions 0777) lets other users replace what is in it"},
		{"group-writable home", "", 0o775, "the folder PATH (permissions 0775) lets other users replace what is in it"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := newFakeEnv(t)
			marker := filepath.Join(e.home, "ran")
			path := e.writeConfig(t, "default_profile = \"p\"\n[profiles.p]\napi_key_command = \"touch "+marker+"; echo sk-k\"\n")
			target := filepath.Join(e.home, tt.target)
			if err := os.Chmod(target, tt.perm); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = os.Chmod(target, 0o700) })
			_, err := resolveSettings(context.Background(), &options{}, e.getenv)
			want := "refusing the config file " + path + ", which decides what runs as you (api_key_command) and where your key goes " +
				"(host): " + strings.ReplaceAll(tt.want, "PATH", target) + "; run: chmod go-w " + target
			var cfgErr *configError
			if !errors.As(err, &cfgErr) || err.Error() != want {
				t.Errorf("error = %v\nwant    %s", err, want)
			}
			if _, statErr := os.Stat(marker); statErr == nil {
				t.Error("api_key_command ran")
			}
		})
	}
}

// TestConfigThatIsNoRegularFile: a FIFO (which hung the program, deaf to
// Ctrl-C) or a device as the config file is refused at once.
func TestConfigThatIsNoRegularFile(t *testing.T) {
	for name, create := range map[string]func(path string) error{
		"fifo":   func(path string) error { return syscall.Mkfifo(path, 0o600) },
		"device": func(path string) error { return os.Symlink("/dev/zero", path) },
		"folder": func(path string) error { return os.Mkdir(path, 0o700) },
	} {
		t.Run(name, func(t *testing.T) {
			e := newFakeEnv(t)
			path := configPath(e.getenv)
			if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
				t.Fatal(err)
			}
			if err := create(path); err != nil {
				t.Fatal(err)
			}
			// Refused, not given up on after localFileTimeout ("no data within 5s").
			_, err := resolveSettings(context.Background(), &options{}, e.getenv)
			if want := "refusing the config file " + path + ": not a regular file"; err == nil || err.Error() != want {
				t.Errorf("error = %v\nwant    %s", err, want)
			}
		})
	}
}

// TestConfigOfAnotherUser: a config file, or a folder on its way, that
// another user owns is refused.
func TestConfigOfAnotherUser(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("only root can give a file away")
	}
	for _, target := range []string{".config/cocalc-tui/config.toml", ".config/cocalc-tui"} {
		e := newFakeEnv(t)
		path := e.writeConfig(t, "theme = \"dark\"\n")
		if err := os.Chown(filepath.Join(e.home, target), 65534, 65534); err != nil {
			t.Fatal(err)
		}
		_, err := resolveSettings(context.Background(), &options{}, e.getenv)
		if err == nil || !strings.HasPrefix(err.Error(), "refusing the config file "+path+", which decides") ||
			!strings.Contains(err.Error(), "belongs to another user (user id 65534)") {
			t.Errorf("%s of another user: %v", target, err)
		}
	}
}

// TestConfigThroughALinkedFolder: a config folder linked into a dotfiles
// repository (as GNU Stow links it) is read, with the folders it points
// into checked; a missing config behind an open folder is no config.
func TestConfigThroughALinkedFolder(t *testing.T) {
	e := newFakeEnv(t)
	dots := filepath.Join(e.home, "dotfiles", "cocalc-tui")
	if err := os.MkdirAll(dots, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dots, "config.toml"), []byte("theme = \"light\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(e.home, ".config"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("../dotfiles/cocalc-tui", filepath.Join(e.home, ".config", "cocalc-tui")); err != nil {
		t.Fatal(err)
	}
	cfg, err := loadConfig(context.Background(), configPath(e.getenv), e.home)
	if err != nil || cfg.Theme != "light" {
		t.Fatalf("through a linked folder: %+v, %v", cfg, err)
	}
	if err := os.Chmod(filepath.Join(e.home, "dotfiles"), 0o777); err != nil {
		t.Fatal(err)
	}
	if _, err := loadConfig(context.Background(), configPath(e.getenv), e.home); err == nil ||
		!strings.Contains(err.Error(), "the folder "+filepath.Join(e.home, "dotfiles")+" (permissions 0777)") {
		t.Errorf("a link into a folder others can write: %v", err)
	}
	if err := os.Remove(filepath.Join(dots, "config.toml")); err != nil {
		t.Fatal(err)
	}
	if cfg, err := loadConfig(context.Background(), configPath(e.getenv), e.home); err != nil || len(cfg.Profiles) != 0 {
		t.Errorf("no config file behind a folder others can write: %+v, %v", cfg, err)
	}
}

// TestKeyFileThatIsNoFile: a FIFO, a device, a folder, a sparse file of
// 200 MB are refused at once, without reading them; a link to a private
// file is fine.
func TestKeyFileThatIsNoFile(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	sparse := filepath.Join(dir, "sparse")
	if f, err := os.OpenFile(sparse, os.O_CREATE|os.O_WRONLY, 0o600); err != nil {
		t.Fatal(err)
	} else {
		_ = f.Truncate(200 << 20)
		_ = f.Close()
	}
	private := filepath.Join(dir, "private")
	if err := os.WriteFile(private, []byte("sk-linkedkey000000000001\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link")
	if err := os.Symlink(private, link); err != nil {
		t.Fatal(err)
	}
	folder := filepath.Join(dir, "folder")
	if err := os.Mkdir(folder, 0o700); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{
		fifo:        "not a regular file",
		"/dev/zero": "not a regular file",
		folder:      "not a regular file",
		sparse:      "it is 209715200 bytes, and a key is at most 4096",
	} {
		started := time.Now()
		_, err := readKeyFile(context.Background(), path, "")
		var keyErr *keyError
		if !errors.As(err, &keyErr) || !strings.HasSuffix(err.Error(), want) {
			t.Errorf("%s: %v, want %q", path, err, want)
		}
		if elapsed := time.Since(started); elapsed > 2*time.Second {
			t.Errorf("%s: refused after %s", path, elapsed)
		}
	}
	if key, err := readKeyFile(context.Background(), link, ""); err != nil || key != "sk-linkedkey000000000001" {
		t.Errorf("a link to a private key file: %q, %v", key, err)
	}
}

// TestKeyFileInterrupted: SIGINT while the key file is read ends the wait
// as an interruption (exit code 130).
func TestKeyFileInterrupted(t *testing.T) {
	ctx, cancel := context.WithCancelCause(context.Background())
	cancel(interruptedBySIGINT)
	// Whichever comes first, the file or the interruption, the result is
	// consistent; with the context already ended, the file may still win.
	_, err := readKeyFile(ctx, filepath.Join(t.TempDir(), "missing"), "")
	if code := exitCodeOf(err); code != 130 && code != exitKeyError {
		t.Errorf("exit code %d for %v", code, err)
	}
}

// TestKeyCommandDeadlineIsKept: a command that leaves a child holding its
// output still ends at the deadline (and a second later, at most).
func TestKeyCommandDeadlineIsKept(t *testing.T) {
	saved := keyCommandTimeout
	keyCommandTimeout = 300 * time.Millisecond
	t.Cleanup(func() { keyCommandTimeout = saved })
	started := time.Now()
	_, err := runKeyCommand(context.Background(), "sleep 30 & sleep 30; echo sk-late")
	if err == nil || err.Error() != "api_key_command did not finish within 300ms" {
		t.Errorf("error = %v", err)
	}
	if elapsed := time.Since(started); elapsed > 5*time.Second {
		t.Errorf("took %s, for a deadline of 300ms", elapsed)
	}
}

// TestKeyCommandInterrupted: SIGINT while api_key_command runs gives the
// interruption, exit code 130, not a failed command.
func TestKeyCommandInterrupted(t *testing.T) {
	ctx, cancel := context.WithCancelCause(context.Background())
	started := filepath.Join(t.TempDir(), "started")
	go func() { // once the command runs, SIGINT
		for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
			if _, err := os.Stat(started); err == nil {
				break
			}
		}
		cancel(interruptedBySIGINT)
	}()
	_, err := runKeyCommand(ctx, "touch "+started+"; sleep 30")
	if code := exitCodeOf(err); code != 130 {
		t.Errorf("exit code %d (%v), want 130", code, err)
	}
}
