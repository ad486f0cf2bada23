//go:build !linux

package cli

import "io"

// discardTypeAhead does nothing here: only Linux's tcflush is wired. The
// question still refuses an answer that comes before confirmSettle.
func discardTypeAhead(io.Reader) {}
