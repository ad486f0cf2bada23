package history

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// The history's only contact with the file system: readPrivate and
// replacePrivate. They hold the rules for a private file of the state
// directory, so that another package that keeps such files can take their
// place without the rest of this one changing.

// readPrivate returns the last limit bytes at most of the file at path
// (from the start of a line), or nil when there is no file. It refuses,
// with an error that says what to do:
//   - a folder that is a symbolic link, that another user owns, or that
//     others can write (they could put any file in its place);
//   - a file that is a symbolic link (never followed: it could point
//     anywhere), or not a regular file (a FIFO is not waited on), or that
//     another user owns.
//
// A file of the user's own that others can read is made private (0600).
func readPrivate(path string, limit int64) ([]byte, error) {
	if err := checkFolder(filepath.Dir(path)); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		return nil, err
	}
	file, err := os.OpenFile(path, os.O_RDONLY|openNoFollow, 0)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, nil
	case err != nil && isSymlink(path):
		return nil, fmt.Errorf("%s is a symbolic link; refusing to follow it (remove it)", path)
	case err != nil:
		return nil, err
	}
	defer file.Close()
	info, err := file.Stat()
	switch {
	case err != nil:
		return nil, err
	case !info.Mode().IsRegular():
		return nil, fmt.Errorf("%s is not a regular file (remove it)", path)
	case !ownedByUser(info):
		return nil, fmt.Errorf("%s belongs to another user (remove it, or use --no-history)", path)
	case info.Mode().Perm() != 0o600:
		if err := file.Chmod(0o600); err != nil {
			return nil, err
		}
	}
	offset := max(0, info.Size()-limit)
	data := make([]byte, info.Size()-offset)
	n, err := file.ReadAt(data, offset)
	if n < len(data) && err != nil {
		return nil, err
	}
	data = data[:n]
	if offset > 0 { // the first line read is part of one: not a query
		_, data, _ = bytes.Cut(data, []byte("\n"))
	}
	return data, nil
}

// replacePrivate puts data in the file at path: written to a new file of
// the same folder (created, never opened if it exists, mode 0600) and
// renamed over path, so that no file another process holds open is
// written to, a reader sees the old file or the new one and never half of
// one, and a symbolic link at path is replaced, not followed. The folder
// is made (0700) if missing, and refused as readPrivate refuses it.
func replacePrivate(path string, data []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	if err := checkFolder(dir); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+"-*") // O_EXCL, 0600
	if err != nil {
		return err
	}
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Sync()
	}
	if closeErr := tmp.Close(); err == nil {
		err = closeErr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		_ = os.Remove(tmp.Name())
	}
	return err
}

// checkFolder refuses a folder that is a symbolic link, that is not the
// user's own, or that others can write; a missing one is fs.ErrNotExist.
func checkFolder(dir string) error {
	info, err := os.Lstat(dir)
	switch {
	case err != nil:
		return err
	case info.Mode()&fs.ModeSymlink != 0:
		return fmt.Errorf("the folder %s is a symbolic link; refusing to follow it (make it a folder)", dir)
	case !info.IsDir():
		return fmt.Errorf("%s is not a folder", dir)
	case !ownedByUser(info):
		return fmt.Errorf("the folder %s belongs to another user", dir)
	case info.Mode().Perm()&0o022 != 0:
		return fmt.Errorf("other users can write in the folder %s (run: chmod go-w %s)", dir, dir)
	}
	return nil
}

func isSymlink(path string) bool {
	info, err := os.Lstat(path)
	return err == nil && info.Mode()&fs.ModeSymlink != 0
}
