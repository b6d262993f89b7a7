//go:build unix

package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestBinarySpecialFiles: a FIFO and devices named explicitly are refused
// (not read, so nothing hangs) with exit 2, and the other inputs are linted.
func TestBinarySpecialFiles(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "pipe.pfx")
	if out, err := exec.Command("mkfifo", fifo).CombinedOutput(); err != nil {
		t.Fatalf("mkfifo: %v %s", err, out)
	}
	r := exe(t, nil, nil, "lint", "--format", "json", "--password-file", pwFile(), "--at", at, fifo, "/dev/zero", p("good_agent.pfx"))
	wantCode(t, r, 2)
	reps := decodeLines(t, r.stdout)
	if len(reps) != 3 || reps[0].Error == nil || reps[1].Error == nil || reps[2].Error != nil {
		t.Fatalf("reports: %+v", reps)
	}
	lines := strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "certlint: "+fifo+": ") || !strings.HasPrefix(lines[1], "certlint: /dev/zero: ") {
		t.Errorf("stderr:\n%s", r.stderr)
	}
}

// TestHostileNames: a symbolic-link loop, a file name that is not UTF-8 and
// one with a newline and an escape sequence. Each problem is one line on
// stderr naming the file, nothing reaches the terminal raw, the good file
// is still linted, and the exit status is 2.
func TestHostileNames(t *testing.T) {
	dir := t.TempDir()
	data, err := os.ReadFile(p("good_agent.cer"))
	if err != nil {
		t.Fatal(err)
	}
	for name, content := range map[string][]byte{
		"good.cer":              data,
		"bad\xff\xfename.pem":   []byte("not a certificate"),
		"evil\n\x1b[2Jname.pem": []byte("not a certificate either"),
	} {
		if err := os.WriteFile(filepath.Join(dir, name), content, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(".", filepath.Join(dir, "loop")); err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"text", "json", "sarif"} {
		r := exe(t, nil, nil, "lint", "--role", "remote", "--format", format, dir)
		wantCode(t, r, 2)
		lines := strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n")
		if len(lines) != 3 {
			t.Fatalf("%s: %d stderr lines, want 3 (two bad files, one loop):\n%q", format, len(lines), r.stderr)
		}
		for _, l := range lines {
			if !utf8.ValidString(l) || strings.ContainsAny(l, "\x1b\r") || !strings.HasPrefix(l, "certlint: "+dir) {
				t.Errorf("%s: stderr line %q", format, l)
			}
		}
		if !strings.Contains(r.stderr, `bad\xff\xfename.pem: `) || !strings.Contains(r.stderr, `evil\n\x1b[2Jname.pem: `) || !strings.Contains(r.stderr, "loop: ") {
			t.Errorf("%s: stderr does not name each file:\n%s", format, r.stderr)
		}
		if strings.Contains(r.stdout, "\x1b") || !utf8.ValidString(r.stdout) {
			t.Errorf("%s: raw escape or invalid UTF-8 on stdout:\n%q", format, r.stdout)
		}
		if format != "sarif" && !strings.Contains(r.stdout, "good.cer") { // SARIF lists findings only
			t.Errorf("%s: good.cer not reported:\n%s", format, r.stdout)
		}
	}
}
