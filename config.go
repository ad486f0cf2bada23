package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"cocalc-tui/hub"
	"cocalc-tui/ui/sanitize"
)

// Environment variables, named as the Python client names them.
const (
	envAPIKey = "COCALC_API_KEY"
	envHost   = "COCALC_HOST"
)

// keyCommandTimeout bounds api_key_command: a password manager waiting for a
// passphrase nobody will type must not hang the program forever.
var keyCommandTimeout = 10 * time.Second

// configFile is the TOML file with named profiles.
type configFile struct {
	DefaultProfile string             `toml:"default_profile"`
	Profiles       map[string]profile `toml:"profiles"`
}

// profile is one [profiles.NAME] table: a server and where its key comes from.
type profile struct {
	Host          string `toml:"host"`
	APIKeyFile    string `toml:"api_key_file"`
	APIKeyCommand string `toml:"api_key_command"`
	InsecureHTTP  bool   `toml:"insecure_http"`
}

// configError is a problem with the config file or the profile asked for:
// the user must fix the file or the flag, so it exits as a usage error.
type configError struct{ msg string }

func (e *configError) Error() string { return e.msg }

// keyError is a key source that exists but yields no usable key (a key file
// others can read, a failing api_key_command). It exits like a rejected key.
type keyError struct{ msg string }

func (e *keyError) Error() string { return e.msg }

// configPath is $XDG_CONFIG_HOME/cocalc-tui/config.toml, or
// ~/.config/cocalc-tui/config.toml when XDG_CONFIG_HOME is unset.
func configPath(getenv func(string) string) string {
	return filepath.Join(xdgDir(getenv, "XDG_CONFIG_HOME", ".config"), "cocalc-tui", "config.toml")
}

// stateDir is where the debug log goes: $XDG_STATE_HOME/cocalc-tui, or
// ~/.local/state/cocalc-tui.
func stateDir(getenv func(string) string) string {
	return filepath.Join(xdgDir(getenv, "XDG_STATE_HOME", filepath.Join(".local", "state")), "cocalc-tui")
}

// xdgDir follows the XDG base directory rule: the variable if it holds an
// absolute path, else the fallback under the home directory.
func xdgDir(getenv func(string) string, variable, fallback string) string {
	if dir := getenv(variable); filepath.IsAbs(dir) {
		return dir
	}
	return filepath.Join(getenv("HOME"), fallback)
}

// displayPath shortens a path under the home directory to ~/..., for messages.
func displayPath(path string, getenv func(string) string) string {
	home := getenv("HOME")
	if home != "" && strings.HasPrefix(path, home+string(filepath.Separator)) {
		return "~" + path[len(home):]
	}
	return path
}

// loadConfig reads the config file. A missing file is no error: it is
// optional, and the result then has no profiles.
func loadConfig(path string) (*configFile, error) {
	var cfg configFile
	meta, err := toml.DecodeFile(path, &cfg)
	if errors.Is(err, fs.ErrNotExist) {
		return &configFile{}, nil
	}
	if err != nil {
		return nil, &configError{fmt.Sprintf("cannot read the config file %s: %s", path, oneLine(err.Error()))}
	}
	if undecoded := meta.Undecoded(); len(undecoded) > 0 {
		return nil, &configError{fmt.Sprintf("unknown setting %q in %s (profiles know host, api_key_file, api_key_command, insecure_http; "+
			"the key itself never goes in the file)", undecoded[0].String(), path)}
	}
	for name, p := range cfg.Profiles {
		if p.APIKeyFile != "" && p.APIKeyCommand != "" {
			return nil, &configError{fmt.Sprintf("profile %q in %s sets both api_key_file and api_key_command; keep one", name, path)}
		}
	}
	return &cfg, nil
}

// oneLine joins a multi-line message (TOML parse errors have several lines).
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// settings are the resolved connection settings, each with the place it came
// from, so messages and the debug log can say why a value is what it is.
type settings struct {
	Host         string
	HostSource   string
	Key          string
	KeySource    string // e.g. "COCALC_API_KEY", `api_key_file of profile "work"`
	InsecureHTTP bool
	Profile      string // the profile in use, "" if none
}

// resolveSettings applies the precedence rules: flags, then the environment,
// then the config file, then built-in defaults. A profile named with
// --profile is part of the command line, so its values rank with the flags;
// the file's default_profile ranks below the environment. This way
// `--profile work` never sends work's key to the host in COCALC_HOST, nor the
// COCALC_API_KEY meant for cocalc.com to work's host.
func resolveSettings(ctx context.Context, opts *options, getenv func(string) string) (*settings, error) {
	path := configPath(getenv)
	cfg, err := loadConfig(path)
	if err != nil {
		return nil, err
	}
	name, explicit := opts.profile, opts.profile != ""
	if !explicit {
		name = cfg.DefaultProfile
	}
	var prof *profile
	if name != "" {
		p, ok := cfg.Profiles[name]
		if !ok {
			return nil, unknownProfile(name, explicit, cfg, path)
		}
		prof = &p
	}
	s := &settings{Profile: name, InsecureHTTP: opts.insecureHTTP || (prof != nil && prof.InsecureHTTP)}
	s.Host, s.HostSource = pickHost(opts, prof, name, explicit, getenv)
	if err := s.pickKey(ctx, prof, name, explicit, getenv, filepath.Dir(path)); err != nil {
		return nil, err
	}
	return s, nil
}

func unknownProfile(name string, explicit bool, cfg *configFile, path string) error {
	known := make([]string, 0, len(cfg.Profiles))
	for n := range cfg.Profiles {
		known = append(known, n)
	}
	sort.Strings(known)
	where := "--profile"
	if !explicit {
		where = "default_profile in " + path
	}
	if len(known) == 0 {
		return &configError{fmt.Sprintf("unknown profile %q (from %s): %s defines no profiles", name, where, path)}
	}
	return &configError{fmt.Sprintf("unknown profile %q (from %s); profiles in %s: %s", name, where, path, strings.Join(known, ", "))}
}

func pickHost(opts *options, prof *profile, name string, explicit bool, getenv func(string) string) (string, string) {
	fromProfile := prof != nil && prof.Host != ""
	switch {
	case opts.host != "":
		return opts.host, "--host"
	case explicit && fromProfile:
		return prof.Host, fmt.Sprintf("profile %q", name)
	case getenv(envHost) != "":
		return getenv(envHost), envHost
	case fromProfile:
		return prof.Host, fmt.Sprintf("profile %q", name)
	}
	return hub.DefaultBaseURL, "default"
}

func (s *settings) pickKey(ctx context.Context, prof *profile, name string, explicit bool, getenv func(string) string, configDir string) error {
	profileHasKey := prof != nil && (prof.APIKeyFile != "" || prof.APIKeyCommand != "")
	useProfile := func() error {
		key, source, err := profileKey(ctx, prof, name, configDir, getenv)
		s.Key, s.KeySource = key, source
		return err
	}
	switch {
	case explicit && profileHasKey:
		return useProfile()
	case getenv(envAPIKey) != "":
		s.Key, s.KeySource = strings.TrimSpace(getenv(envAPIKey)), envAPIKey
		return nil
	case profileHasKey:
		return useProfile()
	}
	return nil
}

// profileKey reads the key from the profile's api_key_file or api_key_command.
func profileKey(ctx context.Context, prof *profile, name, configDir string, getenv func(string) string) (string, string, error) {
	if prof.APIKeyFile != "" {
		path := expandPath(prof.APIKeyFile, configDir, getenv)
		key, err := readKeyFile(path)
		return key, fmt.Sprintf("api_key_file of profile %q", name), err
	}
	key, err := runKeyCommand(ctx, prof.APIKeyCommand)
	return key, fmt.Sprintf("api_key_command of profile %q", name), err
}

// expandPath resolves "~/" against the home directory and a relative path
// against the config file's directory, where the user most likely meant it.
func expandPath(path, configDir string, getenv func(string) string) string {
	if strings.HasPrefix(path, "~/") {
		return filepath.Join(getenv("HOME"), path[2:])
	}
	if !filepath.IsAbs(path) {
		return filepath.Join(configDir, path)
	}
	return path
}

// readKeyFile reads a key file, refusing one that others can read: a key is
// a password, and ssh refuses such private keys for the same reason.
func readKeyFile(path string) (string, error) {
	info, err := os.Stat(path)
	if err != nil {
		return "", &keyError{fmt.Sprintf("cannot read the API key file %s: %s", path, describeFSError(err))}
	}
	if perm := info.Mode().Perm(); perm&0o077 != 0 {
		return "", &keyError{fmt.Sprintf("refusing the API key file %s: its permissions %04o let other users read it; run: chmod 600 %s",
			path, perm, path)}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return "", &keyError{fmt.Sprintf("cannot read the API key file %s: %s", path, describeFSError(err))}
	}
	key := strings.TrimSpace(string(data))
	if key == "" {
		return "", &keyError{fmt.Sprintf("the API key file %s is empty", path)}
	}
	return key, nil
}

func describeFSError(err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "no such file"
	case errors.Is(err, fs.ErrPermission):
		return "permission denied"
	}
	var pathErr *fs.PathError
	if errors.As(err, &pathErr) {
		return pathErr.Err.Error()
	}
	return err.Error()
}

// runKeyCommand runs api_key_command through sh -c and returns its output
// with the trailing newline trimmed. Its standard input is empty, so it can
// never eat queries piped to `search -`; a password manager that needs a
// passphrase asks through its own agent or the terminal.
func runKeyCommand(ctx context.Context, command string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, keyCommandTimeout)
	defer cancel()
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, "sh", "-c", command)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.WaitDelay = time.Second // do not wait on grandchildren holding the pipes
	err := cmd.Run()
	if ctx.Err() == context.DeadlineExceeded {
		return "", &keyError{fmt.Sprintf("api_key_command did not finish within %s", keyCommandTimeout)}
	}
	if err != nil {
		msg := "api_key_command failed (" + describeExit(err) + ")"
		if detail := lastLine(stderr.String()); detail != "" {
			msg += ": " + sanitize.Truncate(sanitize.Line(detail), 200)
		}
		return "", &keyError{msg}
	}
	key := strings.TrimRight(stdout.String(), "\r\n")
	if strings.TrimSpace(key) == "" {
		return "", &keyError{"api_key_command printed nothing; it must print the API key"}
	}
	return strings.TrimSpace(key), nil
}

func describeExit(err error) string {
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) {
		return fmt.Sprintf("exit status %d", exitErr.ExitCode())
	}
	return err.Error()
}

// lastLine is the last non-blank line of a command's stderr: usually the one
// that says what went wrong.
func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.TrimSpace(lines[len(lines)-1])
}
