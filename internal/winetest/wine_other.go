//go:build !linux

package winetest

import "testing"

// Wine is a Wine installation with a prepared prefix (Linux only).
type Wine struct {
	// Prefix is the WINEPREFIX.
	Prefix string
}

// New skips t: the Wine tests run on Linux (on Windows itself they would
// change the real computer's stores).
func New(t testing.TB) *Wine {
	t.Helper()
	t.Skip("the tests that run Windows programs under Wine run on Linux only")
	return nil
}

// Build is not reached off Linux (New skips).
func (w *Wine) Build(t testing.TB, pkg string) string { t.Helper(); t.FailNow(); return "" }

// Session is a wineserver session (Linux only).
type Session struct{}

// Start is not reached off Linux (New skips).
func (w *Wine) Start(t testing.TB) *Session { t.Helper(); t.FailNow(); return nil }

// StartWithRoots is not reached off Linux (New skips).
func (w *Wine) StartWithRoots(t testing.TB, roots ...[]byte) *Session {
	t.Helper()
	t.FailNow()
	return nil
}

// Close does nothing off Linux.
func (s *Session) Close() {}

// Run is not reached off Linux (New skips).
func (s *Session) Run(t testing.TB, exe string, args ...string) Result {
	t.Helper()
	t.FailNow()
	return Result{}
}

// RunEnv is not reached off Linux (New skips).
func (s *Session) RunEnv(t testing.TB, env []string, exe string, args ...string) Result {
	t.Helper()
	t.FailNow()
	return Result{}
}
