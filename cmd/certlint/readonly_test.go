package main

import (
	"crypto/sha256"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestInputsStayUntouched: certlint only reads. Every fixture (copied, with
// a known modification time, and left writable so that a stray write would
// succeed and be seen) keeps its bytes, size, mode and modification time,
// and no directory gains or loses an entry (its own modification time is
// compared too), after the binary lints them in every format, through a
// symbolic link, as --password-file, --roots and --intermediates inputs, and
// in pair. Access times are not compared: reading may update them.
func TestInputsStayUntouched(t *testing.T) {
	root := t.TempDir()
	tree := filepath.Join(root, "testdata")
	stamp := time.Date(2001, 2, 3, 4, 5, 6, 789_000_000, time.UTC)
	n := 0
	err := filepath.WalkDir(td, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(td, path)
		dst := filepath.Join(tree, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		n++
		return os.WriteFile(dst, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 35 {
		t.Fatalf("only %d fixtures copied", n)
	}
	link := filepath.Join(root, "link_to_agent.pfx")
	if err := os.Symlink(filepath.Join(tree, "good_agent.pfx"), link); err != nil && !os.IsPermission(err) {
		t.Fatal(err) // (Windows without the symlink privilege: no link, the rest still runs)
	}
	// Stamp every file and directory, deepest first so that a directory's
	// time is not changed by stamping its entries.
	var paths []string
	filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err == nil && d.Type()&fs.ModeSymlink == 0 {
			paths = append(paths, path)
		}
		return nil
	})
	slices.Reverse(paths)
	for _, path := range paths {
		if err := os.Chtimes(path, stamp, stamp); err != nil {
			t.Fatal(err)
		}
	}
	before := snapshot(t, root)

	pw := filepath.Join(tree, "password.txt")
	trust := []string{"--roots", filepath.Join(tree, "ca", "root.pem"), "--intermediates", filepath.Join(tree, "ca")}
	args := [][]string{
		concat([]string{"lint", "--format", "text", "--password-file", pw, "--at", at}, trust, []string{tree, link}),
		concat([]string{"lint", "--format", "json", "--verbose", "--password-file", pw, "--at", at}, trust, []string{tree}),
		concat([]string{"lint", "--format", "sarif", "--verbose", "--password-file", pw, "--at", at, tree}),
		{"lint", "--password-env", "PFX_PW", "--role", "remote", filepath.Join(tree, "good_agent.pfx"), filepath.Join(tree, "fail_key_unusable.pem"), filepath.Join(tree, "chain.p7b")},
		{"pair", "--roots", filepath.Join(tree, "ca", "root.pem"), "--password-file", pw, "--at", at, filepath.Join(tree, "good_agent.pfx"), filepath.Join(tree, "good_ms.pfx")},
		{"pair", "--format", "json", "--local-roots", filepath.Join(tree, "ca"), "--remote-roots", filepath.Join(tree, "ca", "other-root.pem"), "--password-file", pw, filepath.Join(tree, "fail_unknown_root.pfx"), link},
	}
	for _, a := range args {
		r := exeGuarded(t, runSpec{env: []string{"PFX_PW=" + fixturePassword}}, a...)
		if r.code == 2 || r.stdout == "" {
			t.Errorf("certlint %s: exit %d, stdout %d bytes\nstderr: %s", strings.Join(a, " "), r.code, len(r.stdout), r.stderr)
		}
	}
	after := snapshot(t, root)
	for path, b := range before {
		if a, ok := after[path]; !ok {
			t.Errorf("%s: gone", path)
		} else if a != b {
			t.Errorf("%s changed:\n before %s\n after  %s", path, b, a)
		}
	}
	for path := range after {
		if _, ok := before[path]; !ok {
			t.Errorf("%s: created by certlint", path)
		}
	}
}

// snapshot records, for everything under root, what reading must not
// change: type and mode, size, modification time, and for files the SHA-256
// of the content (a link's own Lstat is recorded, not its target's).
func snapshot(t *testing.T, root string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		fi, err := os.Lstat(path)
		if err != nil {
			return err
		}
		s := fmt.Sprintf("mode %v size %d mtime %s", fi.Mode(), fi.Size(), fi.ModTime().UTC().Format(time.RFC3339Nano))
		if fi.Mode().IsRegular() {
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			s += fmt.Sprintf(" sha256 %x", sha256.Sum256(data))
		}
		out[path] = s
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
