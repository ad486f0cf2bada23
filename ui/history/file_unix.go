//go:build unix

package history

import (
	"io/fs"
	"os"
	"syscall"
)

// openNoFollow makes OpenFile refuse a symbolic link and return at once on a
// FIFO instead of waiting for a writer.
const openNoFollow = syscall.O_NOFOLLOW | syscall.O_NONBLOCK

// ownedByUser reports whether this user owns a file.
func ownedByUser(info fs.FileInfo) bool {
	stat, ok := info.Sys().(*syscall.Stat_t)
	return !ok || stat.Uid == uint32(os.Getuid())
}
