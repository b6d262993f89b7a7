//go:build !windows

package main

import (
	"strings"
	"testing"
)

// TestMachineNotWindows: elsewhere than Windows, certlint machine refuses
// with one line and exit status 2, from the real binary.
func TestMachineNotWindows(t *testing.T) {
	r := exe(t, nil, nil, "machine")
	wantCode(t, r, 2)
	if strings.Count(r.stderr, "\n") != 1 || !strings.Contains(r.stderr, "runs only on Windows") || r.stdout != "" {
		t.Errorf("stdout %q stderr %q, want one line saying it runs only on Windows", r.stdout, r.stderr)
	}
}
