//go:build unix

// The walk tests make symbolic links and FIFOs, which need Unix.

package certlint

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"
)

type walked struct {
	path string
	err  error
}

func walkAll(args ...string) []walked {
	var out []walked
	for p, err := range WalkPaths(args) {
		out = append(out, walked{p, err})
	}
	return out
}

func mkfile(t *testing.T, path string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestWalkPathsDirectory(t *testing.T) {
	d := t.TempDir()
	for _, n := range []string{"b.pfx", "a.PEM", "c.txt", "sub/z.cer", "sub/y.der", "sub/deep/x.p7b", "k.key", "m.p12", "n.crt", "o.p7c", "README"} {
		mkfile(t, filepath.Join(d, n))
	}
	got := walkAll(d)
	var paths []string
	for _, w := range got {
		if w.err != nil {
			t.Errorf("%s: unexpected error %v", w.path, w.err)
		}
		rel, _ := filepath.Rel(d, w.path)
		paths = append(paths, filepath.ToSlash(rel))
	}
	// os.ReadDir order: byte order of names ("a.PEM" < "b.pfx" < ... < "sub").
	want := []string{"a.PEM", "b.pfx", "k.key", "m.p12", "n.crt", "o.p7c", "sub/deep/x.p7b", "sub/y.der", "sub/z.cer"}
	if !slices.Equal(paths, want) {
		t.Errorf("walk order:\n got %q\nwant %q", paths, want)
	}
}

func TestWalkPathsExplicitAndStdin(t *testing.T) {
	d := t.TempDir()
	txt := filepath.Join(d, "notes.txt")
	mkfile(t, txt)
	missing := filepath.Join(d, "missing.pfx")
	got := walkAll("-", txt, missing, "-")
	if len(got) != 4 {
		t.Fatalf("got %d entries, want 4: %v", len(got), got)
	}
	// An explicit file is an input whatever its extension; a missing one is
	// LoadFile's to report.
	for i, want := range []string{"-", txt, missing} {
		if got[i].path != want || got[i].err != nil {
			t.Errorf("entry %d = %q, %v; want %q, nil", i, got[i].path, got[i].err, want)
		}
	}
	if got[3].err == nil || !errors.Is(got[3].err, ErrNotCertificate) {
		t.Errorf("second stdin: err = %v, want ErrNotCertificate", got[3].err)
	}
}

func TestWalkPathsSymlinks(t *testing.T) {
	d := t.TempDir()
	mkfile(t, filepath.Join(d, "a/one.pem"))
	mkfile(t, filepath.Join(d, "b/two.pem"))
	// a/loop -> a (a loop), b/toa -> ../a (a second way into a), a/link.pem -> ../b/two.pem,
	// a/broken.pem -> nowhere.
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.Symlink(".", filepath.Join(d, "a/loop")))
	must(os.Symlink("../a", filepath.Join(d, "b/toa")))
	must(os.Symlink("../b/two.pem", filepath.Join(d, "a/link.pem")))
	must(os.Symlink("nowhere.pem", filepath.Join(d, "a/broken.pem")))
	// Link loops: a/self.pem -> self.pem, a/x.pem -> y.pem -> x.pem; and
	// a/noext -> noext, a loop without a certificate name: nothing there.
	must(os.Symlink("self.pem", filepath.Join(d, "a/self.pem")))
	must(os.Symlink("y.pem", filepath.Join(d, "a/x.pem")))
	must(os.Symlink("x.pem", filepath.Join(d, "a/y.pem")))
	must(os.Symlink("noext", filepath.Join(d, "a/noext")))

	got := walkAll(d)
	var lines []string
	for _, w := range got {
		rel, _ := filepath.Rel(d, w.path)
		line := filepath.ToSlash(rel)
		if w.err != nil {
			if !errors.Is(w.err, ErrNotCertificate) {
				t.Errorf("%s: error %v does not wrap ErrNotCertificate", rel, w.err)
			}
			switch {
			case strings.Contains(w.err.Error(), "symbolic link loop"):
				line += " (link loop)"
			case strings.Contains(w.err.Error(), "loop"):
				line += " (loop)"
			case strings.Contains(w.err.Error(), "broken"):
				line += " (broken)"
			default:
				line += " (" + w.err.Error() + ")"
			}
		}
		lines = append(lines, line)
	}
	want := []string{
		"a/broken.pem (broken)",
		"a/link.pem",
		"a/loop (loop)",
		"a/one.pem",
		"a/self.pem (link loop)",
		"a/x.pem (link loop)",
		"a/y.pem (link loop)",
		"b/two.pem",
		// b/toa is a, already walked: nothing.
	}
	if !slices.Equal(lines, want) {
		t.Errorf("walk:\n got %q\nwant %q", lines, want)
	}
}

// TestWalkPathsUnexaminable: an entry whose lstat(2) fails is reported,
// not skipped: here a path longer than PATH_MAX, made with mkdirat(2)
// relative to an open directory. The entries before it are walked, the walk
// goes on after it.
func TestWalkPathsUnexaminable(t *testing.T) {
	d := t.TempDir()
	mkfile(t, filepath.Join(d, "a.pem"))
	mkfile(t, filepath.Join(d, "z.pem"))
	tooLong := makeDeepPath(t, filepath.Join(d, "m"), 4200)
	mkfile(t, filepath.Join(d, "m", "ok.pem"))
	got := walkAll(d)
	var lines []string
	for _, w := range got {
		rel, _ := filepath.Rel(d, w.path)
		line := filepath.ToSlash(rel)
		if w.err != nil {
			if !errors.Is(w.err, ErrUnreadable) || !errors.Is(w.err, syscall.ENAMETOOLONG) || !strings.Contains(w.err.Error(), "cannot be examined") {
				t.Errorf("%s: error %v, want ErrUnreadable and ENAMETOOLONG", rel, w.err)
			}
			line += " (error)"
		}
		lines = append(lines, line)
	}
	rel, _ := filepath.Rel(d, tooLong)
	want := []string{"a.pem", filepath.ToSlash(rel) + " (error)", "m/ok.pem", "z.pem"}
	if !slices.Equal(lines, want) {
		t.Errorf("walk:\n got %q\nwant %q", lines, want)
	}
}

// makeDeepPath makes, under top, nested directories whose path grows past
// n bytes (beyond PATH_MAX: the system cannot name them by path), with
// mkdirat(2) and openat(2). It returns the first path the system cannot
// name.
func makeDeepPath(t *testing.T, top string, n int) (tooLong string) {
	t.Helper()
	if err := os.Mkdir(top, 0o755); err != nil {
		t.Fatal(err)
	}
	fd, err := unix.Open(top, unix.O_RDONLY|unix.O_DIRECTORY, 0)
	if err != nil {
		t.Fatal(err)
	}
	name := strings.Repeat("d", 200)
	path := top
	for len(path) <= n {
		if err := unix.Mkdirat(fd, name, 0o755); err != nil {
			t.Fatal(err)
		}
		next, err := unix.Openat(fd, name, unix.O_RDONLY|unix.O_DIRECTORY, 0)
		if err != nil {
			t.Fatal(err)
		}
		unix.Close(fd)
		fd = next
		if len(path)+1+len(name) >= unix.PathMax && tooLong == "" {
			tooLong = path + "/" + name
		}
		path += "/" + name
	}
	unix.Close(fd)
	// t.TempDir's cleanup cannot remove what it cannot name: remove it here,
	// from the bottom, relative to open directories.
	t.Cleanup(func() { removeDeep(top) })
	return tooLong
}

// removeDeep removes a tree that may be deeper than PATH_MAX.
func removeDeep(dir string) {
	fd, err := unix.Open(dir, unix.O_RDONLY|unix.O_DIRECTORY, 0)
	if err != nil {
		return
	}
	removeAt(fd)
	unix.Close(fd)
	os.Remove(dir)
}

func removeAt(fd int) {
	// The names are read through a duplicate of fd, closed here: an
	// *os.File made from fd itself would close fd again when it is
	// finalized, by then perhaps another test's file.
	dup, err := unix.Dup(fd)
	if err != nil {
		return
	}
	f := os.NewFile(uintptr(dup), "")
	names, _ := f.Readdirnames(-1)
	f.Close()
	for _, n := range names {
		if sub, err := unix.Openat(fd, n, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW, 0); err == nil {
			removeAt(sub)
			unix.Close(sub)
			unix.Unlinkat(fd, n, unix.AT_REMOVEDIR)
			continue
		}
		unix.Unlinkat(fd, n, 0)
	}
}

func TestWalkPathsSpecialFiles(t *testing.T) {
	d := t.TempDir()
	fifo := filepath.Join(d, "pipe.pem")
	if out, err := exec.Command("mkfifo", fifo).CombinedOutput(); err != nil {
		t.Fatalf("mkfifo: %v: %s", err, out)
	}
	mkfile(t, filepath.Join(d, "real.pem"))
	// In a directory walk the FIFO is skipped (reading it could block).
	got := walkAll(d)
	if len(got) != 1 || filepath.Base(got[0].path) != "real.pem" {
		t.Errorf("directory walk = %v, want only real.pem", got)
	}
	// Named explicitly, it is an input (LoadFile refuses it).
	got = walkAll(fifo)
	if len(got) != 1 || got[0].path != fifo || got[0].err != nil {
		t.Errorf("explicit FIFO = %v, want it yielded as an input", got)
	}
}

func TestWalkPathsStopEarly(t *testing.T) {
	d := t.TempDir()
	for _, n := range []string{"a.pem", "b.pem", "c/d.pem"} {
		mkfile(t, filepath.Join(d, n))
	}
	n := 0
	for range WalkPaths([]string{d, d}) {
		n++
		if n == 2 {
			break
		}
	}
	if n != 2 {
		t.Errorf("iterated %d times, want 2", n)
	}
}

func TestIsCertificateFile(t *testing.T) {
	for name, want := range map[string]bool{
		"a.pfx": true, "A.PFX": true, "x.p12": true, "x.pem": true, "x.crt": true, "x.cer": true,
		"x.der": true, "x.p7b": true, "x.p7c": true, "x.key": true,
		"x.txt": false, "pfx": false, "x.pfx.bak": false, "x": false,
	} {
		if got := isCertificateFile(name); got != want {
			t.Errorf("IsCertificateFile(%q) = %v, want %v", name, got, want)
		}
	}
}
