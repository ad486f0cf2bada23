//go:build unix

package cli

import "syscall"

// openNoFollow makes OpenFile refuse a symbolic link and return at once on a
// FIFO instead of waiting for a reader.
const openNoFollow = syscall.O_NOFOLLOW | syscall.O_NONBLOCK
