package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"

	"cocalc-tui/ui/localfile"
)

// maxKeyBytes bounds a key file and what api_key_command prints: a key is a
// few dozen bytes, so anything of more than 4 KiB is not one.
const maxKeyBytes = 4 << 10

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
