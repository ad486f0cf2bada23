package cli

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"cocalc-tui/hub"
	"cocalc-tui/ui/localfile"
)

// Environment variables, named as the Python client names them.
const (
	envAPIKey = "COCALC_API_KEY"
	envHost   = "COCALC_HOST"
)

// configFile is the TOML file with named profiles.
type configFile struct {
	DefaultProfile string `toml:"default_profile"`
	Theme          string `toml:"theme"` // the terminal UI's: auto, dark or light
	// Mouse turns the terminal UI's mouse on (--mouse).
	Mouse bool `toml:"mouse"`
	// History = false keeps no search history (--no-history); unset is true.
	History  *bool              `toml:"history"`
	Profiles map[string]profile `toml:"profiles"`
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

// stateDir is where the debug log and the search history go:
// $XDG_STATE_HOME/cocalc-tui, or ~/.local/state/cocalc-tui.
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

// maxConfigBytes bounds the config file: a few profiles take a few hundred
// bytes, and the file is read whole.
const maxConfigBytes = 1 << 20

// localFileTimeout bounds the reading of the config file and of a key file:
// a file on a network file system that stopped answering must not hang the
// program.
var localFileTimeout = 5 * time.Second

// The config file's settings, for messages, read from the toml tags of
// configFile and profile so that a setting added there is named here too:
// the top-level ones (every field but the profiles' table) and a profile's.
var (
	topLevelSettings = settingNames(reflect.TypeFor[configFile](), "profiles")
	profileSettings  = settingNames(reflect.TypeFor[profile]())
)

// settingNames is the toml names of a config struct's fields, in the
// struct's order, but those named in except.
func settingNames(config reflect.Type, except ...string) []string {
	var names []string
	for i := range config.NumField() {
		name, _, _ := strings.Cut(config.Field(i).Tag.Get("toml"), ",")
		if name != "" && name != "-" && !slices.Contains(except, name) {
			names = append(names, name)
		}
	}
	return names
}

// loadConfig reads the config file at path. A missing file is no error: it
// is optional, and the result then has no profiles. The file is opened once
// and decoded from what was read: it must be a regular file, and it and
// every folder on its way (from home down) must belong to this user (or
// root) and be writable by nobody else, as ssh requires of its files
// (localfile): its api_key_command runs as this user, and its host is where
// the key goes.
func loadConfig(ctx context.Context, path, home string) (*configFile, error) {
	data, err := readLocalFile(ctx, path, localfile.Options{Home: home}, maxConfigBytes)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return &configFile{}, nil
	case endedByContext(err):
		return nil, err
	case err != nil:
		return nil, &configError{describeLocalFileError("the config file", path, err,
			"which decides what runs as you (api_key_command) and where your key goes (host)")}
	}
	var cfg configFile
	meta, err := toml.Decode(string(data), &cfg)
	if err != nil {
		return nil, &configError{fmt.Sprintf("cannot read the config file %s: %s", path, oneLine(err.Error()))}
	}
	if undecoded := meta.Undecoded(); len(undecoded) > 0 {
		return nil, &configError{unknownSetting(undecoded[0], path)}
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

// unknownSetting explains the first setting of the config file that is none,
// by where it stands: a mistyped top-level setting, a top-level setting
// placed after a [profiles.NAME] table (TOML puts it in that table), the key
// itself, or a mistyped setting of a profile.
func unknownSetting(key toml.Key, path string) string {
	if len(key) < 3 || key[0] != "profiles" {
		return fmt.Sprintf("unknown setting %q in %s%s (the settings before the first table: %s; a profile's go in "+
			"[profiles.NAME])", key.String(), path, didYouMean(key[len(key)-1], topLevelSettings), strings.Join(topLevelSettings, ", "))
	}
	profile, setting := key[1], key[2]
	switch {
	case slices.Contains(topLevelSettings, setting):
		return fmt.Sprintf("%s in %s is in the table [profiles.%s], where it means nothing: move it above the first "+
			"[profiles.…] table, as TOML puts every line after a table's header in that table", setting, path, profile)
	case setting == "api_key":
		return fmt.Sprintf("profile %q in %s sets api_key: the key itself never goes in the file; use api_key_file or "+
			"api_key_command", profile, path)
	}
	return fmt.Sprintf("unknown setting %q in profile %q of %s%s (a profile knows %s)", setting, profile, path,
		didYouMean(setting, profileSettings), strings.Join(profileSettings, ", "))
}

// didYouMean is ": did you mean NAME?" for the closest of names to word,
// when it is a slip away (one edit for a short word, a few for a long one),
// or "".
func didYouMean(word string, names []string) string {
	best, bestDistance := "", max(1, len(word)/4)+1
	for _, name := range names {
		if d := editDistance(word, name); d < bestDistance {
			best, bestDistance = name, d
		}
	}
	if best == "" {
		return ""
	}
	return ": did you mean " + best + "?"
}

// editDistance is the number of edits (a letter added, removed, changed, or
// two neighbours swapped) from a to b, in bytes (the settings are ASCII):
// the optimal string alignment distance.
func editDistance(a, b string) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}

// readLocalFile reads a local file through localfile.Open (see there what it
// checks), at most limit bytes: one that is larger is refused unread. It
// gives up after localFileTimeout, or when ctx ends (SIGINT: the
// interruption is the error).
func readLocalFile(ctx context.Context, path string, opts localfile.Options, limit int64) ([]byte, error) {
	type result struct {
		data []byte
		err  error
	}
	done := make(chan result, 1)
	go func() {
		data, err := readLocalFileNow(path, opts, limit)
		done <- result{data, err}
	}()
	timer := time.NewTimer(localFileTimeout)
	defer timer.Stop()
	select {
	case r := <-done:
		return r.data, r.err
	case <-ctx.Done():
		if signal, ok := interruptionOf(ctx); ok {
			return nil, signal
		}
		return nil, ctx.Err()
	case <-timer.C:
		return nil, errNoDataInTime
	}
}

var errNoDataInTime = errors.New("no data within the time limit")

// tooLargeError is a local file larger than what it may hold.
type tooLargeError struct{ size, limit int64 }

func (e *tooLargeError) Error() string {
	return fmt.Sprintf("it is %d bytes, and it may be %d at most", e.size, e.limit)
}

func readLocalFileNow(path string, opts localfile.Options, limit int64) ([]byte, error) {
	file, err := localfile.Open(path, opts)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	if info, err := file.Stat(); err == nil && info.Size() > limit {
		return nil, &tooLargeError{info.Size(), limit}
	}
	data, err := io.ReadAll(io.LimitReader(file, limit+1))
	switch {
	case err != nil:
		return nil, err
	case int64(len(data)) > limit: // it grew since Stat
		return nil, &tooLargeError{int64(len(data)), limit}
	}
	return data, nil
}

// describeLocalFileError says in one line why a local file (what: "the
// config file") was not read. why says what the file decides, when others
// could change it ("which decides …"); the fix, if there is one, ends the
// line.
func describeLocalFileError(what, path string, err error, why string) string {
	if unsafe, ok := localfile.IsUnsafe(err); ok {
		refused := what + " " + path
		if why != "" && (unsafe.Problem == localfile.OthersCanWrite || unsafe.Problem == localfile.OtherOwner) {
			refused += ", " + why
		}
		msg := fmt.Sprintf("refusing %s: %s", refused, unsafe)
		if fix := unsafe.Fix(); fix != "" {
			msg += "; run: " + fix
		}
		return msg
	}
	var tooLarge *tooLargeError
	if errors.As(err, &tooLarge) {
		return fmt.Sprintf("refusing %s %s: %s", what, path, tooLarge)
	}
	if errors.Is(err, errNoDataInTime) {
		return fmt.Sprintf("cannot read %s %s: no data within %s", what, path, localFileTimeout)
	}
	return fmt.Sprintf("cannot read %s %s: %s", what, path, describeFSError(err))
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
	cfg, err := loadConfig(ctx, path, getenv("HOME"))
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
	if err := checkKeyGoesToItsServer(s, prof, name, explicit, keyFromProfile, hostFromProfile, getenv); err != nil {
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
//     takes it, for https://cocalc.com. It goes to a profile's host only if
//     that is the same server, or if the user named the profile (--profile)
//     and COCALC_HOST names no other server: never to the host of the
//     config file's default_profile, which the user may not have in mind.
//
// Any other mix is an error that says what to set, before any key is read.
func checkKeyGoesToItsServer(s *settings, prof *profile, name string, explicit, keyFromProfile, hostFromProfile bool,
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
	envHostSet := strings.TrimSpace(getenv(envHost)) != ""
	envServer := cmp.Or(strings.TrimSpace(getenv(envHost)), hub.DefaultBaseURL)
	if sameServer(envServer, s.Host) || explicit && !envHostSet {
		return nil
	}
	keyIsFor := fmt.Sprintf("%s (%s is not set)", hub.DefaultBaseURL, envHost)
	if envHostSet {
		keyIsFor = fmt.Sprintf("%s (from %s)", hostForLog(envServer), envHost)
	}
	serverFrom := fmt.Sprintf("the config file's default_profile %q", name)
	fix := fmt.Sprintf("set %s to that server too, or name the profile: --profile %s", envHost, name)
	if prof.APIKeyFile != "" || prof.APIKeyCommand != "" {
		fix = fmt.Sprintf("set %s to that server too, or unset %s (or name the profile: --profile %s) to use the "+
			"profile's own key", envHost, envAPIKey, name)
	}
	if explicit {
		serverFrom = fmt.Sprintf("profile %q", name)
		fix = fmt.Sprintf("set %s to that server, or unset it", envHost)
	}
	return &configError{fmt.Sprintf("%s is for %s, but the server is %s (from %s): a key goes only to the server it "+
		"was configured for; %s", envAPIKey, keyIsFor, hostForLog(s.Host), serverFrom, fix)}
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
