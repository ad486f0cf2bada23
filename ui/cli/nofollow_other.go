//go:build !unix

package cli

// openNoFollow is empty where the system has no such flags; openPrivateFile
// still refuses what is not a regular file.
const openNoFollow = 0
