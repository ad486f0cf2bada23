package cli

import (
	"bufio"
	"context"
	"io"
)

// readLines sends the lines of r, one at a time, on the returned channel and
// closes it at the end of the input; the read error, if any, is then in
// *readErr. A read from a terminal or a pipe cannot be interrupted, so the
// reading runs on its own goroutine, and a caller waiting for the next line
// can give up when ctx ends (on SIGINT while a person is typing queries).
func readLines(ctx context.Context, r io.Reader, maxLine int) (<-chan string, *error) {
	lines := make(chan string)
	readErr := new(error)
	go func() {
		defer close(lines)
		scanner := bufio.NewScanner(r)
		scanner.Buffer(make([]byte, 64<<10), maxLine)
		for scanner.Scan() {
			select {
			case lines <- scanner.Text():
			case <-ctx.Done():
				return
			}
		}
		*readErr = scanner.Err()
	}()
	return lines, readErr
}
