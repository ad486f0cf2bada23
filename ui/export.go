package ui

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode"

	tea "github.com/charmbracelet/bubbletea"

	"cocalc-tui/hub"
)

// exportFormat is the file format of an export.
type exportFormat int

const (
	exportJSON exportFormat = iota
	exportCSV
)

type exportedMsg struct {
	path  string
	count int
	err   error
}

// exportCmd writes every result (not only the visible rows), in the order
// shown, to a new file in dir. The server's raw JSON is kept as it came.
func exportCmd(dir string, accounts []hub.Account, format exportFormat, query string, now time.Time) tea.Cmd {
	return guarded(func() tea.Msg {
		data, err := encodeExport(accounts, format)
		if err != nil {
			return exportedMsg{err: err}
		}
		ext := map[exportFormat]string{exportJSON: ".json", exportCSV: ".csv"}[format]
		path, err := writeNewFile(dir, exportBaseName(query, now), ext, data)
		return exportedMsg{path: path, count: len(accounts), err: err}
	}, func(err error) tea.Msg { return exportedMsg{err: err} })
}

func encodeExport(accounts []hub.Account, format exportFormat) ([]byte, error) {
	var buf bytes.Buffer
	if format == exportCSV {
		w := csv.NewWriter(&buf)
		_ = w.Write(hub.AccountCSVHeader)
		for _, a := range accounts {
			_ = w.Write(a.CSVRecord())
		}
		w.Flush()
		return buf.Bytes(), w.Error()
	}
	raws := make([]json.RawMessage, len(accounts))
	for i, a := range accounts {
		raws[i] = a.Raw
	}
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	err := enc.Encode(raws)
	return buf.Bytes(), err
}

// exportBaseName is "cocalc-accounts-<query>-<time>": the query kept to
// letters, digits and dashes so the name is safe in any shell.
func exportBaseName(query string, now time.Time) string {
	slug := strings.Map(func(r rune) rune {
		switch {
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			return unicode.ToLower(r)
		case r == '@' || r == '.':
			return r
		}
		return '-'
	}, strings.TrimSpace(query))
	slug = strings.Trim(collapseDashes(slug), "-.")
	if len(slug) > 40 {
		slug = strings.Trim(slug[:40], "-.")
	}
	if slug == "" {
		slug = "results"
	}
	return "cocalc-accounts-" + slug + "-" + now.Format("20060102-150405")
}

func collapseDashes(s string) string {
	for strings.Contains(s, "--") {
		s = strings.ReplaceAll(s, "--", "-")
	}
	return s
}

// writeNewFile writes data to dir/base+ext, or dir/base-2+ext and so on:
// it never replaces an existing file.
func writeNewFile(dir, base, ext string, data []byte) (string, error) {
	for n := 1; n < 1000; n++ {
		name := base + ext
		if n > 1 {
			name = fmt.Sprintf("%s-%d%s", base, n, ext)
		}
		path := filepath.Join(dir, name)
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return "", err
		}
		if _, err := f.Write(data); err != nil {
			f.Close()
			return "", err
		}
		return path, f.Close()
	}
	return "", fmt.Errorf("too many exports named %s in %s", base, dir)
}
