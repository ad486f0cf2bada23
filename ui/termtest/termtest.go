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
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
)

// binaryDir holds the program built by Binary; Cleanup removes it.
var binaryDir string

// built is the program, built the first time a test asks for it.
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
// root, version 9.8.7-test), built once per test process. Tests that call it
// are skipped with -short.
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
