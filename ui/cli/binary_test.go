package cli

import (
	"bufio"
	"context"
	"errors"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"cocalc-tui/ui/termtest"
)

// TestMain removes the program built for the tests once they have run.
func TestMain(m *testing.M) {
	code := m.Run()
	termtest.Cleanup()
	os.Exit(code)
}

// buildBinary returns the real program, for the tests that need a process:
// exit codes as the shell sees them, and signals. It is built once per test
// process (each go test run of this package builds it again).
func buildBinary(t *testing.T) string { return termtest.Binary(t) }

func TestBinary(t *testing.T) {
	bin := buildBinary(t)
	home := t.TempDir()
	tests := []struct {
		args   []string
		env    []string
		code   int
		stdout string // a prefix
		stderr string // a prefix
	}{
		{[]string{"--version"}, nil, 0, "cocalc-tui 9.8.7-test\n", ""},
		{[]string{"--help"}, nil, 0, "cocalc-tui: a terminal UI and command line for the CoCalc hub API.", ""},
		{[]string{"search", "--help"}, nil, 0, "cocalc-tui search: search users", ""},
		{[]string{"serch"}, nil, 2, "", `cocalc-tui: unknown command "serch"`},
		{[]string{"ping"}, nil, 3, "", "cocalc-tui: no API key."},
		{[]string{"ping", "--host", "http://127.0.0.1:1"}, []string{"COCALC_API_KEY=sk-binaryTestKey00000001"}, 1, "",
			"cocalc-tui: ping failed: cannot connect to 127.0.0.1:1"},
	}
	for _, tt := range tests {
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		cmd := exec.CommandContext(ctx, bin, tt.args...)
		cmd.Env = append([]string{"HOME=" + home, "PATH=" + os.Getenv("PATH")}, tt.env...)
		var stdout, stderr strings.Builder
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		cancel()
		code := 0
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			code = exitErr.ExitCode()
		} else if err != nil {
			t.Fatalf("%q: %v", tt.args, err)
		}
		if code != tt.code || !strings.HasPrefix(stdout.String(), tt.stdout) || !strings.HasPrefix(stderr.String(), tt.stderr) {
			t.Errorf("%q: exit %d (want %d)\nstdout %q\nstderr %q", tt.args, code, tt.code, stdout.String(), stderr.String())
		}
	}
}

// TestBinaryFakehubStopsOnSignal starts the fake hub as a process, uses it,
// and stops it with SIGTERM as a service manager would.
func TestBinaryFakehubStopsOnSignal(t *testing.T) {
	bin := buildBinary(t)
	cmd := exec.Command(bin, "fakehub", "--json")
	cmd.Env = []string{"HOME=" + t.TempDir()}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || !strings.HasPrefix(line, `{"url":"http://127.0.0.1:`) {
		t.Fatalf("first line %q, %v", line, err)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	waited := make(chan error, 1)
	go func() { waited <- cmd.Wait() }()
	select {
	case err := <-waited:
		if err != nil || stderr.String() != "cocalc-tui: fake hub stopped\n" {
			t.Errorf("after SIGTERM: %v, stderr %q", err, stderr.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("fakehub did not stop on SIGTERM")
	}
}
