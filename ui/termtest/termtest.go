// Package termtest runs the built cocalc-tui in real terminals for tests:
// inside tmux (a terminal multiplexer that measures text per code point, as
// most terminals users have over SSH do) and on a bare pseudo-terminal. Golden
// files show what the UI means to draw into an ideal terminal; these show what
// a person would really see, and the raw bytes the program writes.
//
// tmux is a Debian package that CI installs (.ci/run). Where it is missing,
// tests that need it are skipped, except under CI (CI=true), where they fail:
// a test that silently does not run proves nothing.
package termtest

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// binaryDir holds the program built by Binary; Cleanup removes it.
var binaryDir string

// built is the program, built the first time a test of this process asks
// for it: each package whose tests run the program (ui, ui/cli, ui/termtest)
// builds it once in its own test process.
var built = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "cocalc-tui-test-")
	if err != nil {
		return "", err
	}
	binaryDir = dir
	bin := filepath.Join(dir, "cocalc-tui")
	build := exec.Command("go", "build", "-ldflags", "-X main.version=9.8.7-test", "-o", bin, "cocalc-tui")
	if out, err := build.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build: %v\n%s", err, out)
	}
	return bin, nil
})

// Binary returns the path of the real program (package main at the module's
// root, version 9.8.7-test), built once per test process (see built). Tests
// that call it are skipped with -short.
func Binary(t testing.TB) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs the program")
	}
	bin, err := built()
	if err != nil {
		t.Fatal(err)
	}
	return bin
}

// Cleanup removes the program Binary built. Call it from TestMain after
// m.Run.
func Cleanup() {
	if binaryDir != "" {
		_ = os.RemoveAll(binaryDir)
	}
}

// Require skips the test when a command it needs is not installed, or fails
// it under CI, which installs every such command.
func Require(t testing.TB, command string) {
	t.Helper()
	if _, err := exec.LookPath(command); err == nil {
		return
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("%s is not installed; CI must install it (.ci/run)", command)
	}
	if runtime.GOOS != "linux" {
		t.Skipf("%s is not installed", command)
	}
	t.Skipf("%s is not installed (apt-get install %s)", command, command)
}

// ProcessExited reports whether the process pid has ended: it no longer
// exists, or it is a zombie that its parent has not collected yet. (Linux:
// it reads /proc.)
func ProcessExited(pid int) bool {
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return os.IsNotExist(err)
	}
	// The state follows the command's name, which is in parentheses and may
	// itself hold spaces and parentheses.
	fields := strings.Fields(string(stat[bytes.LastIndexByte(stat, ')')+1:]))
	return len(fields) > 0 && (fields[0] == "Z" || fields[0] == "X")
}

// WaitForProcessExit waits until the process pid has ended, failing the
// test if it is still running after a generous deadline.
func WaitForProcessExit(t testing.TB, pid int) {
	t.Helper()
	deadline := time.Now().Add(waitLimit)
	for !ProcessExited(pid) {
		if time.Now().After(deadline) {
			t.Fatalf("process %d is still running", pid)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
