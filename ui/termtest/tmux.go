package termtest

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

// waitLimit bounds every wait for the screen: generous, since the machine
// may be busy; a wait that passes returns as soon as its condition holds.
const waitLimit = 20 * time.Second

// Tmux is one tmux server of a test's own (its own socket, so tests never
// touch a person's sessions or each other's) with one window running a
// command.
type Tmux struct {
	t      testing.TB
	socket string
	// RawFile receives every byte the program writes to its terminal
	// (tmux pipe-pane), from the start.
	RawFile string
}

// TmuxOptions describe the terminal and the command to run in it.
type TmuxOptions struct {
	Width, Height int      // the window's size in cells (120x40 when zero)
	Env           []string // the command's environment, "NAME=value"; TERM is tmux's own
	Dir           string   // the command's working directory (a new temporary one when empty)
	Args          []string // the command and its arguments
	// Setup is shell code run in the window before the command, such as
	// "trap '' HUP" to start it with SIGHUP ignored, as nohup and some
	// supervisors do.
	Setup string
	// Shell starts the command as a person does, from an interactive shell
	// with job control (sh -i, prompt "$ "): Args are typed at the prompt,
	// and the shell stays when the command ends or is stopped (ctrl+z).
	Shell bool
	// InTmux lets the command know it runs in tmux, and reach this test's
	// tmux server with the tmux command: TMUX and TMUX_PANE, as tmux sets
	// them in the window, are kept in its environment.
	InTmux bool
}

// ShellPrompt is the prompt of the interactive shell of TmuxOptions.Shell.
const ShellPrompt = "$ "

// StartTmux starts a tmux server with one window of the given size running
// the command, with its output piped to RawFile from the first byte. The
// server is killed when the test ends.
func StartTmux(t testing.TB, opts TmuxOptions) *Tmux {
	t.Helper()
	Require(t, "tmux")
	if opts.Width == 0 {
		opts.Width, opts.Height = 120, 40
	}
	if opts.Dir == "" {
		opts.Dir = t.TempDir()
	}
	tm := &Tmux{t: t, socket: "cocalc-tui-test-" + randomHex(6), RawFile: filepath.Join(t.TempDir(), "raw")}
	t.Cleanup(func() { _ = tm.command("kill-server").Run() })
	// The window starts with a shell that waits for a line on its input, so
	// that pipe-pane is attached before the program writes its first byte.
	script := "read -r _; "
	if opts.Setup != "" {
		script += opts.Setup + "; "
	}
	env := "exec env -i "
	if opts.InTmux {
		env += `TMUX="$TMUX" TMUX_PANE="$TMUX_PANE" `
	}
	if opts.Shell {
		script += env + shellJoin(append(opts.Env, "PS1="+ShellPrompt)) + " /bin/sh -i"
	} else {
		script += env + shellJoin(opts.Env) + " " + shellJoin(opts.Args)
	}
	tm.run("-f", "/dev/null", "new-session", "-d", "-x", strconv.Itoa(opts.Width), "-y", strconv.Itoa(opts.Height),
		"-c", opts.Dir, "sh", "-c", script)
	tm.run("set-option", "-g", "remain-on-exit", "on")
	tm.run("pipe-pane", "-o", "cat >> "+shellQuote(tm.RawFile))
	tm.run("send-keys", "Enter")
	if opts.Shell {
		tm.WaitFor("the shell's prompt", AtPrompt)
		tm.Type(shellJoin(opts.Args))
		tm.SendKeys("Enter")
	}
	return tm
}

// command is a tmux command on this test's server.
func (tm *Tmux) command(args ...string) *exec.Cmd {
	return exec.Command("tmux", append([]string{"-L", tm.socket}, args...)...)
}

// run runs a tmux command, failing the test if it fails.
func (tm *Tmux) run(args ...string) string {
	tm.t.Helper()
	out, err := tm.command(args...).CombinedOutput()
	if err != nil {
		tm.t.Fatalf("tmux %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// Command runs a tmux command on this test's server (set-option,
// show-options…) and returns its output, failing the test if it fails.
func (tm *Tmux) Command(args ...string) string {
	tm.t.Helper()
	return tm.run(args...)
}

// SendKeys sends keys as tmux names them ("Enter", "Escape", "C-c", "Up")
// or literal words, one argument each.
func (tm *Tmux) SendKeys(keys ...string) {
	tm.t.Helper()
	tm.run(append([]string{"send-keys", "-t", "0"}, keys...)...)
}

// Type sends text literally, as if typed.
func (tm *Tmux) Type(text string) {
	tm.t.Helper()
	tm.run("send-keys", "-t", "0", "-l", text)
}

// SendBytes writes raw bytes to the program's terminal input in one write,
// as a fast typist's keys arrive over a slow link (Esc and the next letters
// together, say).
func (tm *Tmux) SendBytes(b []byte) {
	tm.t.Helper()
	tm.run(append([]string{"send-keys", "-t", "0", "-H"}, hexBytes(b)...)...)
}

// Paste pastes text as a terminal does, with bracketed paste when the
// program asked for it; tmux turns the text's line breaks into CR, as xterm,
// VTE and iTerm2 do.
func (tm *Tmux) Paste(text string) {
	tm.t.Helper()
	tm.run("set-buffer", "-b", "test-paste", "--", text)
	tm.run("paste-buffer", "-p", "-b", "test-paste", "-t", "0")
}

// PasteBytes pastes data exactly as it is, bytes a shell would mangle
// included (an ESC, a tab): tmux loads it from a file into a buffer of its
// own, then pastes it as Paste does, bracketed when the program asked.
func (tm *Tmux) PasteBytes(data []byte) {
	tm.t.Helper()
	file := filepath.Join(tm.t.TempDir(), "paste")
	if err := os.WriteFile(file, data, 0o600); err != nil {
		tm.t.Fatal(err)
	}
	tm.run("load-buffer", "-b", "test-paste-bytes", file)
	tm.run("paste-buffer", "-p", "-b", "test-paste-bytes", "-t", "0")
}

// Resize changes the window's size.
func (tm *Tmux) Resize(width, height int) {
	tm.t.Helper()
	tm.run("resize-window", "-t", "0", "-x", strconv.Itoa(width), "-y", strconv.Itoa(height))
}

// Screen is what the window shows now, line by line, without colours.
func (tm *Tmux) Screen() string {
	tm.t.Helper()
	return tm.run("capture-pane", "-p", "-t", "0")
}

// Raw is every byte the program wrote to its terminal so far.
func (tm *Tmux) Raw() []byte {
	tm.t.Helper()
	data, err := os.ReadFile(tm.RawFile)
	if err != nil && !os.IsNotExist(err) {
		tm.t.Fatal(err)
	}
	return data
}

// WaitFor polls the screen until cond holds, and returns that screen. It
// fails the test, showing the last screen, if cond does not hold in time.
func (tm *Tmux) WaitFor(what string, cond func(screen string) bool) string {
	tm.t.Helper()
	deadline := time.Now().Add(waitLimit)
	for {
		screen := tm.Screen()
		if cond(screen) {
			return screen
		}
		if time.Now().After(deadline) {
			tm.t.Fatalf("timed out waiting for %s; the screen:\n%s", what, screen)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// WaitForText waits until the screen shows text.
func (tm *Tmux) WaitForText(text string) string {
	tm.t.Helper()
	return tm.WaitFor(fmt.Sprintf("%q on the screen", text), func(s string) bool { return strings.Contains(s, text) })
}

// Exited reports whether the program has ended, and its exit status.
func (tm *Tmux) Exited() (bool, int) {
	tm.t.Helper()
	out := strings.Fields(tm.run("display-message", "-p", "-t", "0", "#{pane_dead} #{pane_dead_status}"))
	if len(out) == 0 || out[0] != "1" {
		return false, 0
	}
	status := 0
	if len(out) > 1 {
		status, _ = strconv.Atoi(out[1])
	}
	return true, status
}

// WaitForExit waits until the program has ended and returns its status.
func (tm *Tmux) WaitForExit() int {
	tm.t.Helper()
	deadline := time.Now().Add(waitLimit)
	for {
		if done, status := tm.Exited(); done {
			return status
		}
		if time.Now().After(deadline) {
			tm.t.Fatalf("the program did not exit; the screen:\n%s", tm.Screen())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// AtPrompt reports whether a screen's last line that is not blank is the
// prompt of the shell of TmuxOptions.Shell, waiting for a command.
func AtPrompt(screen string) bool {
	lines := Lines(strings.TrimRight(screen, "\n"))
	return strings.TrimSpace(lines[len(lines)-1]) == strings.TrimSpace(ShellPrompt)
}

// KillPane closes the window's pane as a person closing a terminal does:
// tmux closes the pseudo-terminal, which hangs it up for the program (its
// reads end, its writes fail, SIGHUP is sent unless ignored).
func (tm *Tmux) KillPane() {
	tm.t.Helper()
	tm.run("kill-pane", "-t", "0")
}

// PanePID is the process id of the program in the window (of the shell,
// with TmuxOptions.Shell).
func (tm *Tmux) PanePID() int {
	tm.t.Helper()
	pid, err := strconv.Atoi(strings.TrimSpace(tm.run("display-message", "-p", "-t", "0", "#{pane_pid}")))
	if err != nil {
		tm.t.Fatal(err)
	}
	return pid
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// hexBytes spells each byte as send-keys -H takes it: one argument a byte.
func hexBytes(b []byte) []string {
	parts := make([]string, len(b))
	for i, c := range b {
		parts[i] = fmt.Sprintf("%02x", c)
	}
	return parts
}

// shellQuote quotes s for a POSIX shell.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func shellJoin(words []string) string {
	quoted := make([]string, len(words))
	for i, w := range words {
		quoted[i] = shellQuote(w)
	}
	return strings.Join(quoted, " ")
}

// Environ is a minimal environment for the program: a private HOME and XDG
// folders under dir, PATH, the given TERM, and extra, sorted.
func Environ(dir, term string, extra ...string) []string {
	env := []string{
		"HOME=" + dir,
		"XDG_CONFIG_HOME=" + filepath.Join(dir, "config"),
		"XDG_STATE_HOME=" + filepath.Join(dir, "state"),
		"PATH=" + os.Getenv("PATH"),
		"TERM=" + term,
		"LANG=C.UTF-8",
	}
	env = append(env, extra...)
	sort.Strings(env)
	return env
}

// Lines splits a captured screen into its lines, without the final newline.
func Lines(screen string) []string {
	return strings.Split(strings.TrimSuffix(screen, "\n"), "\n")
}

// ContainsAll reports whether b holds every one of the sequences.
func ContainsAll(b []byte, sequences ...string) bool {
	for _, s := range sequences {
		if !bytes.Contains(b, []byte(s)) {
			return false
		}
	}
	return true
}
