package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestLimitFlags: --max-size and --max-iterations set the loading limits of
// lint and pair; an input above a limit is refused with the flag to raise it
// named, and raising the limit lets the same input through.
func TestLimitFlags(t *testing.T) {
	pw := "--password-file=" + p("password.txt")
	pfx := p("good_agent.pfx")
	fi, err := os.Stat(pfx)
	if err != nil {
		t.Fatal(err)
	}
	size := fi.Size()

	r := runCLI(t, "", "lint", pw, "--max-iterations", "100", "--at", "2026-06-01T00:00:00Z", pfx)
	wantCode(t, r, 2)
	if !strings.Contains(r.stderr, "too many KDF iterations") || !strings.Contains(r.stderr, "--max-iterations") {
		t.Errorf("stderr does not name the iteration limit and its flag:\n%s", r.stderr)
	}
	r = runCLI(t, "", "lint", pw, "--max-size", itoa(size-1), "--at", "2026-06-01T00:00:00Z", pfx)
	wantCode(t, r, 2)
	if !strings.Contains(r.stderr, "too large") || !strings.Contains(r.stderr, "--max-size") {
		t.Errorf("stderr does not name the size limit and its flag:\n%s", r.stderr)
	}
	r = runCLI(t, "", "lint", pw, "--max-size", itoa(size), "--max-iterations", "2048", "--at", "2026-06-01T00:00:00Z", pfx)
	wantCode(t, r, 0)

	r = runCLI(t, "", "pair", pw, "--max-iterations", "100", "--roots", p(filepath.Join("ca", "root.pem")), pfx, p("good_ms.pfx"))
	wantCode(t, r, 2)
	if !strings.Contains(r.stderr, "--max-iterations") {
		t.Errorf("pair: stderr does not name --max-iterations:\n%s", r.stderr)
	}
	for _, bad := range [][]string{{"--max-size", "0"}, {"--max-iterations", "-1"}} {
		r = runCLI(t, "", append([]string{"lint"}, append(bad, pfx)...)...)
		wantCode(t, r, 2)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
