package cli

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"

	"cocalc-tui/hub"
)

// Environment variables, named as the Python client names them.
const (
	envAPIKey = "COCALC_API_KEY"
	envHost   = "COCALC_HOST"
)

// configFile is the TOML file with named profiles.
type configFile struct {
	DefaultProfile string             `toml:"default_profile"`
	Theme          string             `toml:"theme"` // the terminal UI's: auto, dark or light
	Profiles       map[string]profile `toml:"profiles"`
}

// profile is one [profiles.NAME] table: a server and where its key comes from.
type profile struct {
	Host          string `toml:"host"`
	APIKeyFile    string `toml:"api_key_file"`
	APIKeyCommand string `toml:"api_key_command"`
	InsecureHTTP  bool   `toml:"insecure_http"`
	ReadOnly      bool   `toml:"read_only"` // no admin action (see --read-only)
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
// optional, and the result then has no profiles. A file that other users
// can change is refused before anything in it is used: its api_key_command
// runs as this user, and its host is where the key goes.
func loadConfig(path string) (*configFile, error) {
	if err := checkConfigPermissions(path); err != nil {
		return nil, err
	}
	var cfg configFile
	meta, err := toml.DecodeFile(path, &cfg)
	if errors.Is(err, fs.ErrNotExist) {
		return &configFile{}, nil
	}
	if err != nil {
		return nil, &configError{fmt.Sprintf("cannot read the config file %s: %s", path, oneLine(err.Error()))}
	}
	if undecoded := meta.Undecoded(); len(undecoded) > 0 {
		return nil, &configError{fmt.Sprintf("unknown setting %q in %s (profiles know host, api_key_file, api_key_command, insecure_http, read_only; "+
			"the key itself never goes in the file)", undecoded[0].String(), path)}
	}
	if cfg.Theme != "" && !validTheme(cfg.Theme) {
		return nil, &configError{fmt.Sprintf("theme = %q in %s: the theme is auto, dark or light", cfg.Theme, path)}
	}
	for name, p := range cfg.Profiles {
		if p.APIKeyFile != "" && p.APIKeyCommand != "" {
			return nil, &configError{fmt.Sprintf("profile %q in %s sets both api_key_file and api_key_command; keep one", name, path)}
		}
	}
	return &cfg, nil
}

// checkConfigPermissions refuses a config file, or a folder holding it,
// that users other than its owner can write, or that another user owns, as
// ssh refuses such files.
func checkConfigPermissions(path string) error {
	for _, p := range []string{path, filepath.Dir(path)} {
		info, err := os.Stat(p)
		if errors.Is(err, fs.ErrNotExist) {
			return nil // no file: nothing to trust
		}
		if err != nil {
			return &configError{fmt.Sprintf("cannot read the config file %s: %s", path, describeFSError(err))}
		}
		what := "the config file"
		if p != path {
			what = "the folder of the config file"
		}
		switch {
		case info.Mode().Perm()&0o022 != 0:
			return &configError{fmt.Sprintf("refusing the config file %s: the permissions %04o of %s %s let other users "+
				"change what it runs (api_key_command) and where the key goes (host); run: chmod go-w %s",
				path, info.Mode().Perm(), what, p, p)}
		case ownedByAnotherUser(info):
			return &configError{fmt.Sprintf("refusing the config file %s: %s %s belongs to another user", path, what, p)}
		}
	}
	return nil
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
	// ReadOnly is the profile's read_only: no admin action.
	ReadOnly bool
}

// resolveSettings applies the precedence rules: flags, then the environment,
// then the config file, then built-in defaults. A profile named with
// --profile is part of the command line, so its values rank with the flags;
// the file's default_profile ranks below the environment.
//
// Then the rule that a key goes only to the server it was configured for
// (see checkKeyGoesToItsServer) is checked, before any key is read or any
// api_key_command run; a profile's insecure_http applies only to the
// profile's own host.
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
	s := &settings{Profile: name, ReadOnly: prof != nil && prof.ReadOnly}
	s.Host, s.HostSource = pickHost(opts, prof, name, explicit, getenv)
	hostFromProfile := prof != nil && s.HostSource == fmt.Sprintf("profile %q", name)
	s.InsecureHTTP = opts.insecureHTTP || (hostFromProfile && prof.InsecureHTTP)
	keyFromProfile := pickKeySource(prof, explicit, getenv)
	if err := checkKeyGoesToItsServer(s, prof, name, keyFromProfile, hostFromProfile, getenv); err != nil {
		return nil, err
	}
	if keyFromProfile {
		key, source, err := profileKey(ctx, prof, name, filepath.Dir(path), getenv)
		s.Key, s.KeySource = key, source
		return s, err
	}
	if key := strings.TrimSpace(getenv(envAPIKey)); key != "" {
		s.Key, s.KeySource = key, envAPIKey
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

// pickKeySource tells where the key comes from by precedence: true for the
// profile's api_key_file or api_key_command, false for COCALC_API_KEY (or
// none at all).
func pickKeySource(prof *profile, explicit bool, getenv func(string) string) bool {
	profileHasKey := prof != nil && (prof.APIKeyFile != "" || prof.APIKeyCommand != "")
	switch {
	case explicit && profileHasKey:
		return true
	case getenv(envAPIKey) != "":
		return false
	}
	return profileHasKey
}

// checkKeyGoesToItsServer is the rule that a key goes only to the server it
// was configured for, whatever mix of flags, environment and profiles chose
// the server and the key:
//
//   - a profile's key (api_key_file, api_key_command) is for the profile's
//     host (https://cocalc.com when it names none): with a server from
//     --host or COCALC_HOST it is used only if that is the same server;
//   - COCALC_API_KEY is for the server the command line or the environment
//     names (--host, COCALC_HOST), or without either, as the Python client
//     takes it, for https://cocalc.com; it goes to a profile's host only if
//     that profile has no key of its own, or its host is that server.
//
// Any other mix is an error that says what to set, before any key is read.
func checkKeyGoesToItsServer(s *settings, prof *profile, name string, keyFromProfile, hostFromProfile bool,
	getenv func(string) string) error {
	if keyFromProfile {
		profileHost := cmp.Or(prof.Host, hub.DefaultBaseURL)
		if sameServer(profileHost, s.Host) {
			return nil
		}
		return &configError{fmt.Sprintf("the key of profile %q is for %s, but the server is %s (from %s): a key goes only "+
			"to the server it was configured for; set %s to a key of that server, or use a profile whose host it is",
			name, hostForLog(profileHost), hostForLog(s.Host), s.HostSource, envAPIKey)}
	}
	if getenv(envAPIKey) == "" || !hostFromProfile {
		return nil
	}
	profileHasKey := prof.APIKeyFile != "" || prof.APIKeyCommand != ""
	envServer := cmp.Or(strings.TrimSpace(getenv(envHost)), hub.DefaultBaseURL)
	if !profileHasKey || sameServer(envServer, s.Host) {
		return nil
	}
	return &configError{fmt.Sprintf("%s is for %s, but the server is %s (from %s, which has a key of its own for it): "+
		"a key goes only to the server it was configured for; set %s too, or use --profile %s for the profile's key, "+
		"or unset %s", envAPIKey, hostForLog(envServer), hostForLog(s.Host), s.HostSource, envHost, name, envAPIKey)}
}

// sameServer reports whether two base URLs name the same server and base
// path: scheme and host compared without case, default ports made explicit,
// trailing slashes ignored.
func sameServer(a, b string) bool {
	ua, errA := url.Parse(strings.TrimSpace(a))
	ub, errB := url.Parse(strings.TrimSpace(b))
	if errA != nil || errB != nil {
		return strings.TrimRight(a, "/") == strings.TrimRight(b, "/")
	}
	return strings.EqualFold(ua.Scheme, ub.Scheme) && strings.EqualFold(ua.Hostname(), ub.Hostname()) &&
		portOf(ua) == portOf(ub) && strings.TrimRight(ua.EscapedPath(), "/") == strings.TrimRight(ub.EscapedPath(), "/")
}

// portOf is the URL's port, or its scheme's default.
func portOf(u *url.URL) string {
	if port := u.Port(); port != "" {
		return port
	}
	if strings.EqualFold(u.Scheme, "http") {
		return "80"
	}
	return "443"
}
