//go:build unix

package localfile

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/sys/unix"
)

// Open opens the regular file at path for reading, reached as the package
// says (Open follows symbolic links found in checked folders). It never
// waits: a FIFO or a device is refused at once, as not a regular file.
//
// Errors: an *UnsafeError for the file or a folder on its way (another
// owner; permissions that let others change it, or read it when
// opts.Secret; not a regular file), or an *fs.PathError (fs.ErrNotExist
// when the file or a folder is missing, even behind an unsafe folder: a
// file that is not there is no risk).
func Open(path string, opts Options) (*os.File, error) {
	path, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	w := walker{home: cleanHome(opts.Home), follow: true, lenient: true}
	for {
		dir, name := filepath.Split(path)
		dirFD, real, err := w.folder(dir)
		if err != nil {
			return nil, err
		}
		file := filepath.Join(real, name)
		fd, err := unix.Openat(dirFD, name, unix.O_RDONLY|unix.O_NOFOLLOW|unix.O_NONBLOCK|unix.O_CLOEXEC, 0)
		if err != nil && isLink(dirFD, name) {
			path, err = w.followLink(dirFD, real, name, "")
			_ = unix.Close(dirFD)
			if err != nil {
				return nil, err
			}
			continue
		}
		if err != nil && err != unix.ENOENT && !isRegular(dirFD, name) {
			err = &UnsafeError{Problem: NotRegular, Path: file} // a socket, say, which cannot be opened
		}
		_ = unix.Close(dirFD)
		switch {
		case err != nil:
			return nil, pathError("open", file, err)
		case w.refused != nil:
			_ = unix.Close(fd)
			return nil, w.refused
		}
		if err := checkFile(fd, file, opts.Secret); err != nil {
			_ = unix.Close(fd)
			return nil, err
		}
		return os.NewFile(uintptr(fd), file), nil
	}
}

// walker walks to a folder one name at a time, each from a descriptor of
// the folder before it, checking each folder it opens.
type walker struct {
	home   string // where the walk to a path in it starts; "" for none
	follow bool   // follow symbolic links (else they are refused)
	create bool   // make missing folders, mode 0700
	// lenient walks on past an unsafe folder, to tell a missing file (no
	// risk) from one that is there (refused): refused is the first unsafe
	// folder, and no link is followed after it.
	lenient bool
	refused error
	links   int // symbolic links followed so far
}

// folder returns a descriptor of the folder dir, and the path it was
// reached by, without symbolic links.
func (w *walker) folder(dir string) (int, string, error) {
walk:
	for {
		start, rest := w.start(dir)
		fd, err := unix.Open(start, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
		if err != nil {
			return -1, "", pathError("open", start, err)
		}
		if err := w.checkFolder(fd, start); err != nil {
			_ = unix.Close(fd)
			return -1, "", err
		}
		real := start
		names := components(rest)
		for i, name := range names {
			next, err := w.openFolder(fd, name)
			if err != nil && isLink(fd, name) {
				dir, err = w.followLink(fd, real, name, filepath.Join(names[i+1:]...))
				_ = unix.Close(fd)
				if err != nil {
					return -1, "", err
				}
				continue walk
			}
			_ = unix.Close(fd)
			real = filepath.Join(real, name)
			if err != nil {
				return -1, "", pathError("open", real, err)
			}
			fd = next
			if err := w.checkFolder(fd, real); err != nil {
				_ = unix.Close(fd)
				return -1, "", err
			}
		}
		return fd, real, nil
	}
}

// start is where the walk to dir begins, and the rest of the way: the home
// folder for a folder in it, else /.
func (w *walker) start(dir string) (string, string) {
	dir = filepath.Clean(dir)
	if w.home != "" && (dir == w.home || strings.HasPrefix(dir, w.home+"/")) {
		return w.home, dir[len(w.home):]
	}
	return "/", dir
}

func (w *walker) openFolder(fd int, name string) (int, error) {
	const flags = unix.O_RDONLY | unix.O_DIRECTORY | unix.O_NOFOLLOW | unix.O_CLOEXEC
	next, err := unix.Openat(fd, name, flags, 0)
	if err == unix.ENOENT && w.create {
		if err = unix.Mkdirat(fd, name, 0o700); err == nil || err == unix.EEXIST {
			next, err = unix.Openat(fd, name, flags, 0)
		}
	}
	return next, err
}

// followLink reads the symbolic link name of the folder fd (whose path is
// real) and returns the path the walk goes on to: the link's target, then
// rest.
func (w *walker) followLink(fd int, real, name, rest string) (string, error) {
	link := filepath.Join(real, name)
	switch {
	case !w.follow:
		return "", &UnsafeError{Problem: SymbolicLink, Path: link}
	case w.refused != nil: // the link is in an unsafe folder: anyone may have made it
		return "", w.refused
	}
	if w.links++; w.links > maxLinks {
		return "", pathError("open", link, errTooManyLinks)
	}
	target, err := readLink(fd, name)
	if err != nil {
		return "", pathError("readlink", link, err)
	}
	if !filepath.IsAbs(target) {
		target = filepath.Join(real, target) // real holds no links, so ".." in target is its parent
	}
	return filepath.Join(target, rest), nil
}

func readLink(fd int, name string) (string, error) {
	for size := 256; ; size *= 4 {
		buf := make([]byte, size)
		n, err := unix.Readlinkat(fd, name, buf)
		if err != nil {
			return "", err
		}
		if n < size {
			return string(buf[:n]), nil
		}
	}
}

// checkFolder refuses a folder another user owns, or that others can write
// in without the sticky bit. When the walk is lenient, it notes the first
// refusal and lets the walk go on.
func (w *walker) checkFolder(fd int, path string) error {
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		return pathError("stat", path, err)
	}
	perm := fs.FileMode(st.Mode & 0o777)
	var err error
	switch {
	case !ownedByUserOrRoot(st.Uid):
		err = &UnsafeError{Problem: OtherOwner, Path: path, Folder: true, Owner: st.Uid}
	case perm&0o022 != 0 && st.Mode&unix.S_ISVTX == 0:
		err = &UnsafeError{Problem: OthersCanWrite, Path: path, Folder: true, Perm: perm}
	}
	if err != nil && w.lenient {
		if w.refused == nil {
			w.refused = err
		}
		return nil
	}
	return err
}

// checkFile refuses what is not a regular file, a file another user owns,
// and one others can change (or read, if it holds a secret).
func checkFile(fd int, path string, secret bool) error {
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		return pathError("stat", path, err)
	}
	perm := fs.FileMode(st.Mode & 0o777)
	switch {
	case st.Mode&unix.S_IFMT != unix.S_IFREG:
		return &UnsafeError{Problem: NotRegular, Path: path}
	case !ownedByUserOrRoot(st.Uid):
		return &UnsafeError{Problem: OtherOwner, Path: path, Owner: st.Uid}
	case secret && perm&0o044 != 0:
		return &UnsafeError{Problem: OthersCanRead, Path: path, Perm: perm}
	case perm&0o022 != 0:
		return &UnsafeError{Problem: OthersCanWrite, Path: path, Perm: perm}
	}
	return nil
}

func ownedByUserOrRoot(uid uint32) bool { return uid == uint32(os.Geteuid()) || uid == 0 }

func isLink(fd int, name string) bool {
	var st unix.Stat_t
	return unix.Fstatat(fd, name, &st, unix.AT_SYMLINK_NOFOLLOW) == nil && st.Mode&unix.S_IFMT == unix.S_IFLNK
}

func isRegular(fd int, name string) bool {
	var st unix.Stat_t
	return unix.Fstatat(fd, name, &st, unix.AT_SYMLINK_NOFOLLOW) == nil && st.Mode&unix.S_IFMT == unix.S_IFREG
}

// cleanHome is the home folder as the walk compares paths with it: clean
// and absolute, or "" (/ is no start of its own: every walk starts there).
func cleanHome(home string) string {
	if !filepath.IsAbs(home) {
		return ""
	}
	if home = filepath.Clean(home); home == "/" {
		return ""
	}
	return home
}

// components are the names of a path, without empty ones.
func components(path string) []string {
	var names []string
	for _, name := range strings.Split(path, "/") {
		if name != "" {
			names = append(names, name)
		}
	}
	return names
}

// pathError wraps a system error with the path it is about; an
// *UnsafeError stays as it is.
func pathError(op, path string, err error) error {
	if _, ok := IsUnsafe(err); ok {
		return err
	}
	return &fs.PathError{Op: op, Path: path, Err: err}
}
