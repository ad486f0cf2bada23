package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	"cocalc-tui/hub/clean"
)

// inputLine is one line of standard input, without its end ("\n" or
// "\r\n"). A line longer than the cap is not kept: tooLong is set, text is
// its first few characters (to name it in a message) and length its size.
type inputLine struct {
	text    string
	tooLong bool
	length  int64 // bytes, for a line too long
}

// tooLongLineHead is how much of a line too long is kept to name it.
const tooLongLineHead = 40

// overLongError is the failure of line number of the input, longer than
// the cap: bad input, reported on that line (exit code 2, as for other bad
// input).
func overLongError(number int, line inputLine, maxLine int) error {
	return usageError{fmt.Sprintf("line %d is %d bytes long, over the %s a line may have, so it was skipped",
		number, line.length, byteSize(maxLine))}
}

// byteSize is n bytes in KiB or MiB when it is a whole number of them.
func byteSize(n int) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// shownHead is how a line too long is named: its first characters, cleaned,
// and an ellipsis.
func (l inputLine) shownHead() string { return clean.Line(l.text) + "…" }

// readLines sends the lines of r, one at a time, on the returned channel and
// closes it at the end of the input; the read error, if any, is then in
// *readErr. A line longer than maxLine bytes is sent as tooLong, and the
// reading goes on with the next: it is skipped as it is read, so memory
// stays at most maxLine and a read buffer however long it is. A read from
// a terminal or a pipe cannot be interrupted, so the reading runs on its
// own goroutine, and a caller waiting for the next line can give up when
// ctx ends (on SIGINT while a person is typing queries).
func readLines(ctx context.Context, r io.Reader, maxLine int) (<-chan inputLine, *error) {
	lines := make(chan inputLine)
	readErr := new(error)
	go func() {
		defer close(lines)
		*readErr = scanLines(r, maxLine, func(line inputLine) bool {
			select {
			case lines <- line:
				return true
			case <-ctx.Done():
				return false
			}
		})
	}()
	return lines, readErr
}

// scanLines calls emit with each line of r until the input ends, a read
// fails (its error is returned; a line it cut short is dropped) or emit
// returns false. Line ends are those of bufio.ScanLines: "\n", with a "\r"
// before it dropped, and a last line without one.
func scanLines(r io.Reader, maxLine int, emit func(inputLine) bool) error {
	reader := bufio.NewReaderSize(r, 64<<10)
	var line []byte  // the line so far, while it fits
	var length int64 // the line's length so far, in bytes
	var head string  // the first characters of a line too long
	tooLong := false
	for {
		chunk, err := reader.ReadSlice('\n')
		length += int64(len(chunk))
		if !tooLong {
			line = append(line, chunk...)
			if len(line) > maxLine+len("\r\n") {
				tooLong, head = true, headOf(trimLineEnd(line))
				line = line[:0]
			}
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		ended := len(chunk) > 0 && chunk[len(chunk)-1] == '\n'
		if ended || errors.Is(err, io.EOF) && length > 0 {
			next := inputLine{text: string(trimLineEnd(line))}
			if ended {
				length -= int64(len(chunk) - len(trimLineEnd(chunk)))
			}
			if tooLong || len(next.text) > maxLine {
				next = inputLine{text: head, tooLong: true, length: length}
				if !tooLong {
					next.text = headOf(trimLineEnd(line))
				}
			}
			if !emit(next) {
				return nil
			}
			line, length, head, tooLong = line[:0], 0, "", false
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// trimLineEnd drops the "\n" or "\r\n" at the end of a line.
func trimLineEnd(line []byte) []byte {
	if n := len(line); n > 0 && line[n-1] == '\n' {
		line = line[:n-1]
		if n := len(line); n > 0 && line[n-1] == '\r' {
			line = line[:n-1]
		}
	}
	return line
}

// headOf is the first tooLongLineHead characters of a line, whole.
func headOf(line []byte) string {
	end := 0
	for count := 0; end < len(line) && count < tooLongLineHead; count++ {
		_, size := utf8.DecodeRune(line[end:])
		end += size
	}
	return string(line[:end])
}
