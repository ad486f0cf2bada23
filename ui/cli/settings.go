package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
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
