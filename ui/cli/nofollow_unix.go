//go:build unix

package cli

import (
	"io/fs"
	"os"
	"syscall"
)

// openNoFollow makes OpenFile refuse a symbolic link and return at once on a
// FIFO instead of waiting for a reader.
const openNoFollow = syscall.O_NOFOLLOW | syscall.O_NONBLOCK

// openNonBlock makes OpenFile return at once on a FIFO.
const openNonBlock = syscall.O_NONBLOCK

// ownedByAnotherUser reports whether a file belongs to neither this user nor
// root.
func ownedByAnotherUser(info fs.FileInfo) bool {
	stat, ok := info.Sys().(*syscall.Stat_t)
	return ok && stat.Uid != uint32(os.Getuid()) && stat.Uid != 0
}
