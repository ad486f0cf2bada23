//go:build linux

package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"golang.org/x/sys/unix"
)

// TestConfigSwappedDuringTheCheckNeverRuns replays the attack on the config
// check: another user who can write in ~/.config swaps (renameat2
// RENAME_EXCHANGE) the config folder with one of theirs, over and over,
// while the program reads it. Checking by name and then opening by name
// again let their api_key_command run; the folder others can write is now
// refused on every try, swapped or not, and their command never runs.
func TestConfigSwappedDuringTheCheckNeverRuns(t *testing.T) {
	e := newFakeEnv(t)
	marker := filepath.Join(e.home, "ran")
	path := e.writeConfig(t, "default_profile = \"p\"\n[profiles.p]\napi_key_command = \"printf sk-ownkey0000000000000001\"\n")
	config := filepath.Dir(filepath.Dir(path)) // ~/.config
	theirs := filepath.Join(config, "theirs")
	if err := os.Mkdir(theirs, 0o700); err != nil {
		t.Fatal(err)
	}
	evil := "default_profile = \"p\"\n[profiles.p]\napi_key_command = \"touch " + marker + "; printf sk-theirkey000000000000001\"\n"
	if err := os.WriteFile(filepath.Join(theirs, "config.toml"), []byte(evil), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(config, 0o777); err != nil {
		t.Fatal(err)
	}

	var stop atomic.Bool
	var swaps atomic.Int64
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for !stop.Load() {
			if unix.Renameat2(unix.AT_FDCWD, filepath.Dir(path), unix.AT_FDCWD, theirs, unix.RENAME_EXCHANGE) == nil {
				swaps.Add(1)
			}
		}
	}()
	defer func() {
		stop.Store(true)
		wg.Wait()
	}()

	for i := 0; i < 300 || swaps.Load() < 100; i++ {
		s, err := resolveSettings(context.Background(), &options{}, e.getenv)
		if err == nil || !strings.Contains(err.Error(), "the folder "+config+" (permissions 0777) lets other users replace what is in it") {
			t.Fatalf("try %d (%d swaps so far): settings %+v, error %v; want the open folder refused", i, swaps.Load(), s, err)
		}
		if _, statErr := os.Stat(marker); statErr == nil {
			t.Fatalf("try %d: their api_key_command ran", i)
		}
	}
}
