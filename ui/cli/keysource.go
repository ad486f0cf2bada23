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

	"cocalc-tui/hub/clean"
	"cocalc-tui/ui/sanitize"
)

// keyCommandTimeout bounds api_key_command: a password manager waiting for a
// passphrase nobody will type must not hang the program forever.
var keyCommandTimeout = 10 * time.Second

// profileKey reads the key from the profile's api_key_file or api_key_command.
func profileKey(ctx context.Context, prof *profile, name, configDir string, getenv func(string) string) (string, string, error) {
	if prof.APIKeyFile != "" {
		path := expandPath(prof.APIKeyFile, configDir, getenv)
		key, err := readKeyFile(path)
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

// readKeyFile reads a key file, refusing one that others can read: a key is
// a password, and ssh refuses such private keys for the same reason.
func readKeyFile(path string) (string, error) {
	info, err := os.Stat(path)
	if err != nil {
		return "", &keyError{fmt.Sprintf("cannot read the API key file %s: %s", path, describeFSError(err))}
	}
	if perm := info.Mode().Perm(); perm&0o077 != 0 {
		return "", &keyError{fmt.Sprintf("refusing the API key file %s: its permissions %04o let other users read it; run: chmod 600 %s",
			path, perm, path)}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return "", &keyError{fmt.Sprintf("cannot read the API key file %s: %s", path, describeFSError(err))}
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
// passphrase asks through its own agent or the terminal.
func runKeyCommand(ctx context.Context, command string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, keyCommandTimeout)
	defer cancel()
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, "sh", "-c", command)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.WaitDelay = time.Second // do not wait on grandchildren holding the pipes
	err := cmd.Run()
	if ctx.Err() == context.DeadlineExceeded {
		return "", &keyError{fmt.Sprintf("api_key_command did not finish within %s", keyCommandTimeout)}
	}
	if err != nil {
		msg := "api_key_command failed (" + describeExit(err) + ")"
		if detail := lastLine(stderr.String()); detail != "" {
			msg += ": " + sanitize.Truncate(clean.Line(detail), 200)
		}
		return "", &keyError{msg}
	}
	key := strings.TrimRight(stdout.String(), "\r\n")
	if strings.TrimSpace(key) == "" {
		return "", &keyError{"api_key_command printed nothing; it must print the API key"}
	}
	return strings.TrimSpace(key), nil
}

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
