//go:build !unix

package localfile

import (
	"errors"
	"os"
	"path/filepath"
)

// Where files have no Unix owner nor mode, and no openat, the checks are
// those that can be made: a regular file, reached by its path.

// Open opens the regular file at path for reading.
func Open(path string, _ Options) (*os.File, error) {
	file, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	if info, err := file.Stat(); err != nil || !info.Mode().IsRegular() {
		_ = file.Close()
		return nil, &UnsafeError{Problem: NotRegular, Path: path}
	}
	return file, nil
}

// Dir is a folder of the program's own, open for making and reading files.
type Dir struct{ path string }

// OpenDir opens the folder at path, making it if missing.
func OpenDir(path, _ string) (*Dir, error) {
	if err := os.MkdirAll(path, 0o700); err != nil {
		return nil, err
	}
	return &Dir{path: path}, nil
}

// OpenExistingDir opens the folder at path, which must be there: a missing
// one is an error that matches fs.ErrNotExist.
func OpenExistingDir(path, _ string) (*Dir, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !info.IsDir() {
		return nil, &UnsafeError{Problem: NotRegular, Path: path, Folder: true}
	}
	return &Dir{path: path}, nil
}

// Path is the folder's path.
func (d *Dir) Path() string { return d.path }

// Close does nothing here.
func (d *Dir) Close() error { return nil }

// CreateNew makes name a new, empty file of the folder, removing an old one.
func (d *Dir) CreateNew(name string) (*os.File, error) {
	if err := checkName(name); err != nil {
		return nil, err
	}
	path := filepath.Join(d.path, name)
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	return os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
}

// WriteFile replaces the file name with a new one holding data.
func (d *Dir) WriteFile(name string, data []byte) error {
	if err := checkName(name); err != nil {
		return err
	}
	temp, err := os.CreateTemp(d.path, "."+name+".*.new")
	if err != nil {
		return err
	}
	_, err = temp.Write(data)
	if closeErr := temp.Close(); err == nil {
		err = closeErr
	}
	if err == nil {
		err = os.Rename(temp.Name(), filepath.Join(d.path, name))
	}
	if err != nil {
		_ = os.Remove(temp.Name())
	}
	return err
}

// open opens the regular file name for reading.
func (d *Dir) open(name string) (*os.File, error) {
	if err := checkName(name); err != nil {
		return nil, err
	}
	return Open(filepath.Join(d.path, name), Options{})
}
