//go:build unix

package ui

import (
	"bytes"
	"fmt"
	"os"
	"strconv"

	"golang.org/x/sys/unix"
)

// jobControl reports whether a shell with job control can bring the program
// back after ctrl+z stops it. Bubble Tea's suspend stops the program's whole
// process group and waits for SIGCONT; in an orphaned group (POSIX: no
// member has a parent in another group of the same session, as when tmux or
// a terminal starts the program directly, or a shell execs it) the kernel
// discards the stop signal and that wait would never end. So the group must
// have a member whose parent is a shell in another group of the session:
// the parent, or the nearest ancestor outside the group (found in /proc, for
// a wrapper script in the same group). When that cannot be told, no.
func jobControl() bool {
	group, session := unix.Getpgrp(), sessionOf(0)
	if session < 0 {
		return false
	}
	for pid := os.Getppid(); pid > 1; {
		parentGroup, err := unix.Getpgid(pid)
		if err != nil {
			return false
		}
		if parentGroup != group {
			return sessionOf(pid) == session
		}
		if pid = parentOf(pid); pid < 0 {
			return false
		}
	}
	return false
}

func sessionOf(pid int) int {
	sid, err := unix.Getsid(pid)
	if err != nil {
		return -1
	}
	return sid
}

// parentOf is a process's parent, from /proc (Linux), or -1.
func parentOf(pid int) int {
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return -1
	}
	// "pid (command) state ppid …": the command may hold spaces and ")".
	fields := bytes.Fields(stat[bytes.LastIndexByte(stat, ')')+1:])
	if len(fields) < 2 {
		return -1
	}
	ppid, err := strconv.Atoi(string(fields[1]))
	if err != nil {
		return -1
	}
	return ppid
}
