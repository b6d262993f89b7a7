package fix_test

import (
	"context"
	"crypto/rsa"
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/fix"
)

// bcryptPrimitivesStub is the bcryptprimitives.dll Wine 8 lacks: every Go
// program for Windows calls its ProcessPrng at start-up. It forwards to
// advapi32's SystemFunction036 (RtlGenRandom).
const bcryptPrimitivesStub = `#include <windows.h>
BOOLEAN WINAPI SystemFunction036(PVOID, ULONG);
__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
    while (len > 0) {
        ULONG n = len > 0x40000000 ? 0x40000000 : (ULONG)len;
        if (!SystemFunction036(data, n)) return FALSE;
        data += n; len -= n;
    }
    return TRUE;
}
`

// wineEnv is a Wine prefix able to run Go programs for windows/amd64.
type wineEnv struct {
	wine64 string
	env    []string
}

// newWineEnv makes a fresh Wine prefix (skipping the test when Wine 64 or
// the MinGW compiler, which .ci installs, is missing) and stops its
// wineserver at the end of the test.
func newWineEnv(t *testing.T) *wineEnv {
	t.Helper()
	wine64, err := exec.LookPath("wine64")
	if err != nil {
		// Debian installs the 64-bit loader outside PATH.
		if _, serr := os.Stat("/usr/lib/wine/wine64"); serr != nil {
			t.Skip("wine64 is not installed (Debian: apt-get install wine64; .ci installs it)")
		}
		wine64 = "/usr/lib/wine/wine64"
	}
	gcc, err := exec.LookPath("x86_64-w64-mingw32-gcc")
	if err != nil {
		t.Skip("x86_64-w64-mingw32-gcc is not installed (Debian: gcc-mingw-w64-x86-64; .ci installs it): Go programs need a bcryptprimitives.dll under Wine 8")
	}
	dir := t.TempDir()
	w := &wineEnv{wine64: wine64, env: append(os.Environ(),
		"WINEPREFIX="+filepath.Join(dir, "prefix"), "WINEDEBUG=-all", "WINEDLLOVERRIDES=mscoree,mshtml=", "DISPLAY=")}
	// A persistent wineserver, started before anything runs in the prefix:
	// each program then starts in about a second instead of starting a
	// server of its own.
	server := filepath.Join(filepath.Dir(wine64), "wineserver")
	if err := os.Mkdir(filepath.Join(dir, "prefix"), 0o700); err != nil {
		t.Fatal(err)
	}
	start := exec.Command(server, "-p")
	start.Env = w.env
	if err := start.Run(); err != nil { // returns once the server has forked
		t.Fatalf("wineserver -p: %v", err)
	}
	t.Cleanup(func() {
		stop := exec.Command(server, "-k")
		stop.Env = w.env
		_ = stop.Run()
	})
	if out, err := w.run(t, 5*time.Minute, nil, "wineboot", "-i"); err != nil {
		t.Fatalf("wineboot: %v\n%s", err, out)
	}
	src := filepath.Join(dir, "bcryptprimitives.c")
	if err := os.WriteFile(src, []byte(bcryptPrimitivesStub), 0o644); err != nil {
		t.Fatal(err)
	}
	dll := filepath.Join(dir, "prefix", "drive_c", "windows", "system32", "bcryptprimitives.dll")
	if out, err := exec.Command(gcc, "-shared", "-O2", "-o", dll, src, "-ladvapi32").CombinedOutput(); err != nil {
		t.Fatalf("building bcryptprimitives.dll: %v\n%s", err, out)
	}
	return w
}

// run runs a program under Wine and returns what it wrote to standard
// output. Output goes through a file, not a pipe: the Wine services a
// program starts (winedevice.exe) inherit its output and outlive it, and a
// pipe would be waited on until they exit.
func (w *wineEnv) run(t *testing.T, timeout time.Duration, env []string, args ...string) ([]byte, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	tmp := t.TempDir()
	f, err := os.Create(filepath.Join(tmp, "stdout"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ef, err := os.Create(filepath.Join(tmp, "stderr")) // Wine's and GnuTLS's messages
	if err != nil {
		t.Fatal(err)
	}
	defer ef.Close()
	cmd := exec.CommandContext(ctx, w.wine64, args...)
	cmd.Env = append(append([]string(nil), w.env...), env...)
	cmd.Stdout, cmd.Stderr = f, ef
	err = cmd.Run()
	out, rerr := os.ReadFile(f.Name())
	if rerr != nil {
		t.Fatal(rerr)
	}
	return out, err
}

// buildWindows builds the Go package at pkg for windows/amd64.
func buildWindows(t *testing.T, pkg string) string {
	t.Helper()
	exe := filepath.Join(t.TempDir(), filepath.Base(pkg)+".exe")
	cmd := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "build", "-o", exe, pkg)
	cmd.Env = append(os.Environ(), "GOOS=windows", "GOARCH=amd64", "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building %s for Windows: %v\n%s", pkg, err, out)
	}
	return exe
}

type importReport struct {
	Certs              int    `json:"certs"`
	LeafFound          bool   `json:"leaf_found"`
	Provider           string `json:"provider"`
	ProvType           uint32 `json:"prov_type"`
	KeySpec            uint32 `json:"key_spec"`
	ProvInfoFlags      uint32 `json:"prov_info_flags"`
	InLocalMachine     bool   `json:"in_local_machine_my"`
	ExchangeKeyModulus string `json:"exchange_key_modulus"`
	Error              string `json:"error"`
}

// TestWindowsImportsFixedPFX runs Windows programs under Wine. First the
// real certlint.exe fixes a PFX (the Windows code path: the output created
// with an owner-only security descriptor, linked into place, then replaced
// with --force). Then, for that output and for outputs of the library (AES
// and --legacy 3DES), a small program imports the PFX as MOMCertImport does
// (PFXImportCertStore with CRYPT_MACHINE_KEYSET) into LocalMachine\My and
// checks that the certificate is there and that the machine key set holds
// its own key as an AT_KEYEXCHANGE key. Wine's import does not act on the
// CSP name and key usage attributes (it always uses its Microsoft Enhanced
// Cryptographic Provider v1.0), so those are logged, not checked; openssl
// and certlint check that they are written (TestFixable).
func TestWindowsImportsFixedPFX(t *testing.T) {
	w := newWineEnv(t)
	helper := buildWindows(t, "./testdata/pfximport")
	certlintExe := buildWindows(t, "../cmd/certlint")
	for _, tc := range []struct {
		fixture string
		legacy  bool
		exe     bool // fixed by certlint.exe under Wine, not by the library
	}{
		{"fail_ksp.pfx", false, true},
		{"fail_keysig.pfx", true, false},
		{"fail_missing_intermediate.pfx", false, false},
	} {
		t.Run(tc.fixture, func(t *testing.T) {
			in, dir := input(t, tc.fixture)
			data, _ := os.ReadFile(in)
			fi, _ := os.Stat(in)
			out := filepath.Join(dir, "fixed.pfx")
			opts := options(t)
			opts.Legacy = tc.legacy
			opts.Intermediates = intermediates(t)
			if tc.exe {
				env := []string{"CERTLINT_PASSWORD=" + fixturePassword}
				args := []string{certlintExe, "fix", in, "-o", out, "--at", at.Format(time.RFC3339)}
				for i, extra := range [][]string{nil, {"--force"}} {
					stdout, err := w.run(t, 3*time.Minute, env, append(args, extra...)...)
					if err != nil || !strings.Contains(string(stdout), "verdict: written") {
						t.Fatalf("certlint.exe fix (run %d): %v\n%s", i+1, err, stdout)
					}
				}
				stdout, err := w.run(t, 3*time.Minute, env, args...)
				if err == nil || strings.Contains(string(stdout), "verdict: written") {
					t.Errorf("certlint.exe replaced an existing output without --force:\n%s", stdout)
				}
				unchanged(t, in, data, fi.ModTime())
			} else if res, err := fix.File(in, out, opts); err != nil || !res.Fixed() {
				t.Fatalf("not fixed: %v %+v", err, res)
			}
			b, err := certlint.LoadFile(out, opts.Load)
			if err != nil {
				t.Fatal(err)
			}
			if k := b.PFX.Keys[0]; k.Provider != fix.DefaultCSP || k.KeySpec != certlint.KeySpecExchange || !k.LocalMachine {
				t.Errorf("output key attributes %+v", k)
			}
			sum := sha1.Sum(b.Leaf.Raw)
			wantMod := hex.EncodeToString(b.Key.(*rsa.PrivateKey).N.Bytes())

			run := func(password string) (importReport, error) {
				stdout, err := w.run(t, 3*time.Minute, []string{"PFX_PASSWORD=" + password}, helper, out, hex.EncodeToString(sum[:]))
				var r importReport
				if jerr := json.Unmarshal(stdout, &r); jerr != nil {
					t.Fatalf("pfximport printed %q: %v (exit %v)", stdout, jerr, err)
				}
				return r, err
			}
			r, err := run(fixturePassword)
			if err != nil || r.Error != "" {
				t.Fatalf("the import failed: %v: %s", err, r.Error)
			}
			if !r.LeafFound || r.Certs != 1+len(b.Others) || !r.InLocalMachine {
				t.Errorf("imported %d certificates (want %d), leaf found %v, in LocalMachine\\My %v", r.Certs, 1+len(b.Others), r.LeafFound, r.InLocalMachine)
			}
			if r.ExchangeKeyModulus != wantMod {
				t.Error("the machine key set's AT_KEYEXCHANGE key is not the certificate's key")
			}
			t.Logf("Wine recorded provider %q (type %d), KeySpec %d, flags %#x", r.Provider, r.ProvType, r.KeySpec, r.ProvInfoFlags)

			r, err = run("not-" + fixturePassword)
			if err == nil || !strings.Contains(r.Error, "PFXImportCertStore") {
				t.Errorf("a wrong password imported: %+v", r)
			}
		})
	}
}
