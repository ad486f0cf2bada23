//go:build !unix

package cli

import "io/fs"

// openNoFollow is empty where the system has no such flags; openPrivateFile
// still refuses what is not a regular file.
const openNoFollow = 0

// openNonBlock is empty where the system has no such flag.
const openNonBlock = 0

// ownedByAnotherUser cannot tell where files have no Unix owner.
func ownedByAnotherUser(fs.FileInfo) bool { return false }
