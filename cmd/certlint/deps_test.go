package main

import (
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestBinaryDependencies: the CLI must not pay at start-up for what it does
// not use, nor carry test code. The root zlint package registers ~450 lints
// in its init; testpki makes throwaway keys for tests.
func TestBinaryDependencies(t *testing.T) {
	gobin := filepath.Join(runtime.GOROOT(), "bin", "go")
	out, err := exec.Command(gobin, "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	deps := map[string]bool{}
	for _, d := range strings.Fields(string(out)) {
		deps[d] = true
	}
	if !deps["github.com/zmap/zlint/v3/lint"] {
		t.Fatalf("go list -deps output does not look right (no zlint/v3/lint):\n%s", out)
	}
	for _, banned := range []string{
		"github.com/zmap/zlint/v3", // the root package: all of zlint's lints
		"github.com/zmap/zlint/v3/lints/rfc",
		"github.com/certlint/certlint/certlint/testpki",
		"github.com/certlint/certlint/machine/machinetest",
	} {
		if deps[banned] {
			t.Errorf("the certlint binary depends on %s", banned)
		}
	}
}
