//go:build unix

package cli

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// leftoverCommand starts a child that ignores SIGINT and SIGTERM and
// outlives the shell, holding its output, and writes the child's pid to
// pidFile; then it does what rest says.
func leftoverCommand(pidFile, rest string) string {
	return "(trap '' INT TERM; exec sleep 60) & echo $! > " + pidFile + "; " + rest
}

// readPID reads the pid a command wrote, once it is there.
func readPID(t *testing.T, pidFile string) int {
	t.Helper()
	var pid int
	waitUntil(t, "the command's child to start", func() bool {
		data, err := os.ReadFile(pidFile)
		if err != nil || !strings.HasSuffix(string(data), "\n") {
			return false
		}
		pid, err = strconv.Atoi(strings.TrimSpace(string(data)))
		return err == nil
	})
	return pid
}

// waitForDeath waits until pid is gone (or a zombie, which nobody may have
// reaped yet).
func waitForDeath(t *testing.T, what string, pid int) {
	t.Helper()
	waitUntil(t, what+" (pid "+strconv.Itoa(pid)+") to die", func() bool {
		if syscall.Kill(pid, 0) != nil {
			return true
		}
		stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
		if err != nil {
			return os.IsNotExist(err)
		}
		fields := strings.Fields(string(stat[strings.LastIndexByte(string(stat), ')')+1:]))
		return len(fields) > 0 && fields[0] == "Z"
	})
}

// TestKeyCommandPrintingTooMuchStopsAtOnce: a command that prints without
// end (yes) is stopped as soon as its output passes what a key can be, and
// said to print too much, rather than run to the deadline and be called
// slow.
func TestKeyCommandPrintingTooMuchStopsAtOnce(t *testing.T) {
	if keyCommandTimeout < 10*time.Second {
		t.Fatalf("the deadline is %s", keyCommandTimeout)
	}
	started := time.Now()
	_, err := runKeyCommand(context.Background(), "yes")
	want := "api_key_command printed more than 4096 bytes; it must print the API key alone"
	if err == nil || err.Error() != want {
		t.Errorf("error = %v\nwant    %s", err, want)
	}
	if elapsed := time.Since(started); elapsed > 5*time.Second {
		t.Errorf("stopped after %s", elapsed)
	}
}

// TestKeyCommandLeavesNothingRunning: whatever the command started is
// killed on the way out: after an interruption (a child that ignores
// SIGINT once kept running after exit 130), and after it printed the key.
func TestKeyCommandLeavesNothingRunning(t *testing.T) {
	t.Run("interrupted", func(t *testing.T) {
		pidFile := filepath.Join(t.TempDir(), "pid")
		ctx, cancel := context.WithCancelCause(context.Background())
		result := make(chan error, 1)
		go func() {
			_, err := runKeyCommand(ctx, leftoverCommand(pidFile, "sleep 60"))
			result <- err
		}()
		pid := readPID(t, pidFile)
		cancel(interruptedBySIGINT)
		var err error
		select {
		case err = <-result:
		case <-time.After(20 * time.Second):
			t.Fatal("runKeyCommand did not return after the interruption")
		}
		if code := exitCodeOf(err); code != 130 {
			t.Errorf("exit code %d (%v), want 130", code, err)
		}
		waitForDeath(t, "the child that ignores SIGINT", pid)
	})
	t.Run("done", func(t *testing.T) {
		pidFile := filepath.Join(t.TempDir(), "pid")
		started := time.Now()
		key, err := runKeyCommand(context.Background(), leftoverCommand(pidFile, "printf sk-cmdkey00000000000001"))
		if err != nil || key != "sk-cmdkey00000000000001" {
			t.Errorf("runKeyCommand = %q, %v", key, err)
		}
		if elapsed := time.Since(started); elapsed > 5*time.Second {
			t.Errorf("took %s: it waited for the child holding its output", elapsed)
		}
		waitForDeath(t, "the child left running", readPID(t, pidFile))
	})
}

// TestKeyCommandHasNoTerminal: the command runs without a controlling
// terminal, so one that reads the terminal fails at once instead of waiting
// for keys that go to this program (or stopping in the background).
func TestKeyCommandHasNoTerminal(t *testing.T) {
	started := time.Now()
	_, err := runKeyCommand(context.Background(), "read key < /dev/tty && printf %s \"$key\"")
	var keyErr *keyError
	if !errors.As(err, &keyErr) || !strings.HasPrefix(err.Error(), "api_key_command failed (exit status ") {
		t.Errorf("error = %v", err)
	}
	if elapsed := time.Since(started); elapsed > 5*time.Second {
		t.Errorf("failed after %s", elapsed)
	}
}

// TestBinaryKeyCommandInterrupted sends SIGINT to the program while its
// api_key_command runs with a child that ignores SIGINT: exit 130, one
// line, and the child is gone.
func TestBinaryKeyCommandInterrupted(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	pidFile := filepath.Join(dir, "pid")
	configDir := filepath.Join(dir, "cocalc-tui")
	if err := os.Mkdir(configDir, 0o700); err != nil {
		t.Fatal(err)
	}
	config := "default_profile = \"p\"\n[profiles.p]\nhost = \"http://127.0.0.1:1\"\napi_key_command = \"" +
		strings.ReplaceAll(leftoverCommand(pidFile, "sleep 60"), `"`, `\"`) + "\"\n"
	if err := os.WriteFile(filepath.Join(configDir, "config.toml"), []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	p := startProgram(t, bin, []string{"XDG_CONFIG_HOME=" + dir}, "ping")
	pid := readPID(t, pidFile)
	if err := p.cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	if code := p.waitForExit(t, 10*time.Second); code != 130 || p.stderr.String() != "cocalc-tui: interrupted by SIGINT\n" {
		t.Errorf("exit %d, stderr %q", code, p.stderr.String())
	}
	waitForDeath(t, "the child that ignores SIGINT", pid)
}
