package main

import (
	"bytes"
	"encoding/pem"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/certlint/certlint/certlint"
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

// TestCountLimitHint: a count limit is not raised by --max-size, and its
// refusal says so instead of sending the user to --max-size.
func TestCountLimitHint(t *testing.T) {
	cert := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: readFixture(t, "good_agent.cer")})
	f := writeFile(t, filepath.Join(t.TempDir(), "many.pem"), bytes.Repeat(cert, 1500))
	for _, args := range [][]string{{"lint", f}, {"lint", "--max-size", "100000000", f}} {
		r := runCLI(t, "", args...)
		wantCode(t, r, 2)
		if !strings.Contains(r.stderr, "more than 1000 certificates") || !strings.Contains(r.stderr, "no flag raises it") ||
			strings.Contains(r.stderr, "raise the limit with --max-size") {
			t.Errorf("%v: stderr %q", args, r.stderr)
		}
	}
	_, err := certlint.LoadFile(f, nil)
	if !errors.Is(err, certlint.ErrTooLarge) || !errors.Is(err, certlint.ErrCountLimit) {
		t.Errorf("LoadFile: %v, want ErrTooLarge and ErrCountLimit", err)
	}
	_, err = certlint.LoadFile(f, &certlint.LoadOptions{MaxSize: 1000})
	if !errors.Is(err, certlint.ErrTooLarge) || errors.Is(err, certlint.ErrCountLimit) {
		t.Errorf("LoadFile with a 1000-byte limit: %v, want ErrTooLarge alone", err)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
