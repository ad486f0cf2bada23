// Package history keeps the queries of the terminal UI's search box, as
// shells and fzf keep theirs: one query a line, oldest first, in a file of
// the user's XDG state directory ($XDG_STATE_HOME/cocalc-tui/history) that
// only the user can read (mode 0600), as it names the people looked up.
//
// The file is local state, which is not trusted: a line that is not valid
// UTF-8, holds a control character, is longer than the search box takes, or
// that the caller rejects (a query shaped like an API key) is dropped when
// read, and so never shown nor written again. Every change writes a new
// file and renames it over the old one, so a reader never sees half a file
// and no file another process holds open is written to; the folder and the
// file are reached and checked by ui/localfile (see file.go).
package history

import (
	"bytes"
	"errors"
	"io/fs"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"cocalc-tui/ui/localfile"
)

// Bounds of the history.
const (
	// MaxEntries is how many queries are kept, the newest.
	MaxEntries = 500
	// MaxQueryBytes bounds one query: the search box takes 4,096
	// characters, at most 4 bytes each.
	MaxQueryBytes = 4096 * utf8.UTFMax
	// maxFileBytes is the most of the file that is read, from its end: 500
	// queries of ordinary length take a few kilobytes.
	maxFileBytes = 1 << 20
)

// File is the history file at one path. Its methods may be called from
// several goroutines: Add is serialised, so that two queries recorded at
// once both reach the file.
type File struct {
	path string
	home string // where localfile's checked walk to path starts
	// reject tells a query that must never be kept (nil: none).
	reject func(query string) bool
	mu     sync.Mutex
}

// New is the history file at path (nothing is read or written yet), in the
// home folder home, from which every folder down to it is checked
// (localfile.OpenDir; "" checks them from /). reject tells the queries
// never to keep, such as those shaped like an API key
// (hub.Scrubber.Contains); nil keeps every valid one.
func New(path, home string, reject func(query string) bool) *File {
	return &File{path: path, home: home, reject: reject}
}

// Path is where the history is kept.
func (f *File) Path() string { return f.path }

// Load reads the history, oldest first, each query once (its latest use),
// at most MaxEntries. A missing file or folder is an empty history (and no
// folder is made). A file or a folder on its way that localfile refuses (a
// symbolic link, another user's, one others can change, no regular file)
// is an error that says which, why and, where a command does, how to put
// it right (it wraps the *localfile.UnsafeError).
func (f *File) Load() ([]string, error) {
	dir, err := f.openFolder(false)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer dir.Close()
	return f.load(dir)
}

// load is Load in the history's folder, open.
func (f *File) load(dir *localfile.Dir) ([]string, error) {
	data, err := f.read(dir)
	if err != nil || data == nil {
		return nil, err
	}
	return f.parse(data), nil
}

// Add records query as the newest entry: the file is read again (another
// instance of the program may have added to it), the query appended, an
// older copy of it removed, the oldest entries beyond MaxEntries dropped,
// and the result written as a new private file (mode 0600, whatever the old
// one's was). The folder is made (0700) if missing. A blank, invalid or
// rejected query is not recorded.
func (f *File) Add(query string) error {
	query = strings.TrimSpace(query)
	if !f.valid(query) {
		return nil
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	dir, err := f.openFolder(true)
	if err != nil {
		return err
	}
	defer dir.Close()
	entries, err := f.load(dir)
	if err != nil {
		return err
	}
	entries = Append(entries, query)
	var b bytes.Buffer
	for _, e := range entries {
		b.WriteString(e)
		b.WriteByte('\n')
	}
	return f.write(dir, b.Bytes())
}

// Append is entries with query as the newest, an older copy of it removed
// and the oldest dropped beyond MaxEntries. entries is not changed.
func Append(entries []string, query string) []string {
	kept := make([]string, 0, len(entries)+1)
	for _, e := range entries {
		if e != query {
			kept = append(kept, e)
		}
	}
	kept = append(kept, query)
	return kept[max(0, len(kept)-MaxEntries):]
}

// parse splits the file into its valid queries, each once at its latest
// place, the newest MaxEntries of them. A file read from the middle (a long
// one) starts with part of a line, which is dropped.
func (f *File) parse(data []byte) []string {
	var entries []string
	seen := map[string]int{} // query → index in entries
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSuffix(line, "\r")
		if !f.valid(line) {
			continue
		}
		if i, ok := seen[line]; ok {
			entries[i] = "" // an older use; removed below
		}
		seen[line] = len(entries)
		entries = append(entries, line)
	}
	kept := entries[:0]
	for _, e := range entries {
		if e != "" {
			kept = append(kept, e)
		}
	}
	return kept[max(0, len(kept)-MaxEntries):]
}

// valid reports whether a query may be kept: not blank, no longer than
// MaxQueryBytes, valid UTF-8 without control characters (a line break would
// split it, an escape sequence is nothing a person types), without spaces
// around it, and not rejected.
func (f *File) valid(query string) bool {
	if strings.TrimSpace(query) != query || query == "" || len(query) > MaxQueryBytes || !utf8.ValidString(query) {
		return false
	}
	for _, r := range query {
		if unicode.IsControl(r) {
			return false
		}
	}
	return f.reject == nil || !f.reject(query)
}
