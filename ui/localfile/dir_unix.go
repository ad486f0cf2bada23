//go:build unix

package localfile

import (
	"crypto/rand"
	"encoding/hex"
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"
)

// Dir is a folder of the program's own (the XDG state folder), open for
// making and reading private files in it.
type Dir struct {
	fd   int
	path string
}

// OpenDir opens the folder at path, making it and any missing folder above
// it (mode 0700). No symbolic link is followed on the way (from the home
// folder down, for a folder in it; else from /), and every folder on it is
// checked as the package says.
func OpenDir(path, home string) (*Dir, error) {
	return openDir(path, home, true)
}

// OpenExistingDir opens the folder at path as OpenDir does, but makes no
// folder: a missing one is an error that matches fs.ErrNotExist (for a
// reader, which has nothing to read then and no cause to leave a folder).
func OpenExistingDir(path, home string) (*Dir, error) {
	return openDir(path, home, false)
}

func openDir(path, home string, create bool) (*Dir, error) {
	path, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	w := walker{home: cleanHome(home), create: create}
	fd, real, err := w.folder(path)
	if err != nil {
		return nil, err
	}
	return &Dir{fd: fd, path: real}, nil
}

// Path is the folder's path.
func (d *Dir) Path() string { return d.path }

// Close closes the folder. Files opened in it stay open.
func (d *Dir) Close() error { return unix.Close(d.fd) }

// CreateNew makes name a new, empty file of the folder, which only this
// user can read and write (mode 0600), and opens it for writing. A file of
// that name is removed first, never reused: another process (of another
// user, if the old file was ever readable) may hold it open, and would read
// whatever is written next. A symbolic link of that name is refused, as
// one is on the way to the folder.
func (d *Dir) CreateNew(name string) (*os.File, error) {
	if err := checkName(name); err != nil {
		return nil, err
	}
	path := filepath.Join(d.path, name)
	if isLink(d.fd, name) {
		return nil, &UnsafeError{Problem: SymbolicLink, Path: path}
	}
	for attempt := 0; ; attempt++ {
		if err := unix.Unlinkat(d.fd, name, 0); err != nil && err != unix.ENOENT {
			return nil, pathError("remove", path, err)
		}
		fd, err := unix.Openat(d.fd, name, unix.O_WRONLY|unix.O_CREAT|unix.O_EXCL|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0o600)
		if err == unix.EEXIST && attempt < 3 {
			continue // another run made it in between: remove that one too
		}
		if err != nil {
			return nil, pathError("create", path, err)
		}
		return privateFile(fd, path)
	}
}

// WriteFile replaces the file name with a new one holding data, mode 0600.
// The data goes to a new file beside it, renamed over it once complete, so
// that a reader finds the old content or the new, never a part of either.
func (d *Dir) WriteFile(name string, data []byte) error {
	if err := checkName(name); err != nil {
		return err
	}
	temp, file, err := d.createTemp(name)
	if err != nil {
		return err
	}
	_, err = file.Write(data)
	if err == nil {
		err = file.Sync()
	}
	if closeErr := file.Close(); err == nil {
		err = closeErr
	}
	if err == nil {
		err = unix.Renameat(d.fd, temp, d.fd, name)
	}
	if err != nil {
		_ = unix.Unlinkat(d.fd, temp, 0)
		return pathError("write", filepath.Join(d.path, name), err)
	}
	return nil
}

func (d *Dir) createTemp(name string) (string, *os.File, error) {
	for attempt := 0; ; attempt++ {
		random := make([]byte, 6)
		_, _ = rand.Read(random)
		temp := "." + name + "." + hex.EncodeToString(random) + ".new"
		fd, err := unix.Openat(d.fd, temp, unix.O_WRONLY|unix.O_CREAT|unix.O_EXCL|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0o600)
		if err == unix.EEXIST && attempt < 3 {
			continue
		}
		if err != nil {
			return "", nil, pathError("create", filepath.Join(d.path, temp), err)
		}
		file, err := privateFile(fd, filepath.Join(d.path, temp))
		if err != nil {
			_ = unix.Unlinkat(d.fd, temp, 0)
		}
		return temp, file, err
	}
}

// open opens the file name for reading, following no symbolic link, and
// checks it (a regular file, of this user or root, others cannot change);
// it never waits (a FIFO is refused at once).
func (d *Dir) open(name string) (*os.File, error) {
	if err := checkName(name); err != nil {
		return nil, err
	}
	path := filepath.Join(d.path, name)
	fd, err := unix.Openat(d.fd, name, unix.O_RDONLY|unix.O_NOFOLLOW|unix.O_NONBLOCK|unix.O_CLOEXEC, 0)
	if err != nil && isLink(d.fd, name) {
		return nil, &UnsafeError{Problem: SymbolicLink, Path: path}
	}
	if err != nil {
		return nil, pathError("open", path, err)
	}
	if err := checkFile(fd, path, false); err != nil {
		_ = unix.Close(fd)
		return nil, err
	}
	return os.NewFile(uintptr(fd), path), nil
}

// privateFile makes a file just created exactly 0600 (the umask may have
// taken bits away) and checks it.
func privateFile(fd int, path string) (*os.File, error) {
	err := unix.Fchmod(fd, 0o600)
	if err == nil {
		err = checkFile(fd, path, true)
	}
	if err != nil {
		_ = unix.Close(fd)
		return nil, pathError("create", path, err)
	}
	return os.NewFile(uintptr(fd), path), nil
}
