package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"cocalc-tui/hub"
	"cocalc-tui/hub/clean"
	"cocalc-tui/ui/localfile"
)

// keyCommandTimeout bounds api_key_command: a password manager waiting for a
// passphrase nobody will type must not hang the program forever.
var keyCommandTimeout = 10 * time.Second

// maxKeyBytes bounds a key file and what api_key_command prints: a key is a
// few dozen bytes, so anything of more than 4 KiB is not one.
const maxKeyBytes = 4 << 10

// maxKeyCommandStderr bounds what is kept of api_key_command's stderr, of
// which only the last line is shown.
const maxKeyCommandStderr = 64 << 10

// profileKey reads the key from the profile's api_key_file or api_key_command.
func profileKey(ctx context.Context, prof *profile, name, configDir string, getenv func(string) string) (string, string, error) {
	if prof.APIKeyFile != "" {
		path := expandPath(prof.APIKeyFile, configDir, getenv)
		key, err := readKeyFile(ctx, path, getenv("HOME"))
		return key, fmt.Sprintf("api_key_file of profile %q", name), err
	}
	key, err := runKeyCommand(ctx, prof.APIKeyCommand)
	return key, fmt.Sprintf("api_key_command of profile %q", name), err
}

// expandPath resolves "~/" against the home directory and a relative path
// against the config file's directory, where the user most likely meant it.
func expandPath(path, configDir string, getenv func(string) string) string {
	if strings.HasPrefix(path, "~/") {
		return filepath.Join(getenv("HOME"), path[2:])
	}
	if !filepath.IsAbs(path) {
		return filepath.Join(configDir, path)
	}
	return path
}

// readKeyFile reads a key file, refusing one that others can read (a key is
// a password, and ssh refuses such private keys for the same reason), that
// others could change, that is not a regular file (a FIFO would hang the
// program, a device never ends), or that is larger than any key; the file is
// opened once, through folders only this user (or root) can change, as the
// config file is (see readLocalFile). It gives up after localFileTimeout, or
// when ctx ends (SIGINT: the interruption is the error).
func readKeyFile(ctx context.Context, path, home string) (string, error) {
	data, err := readLocalFile(ctx, path, localfile.Options{Home: home, Secret: true}, maxKeyBytes)
	var tooLarge *tooLargeError
	switch {
	case endedByContext(err):
		return "", err
	case errors.As(err, &tooLarge):
		return "", &keyError{fmt.Sprintf("refusing the API key file %s: it is %d bytes, and a key is at most %d",
			path, tooLarge.size, maxKeyBytes)}
	case err != nil:
		return "", &keyError{describeLocalFileError("the API key file", path, err, "")}
	}
	key := strings.TrimSpace(string(data))
	if key == "" {
		return "", &keyError{fmt.Sprintf("the API key file %s is empty", path)}
	}
	return key, nil
}

func describeFSError(err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "no such file"
	case errors.Is(err, fs.ErrPermission):
		return "permission denied"
	}
	var pathErr *fs.PathError
	if errors.As(err, &pathErr) {
		return pathErr.Err.Error()
	}
	return err.Error()
}

// runKeyCommand runs api_key_command through sh -c and returns its output
// with the trailing newline trimmed. Its standard input is empty, so it can
// never eat queries piped to `search -`; a password manager that needs a
// passphrase asks through its own agent or the terminal. Its environment is
// this program's without COCALC_API_KEY: the command is asked for the
// profile's key, and has no business with another.
//
// What it prints is bounded (a key is at most maxKeyBytes), it is stopped
// after keyCommandTimeout, and a SIGINT (which the terminal sends to it too)
// ends the program as an interruption, exit code 130. When it fails, the
// last line of its stderr is shown, cleaned and without the key.
func runKeyCommand(ctx context.Context, command string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, keyCommandTimeout)
	defer cancel()
	stdout, stderr := &cappedBuffer{limit: maxKeyBytes}, &cappedBuffer{limit: maxKeyCommandStderr, keepEnd: true}
	cmd := exec.CommandContext(ctx, "sh", "-c", command)
	cmd.Stdout, cmd.Stderr = stdout, stderr
	cmd.Env = environWithout(os.Environ(), envAPIKey)
	cmd.WaitDelay = time.Second // do not wait on grandchildren holding the pipes
	err := cmd.Run()
	if signal, ok := interruptionOf(ctx); ok {
		return "", signal
	}
	if ctx.Err() == context.DeadlineExceeded {
		return "", &keyError{fmt.Sprintf("api_key_command did not finish within %s", keyCommandTimeout)}
	}
	printed := strings.TrimSpace(stdout.String())
	if err != nil {
		msg := "api_key_command failed (" + describeExit(err) + ")"
		if detail := lastLine(stderr.String()); detail != "" {
			msg += ": " + hub.NewScrubber(printed).Scrub(clean.Bounded(detail, 200))
		}
		return "", &keyError{msg}
	}
	switch {
	case stdout.overflow:
		return "", &keyError{fmt.Sprintf("api_key_command printed more than %d bytes; it must print the API key alone", maxKeyBytes)}
	case printed == "":
		return "", &keyError{"api_key_command printed nothing; it must print the API key"}
	}
	return printed, nil
}

// environWithout is environ without the variable name.
func environWithout(environ []string, name string) []string {
	kept := make([]string, 0, len(environ))
	for _, kv := range environ {
		if !strings.HasPrefix(kv, name+"=") {
			kept = append(kept, kv)
		}
	}
	return kept
}

// cappedBuffer keeps the first limit bytes written to it (the last ones,
// with keepEnd) and notes whether more came; it never fails a write, so the
// command is never blocked. (The buffer is a field, not embedded: io.Copy
// would use an embedded bytes.Buffer's ReadFrom and bypass the cap.)
type cappedBuffer struct {
	buf      bytes.Buffer
	limit    int
	keepEnd  bool
	overflow bool
}

func (b *cappedBuffer) Write(p []byte) (int, error) {
	written := len(p)
	room := b.limit - b.buf.Len()
	switch {
	case len(p) <= room:
		return b.buf.Write(p)
	case b.keepEnd:
		b.overflow = true
		p = p[max(0, len(p)-b.limit):]
		b.buf.Next(max(0, b.buf.Len()+len(p)-b.limit)) // drop the oldest bytes
		b.buf.Write(p)
	default:
		b.overflow = true
		b.buf.Write(p[:max(0, room)])
	}
	return written, nil
}

func (b *cappedBuffer) String() string { return b.buf.String() }

func describeExit(err error) string {
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) {
		return fmt.Sprintf("exit status %d", exitErr.ExitCode())
	}
	return err.Error()
}

// lastLine is the last non-blank line of a command's stderr: usually the one
// that says what went wrong.
func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.TrimSpace(lines[len(lines)-1])
}
