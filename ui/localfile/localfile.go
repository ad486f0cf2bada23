// Package localfile opens the program's own files (the config file, API key
// files, the debug log, the query history) so that no other user can slip
// another file in their place, at the time of a check or after it.
//
// Each file is reached one folder at a time, from a descriptor of the folder
// before it (openat), never by its whole path again: what is checked is what
// is read or written. Every folder on the way is checked as ssh's
// StrictModes checks the folders of authorized_keys: it must belong to this
// user or to root, and others may not write in it, unless its sticky bit is
// set (as on /tmp: others cannot rename nor remove what is ours there). The
// walk starts at the home folder, which is checked too, when the file is in
// it; the folders above the home folder are the system's, and are not (ssh
// does not check them either). A file elsewhere is reached from /, and every
// folder on its way is checked.
//
// Reading (Open) follows a symbolic link only where it was found in a
// checked folder, so that only this user or root could have made it, and
// walks to what it points to with the same checks. Writing (Dir) follows
// none, and makes a new file each time rather than reuse one another process
// may hold open.
package localfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
)

// Problem is what makes a file, or a folder on its way, unsafe to use.
type Problem int

const (
	OthersCanWrite Problem = iota // its permissions let other users change it
	OthersCanRead                 // its permissions let other users read it (a secret)
	OtherOwner                    // another user owns it
	NotRegular                    // a file that is no regular file: a FIFO, a device, a folder
	SymbolicLink                  // a symbolic link where none is followed
)

// An UnsafeError refuses a file, or a folder on its way, that another user
// could change or read, or that is not what it must be. Its Error is a
// clause to follow "refusing <the file>: "; Fix is what puts it right.
type UnsafeError struct {
	Problem Problem
	Path    string      // the file, or the folder, refused
	Folder  bool        // Path is a folder on the way to the file
	Perm    fs.FileMode // the permissions found (OthersCanWrite, OthersCanRead)
	Owner   uint32      // the owner's user id (OtherOwner)
}

func (e *UnsafeError) Error() string {
	it, its, them := "it", "its permissions", "let"
	if e.Folder {
		it, its, them = "the folder "+e.Path, fmt.Sprintf("the folder %s (permissions %04o)", e.Path, e.Perm), "lets"
	} else {
		its = fmt.Sprintf("its permissions %04o", e.Perm)
	}
	switch e.Problem {
	case OthersCanWrite:
		if e.Folder {
			return its + " " + them + " other users replace what is in it"
		}
		return its + " " + them + " other users change it"
	case OthersCanRead:
		return its + " " + them + " other users read it"
	case OtherOwner:
		return fmt.Sprintf("%s belongs to another user (user id %d)", it, e.Owner)
	case SymbolicLink:
		return fmt.Sprintf("%s is a symbolic link, which is not followed here", e.Path)
	}
	if e.Folder {
		return e.Path + " is not a folder"
	}
	return "not a regular file"
}

// Fix is a command that puts the problem right ("chmod go-w /home/ada/.config"),
// or "" when none does.
func (e *UnsafeError) Fix() string {
	switch e.Problem {
	case OthersCanWrite:
		return "chmod go-w " + e.Path
	case OthersCanRead:
		return "chmod 600 " + e.Path
	}
	return ""
}

// IsUnsafe tells whether err refuses a file as unsafe, and returns it.
func IsUnsafe(err error) (*UnsafeError, bool) {
	var unsafe *UnsafeError
	return unsafe, errors.As(err, &unsafe)
}

// maxLinks bounds the symbolic links followed on the way to one file, as
// Linux bounds them.
const maxLinks = 40

// errTooManyLinks is a loop of symbolic links, or a chain too long.
var errTooManyLinks = errors.New("too many levels of symbolic links")

// Options say what a file opened for reading must be.
type Options struct {
	// Home is the user's home folder: the walk to a file in it starts there.
	// Empty or relative: every file is reached from /.
	Home string
	// Secret makes a file that others can read unsafe too (an API key);
	// otherwise only one that others can change is (the config file).
	Secret bool
}

// checkName refuses a name that is not one name of a folder.
func checkName(name string) error {
	if name == "" || name == "." || name == ".." || filepath.Base(name) != name {
		return errors.New("localfile: not a file name: " + name)
	}
	return nil
}

// ReadFile reads the file name of the folder, which must be a regular file
// of this user (or root) that others cannot change, of at most limit
// bytes. A missing file is an error that matches fs.ErrNotExist.
func (d *Dir) ReadFile(name string, limit int64) ([]byte, error) {
	file, err := d.open(name)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, limit+1))
	switch {
	case err != nil:
		return nil, err
	case int64(len(data)) > limit:
		return nil, fmt.Errorf("%s is larger than %d bytes", file.Name(), limit)
	}
	return data, nil
}

// ReadTail reads the last limit bytes of the file name (all of it when it
// is no larger), checked as ReadFile checks it: for a file kept to its
// newest part, such as a history, which may have grown past its bound.
func (d *Dir) ReadTail(name string, limit int64) ([]byte, error) {
	file, err := d.open(name)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	info, err := file.Stat()
	if err != nil {
		return nil, err
	}
	offset := max(0, info.Size()-limit)
	return io.ReadAll(io.NewSectionReader(file, offset, limit))
}
