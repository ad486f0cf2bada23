//go:build !unix

package ui

// jobControl reports whether ctrl+z can suspend the program: never here.
func jobControl() bool { return false }
