//go:build linux

package winetest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Wine is a Wine installation with a prepared prefix.
type Wine struct {
	// Prefix is the WINEPREFIX.
	Prefix string
	wine   string
	server string
	root   string // the module's root directory
	gobin  string

	buildMu sync.Mutex
	built   map[string]string
}

var (
	newOnce sync.Once
	newWine *Wine
	newSkip string
	newErr  error
)

// runTimeout bounds every program run and build.
const runTimeout = 5 * time.Minute

// New returns the Wine installation, its prefix prepared by the
// repository's Wine setup script (which never installs packages when run
// from here). It skips t when Wine is not installed, and fails t when Wine is
// there but the prefix cannot be prepared.
func New(t testing.TB) *Wine {
	t.Helper()
	newOnce.Do(func() { newWine, newSkip, newErr = setup() })
	switch {
	case newSkip != "":
		t.Skip(newSkip)
	case newErr != nil:
		t.Fatal(newErr)
	}
	return newWine
}

func findExec(cands ...string) string {
	for _, c := range cands {
		if !strings.Contains(c, "/") {
			if p, err := exec.LookPath(c); err == nil {
				return p
			}
			continue
		}
		if fi, err := os.Stat(c); err == nil && fi.Mode().IsRegular() && fi.Mode()&0o111 != 0 {
			return c
		}
	}
	return ""
}

func setup() (*Wine, string, error) {
	w := &Wine{
		Prefix: DefaultPrefix(),
		wine:   findExec("wine64", "/usr/lib/wine/wine64", "/usr/lib64/wine/wine64", "/opt/wine-stable/bin/wine64"),
		server: findExec("wineserver", "/usr/lib/wine/wineserver64", "/usr/lib/wine/wineserver", "/usr/lib64/wine/wineserver", "/opt/wine-stable/bin/wineserver"),
		gobin:  filepath.Join(runtime.GOROOT(), "bin", "go"),
		built:  map[string]string{},
	}
	if w.wine == "" || w.server == "" {
		return nil, "Wine (wine64) is not installed: the tests that run Windows programs need it (CI installs it with .ci/wine-setup.sh)", nil
	}
	out, err := exec.Command(w.gobin, "env", "GOMOD").Output()
	if err != nil || len(bytes.TrimSpace(out)) == 0 {
		return nil, "", fmt.Errorf("winetest: finding the module root (go env GOMOD): %v", err)
	}
	w.root = filepath.Dir(string(bytes.TrimSpace(out)))
	script := filepath.Join(w.root, ".ci", "wine-setup.sh")
	cmd := exec.Command("bash", script)
	cmd.Env = append(os.Environ(), "CERTLINT_WINEPREFIX="+w.Prefix, "CERTLINT_WINE_NO_INSTALL=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		return nil, "", fmt.Errorf("winetest: %s failed: %v\n%s", script, err, out)
	}
	return w, "", nil
}

func (w *Wine) env() []string {
	return append(os.Environ(), "WINEPREFIX="+w.Prefix, "WINEDEBUG=-all", "WINEDLLOVERRIDES=mscoree,mshtml=")
}

// Build builds a main package of this module (an import path) for
// windows/amd64 and returns the path of the .exe. Builds are kept beside the
// prefix, keyed by a hash of every source file they are made from; the test
// reads those files itself, so Go's test cache knows a test that ran the
// program depends on them.
func (w *Wine) Build(t testing.TB, pkg string) string {
	t.Helper()
	w.buildMu.Lock()
	defer w.buildMu.Unlock()
	if exe, ok := w.built[pkg]; ok {
		return exe
	}
	exe, err := w.build(pkg)
	if err != nil {
		t.Fatalf("winetest: building %s for Windows: %v", pkg, err)
	}
	w.built[pkg] = exe
	return exe
}

func (w *Wine) build(pkg string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), runTimeout)
	defer cancel()
	goenv := append(os.Environ(), "GOOS=windows", "GOARCH=amd64", "CGO_ENABLED=0")
	list := exec.CommandContext(ctx, w.gobin, "list", "-deps", "-f",
		`{{if not .Standard}}{{.Dir}}{{range .GoFiles}}|{{.}}{{end}}{{range .EmbedFiles}}|{{.}}{{end}}{{end}}`, pkg)
	list.Dir, list.Env = w.root, goenv
	out, err := list.Output()
	if err != nil {
		return "", fmt.Errorf("go list: %v", err)
	}
	h := sha256.New()
	fmt.Fprintln(h, runtime.Version(), pkg)
	files := []string{filepath.Join(w.root, "go.mod"), filepath.Join(w.root, "go.sum")}
	for _, line := range strings.Split(string(out), "\n") {
		parts := strings.Split(line, "|")
		for _, f := range parts[1:] {
			files = append(files, filepath.Join(parts[0], f))
		}
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(h, "%s %d\n", f, len(data))
		h.Write(data)
	}
	key := hex.EncodeToString(h.Sum(nil))[:24]
	dir := filepath.Join(filepath.Dir(w.Prefix), "winbin", filepath.Base(pkg))
	exe := filepath.Join(dir, key+".exe")
	if _, err := os.Stat(exe); err == nil {
		return exe, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	tmp := exe + fmt.Sprintf(".%d.tmp", os.Getpid())
	build := exec.CommandContext(ctx, w.gobin, "build", "-trimpath", "-o", tmp, pkg)
	build.Dir, build.Env = w.root, goenv
	if out, err := build.CombinedOutput(); err != nil {
		os.Remove(tmp)
		return "", fmt.Errorf("%v\n%s", err, out)
	}
	// Older builds of the same program are of no further use.
	old, _ := filepath.Glob(filepath.Join(dir, "*.exe"))
	for _, o := range old {
		os.Remove(o)
	}
	return exe, os.Rename(tmp, exe)
}

// Session is a wineserver session with the prefix to itself.
type Session struct {
	w        *Wine
	lock     *os.File
	certsDir string // mounted over /etc/ssl/certs; "" keeps the host's
	closed   bool
}

// Start starts a session whose computer trusts the host's roots.
func (w *Wine) Start(t testing.TB) *Session {
	t.Helper()
	return w.start(t, "")
}

// StartWithRoots starts a session whose computer trusts exactly the given
// DER root certificates (LocalMachine\Root), none when roots is empty. It
// needs root, for the private mount namespace.
func (w *Wine) StartWithRoots(t testing.TB, roots ...[]byte) *Session {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Fatal("winetest: staging trusted roots mounts a CA bundle in a private mount namespace (unshare -m), which needs root; run the tests as root, as CI does")
	}
	if fi, err := os.Stat("/etc/ssl/certs"); err != nil || !fi.IsDir() {
		t.Fatalf("winetest: /etc/ssl/certs, where Wine reads the host's CA bundle, is not a directory: %v", err)
	}
	dir := filepath.Join(t.TempDir(), "certs")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	var bundle bytes.Buffer
	for _, r := range roots {
		pem.Encode(&bundle, &pem.Block{Type: "CERTIFICATE", Bytes: r})
	}
	if err := os.WriteFile(filepath.Join(dir, "ca-certificates.crt"), bundle.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return w.start(t, dir)
}

func (w *Wine) start(t testing.TB, certsDir string) *Session {
	t.Helper()
	lock, err := os.OpenFile(w.Prefix+".lock", os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX); err != nil {
		lock.Close()
		t.Fatal(err)
	}
	s := &Session{w: w, lock: lock, certsDir: certsDir}
	t.Cleanup(s.Close)
	// A new wineserver: the root store is built afresh from the bundle
	// this session mounts.
	w.killServer()
	start := exec.Command(w.server, "-p")
	start.Env = w.env()
	if err := start.Run(); err != nil {
		t.Fatalf("winetest: starting wineserver: %v", err)
	}
	return s
}

func (w *Wine) killServer() {
	k := exec.Command(w.server, "-k")
	k.Env = w.env()
	k.Run() // fails when no server runs
	wait := exec.Command(w.server, "-w")
	wait.Env = w.env()
	wait.Run()
}

// Close ends the session: its wineserver stops (saving the registry) and
// the prefix is free for the next session. Cleanup calls it too.
func (s *Session) Close() {
	if s.closed {
		return
	}
	s.closed = true
	s.w.killServer()
	syscall.Flock(int(s.lock.Fd()), syscall.LOCK_UN)
	s.lock.Close()
}

// Run runs a Windows program under Wine and returns its output and exit
// status; it fails t when the program cannot be started or runs too long.
func (s *Session) Run(t testing.TB, exe string, args ...string) Result {
	t.Helper()
	return s.RunEnv(t, nil, exe, args...)
}

// RunEnv is Run with extra environment variables ("NAME=value") for the
// program, such as a password it reads from its environment.
func (s *Session) RunEnv(t testing.TB, env []string, exe string, args ...string) Result {
	t.Helper()
	if s.closed {
		t.Fatal("winetest: Run on a closed session")
	}
	ctx, cancel := context.WithTimeout(context.Background(), runTimeout)
	defer cancel()
	argv := append([]string{s.w.wine, exe}, args...)
	if s.certsDir != "" {
		argv = append([]string{"unshare", "-m", "sh", "-c", `mount --bind "$0" /etc/ssl/certs && exec "$@"`, s.certsDir}, argv...)
	}
	// Output goes to files, not pipes: the Wine services the first program
	// of a session starts inherit its standard handles and outlive it.
	dir := t.TempDir()
	stdout, err := os.Create(filepath.Join(dir, "stdout"))
	if err != nil {
		t.Fatal(err)
	}
	defer stdout.Close()
	stderr, err := os.Create(filepath.Join(dir, "stderr"))
	if err != nil {
		t.Fatal(err)
	}
	defer stderr.Close()
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Env = append(s.w.env(), env...)
	cmd.Stdout, cmd.Stderr = stdout, stderr
	err = cmd.Run()
	out, _ := os.ReadFile(stdout.Name())
	errb, _ := os.ReadFile(stderr.Name())
	if ctx.Err() != nil {
		t.Fatalf("winetest: %s did not finish within %v\nstderr: %s", filepath.Base(exe), runTimeout, errb)
	}
	res := Result{Stdout: string(out), Stderr: string(errb)}
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		res.Code = ee.ExitCode()
	case err != nil:
		t.Fatalf("winetest: running %s: %v", filepath.Base(exe), err)
	}
	return res
}
