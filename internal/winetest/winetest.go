// Package winetest runs Windows programs built from this module under Wine
// on Linux, for tests that need the real Windows APIs: crypt32's certificate
// stores and chain engine, CryptoAPI key containers, the registry,
// GetComputerNameEx. A Go program for windows/amd64 runs under Debian's
// wine64 once the Wine prefix has a bcryptprimitives.dll exporting
// ProcessPrng, which the repository's Wine setup script (in the CI
// directory) builds and installs; New runs that script.
//
// Use:
//
//	w := winetest.New(t)                  // skips t only when Wine is not installed
//	exe := w.Build(t, "github.com/certlint/certlint/cmd/certlint")
//	s := w.StartWithRoots(t, rootDER)     // LocalMachine\Root holds exactly rootDER
//	res := s.Run(t, exe, "machine", "--format", "json")
//
// Every session has the Wine prefix to itself: sessions of all test
// processes are serialized by a lock file beside the prefix, and each starts
// its own wineserver, so a test must stage whatever state it relies on (the
// prefix keeps what earlier sessions left). Paths handed to a Windows program
// go through WinPath.
//
// Trusted roots: Wine builds the computer's Root store from the host's CA
// bundle when a wineserver session first opens it, and keeps no root a
// program adds to LocalMachine\Root. StartWithRoots therefore runs every
// program of the session in a private mount namespace (unshare -m, as root)
// where a directory holding a bundle of exactly the given roots is mounted
// over /etc/ssl/certs: the chain engine trusts those roots and nothing
// outside the test changes.
//
// The prefix is $CERTLINT_WINEPREFIX, by default certlint/wineprefix under
// the user's cache directory.
package winetest

import (
	"os"
	"path/filepath"
	"strings"
)

// Result is the outcome of one program run under Wine.
type Result struct {
	Stdout, Stderr string
	// Code is the exit status.
	Code int
}

// WinPath turns a Linux path into the path a Windows program sees under
// Wine (drive Z: is the Linux root).
func WinPath(p string) string {
	if abs, err := filepath.Abs(p); err == nil {
		p = abs
	}
	return "Z:" + strings.ReplaceAll(p, "/", `\`)
}

// DefaultPrefix is the Wine prefix New uses when $CERTLINT_WINEPREFIX is
// not set.
func DefaultPrefix() string {
	if p := os.Getenv("CERTLINT_WINEPREFIX"); p != "" {
		return p
	}
	dir, err := os.UserCacheDir()
	if err != nil {
		dir = os.TempDir()
	}
	return filepath.Join(dir, "certlint", "wineprefix")
}
