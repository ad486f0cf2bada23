package cli

import (
	"io"

	"golang.org/x/sys/unix"
)

// discardTypeAhead throws away what was typed on the terminal r and not
// read yet (tcflush(fd, TCIFLUSH)), so that keys pressed before a question
// was shown cannot answer it. It does nothing when r is not a terminal.
func discardTypeAhead(r io.Reader) {
	file, ok := r.(interface{ Fd() uintptr })
	if !ok {
		return
	}
	fd := int(file.Fd())
	if _, err := unix.IoctlGetTermios(fd, unix.TCGETS); err != nil {
		return // not a terminal: a pipe's data is input, not type-ahead
	}
	_ = unix.IoctlSetInt(fd, unix.TCFLSH, unix.TCIFLUSH)
}
