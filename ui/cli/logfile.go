package cli

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"

	"cocalc-tui/ui/localfile"
)

// debugLogName is the --debug log's file name in the state folder.
const debugLogName = "debug.log"

// createDebugLog makes the --debug log: a new file in the state folder
// (stateDir), only this user can read (0600), through folders only this
// user (or root) can change, following no symbolic link, and never reusing
// an old log, which another process may hold open (see localfile.Dir).
func createDebugLog(getenv func(string) string) (*os.File, error) {
	dir, err := localfile.OpenDir(stateDir(getenv), getenv("HOME"))
	if err != nil {
		return nil, describeStateError(err)
	}
	defer dir.Close()
	file, err := dir.CreateNew(debugLogName)
	if err != nil {
		return nil, describeStateError(err)
	}
	return file, nil
}

// describeStateError says why a file of the state folder could not be made.
func describeStateError(err error) error {
	unsafe, ok := localfile.IsUnsafe(err)
	if !ok {
		return err
	}
	msg := "refusing to write there: " + unsafe.Error()
	if fix := unsafe.Fix(); fix != "" {
		msg += "; run: " + fix
	} else if unsafe.Problem == localfile.SymbolicLink {
		msg += " (remove it, or set XDG_STATE_HOME to a folder of yours)"
	}
	return errors.New(msg)
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
