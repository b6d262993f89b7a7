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
	"testing"
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
		"b/two.pem",
		// b/toa is a, already walked: nothing.
	}
	if !slices.Equal(lines, want) {
		t.Errorf("walk:\n got %q\nwant %q", lines, want)
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
		if got := IsCertificateFile(name); got != want {
			t.Errorf("IsCertificateFile(%q) = %v, want %v", name, got, want)
		}
	}
}
