package fix_test

import (
	"crypto/rsa"
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/fix"
	"github.com/certlint/certlint/internal/winetest"
)

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
	w := winetest.New(t)
	helper := w.Build(t, "github.com/certlint/certlint/fix/testdata/pfximport")
	certlintExe := w.Build(t, "github.com/certlint/certlint/cmd/certlint")
	s := w.Start(t)
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
				args := []string{"fix", winetest.WinPath(in), "-o", winetest.WinPath(out), "--at", at.Format(time.RFC3339)}
				for i, extra := range [][]string{nil, {"--force"}} {
					res := s.RunEnv(t, env, certlintExe, append(args, extra...)...)
					if res.Code != 0 || !strings.Contains(res.Stdout, "verdict: written") {
						t.Fatalf("certlint.exe fix (run %d): exit %d\n%s%s", i+1, res.Code, res.Stdout, res.Stderr)
					}
				}
				res := s.RunEnv(t, env, certlintExe, args...)
				if res.Code == 0 || strings.Contains(res.Stdout, "verdict: written") {
					t.Errorf("certlint.exe replaced an existing output without --force:\n%s", res.Stdout)
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
				res := s.RunEnv(t, []string{"PFX_PASSWORD=" + password}, helper, winetest.WinPath(out), hex.EncodeToString(sum[:]))
				var r importReport
				if jerr := json.Unmarshal([]byte(res.Stdout), &r); jerr != nil {
					t.Fatalf("pfximport printed %q: %v (exit %d)", res.Stdout, jerr, res.Code)
				}
				if res.Code != 0 {
					return r, fmt.Errorf("pfximport exited %d", res.Code)
				}
				return r, nil
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
