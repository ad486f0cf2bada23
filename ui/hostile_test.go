package ui

import (
	"encoding/base64"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	tea "github.com/charmbracelet/bubbletea"

	"cocalc-tui/hub/clean"
	"cocalc-tui/hub/clean/cleantest"
	"cocalc-tui/hub/hubtest"
)

// checkScreen fails t if the screen holds anything a terminal would act on,
// or the key in any form the hostile hub echoes it in.
func checkScreen(t *testing.T, where, screen, key string) {
	t.Helper()
	if r, found := cleantest.FirstHazard(screen, true); found {
		t.Fatalf("%s: the screen holds %U:\n%s", where, r, screen)
	}
	for _, form := range append(hubtest.HostileKeyForms(key), clean.Line(hubtest.HostileKeyForms(key)[4])) {
		if strings.Contains(screen, form) {
			t.Fatalf("%s: the screen shows the key as %q:\n%s", where, form, screen)
		}
	}
}

// osc52Pattern finds the clipboard writes of copyCmd and their payload.
var osc52Pattern = regexp.MustCompile("\x1b]52;c;([A-Za-z0-9+/=]*)\a")

// clipboardTexts decodes every clipboard write so far.
func clipboardTexts(t *testing.T, written string) []string {
	t.Helper()
	var texts []string
	for _, m := range osc52Pattern.FindAllStringSubmatch(written, -1) {
		text, err := base64.StdEncoding.DecodeString(m[1])
		if err != nil {
			t.Fatalf("a clipboard write that is not base64: %q", m[0])
		}
		texts = append(texts, string(text))
	}
	return texts
}

// TestHostileServerInTheUI browses the hostile accounts as an admin would:
// every screen is clean and without the key, ids that are no UUIDs are
// marked and never copied, only real UUIDs and email addresses reach the
// clipboard, and what reaches it holds no control character nor line break.
func TestHostileServerInTheUI(t *testing.T) {
	srv := newDemoServer(t)
	srv.SetFault(hubtest.FaultHostile)
	key := hubtest.DemoAdminKey
	h := newHarness(t, withKey(key), withServer(srv))
	checkScreen(t, "start", h.view(), key)
	h.search("x")
	h.press(tea.KeyTab)
	checkScreen(t, "results", h.view(), key)
	rows := h.m.results.count()
	if rows < 10 {
		t.Fatalf("%d results, want the hostile accounts", rows)
	}
	marked := 0
	for i := 0; i < rows; i++ {
		account, _ := h.m.results.selected()
		checkScreen(t, "row", h.view(), key)
		if account.AccountID == "" {
			marked++
			h.requireView("not a UUID: ")
		}
		for _, copyKey := range []rune{'y', 'c', 'Y'} {
			h.pressRune(copyKey)
			checkScreen(t, "after a copy", h.view(), key)
		}
		h.send(keyDown())
	}
	if marked != 4 {
		t.Errorf("%d rows marked as having no UUID, want 4", marked)
	}
	copied := clipboardTexts(t, h.clipboard.String())
	ids, emails, documents := 0, 0, 0
	for _, text := range copied {
		if r, found := cleantest.FirstHazard(text, false); found || strings.ContainsAny(text, "\n\r") {
			t.Errorf("the clipboard got %U in %q", r, text)
		}
		switch {
		case strings.HasPrefix(text, "{"):
			documents++
			if !json.Valid([]byte(text)) || !utf8.ValidString(text) {
				t.Errorf("the account's JSON is not valid UTF-8 JSON: %q", text)
			}
		case strings.Contains(text, "@"):
			emails++
		default:
			ids++
		}
		checkScreen(t, "the clipboard", text, key)
	}
	// Six accounts have a UUID; eight have a real email address (the paste
	// attack's and the key echo's are refused).
	if ids != 6 || emails != 8 || documents != rows {
		t.Errorf("copied %d ids, %d emails, %d documents; want 6, 8 and %d:\n%q", ids, emails, documents, rows, copied)
	}
}

// TestHostileCopiesAreRefusedSayingWhy checks the messages of refused copies.
func TestHostileCopiesAreRefusedSayingWhy(t *testing.T) {
	srv := newDemoServer(t)
	srv.SetFault(hubtest.FaultHostile)
	h := newHarness(t, withKey(hubtest.DemoAdminKey), withServer(srv))
	h.search("x")
	h.press(tea.KeyTab)
	h.pressRune('y') // the first account's id sets the window title
	h.requireView("✕ not copied: the server's account id is not a UUID")
	for k := 0; k < h.m.results.count(); k++ {
		if account, _ := h.m.results.selected(); account.AccountID == hubtest.HostilePasteAccountID {
			break
		}
		h.send(keyDown())
	}
	h.pressRune('c')
	h.requireView("✕ not copied: the server's email is not a plain address")
	// The key's scope could not be known (system.test answered an id that
	// is no UUID), so admin actions stay off.
	h.requireView("key: the server's answer is not understood: the answer's account_id is not a UUID")
}

// TestHostileExports exports the hostile accounts: private files, CSV of
// cleaned cells with formulas neutralised and CRLF record ends, JSON that
// strict readers take, no temporary file left.
func TestHostileExports(t *testing.T) {
	srv := newDemoServer(t)
	srv.SetFault(hubtest.FaultHostile)
	dir := t.TempDir()
	key := hubtest.DemoAdminKey
	h := newHarness(t, withKey(key), withServer(srv), withConfig(func(c *Config) { c.ExportDir = dir }))
	h.search("x")
	h.press(tea.KeyTab)
	h.pressRune('E')
	h.pressRune('e')
	h.requireView("exported ")
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Fatalf("%d files in the export folder, want the 2 exports: %v", len(entries), entries)
	}
	for _, entry := range entries {
		path := filepath.Join(dir, entry.Name())
		info, _ := os.Stat(path)
		if info.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v, want 0600", entry.Name(), info.Mode().Perm())
		}
		data := string(readFile(t, path))
		checkScreen(t, entry.Name(), strings.ReplaceAll(data, "\r\n", "\n"), key)
		if strings.HasSuffix(path, ".csv") {
			if strings.Count(data, "\n") != strings.Count(data, "\r\n") {
				t.Errorf("CSV records do not all end with CRLF")
			}
			records, err := csv.NewReader(strings.NewReader(data)).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			for _, record := range records {
				for _, cell := range record {
					if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
						t.Errorf("a cell is a formula: %q", cell)
					}
				}
			}
			continue
		}
		var accounts []any
		if err := json.Unmarshal([]byte(data), &accounts); err != nil || !utf8.ValidString(data) {
			t.Errorf("the JSON export is not valid UTF-8 JSON: %v", err)
		}
	}
}

// TestExportFailureLeavesNothing: an export that cannot be written says so
// and leaves no file, whole or part, behind.
func TestExportFailureLeavesNothing(t *testing.T) {
	notADir := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(notADir, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, withConfig(func(c *Config) { c.ExportDir = notADir }))
	h.search("alice")
	h.press(tea.KeyTab)
	h.pressRune('e')
	h.requireView("✕ export failed")

	// The rename fails (a folder is in the way): the temporary file goes.
	parent := t.TempDir()
	inTheWay := filepath.Join(parent, "export.json")
	if err := os.MkdirAll(filepath.Join(inTheWay, "x"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := writeByRename(inTheWay, []byte("[]")); err == nil {
		t.Fatal("the rename over a folder succeeded")
	}
	if entries, _ := os.ReadDir(parent); len(entries) != 1 {
		t.Errorf("files left: %v", entries)
	}
}

// TestHugeErrorIsBounded: an error of 30 MB shows as a short line, and a
// frame costs no more than with a short error.
func TestHugeErrorIsBounded(t *testing.T) {
	srv := newDemoServer(t)
	h := newHarness(t, withServer(srv))
	srv.SetFault(hubtest.FaultHostileError, "system.userSearch")
	h.search("alice")
	view := h.view()
	checkScreen(t, "the error", view, hubtest.DemoUserKey)
	if len(view) > 16<<10 {
		t.Errorf("a frame of %d bytes", len(view))
	}
	h.requireView("✕ search failed: 3f2a1c9e␛]0;pwned␇")
}

// TestKeyAsQueryIsNeverSent pastes the key, and another key, into the
// search box: nothing is sent, and the screen says why.
func TestKeyAsQueryIsNeverSent(t *testing.T) {
	srv := newDemoServer(t)
	h := newHarness(t, withServer(srv))
	for _, pasted := range []string{hubtest.DemoUserKey, "sk-SomeoneElsesKey00000001", "alice, " + hubtest.DemoUserKey} {
		srv.ResetRequests()
		h.press(tea.KeyEsc)
		h.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(pasted), Paste: true})
		h.advance(DefaultDebounce)
		h.requireView("the query looks like an API key; it was not sent")
		for _, req := range srv.Requests() {
			if req.Function == "system.userSearch" {
				t.Errorf("%q: a search was sent: %s", pasted, req.Body)
			}
		}
	}
}
