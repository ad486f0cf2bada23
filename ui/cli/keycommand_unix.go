//go:build unix

package cli

import (
	"os"
	"os/exec"
	"syscall"
)

// inSessionOfItsOwn makes the command a session of its own: a process group
// that can be killed whole, and no controlling terminal (see runKeyCommand).
func inSessionOfItsOwn(cmd *exec.Cmd) { cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true} }

// killProcessGroup kills every process of the group p leads.
func killProcessGroup(p *os.Process) { _ = syscall.Kill(-p.Pid, syscall.SIGKILL) }
