//go:build !unix

package history

import "io/fs"

// openNoFollow is empty where the system has no such flags; readPrivate
// still refuses what is not a regular file.
const openNoFollow = 0

// ownedByUser cannot tell where files have no Unix owner.
func ownedByUser(fs.FileInfo) bool { return true }
