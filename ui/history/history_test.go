package history

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	"cocalc-tui/hub"
	"cocalc-tui/ui/localfile"
)

// newFile is a history file in a new state folder of a new home folder,
// rejecting what looks like an API key, as the program's is.
func newFile(t *testing.T) *File {
	t.Helper()
	home := t.TempDir()
	return New(filepath.Join(home, "state", "cocalc-tui", "history"), home, hub.NewScrubber().Contains)
}

func mustLoad(t *testing.T, f *File) []string {
	t.Helper()
	entries, err := f.Load()
	if err != nil {
		t.Fatal(err)
	}
	return entries
}

func mustAdd(t *testing.T, f *File, queries ...string) {
	t.Helper()
	for _, q := range queries {
		if err := f.Add(q); err != nil {
			t.Fatal(err)
		}
	}
}

func TestAFileThatIsNotThereIsAnEmptyHistory(t *testing.T) {
	f := newFile(t)
	if got := mustLoad(t, f); len(got) != 0 {
		t.Fatalf("got %q", got)
	}
	if _, err := os.Stat(filepath.Dir(f.Path())); !os.IsNotExist(err) {
		t.Fatalf("reading made the folder: %v", err)
	}
}

func TestTheFileIsPrivateAndHoldsOneQueryALine(t *testing.T) {
	f := newFile(t)
	mustAdd(t, f, "alice", "  bob@example.com ", "王", "alice")
	data, err := os.ReadFile(f.Path())
	if err != nil {
		t.Fatal(err)
	}
	if want := "bob@example.com\n王\nalice\n"; string(data) != want {
		t.Fatalf("the file holds %q, want %q", data, want)
	}
	for path, want := range map[string]os.FileMode{f.Path(): 0o600, filepath.Dir(f.Path()): 0o700} {
		info, err := os.Lstat(path)
		if err != nil {
			t.Fatal(err)
		}
		if got := info.Mode().Perm(); got != want {
			t.Errorf("%s has mode %04o, want %04o", path, got, want)
		}
	}
	if got := mustLoad(t, f); !slices.Equal(got, []string{"bob@example.com", "王", "alice"}) {
		t.Fatalf("loaded %q", got)
	}
	// Nothing is left behind: the new file was renamed into place.
	names, _ := os.ReadDir(filepath.Dir(f.Path()))
	if len(names) != 1 {
		t.Fatalf("the folder holds %v", names)
	}
}

func TestAQueryShapedLikeAKeyIsNeverKept(t *testing.T) {
	f := newFile(t)
	mustAdd(t, f, "alice", "sk-abcdefghijklmnop1234", "x sk_ABCDEFGHIJKLMNOPQRS y", "bob")
	data, _ := os.ReadFile(f.Path())
	if string(data) != "alice\nbob\n" {
		t.Fatalf("the file holds %q", data)
	}
	// Nor read from a file that holds one (written by hand, or by another
	// program): it is dropped, and gone from the file at the next write.
	if err := os.WriteFile(f.Path(), []byte("alice\nsk-abcdefghijklmnop1234\nbob\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if got := mustLoad(t, f); !slices.Equal(got, []string{"alice", "bob"}) {
		t.Fatalf("loaded %q", got)
	}
	mustAdd(t, f, "carol")
	if data, _ := os.ReadFile(f.Path()); strings.Contains(string(data), "sk-") {
		t.Fatalf("the key-shaped line was written again: %q", data)
	}
}

func TestTheHistoryKeepsTheNewest500(t *testing.T) {
	f := newFile(t)
	var lines strings.Builder
	for i := range 600 {
		fmt.Fprintf(&lines, "query %d\n", i)
	}
	if err := os.MkdirAll(filepath.Dir(f.Path()), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(f.Path(), []byte(lines.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	got := mustLoad(t, f)
	if len(got) != MaxEntries || got[0] != "query 100" || got[MaxEntries-1] != "query 599" {
		t.Fatalf("loaded %d: %q … %q", len(got), got[0], got[len(got)-1])
	}
	mustAdd(t, f, "query 300") // used again: moves to the end, nothing else goes
	got = mustLoad(t, f)
	if len(got) != MaxEntries || got[0] != "query 100" || got[MaxEntries-1] != "query 300" {
		t.Fatalf("after a repeat: %d: %q … %q", len(got), got[0], got[len(got)-1])
	}
	mustAdd(t, f, "new")
	got = mustLoad(t, f)
	if len(got) != MaxEntries || got[0] != "query 101" || got[MaxEntries-1] != "new" {
		t.Fatalf("after a new one: %d: %q … %q", len(got), got[0], got[len(got)-1])
	}
}

// TestHostileLinesAreDropped: the file is local state, which anything may
// have written.
func TestHostileLinesAreDropped(t *testing.T) {
	f := newFile(t)
	if err := os.MkdirAll(filepath.Dir(f.Path()), 0o700); err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("a", MaxQueryBytes+1)
	content := "ok 1\r\n\x1b]52;c;aGk=\x07\nbad \xff utf8\n" + long + "\n\n   \n tabbed\t\nnul\x00\nok 2"
	if err := os.WriteFile(f.Path(), []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	if got := mustLoad(t, f); !slices.Equal(got, []string{"ok 1", "ok 2"}) {
		t.Fatalf("loaded %q", got)
	}
	mustAdd(t, f, "a\x1b[2Jb", "line\nbreak") // nothing a person types
	if got := mustLoad(t, f); !slices.Equal(got, []string{"ok 1", "ok 2"}) {
		t.Fatalf("after adding controls: %q", got)
	}
}

// TestAHugeFileIsReadFromItsEnd: a file of megabytes costs the start of the
// UI no more than a megabyte, and its newest lines are kept.
func TestAHugeFileIsReadFromItsEnd(t *testing.T) {
	f := newFile(t)
	if err := os.MkdirAll(filepath.Dir(f.Path()), 0o700); err != nil {
		t.Fatal(err)
	}
	var content strings.Builder
	for i := range 3000 { // 3 MB of lines of 1,000 bytes
		fmt.Fprintf(&content, "%04d %s\n", i, strings.Repeat("x", 995))
	}
	content.WriteString("last\n")
	if err := os.WriteFile(f.Path(), []byte(content.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	got := mustLoad(t, f)
	if len(got) != MaxEntries || got[len(got)-1] != "last" {
		t.Fatalf("loaded %d entries, the last %.20q", len(got), got[len(got)-1])
	}
	for _, entry := range got[:len(got)-1] { // whole lines only: the first read was cut
		if len(entry) != 1000 {
			t.Fatalf("an entry of %d bytes: %.20q", len(entry), entry)
		}
	}
}

// TestAFileAtTheBoundKeepsItsFirstLine: only a file larger than what is
// read loses its first line read, and only when that line is cut.
func TestAFileAtTheBoundKeepsItsFirstLine(t *testing.T) {
	f := newFile(t)
	if err := os.MkdirAll(filepath.Dir(f.Path()), 0o700); err != nil {
		t.Fatal(err)
	}
	const lineBytes = 1 << 14 // 64 lines of it fill the bound exactly
	var lines strings.Builder
	for i := range maxFileBytes / lineBytes {
		fmt.Fprintf(&lines, "%02d %s\n", i, strings.Repeat("x", lineBytes-4))
	}
	for _, tt := range []struct {
		before string
		first  string // the first query loaded
	}{
		{"", "00 "},     // exactly the bound: all of it
		{"\n", "00 "},   // one byte more, which ends a line: all queries
		{"y", "01 "},    // one byte more, part of the first line: it goes
		{"ab\n", "00 "}, // a line before the bound: it goes, the rest stays
	} {
		if err := os.WriteFile(f.Path(), []byte(tt.before+lines.String()), 0o600); err != nil {
			t.Fatal(err)
		}
		got := append(mustLoad(t, f), "")
		if !strings.HasPrefix(got[0], tt.first) || len(got[0]) != lineBytes-1 {
			t.Errorf("%q before: %d entries, the first %.10q", tt.before, len(got)-1, got[0])
		}
	}
}

func TestASymbolicLinkIsNeverFollowed(t *testing.T) {
	f := newFile(t)
	dir := filepath.Dir(f.Path())
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	target := filepath.Join(t.TempDir(), "elsewhere")
	if err := os.WriteFile(target, []byte("secret\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, f.Path()); err != nil {
		t.Fatal(err)
	}
	want := f.Path() + " is a symbolic link, which is not followed here (remove it, or use --no-history)"
	if _, err := f.Load(); err == nil || err.Error() != want {
		t.Fatalf("loading through a link: %v", err)
	}
	if err := f.Add("alice"); err == nil {
		t.Fatal("added through a link")
	}
	if data, _ := os.ReadFile(target); string(data) != "secret\n" {
		t.Fatalf("the link's target changed: %q", data)
	}
}

func TestAFolderThatIsALinkOrOpenToOthersIsRefused(t *testing.T) {
	f := newFile(t)
	dir := filepath.Dir(f.Path())
	elsewhere := t.TempDir()
	if err := os.MkdirAll(filepath.Dir(dir), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(elsewhere, dir); err != nil {
		t.Fatal(err)
	}
	if err := f.Add("alice"); err == nil || !strings.Contains(err.Error(), dir+" is a symbolic link") {
		t.Fatalf("a linked folder: %v", err)
	}
	if _, err := f.Load(); err == nil || !strings.Contains(err.Error(), dir+" is a symbolic link") {
		t.Fatalf("reading a linked folder: %v", err)
	}
	if names, _ := os.ReadDir(elsewhere); len(names) != 0 {
		t.Fatalf("written through the linked folder: %v", names)
	}

	g := newFile(t)
	if err := os.MkdirAll(filepath.Dir(g.Path()), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(filepath.Dir(g.Path()), 0o777); err != nil {
		t.Fatal(err)
	}
	dir = filepath.Dir(g.Path())
	want := "the folder " + dir + " (permissions 0777) lets other users replace what is in it; run: chmod go-w " + dir
	if _, err := g.Load(); err == nil || err.Error() != want {
		t.Fatalf("a folder others can write: %v", err)
	}
	if _, ok := localfile.IsUnsafe(func() error { _, err := g.Load(); return err }()); !ok {
		t.Fatal("the refusal does not wrap localfile's")
	}

	// Every folder from the home folder down is checked, not only the
	// history's own; and a missing history behind such a folder is not
	// made there.
	h := newFile(t)
	state := filepath.Dir(filepath.Dir(h.Path()))
	if err := os.MkdirAll(state, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(state, 0o777); err != nil {
		t.Fatal(err)
	}
	for what, err := range map[string]error{"add": h.Add("alice"), "load": func() error { _, err := h.Load(); return err }()} {
		if err == nil || !strings.Contains(err.Error(), "run: chmod go-w "+state) {
			t.Errorf("%s behind a folder others can write: %v", what, err)
		}
	}
	if _, err := os.Stat(filepath.Dir(h.Path())); !os.IsNotExist(err) {
		t.Errorf("a folder was made behind one others can write: %v", err)
	}
}

// TestAFileOthersCanReadIsMadePrivateOnSave: a history of the user's own
// that others can read (made by hand, or by an older version) is read; the
// next save replaces it with a private file. One others can change is
// refused: they could have put any line in it.
func TestAFileOthersCanReadIsMadePrivateOnSave(t *testing.T) {
	f := newFile(t)
	if err := os.MkdirAll(filepath.Dir(f.Path()), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(f.Path(), []byte("alice\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(f.Path(), 0o644); err != nil { // whatever the umask
		t.Fatal(err)
	}
	if got := mustLoad(t, f); !slices.Equal(got, []string{"alice"}) {
		t.Fatalf("loaded %q", got)
	}
	mustAdd(t, f, "bob")
	if info, _ := os.Stat(f.Path()); info.Mode().Perm() != 0o600 {
		t.Fatalf("mode %04o after saving", info.Mode().Perm())
	}
	if got := mustLoad(t, f); !slices.Equal(got, []string{"alice", "bob"}) {
		t.Fatalf("loaded %q after saving", got)
	}

	if err := os.Chmod(f.Path(), 0o666); err != nil {
		t.Fatal(err)
	}
	want := "refusing " + f.Path() + ": its permissions 0666 let other users change it; run: chmod go-w " + f.Path()
	if _, err := f.Load(); err == nil || err.Error() != want {
		t.Fatalf("a file others can change: %v", err)
	}
	if err := f.Add("carol"); err == nil || err.Error() != want {
		t.Fatalf("added to a file others can change: %v", err)
	}
}

func TestAFIFOIsNotWaitedOn(t *testing.T) {
	f := newFile(t)
	if err := os.MkdirAll(filepath.Dir(f.Path()), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(f.Path(), 0o600); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	if _, err := f.Load(); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Fatalf("a FIFO: %v", err)
	}
}

// TestAnotherUsersFileIsRefused needs to be root, to give the file away.
func TestAnotherUsersFileIsRefused(t *testing.T) {
	if os.Getuid() != 0 {
		t.Skip("giving a file to another user needs root")
	}
	f := newFile(t)
	mustAdd(t, f, "alice")
	if err := os.Chown(f.Path(), 12345, 12345); err != nil {
		t.Fatal(err)
	}
	want := "refusing " + f.Path() + ": it belongs to another user (user id 12345) (remove it, or use --no-history)"
	if _, err := f.Load(); err == nil || err.Error() != want {
		t.Fatalf("another user's file: %v", err)
	}
	if err := os.Chown(filepath.Dir(f.Path()), 12345, 12345); err != nil {
		t.Fatal(err)
	}
	if err := f.Add("bob"); err == nil || !strings.Contains(err.Error(), "belongs to another user") {
		t.Fatalf("another user's folder: %v", err)
	}
}

// TestTwoProgramsAddingKeepBoth: each Add reads the file again, so what
// another instance added is kept; Adds of one instance at once are
// serialised.
func TestTwoProgramsAddingKeepBoth(t *testing.T) {
	home := t.TempDir()
	path := filepath.Join(home, "cocalc-tui", "history")
	one, two := New(path, home, nil), New(path, home, nil)
	mustAdd(t, one, "alice")
	mustAdd(t, two, "bob")
	mustAdd(t, one, "carol")
	if got := mustLoad(t, two); !slices.Equal(got, []string{"alice", "bob", "carol"}) {
		t.Fatalf("loaded %q", got)
	}
	done := make(chan error)
	for i := range 20 {
		go func() { done <- one.Add(fmt.Sprint("q", i)) }()
	}
	for range 20 {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
	if got := mustLoad(t, one); len(got) != 23 {
		t.Fatalf("%d entries after 20 adds at once: %q", len(got), got)
	}
}

func TestAppend(t *testing.T) {
	entries := []string{"a", "b", "c"}
	if got := Append(entries, "b"); !slices.Equal(got, []string{"a", "c", "b"}) {
		t.Fatalf("got %q", got)
	}
	if !slices.Equal(entries, []string{"a", "b", "c"}) {
		t.Fatalf("Append changed its argument: %q", entries)
	}
}
