//go:build !unix

package cli

import (
	"os"
	"os/exec"
)

// inSessionOfItsOwn does nothing where there are no sessions.
func inSessionOfItsOwn(*exec.Cmd) {}

// killProcessGroup kills p alone where there are no process groups.
func killProcessGroup(p *os.Process) { _ = p.Kill() }
