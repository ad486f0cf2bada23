package cli

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestProgressText(t *testing.T) {
	p := newProgress(io.Discard, "search -", "lines")
	for _, tt := range []struct {
		total, done int
		elapsed     time.Duration
		want        string
	}{
		{0, 1200, 2 * time.Second, "search -: 1200 lines · 600/s"},
		{5000, 1200, 2 * time.Second, "search -: 1200 of 5000 lines · 600/s · 6s left"},
		{5000, 0, 0, "search -: 0 of 5000 lines · 0/s"},
		{100000, 41200, 4666 * time.Millisecond, "search -: 41200 of 100000 lines · 8830/s · 6s left"},
		{5000, 5000, 8 * time.Second, "search -: 5000 of 5000 lines · 625/s"},
	} {
		p.setTotal(tt.total)
		if got := p.text(tt.done, tt.elapsed); got != tt.want {
			t.Errorf("total %d, done %d after %s: %q, want %q", tt.total, tt.done, tt.elapsed, got, tt.want)
		}
		if len([]rune(p.text(tt.done, tt.elapsed))) > 60 {
			t.Errorf("%q could wrap on an 80-column terminal", p.text(tt.done, tt.elapsed))
		}
	}
}

// TestCountLines: the total of a file given as standard input is its
// number of lines, the last one with or without its newline; a pipe has
// none; the file is read from where the program will read it.
func TestCountLines(t *testing.T) {
	dir := t.TempDir()
	for content, want := range map[string]int{"a\nb\nc\n": 3, "a\nb\nc": 3, "": 0, "\n\n": 2} {
		path := filepath.Join(dir, "in")
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		file, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		p := newProgress(io.Discard, "search -", "lines")
		p.setTotal(-1)
		countLines(file, p)
		waitUntil(t, "the count", func() bool { return p.total.Load() >= 0 })
		if got := int(p.total.Load()); got != want {
			t.Errorf("%q: %d lines, want %d", content, got, want)
		}
		if offset, _ := file.Seek(0, io.SeekCurrent); offset != 0 {
			t.Errorf("counting moved the file to %d", offset)
		}
		file.Close()
	}
	reader, writer, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	defer writer.Close()
	p := newProgress(io.Discard, "search -", "lines")
	countLines(reader, p)
	countLines(strings.NewReader("a\n"), p)
	if p.total.Load() != 0 {
		t.Errorf("a pipe got a total of %d", p.total.Load())
	}
}
