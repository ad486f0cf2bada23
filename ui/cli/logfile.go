package cli

import (
	"fmt"
	"io"
	"log/slog"
	"os"
)

// openPrivateFile opens path for writing as a file only this user can read
// (mode 0600), empty. It never follows a symbolic link (one planted at the
// path could point anywhere), never waits on a FIFO, refuses anything but a
// regular file, and puts right the mode of a file that exists with another.
func openPrivateFile(path string) (*os.File, error) {
	file, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|openNoFollow, 0o600)
	if err != nil {
		if isSymlink(path) {
			return nil, fmt.Errorf("%s is a symbolic link; refusing to follow it (remove it)", path)
		}
		return nil, err
	}
	info, err := file.Stat()
	if err == nil && !info.Mode().IsRegular() {
		err = fmt.Errorf("%s is not a regular file", path)
	}
	if err == nil && info.Mode().Perm() != 0o600 {
		err = file.Chmod(0o600)
	}
	if err == nil {
		err = file.Truncate(0)
	}
	if err != nil {
		_ = file.Close()
		return nil, err
	}
	return file, nil
}

func isSymlink(path string) bool {
	info, err := os.Lstat(path)
	return err == nil && info.Mode()&os.ModeSymlink != 0
}

// newLogger is the --debug log: text records to w, every string value (and
// error) scrubbed of keys, and each whole record scrubbed again on its way
// to the file, last.
func newLogger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewTextHandler(secrets.Writer(w), &slog.HandlerOptions{
		Level:       slog.LevelDebug,
		ReplaceAttr: scrubAttr,
	}))
}

// scrubAttr scrubs one value of a log record.
func scrubAttr(_ []string, a slog.Attr) slog.Attr {
	switch a.Value.Kind() {
	case slog.KindString:
		return slog.String(a.Key, secrets.Scrub(a.Value.String()))
	case slog.KindAny:
		if err, ok := a.Value.Any().(error); ok && err != nil {
			return slog.String(a.Key, secrets.Scrub(err.Error()))
		}
		return slog.String(a.Key, secrets.Scrub(fmt.Sprint(a.Value.Any())))
	}
	return a
}
