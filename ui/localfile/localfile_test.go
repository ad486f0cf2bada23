//go:build unix

package localfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// nobody is a user id that is neither this user nor root, for files that
// belong to another user (only root can give them away).
const nobody = 65534

func mkdir(t *testing.T, path string, perm os.FileMode) string {
	t.Helper()
	if err := os.MkdirAll(path, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, perm); err != nil {
		t.Fatal(err)
	}
	return path
}

func writeFile(t *testing.T, path, content string, perm os.FileMode) string {
	t.Helper()
	_ = os.Remove(path)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, perm); err != nil {
		t.Fatal(err)
	}
	return path
}

func readAll(t *testing.T, path string, opts Options) (string, error) {
	t.Helper()
	file, err := Open(path, opts)
	if err != nil {
		return "", err
	}
	defer file.Close()
	data, err := io.ReadAll(file)
	if err != nil {
		t.Fatal(err)
	}
	return string(data), nil
}

// wantUnsafe checks that err refuses path for problem.
func wantUnsafe(t *testing.T, what string, err error, problem Problem, path string) {
	t.Helper()
	unsafe, ok := IsUnsafe(err)
	if !ok || unsafe.Problem != problem || unsafe.Path != path {
		t.Errorf("%s: error %v (%#v), want problem %d for %s", what, err, unsafe, problem, path)
	}
}

func TestOpenChecksTheFileAndEveryFolderToHome(t *testing.T) {
	home := t.TempDir()
	dir := mkdir(t, filepath.Join(home, ".config", "app"), 0o700)
	path := writeFile(t, filepath.Join(dir, "config.toml"), "ok", 0o644)
	if got, err := readAll(t, path, Options{Home: home}); err != nil || got != "ok" {
		t.Fatalf("a file only its owner can change: %q, %v", got, err)
	}
	for _, folder := range []string{home, filepath.Join(home, ".config"), dir} {
		for _, perm := range []os.FileMode{0o777, 0o770, 0o702} {
			mkdir(t, folder, perm)
			_, err := readAll(t, path, Options{Home: home})
			wantUnsafe(t, folder+" "+perm.String(), err, OthersCanWrite, folder)
			if unsafe, ok := IsUnsafe(err); ok && unsafe.Fix() != "chmod go-w "+folder {
				t.Errorf("fix %q", unsafe.Fix())
			}
		}
		mkdir(t, folder, 0o700)
	}
	// The sticky bit (as on /tmp): others cannot replace what is ours.
	mkdir(t, filepath.Join(home, ".config"), os.ModeSticky|0o777)
	if _, err := readAll(t, path, Options{Home: home}); err != nil {
		t.Errorf("a sticky folder on the way: %v", err)
	}
	// The folders above the home folder are the system's.
	mkdir(t, filepath.Dir(home), 0o777)
	t.Cleanup(func() { _ = os.Chmod(filepath.Dir(home), 0o700) })
	if _, err := readAll(t, path, Options{Home: home}); err != nil {
		t.Errorf("a folder above the home folder: %v", err)
	}
	// Without the home folder, the walk starts at / and meets that folder.
	_, err := readAll(t, path, Options{})
	wantUnsafe(t, "no home", err, OthersCanWrite, filepath.Dir(home))
}

func TestOpenChecksTheFilesPermissions(t *testing.T) {
	home := t.TempDir()
	path := filepath.Join(home, "f")
	for _, tt := range []struct {
		perm    os.FileMode
		secret  bool
		problem Problem // -1: none
	}{
		{0o600, true, -1}, {0o400, true, -1}, {0o700, true, -1}, {0o611, true, -1},
		{0o644, false, -1}, {0o640, true, OthersCanRead}, {0o604, true, OthersCanRead},
		{0o620, false, OthersCanWrite}, {0o602, false, OthersCanWrite}, {0o620, true, OthersCanWrite},
	} {
		writeFile(t, path, "x", tt.perm)
		_, err := readAll(t, path, Options{Home: home, Secret: tt.secret})
		if tt.problem < 0 {
			if err != nil {
				t.Errorf("%04o secret=%v: %v", tt.perm, tt.secret, err)
			}
			continue
		}
		wantUnsafe(t, tt.perm.String(), err, tt.problem, path)
		if unsafe, ok := IsUnsafe(err); ok && !strings.HasPrefix(unsafe.Error(), fmt.Sprintf("its permissions %04o let", tt.perm)) {
			t.Errorf("message %q", unsafe.Error())
		}
	}
	writeFile(t, path, "x", 0o640)
	_, err := readAll(t, path, Options{Home: home, Secret: true})
	if unsafe, _ := IsUnsafe(err); unsafe == nil || unsafe.Error() != "its permissions 0640 let other users read it" ||
		unsafe.Fix() != "chmod 600 "+path {
		t.Errorf("a key others can read: %v", err)
	}
}

func TestOpenRefusesWhatIsNoRegularFileAtOnce(t *testing.T) {
	home := t.TempDir()
	fifo := filepath.Join(home, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	folder := mkdir(t, filepath.Join(home, "folder"), 0o700)
	socket := filepath.Join(home, "socket")
	listener, err := net.Listen("unix", socket)
	if err != nil {
		t.Fatal(err)
	}
	defer listener.Close()
	for _, path := range []string{fifo, folder, socket, "/dev/zero", "/dev/null"} {
		_, err := Open(path, Options{Home: home}) // a FIFO opened to wait for a writer would never return
		if unsafe, ok := IsUnsafe(err); !ok || unsafe.Problem != NotRegular || unsafe.Error() != "not a regular file" {
			t.Errorf("%s: %v", path, err)
		}
	}
}

func TestOpenOfAMissingFile(t *testing.T) {
	home := t.TempDir()
	for _, path := range []string{filepath.Join(home, "none"), filepath.Join(home, "no", "such", "folder", "f")} {
		if _, err := Open(path, Options{Home: home}); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s: %v", path, err)
		}
	}
	// Behind a folder others can write, a missing file is no risk; one
	// that is there is refused.
	open := mkdir(t, filepath.Join(home, "open"), 0o777)
	if _, err := Open(filepath.Join(open, "none"), Options{Home: home}); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing behind an open folder: %v", err)
	}
	path := writeFile(t, filepath.Join(open, "f"), "x", 0o600)
	_, err := Open(path, Options{Home: home})
	wantUnsafe(t, "present behind an open folder", err, OthersCanWrite, open)
}

func TestOpenRefusesAnotherUsersFileOrFolder(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("only root can give a file away")
	}
	home := t.TempDir()
	dir := mkdir(t, filepath.Join(home, "d"), 0o755)
	path := writeFile(t, filepath.Join(dir, "f"), "x", 0o644)
	if err := os.Chown(path, nobody, nobody); err != nil {
		t.Fatal(err)
	}
	_, err := Open(path, Options{Home: home})
	wantUnsafe(t, "another user's file", err, OtherOwner, path)
	if unsafe, _ := IsUnsafe(err); unsafe == nil || unsafe.Error() != "it belongs to another user (user id 65534)" {
		t.Errorf("message: %v", err)
	}
	if err := os.Chown(path, 0, 0); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(dir, nobody, nobody); err != nil {
		t.Fatal(err)
	}
	_, err = Open(path, Options{Home: home})
	wantUnsafe(t, "another user's folder", err, OtherOwner, dir)
}

func TestOpenFollowsOnlyLinksInCheckedFolders(t *testing.T) {
	home := t.TempDir()
	dots := mkdir(t, filepath.Join(home, "dotfiles", "app"), 0o700)
	writeFile(t, filepath.Join(dots, "config.toml"), "linked", 0o600)
	config := mkdir(t, filepath.Join(home, ".config"), 0o700)
	// A folder linked as stow links it, and a relative link with "..".
	if err := os.Symlink("../dotfiles/app", filepath.Join(config, "app")); err != nil {
		t.Fatal(err)
	}
	if got, err := readAll(t, filepath.Join(config, "app", "config.toml"), Options{Home: home}); err != nil || got != "linked" {
		t.Errorf("through a linked folder: %q, %v", got, err)
	}
	// A linked file, by an absolute link.
	if err := os.Symlink(filepath.Join(dots, "config.toml"), filepath.Join(config, "file.toml")); err != nil {
		t.Fatal(err)
	}
	if got, err := readAll(t, filepath.Join(config, "file.toml"), Options{Home: home}); err != nil || got != "linked" {
		t.Errorf("a linked file: %q, %v", got, err)
	}
	// What a link points to is checked as any folder on the way.
	mkdir(t, filepath.Join(home, "dotfiles"), 0o777)
	_, err := readAll(t, filepath.Join(config, "app", "config.toml"), Options{Home: home})
	wantUnsafe(t, "a link into an open folder", err, OthersCanWrite, filepath.Join(home, "dotfiles"))
	mkdir(t, filepath.Join(home, "dotfiles"), 0o700)
	// A link in a folder others can write may be theirs: not followed.
	mkdir(t, config, 0o777)
	_, err = readAll(t, filepath.Join(config, "file.toml"), Options{Home: home})
	wantUnsafe(t, "a link in an open folder", err, OthersCanWrite, config)
	mkdir(t, config, 0o700)
	// A loop ends.
	loop := filepath.Join(config, "loop")
	if err := os.Symlink("loop", loop); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(filepath.Join(loop, "f"), Options{Home: home}); err == nil ||
		!strings.Contains(err.Error(), "too many levels of symbolic links") {
		t.Errorf("a loop: %v", err)
	}
}

func TestDirCreatesFoldersAndNewPrivateFiles(t *testing.T) {
	home := t.TempDir()
	state := filepath.Join(home, ".local", "state", "app")
	d, err := OpenDir(state, home)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	for _, folder := range []string{filepath.Join(home, ".local"), filepath.Join(home, ".local", "state"), state} {
		if info, err := os.Stat(folder); err != nil || info.Mode().Perm() != 0o700 {
			t.Errorf("%s: %v, %v", folder, info.Mode(), err)
		}
	}
	// An old file, once readable by others, which another process holds
	// open: what is written next never reaches it.
	path := writeFile(t, filepath.Join(state, "debug.log"), "old", 0o644)
	held, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	file, err := d.CreateNew("debug.log")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := file.WriteString("secret"); err != nil {
		t.Fatal(err)
	}
	_ = file.Close()
	if data, _ := io.ReadAll(held); string(data) != "old" {
		t.Errorf("the process holding the old file reads %q", data)
	}
	if info, err := os.Stat(path); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("the new file: %v, %v", info.Mode(), err)
	}
	if data, _ := os.ReadFile(path); string(data) != "secret" {
		t.Errorf("the new file holds %q", data)
	}
}

func TestDirFollowsNoLink(t *testing.T) {
	home := t.TempDir()
	elsewhere := mkdir(t, filepath.Join(t.TempDir(), "elsewhere"), 0o700)
	precious := writeFile(t, filepath.Join(elsewhere, "debug.log"), "precious", 0o600)
	state := mkdir(t, filepath.Join(home, ".local", "state"), 0o700)
	link := filepath.Join(state, "app")
	if err := os.Symlink(elsewhere, link); err != nil {
		t.Fatal(err)
	}
	_, err := OpenDir(filepath.Join(link, "logs"), home)
	wantUnsafe(t, "a linked folder", err, SymbolicLink, link)
	_, err = OpenDir(link, home)
	wantUnsafe(t, "a linked folder, last", err, SymbolicLink, link)

	if err := os.Remove(link); err != nil {
		t.Fatal(err)
	}
	d, err := OpenDir(link, home)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if err := os.Symlink(precious, filepath.Join(link, "debug.log")); err != nil {
		t.Fatal(err)
	}
	_, err = d.CreateNew("debug.log")
	wantUnsafe(t, "a link at the file's name", err, SymbolicLink, filepath.Join(link, "debug.log"))
	_, err = d.ReadFile("debug.log", 100)
	wantUnsafe(t, "reading a link", err, SymbolicLink, filepath.Join(link, "debug.log"))
	if data, _ := os.ReadFile(precious); string(data) != "precious" {
		t.Errorf("the link's target was written: %q", data)
	}
}

func TestDirRefusesFoldersOthersCanChange(t *testing.T) {
	home := t.TempDir()
	state := mkdir(t, filepath.Join(home, "state"), 0o777)
	_, err := OpenDir(filepath.Join(state, "app"), home)
	wantUnsafe(t, "an open state folder", err, OthersCanWrite, state)
	if _, statErr := os.Stat(filepath.Join(state, "app")); statErr == nil {
		t.Error("a folder was made in a folder others can write")
	}
	if os.Geteuid() != 0 {
		return
	}
	mkdir(t, state, 0o755)
	if err := os.Chown(state, nobody, nobody); err != nil {
		t.Fatal(err)
	}
	_, err = OpenDir(filepath.Join(state, "app"), home)
	wantUnsafe(t, "another user's state folder", err, OtherOwner, state)
}

func TestDirWriteFileAndReadFile(t *testing.T) {
	home := t.TempDir()
	d, err := OpenDir(filepath.Join(home, "state"), home)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if _, err := d.ReadFile("history", 100); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a missing file: %v", err)
	}
	for _, content := range []string{"one\n", "one\ntwo\n"} {
		if err := d.WriteFile("history", []byte(content)); err != nil {
			t.Fatal(err)
		}
		if got, err := d.ReadFile("history", 100); err != nil || string(got) != content {
			t.Errorf("read %q, %v; want %q", got, err, content)
		}
	}
	if entries, _ := os.ReadDir(d.Path()); len(entries) != 1 {
		t.Errorf("left behind: %v", entries)
	}
	if info, err := os.Stat(filepath.Join(d.Path(), "history")); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, %v", info.Mode(), err)
	}
	if _, err := d.ReadFile("history", 3); err == nil || !strings.Contains(err.Error(), "larger than 3 bytes") {
		t.Errorf("over the limit: %v", err)
	}
	_ = os.Chmod(filepath.Join(d.Path(), "history"), 0o666)
	_, err = d.ReadFile("history", 100)
	wantUnsafe(t, "a history others can change", err, OthersCanWrite, filepath.Join(d.Path(), "history"))
	for _, bad := range []string{"", "..", "a/b"} {
		if err := d.WriteFile(bad, nil); err == nil {
			t.Errorf("name %q accepted", bad)
		}
	}
}

func TestDirReadTail(t *testing.T) {
	home := t.TempDir()
	d, err := OpenDir(filepath.Join(home, "state"), home)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if _, err := d.ReadTail("history", 4); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a missing file: %v", err)
	}
	if err := d.WriteFile("history", []byte("one\ntwo\n")); err != nil {
		t.Fatal(err)
	}
	for limit, want := range map[int64]string{4: "two\n", 5: "\ntwo\n", 8: "one\ntwo\n", 100: "one\ntwo\n", 0: ""} {
		if got, err := d.ReadTail("history", limit); err != nil || string(got) != want {
			t.Errorf("the last %d bytes: %q, %v; want %q", limit, got, err, want)
		}
	}
	// Checked as ReadFile checks: a file others can change, a link, a FIFO.
	path := filepath.Join(d.Path(), "history")
	_ = os.Chmod(path, 0o646)
	_, err = d.ReadTail("history", 4)
	wantUnsafe(t, "a file others can change", err, OthersCanWrite, path)
	_ = os.Chmod(path, 0o644)
	if got, err := d.ReadTail("history", 4); err != nil || string(got) != "two\n" {
		t.Errorf("a file others can only read: %q, %v", got, err)
	}
	if err := os.Symlink(path, filepath.Join(d.Path(), "link")); err != nil {
		t.Fatal(err)
	}
	_, err = d.ReadTail("link", 4)
	wantUnsafe(t, "a link", err, SymbolicLink, filepath.Join(d.Path(), "link"))
	if err := syscall.Mkfifo(filepath.Join(d.Path(), "fifo"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = d.ReadTail("fifo", 4) // never waits for a writer
	wantUnsafe(t, "a FIFO", err, NotRegular, filepath.Join(d.Path(), "fifo"))
}

func TestOpenExistingDirMakesNoFolder(t *testing.T) {
	home := t.TempDir()
	state := filepath.Join(home, ".local", "state", "app")
	if _, err := OpenExistingDir(state, home); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a missing folder: %v", err)
	}
	if _, err := os.Stat(filepath.Join(home, ".local")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a folder was made: %v", err)
	}
	mkdir(t, state, 0o700)
	d, err := OpenExistingDir(state, home)
	if err != nil {
		t.Fatal(err)
	}
	_ = d.Close()
	// Checked as OpenDir checks: a folder others can write, a link.
	mkdir(t, filepath.Join(home, ".local"), 0o777)
	_, err = OpenExistingDir(state, home)
	wantUnsafe(t, "an open folder on the way", err, OthersCanWrite, filepath.Join(home, ".local"))
	mkdir(t, filepath.Join(home, ".local"), 0o700)
	link := filepath.Join(home, "link")
	if err := os.Symlink(state, link); err != nil {
		t.Fatal(err)
	}
	_, err = OpenExistingDir(link, home)
	wantUnsafe(t, "a linked folder", err, SymbolicLink, link)
}
