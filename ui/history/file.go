package history

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"

	"cocalc-tui/ui/localfile"
)

// The history's file goes through ui/localfile, the one owner of the
// program's private state files: its folder is reached one checked folder
// at a time from the home folder, no symbolic link is followed, and each
// write is a new 0600 file renamed over the old one (localfile.Dir).

// openFolder opens the history's folder: made if missing when writing;
// when reading, a missing folder is fs.ErrNotExist and nothing is made.
func (f *File) openFolder(create bool) (*localfile.Dir, error) {
	open := localfile.OpenExistingDir
	if create {
		open = localfile.OpenDir
	}
	dir, err := open(filepath.Dir(f.path), f.home)
	if err != nil {
		return nil, f.refusal(err)
	}
	return dir, nil
}

// read returns the history file's whole lines, the last maxFileBytes at
// most, or nil when there is no file.
func (f *File) read(dir *localfile.Dir) ([]byte, error) {
	// One byte more than kept tells a file larger than that, whose first
	// line read is part of one (unless that byte ends a line): not a query.
	data, err := dir.ReadTail(filepath.Base(f.path), maxFileBytes+1)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, nil
	case err != nil:
		return nil, f.refusal(err)
	case len(data) > maxFileBytes:
		_, data, _ = bytes.Cut(data, []byte("\n"))
	}
	return data, nil
}

// write replaces the history file with data (see localfile.Dir.WriteFile).
func (f *File) write(dir *localfile.Dir, data []byte) error {
	return f.refusal(dir.WriteFile(filepath.Base(f.path), data))
}

// refusal says, for a file or folder localfile refuses, which one, why,
// and what puts it right; other errors are returned as they are. The
// text names the history only where localfile's does not name a path (a
// short line, for the UI's bottom line).
func (f *File) refusal(err error) error {
	unsafe, ok := localfile.IsUnsafe(err)
	if !ok {
		return err
	}
	hint := " (remove it, or use --no-history)"
	if unsafe.Folder {
		hint = " (use --no-history, or set XDG_STATE_HOME to a folder of yours)"
	}
	if fix := unsafe.Fix(); fix != "" {
		hint = "; run: " + fix
	}
	if unsafe.Folder || unsafe.Problem == localfile.SymbolicLink {
		return fmt.Errorf("%w%s", unsafe, hint)
	}
	return fmt.Errorf("refusing %s: %w%s", f.path, unsafe, hint)
}
