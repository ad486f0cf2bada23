package ui

import (
	"bytes"
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
	"cocalc-tui/hub/clean"
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
	// of is the number of results when a filter chose count of them (0:
	// no filter).
	of  int
	err error
}

// exportCmd writes the accounts (every result shown, not only the rows in
// view), in the order shown, to a new file in dir, readable by this user only (the file holds
// email addresses). JSON keeps the server's values (made valid UTF-8 and
// safe by clean.JSON); CSV holds the cleaned values, formulas neutralised
// (see hub.CSVCell). The key is scrubbed from both, last.
func exportCmd(dir string, accounts []hub.Account, format exportFormat, query string, now time.Time, scrubber *hub.Scrubber) tea.Cmd {
	return guarded(func() tea.Msg {
		data, err := encodeExport(accounts, format, scrubber)
		if err != nil {
			return exportedMsg{err: err}
		}
		ext := map[exportFormat]string{exportJSON: ".json", exportCSV: ".csv"}[format]
		path, err := writeNewFile(dir, exportBaseName(query, now), ext, data)
		return exportedMsg{path: path, count: len(accounts), err: err}
	}, func(err error) tea.Msg { return exportedMsg{err: err} })
}

func encodeExport(accounts []hub.Account, format exportFormat, scrubber *hub.Scrubber) ([]byte, error) {
	var buf bytes.Buffer
	if format == exportCSV {
		records := make([][]string, len(accounts))
		for i, a := range accounts {
			records[i] = a.CSVRecord()
		}
		err := hub.WriteCSV(&buf, hub.AccountCSVHeader, records)
		return []byte(scrubber.Scrub(buf.String())), err
	}
	raws := make([]json.RawMessage, len(accounts))
	for i, a := range accounts {
		raws[i] = clean.JSON(a.Raw, scrubber.Scrub)
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
// it never replaces an existing file. The file is private (mode 0600): the
// name is taken first (O_EXCL), the data written to a temporary file beside
// it, which is then renamed over it, so the file never holds a part of the
// data; on any error neither is left behind.
func writeNewFile(dir, base, ext string, data []byte) (string, error) {
	for n := 1; n < 1000; n++ {
		name := base + ext
		if n > 1 {
			name = fmt.Sprintf("%s-%d%s", base, n, ext)
		}
		path := filepath.Join(dir, name)
		placeholder, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return "", err
		}
		_ = placeholder.Close()
		if err := writeByRename(path, data); err != nil {
			_ = os.Remove(path)
			return "", err
		}
		return path, nil
	}
	return "", fmt.Errorf("too many exports named %s in %s", base, dir)
}

// writeByRename writes data to a private temporary file beside path and
// renames it to path.
func writeByRename(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp") // mode 0600
	if err != nil {
		return err
	}
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Sync()
	}
	if closeErr := tmp.Close(); err == nil {
		err = closeErr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		_ = os.Remove(tmp.Name())
	}
	return err
}

// export writes the results to a new file: all of them, or those the
// filter shows.
func (m *Model) export(format exportFormat) tea.Cmd {
	if m.results.count() == 0 {
		return nil
	}
	accounts := m.results.inOrder() // a copy: the command must not share the model's slice
	cmd := exportCmd(m.cfg.ExportDir, accounts, format, m.search.outcome.query, m.now, m.cfg.Client.Scrubber())
	if !m.results.filtered() {
		return cmd
	}
	total := m.results.total() // the filter's rows are written: say so
	return func() tea.Msg {
		msg := cmd()
		if done, ok := msg.(exportedMsg); ok {
			done.of = total
			return done
		}
		return msg
	}
}

func (m *Model) onExported(msg exportedMsg) tea.Cmd {
	m.cfg.Logger.Info("export", "path", msg.path, "accounts", msg.count, "error", msg.err)
	if msg.err != nil {
		return m.flash.show(m.cfg, "export failed: "+errorText(msg.err), true)
	}
	what := fmt.Sprintf("%d %s", msg.count, plural(msg.count, "account", "accounts"))
	if msg.of > 0 {
		what = fmt.Sprintf("the %d of %d accounts the filter shows", msg.count, msg.of)
	}
	return m.flash.show(m.cfg, fmt.Sprintf("exported %s to %s", what, clean.Line(msg.path)), false)
}
