package fix_test

import (
	"bytes"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/zmap/zlint/v3/lint"
	"software.sslmate.com/src/go-pkcs12"

	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/certlint/cert"
	"github.com/certlint/certlint/certlint/chain"
	"github.com/certlint/certlint/certlint/testpki"
	"github.com/certlint/certlint/fix"
)

// The fixtures of testdata/ (made by testdata/gen, OpenSSL for the Windows
// attributes) are linted as testdata/README.md says: role local, at
// 2026-06-01, roots ca/root.pem.
const fixturePassword = "certlint-example"

var at = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)

func testdata(name string) string { return filepath.Join("..", "testdata", name) }

// input copies a fixture into a new directory (so that the test can check
// that it is left alone) and returns its path and the directory.
func input(t *testing.T, name string) (path, dir string) {
	t.Helper()
	data, err := os.ReadFile(testdata(name))
	if err != nil {
		t.Fatal(err)
	}
	dir = t.TempDir()
	path = filepath.Join(dir, filepath.Base(name))
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	old := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	if err := os.Chtimes(path, old, old); err != nil {
		t.Fatal(err)
	}
	return path, dir
}

func trust(t *testing.T) *chain.Store {
	t.Helper()
	ts, err := certlint.LoadTrustStore([]string{testdata("ca/root.pem")}, nil, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	return ts
}

func intermediates(t *testing.T) []*cert.Certificate {
	t.Helper()
	b, err := certlint.LoadFile(testdata("ca/intermediate.pem"), nil)
	if err != nil {
		t.Fatal(err)
	}
	return b.Certificates()
}

func options(t *testing.T) *fix.Options {
	return &fix.Options{
		Load:   &certlint.LoadOptions{Password: func() (string, error) { return fixturePassword, nil }},
		Config: certlint.Config{At: at, Trust: trust(t)},
	}
}

// unchanged checks that the file at path still has the given bytes and
// modification time.
func unchanged(t *testing.T, path string, data []byte, mtime time.Time) {
	t.Helper()
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, data) || !fi.ModTime().Equal(mtime) {
		t.Errorf("%s was changed", path)
	}
}

func finding(r *certlint.Report, name string) (certlint.Result, bool) {
	for _, res := range r.Results {
		if res.Lint.Name == name {
			return res, true
		}
	}
	return certlint.Result{}, false
}

func errorsOf(r *certlint.Report) []string {
	var out []string
	for _, res := range r.Results {
		if res.Status >= lint.Error {
			out = append(out, res.Lint.Name+": "+res.Details)
		}
	}
	return out
}

// opensslInfo runs `openssl pkcs12 -info` (OpenSSL 3) on path, the password
// in the environment, and returns its output without PEM blocks.
func opensslInfo(t *testing.T, path, password string, legacy bool) (string, error) {
	t.Helper()
	bin, err := exec.LookPath("openssl")
	if err != nil {
		t.Skip("openssl not on PATH (.ci/run installs it)")
	}
	if v, err := exec.Command(bin, "version").Output(); err != nil || !strings.HasPrefix(string(v), "OpenSSL 3.") {
		t.Skipf("needs OpenSSL 3.x, have %q", strings.TrimSpace(string(v)))
	}
	args := []string{"pkcs12", "-info", "-in", path, "-passin", "env:FIXPASS", "-nodes"}
	if legacy {
		args = append(args, "-legacy")
	}
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "FIXPASS="+password)
	out, err := cmd.CombinedOutput()
	var b strings.Builder
	in := false
	for _, line := range strings.SplitAfter(string(out), "\n") {
		switch {
		case strings.HasPrefix(line, "-----BEGIN "):
			in = true
		case strings.HasPrefix(line, "-----END "):
			in = false
		case !in:
			b.WriteString(line)
		}
	}
	return b.String(), err
}

// checkOutput is what every fixed PFX must satisfy: mode 0600; OpenSSL 3
// reads it (without -legacy for the modern profile, with -legacy for the
// legacy one) and shows the CSP name, KEY_EX and the local key set;
// certlint's lint of the file has no error; go-pkcs12 decodes it to the
// input's certificate and key.
func checkOutput(t *testing.T, out, password string, legacy bool, opts *fix.Options) *certlint.Bundle {
	t.Helper()
	fi, err := os.Stat(out)
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 {
		t.Errorf("output mode %v, want 0600", fi.Mode().Perm())
	}
	info, err := opensslInfo(t, out, password, legacy)
	if err != nil {
		t.Fatalf("openssl pkcs12 -info (legacy %v): %v\n%s", legacy, err, info)
	}
	wantEnc := "PBES2, PBKDF2, AES-256-CBC, Iteration 2048, PRF hmacWithSHA256"
	wantMAC := "MAC: sha256"
	if legacy {
		wantEnc, wantMAC = "pbeWithSHA1And3-KeyTripleDES-CBC, Iteration 2048", "MAC: sha1"
	}
	for _, w := range []string{
		"Microsoft CSP Name: " + fix.DefaultCSP,
		"X509v3 Key Usage: 10",
		"Microsoft Local Key set",
		wantEnc, wantMAC,
	} {
		if !strings.Contains(info, w) {
			t.Errorf("openssl -info lacks %q:\n%s", w, info)
		}
	}

	b, err := certlint.LoadFile(out, &certlint.LoadOptions{Password: func() (string, error) { return password, nil }})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := certlint.Run(b, &certlint.RunOptions{Config: opts.Config})
	if err != nil {
		t.Fatal(err)
	}
	if e := errorsOf(rep); len(e) > 0 {
		t.Errorf("certlint lints the output with errors: %q", e)
	}
	k := b.PFX.Keys[0]
	if k.KeySpec != certlint.KeySpecExchange || !k.LocalMachine || k.Provider != fix.DefaultCSP {
		t.Errorf("output key attributes %+v", k)
	}

	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	key, leaf, _, err := pkcs12.DecodeChain(data, password)
	if err != nil {
		t.Fatalf("go-pkcs12 cannot decode the output: %v", err)
	}
	if !bytes.Equal(leaf.Raw, b.Leaf.Raw) || !key.(*rsa.PrivateKey).Equal(b.Key) {
		t.Error("go-pkcs12 decodes another certificate or key")
	}
	return b
}

// TestFixable: each defect the wrapping can fix, from a fixture made by
// testdata/gen, is fixed; the finding is in the input's lint and gone from
// the output's.
func TestFixable(t *testing.T) {
	for _, tc := range []struct {
		name, fixture string
		legacy        bool
		opts          func(*testing.T, *fix.Options)
		// lint is the finding the input has and the output must not.
		lint string
		// check looks at the input and output bundles for a defect no lint
		// reports.
		check func(t *testing.T, in, out *certlint.Bundle)
	}{
		{name: "CNG KSP named", fixture: "fail_ksp.pfx", lint: "e_opsmgr_pfx_key_in_cng_ksp"},
		{name: "KEY_SIG", fixture: "fail_keysig.pfx", lint: "e_opsmgr_pfx_key_spec_signature"},
		{name: "unrecognized provider", fixture: "warn_key_provider_unknown.pfx", lint: "w_opsmgr_pfx_key_provider_unrecognized"},
		{name: "no machine key set", fixture: "good_agent.pfx", check: func(t *testing.T, in, out *certlint.Bundle) {
			if in.PFX.Keys[0].LocalMachine || !out.PFX.Keys[0].LocalMachine {
				t.Error("the local machine key set attribute was not added")
			}
		}},
		{name: "no attributes at all", fixture: "good_agent_noattrs.pfx", check: func(t *testing.T, in, out *certlint.Bundle) {
			if in.PFX.Keys[0].HasKeyUsage || in.PFX.Keys[0].Provider != "" {
				t.Error("the fixture has attributes")
			}
		}},
		{name: "chain missing", fixture: "fail_missing_intermediate.pfx", lint: "e_opsmgr_chain_not_trusted",
			opts: func(t *testing.T, o *fix.Options) { o.Intermediates = intermediates(t) },
			check: func(t *testing.T, in, out *certlint.Bundle) {
				if len(in.Others) != 0 || len(out.Others) != 1 || !bytes.Equal(out.Others[0].Raw, intermediates(t)[0].Raw) {
					t.Errorf("the intermediate was not added: %d CA certificates", len(out.Others))
				}
			}},
		{name: "legacy encryption, modern wanted", fixture: "good_agent_legacy.pfx", check: func(t *testing.T, in, out *certlint.Bundle) {
			if in.PFX.CertEncryption != certlint.PBEWithSHAAnd40BitRC2CBC || in.PFX.Keys[0].Encryption != certlint.PBEWithSHAAnd3KeyTripleDESCBC {
				t.Errorf("the fixture is encrypted with %s / %s", in.PFX.CertEncryption, in.PFX.Keys[0].Encryption)
			}
			const aes = "PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC)"
			if out.PFX.CertEncryption != aes || out.PFX.Keys[0].Encryption != aes || out.PFX.MACAlgorithm != "HMAC-SHA256" {
				t.Errorf("the output is encrypted with %s / %s", out.PFX.CertEncryption, out.PFX.Keys[0].Encryption)
			}
		}},
		{name: "KEY_SIG, legacy output", fixture: "fail_keysig.pfx", legacy: true, lint: "e_opsmgr_pfx_key_spec_signature",
			check: func(t *testing.T, in, out *certlint.Bundle) {
				if out.PFX.Keys[0].Encryption != certlint.PBEWithSHAAnd3KeyTripleDESCBC || out.PFX.MACAlgorithm != "HMAC-SHA1" {
					t.Errorf("the legacy output is encrypted with %s, MAC %s", out.PFX.Keys[0].Encryption, out.PFX.MACAlgorithm)
				}
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in, dir := input(t, tc.fixture)
			data, _ := os.ReadFile(in)
			fi, _ := os.Stat(in)
			out := filepath.Join(dir, "fixed.pfx")
			opts := options(t)
			opts.Legacy = tc.legacy
			if tc.opts != nil {
				tc.opts(t, opts)
			}
			res, err := fix.File(in, out, opts)
			if err != nil {
				t.Fatal(err)
			}
			if !res.Fixed() || res.Output != out {
				t.Fatalf("not fixed: %+v", res.Unfixable)
			}
			if !res.OutPasswordFromInput || res.OutPasswordEmpty {
				t.Error("the output is not protected with the input's password")
			}
			unchanged(t, in, data, fi.ModTime())
			if tc.lint != "" {
				b, _ := finding(res.Before, tc.lint)
				a, _ := finding(res.After, tc.lint)
				if b.Status < lint.Warn || a.Status != lint.Pass {
					t.Errorf("%s: before %v, after %v; want a finding, then a pass", tc.lint, b.Status, a.Status)
				}
			}
			got := checkOutput(t, out, fixturePassword, tc.legacy, opts)
			if tc.check != nil {
				inB, err := certlint.LoadFile(in, opts.Load)
				if err != nil {
					t.Fatal(err)
				}
				tc.check(t, inB, got)
			}
			if len(res.Changes) == 0 {
				t.Error("no change reported")
			}
		})
	}
}

// TestUnfixable: a defect in the certificate (or a missing or foreign key)
// is listed with its event and why a new certificate is needed, and nothing
// is written.
func TestUnfixable(t *testing.T) {
	for _, tc := range []struct {
		fixture, host string
		lint          string
		event         int
		reason        string
	}{
		{fixture: "fail_eku_server_only.pfx", lint: "e_opsmgr_eku_missing_server_or_client_auth", event: 20050, reason: "extended key usage"},
		{fixture: "fail_no_eku.pfx", lint: "e_opsmgr_eku_missing_server_or_client_auth", event: 20050, reason: "request a new certificate"},
		{fixture: "fail_wrong_host.pfx", host: "agent01.contoso.test", lint: "e_opsmgr_host_name_mismatch", reason: "FQDN"},
		{fixture: "fail_empty_subject.pfx", lint: "e_opsmgr_subject_or_issuer_unreadable", event: 20075, reason: "names are part of the certificate"},
		{fixture: "fail_expired.pfx", lint: "e_opsmgr_cert_expired", reason: "validity period"},
		{fixture: "fail_not_yet_valid.pfx", lint: "e_opsmgr_cert_not_yet_valid", reason: "validity period"},
		{fixture: "fail_ecdsa.pfx", lint: "e_opsmgr_key_not_rsa", event: 20069, reason: "only RSA keys"},
		{fixture: "fail_ku_no_keyencipherment.pfx", lint: "e_opsmgr_ku_missing_digital_signature_or_key_encipherment", event: 20049, reason: "key usage extension"},
		{fixture: "fail_no_private_key.pfx", lint: "e_opsmgr_private_key_missing", event: 20077, reason: "no private key"},
		{fixture: "fail_key_mismatch.pfx", lint: "e_opsmgr_private_key_mismatch", event: 20068, reason: "not the certificate's own key"},
		{fixture: "warn_rsa1024.pfx", lint: "w_opsmgr_rsa_key_too_short", reason: "key length"},
		{fixture: "fail_unknown_root.pfx", lint: "e_opsmgr_chain_not_trusted", event: 20072, reason: "Trusted Root Certification Authorities"},
		{fixture: "fail_missing_intermediate.pfx", lint: "e_opsmgr_chain_not_trusted", event: 20072, reason: "--intermediates"},
	} {
		t.Run(tc.fixture, func(t *testing.T) {
			in, dir := input(t, tc.fixture)
			data, _ := os.ReadFile(in)
			fi, _ := os.Stat(in)
			out := filepath.Join(dir, "fixed.pfx")
			opts := options(t)
			opts.Config.Host = tc.host
			res, err := fix.File(in, out, opts)
			if err != nil {
				t.Fatal(err)
			}
			if res.Fixed() || res.Output != "" {
				t.Fatal("reported fixed")
			}
			if _, err := os.Lstat(out); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("%s was written: %v", out, err)
			}
			entries, _ := os.ReadDir(dir)
			if len(entries) != 1 {
				t.Errorf("files left in the directory: %d entries", len(entries))
			}
			unchanged(t, in, data, fi.ModTime())
			var u *fix.Unfixable
			for i := range res.Unfixable {
				if res.Unfixable[i].Lint == tc.lint {
					u = &res.Unfixable[i]
				}
			}
			if u == nil {
				t.Fatalf("%s not listed as unfixable: %+v", tc.lint, res.Unfixable)
			}
			if u.Event != tc.event && tc.event != 0 {
				t.Errorf("event %d, want %d", u.Event, tc.event)
			}
			if u.Event == 0 && u.Status >= lint.Error {
				t.Error("an error finding without its event")
			}
			if !strings.Contains(u.Reason, tc.reason) || u.Details == "" {
				t.Errorf("reason %q does not say %q", u.Reason, tc.reason)
			}
		})
	}
}

// TestOutputFileRules: never over the input (by path, hard link or symbolic
// link, even with Force), never over an existing file without Force, which
// replaces it.
func TestOutputFileRules(t *testing.T) {
	in, dir := input(t, "fail_ksp.pfx")
	data, _ := os.ReadFile(in)
	fi, _ := os.Stat(in)

	for _, force := range []bool{false, true} {
		opts := options(t)
		opts.Force = force
		if _, err := fix.File(in, in, opts); !errors.Is(err, fix.ErrSameFile) {
			t.Errorf("force %v: output = input: err = %v", force, err)
		}
		if _, err := fix.File(in, filepath.Join(dir, ".", filepath.Base(in)), opts); !errors.Is(err, fix.ErrSameFile) {
			t.Errorf("force %v: the input by another path: err = %v", force, err)
		}
		hard := filepath.Join(dir, "hard.pfx")
		if err := os.Link(in, hard); err == nil {
			if _, err := fix.File(in, hard, opts); !errors.Is(err, fix.ErrSameFile) {
				t.Errorf("force %v: a hard link to the input: err = %v", force, err)
			}
			os.Remove(hard)
		}
		sym := filepath.Join(dir, "sym.pfx")
		if err := os.Symlink(in, sym); err == nil {
			if _, err := fix.File(in, sym, opts); !errors.Is(err, fix.ErrSameFile) {
				t.Errorf("force %v: a symbolic link to the input: err = %v", force, err)
			}
			os.Remove(sym)
		}
	}
	unchanged(t, in, data, fi.ModTime())

	out := filepath.Join(dir, "existing.pfx")
	if err := os.WriteFile(out, []byte("keep me"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := fix.File(in, out, options(t)); !errors.Is(err, fix.ErrExists) {
		t.Errorf("existing output without Force: err = %v", err)
	}
	if got, _ := os.ReadFile(out); string(got) != "keep me" {
		t.Error("an existing output was replaced without Force")
	}
	opts := options(t)
	opts.Force = true
	res, err := fix.File(in, out, opts)
	if err != nil || !res.Fixed() {
		t.Fatalf("with Force: %v", err)
	}
	checkOutput(t, out, fixturePassword, false, opts)
	unchanged(t, in, data, fi.ModTime())
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("temporary file left: %s", e.Name())
		}
	}
}

// TestOutPassword: the output takes OutPassword when given, and no password
// appears in what Repair reports.
func TestOutPassword(t *testing.T) {
	in, dir := input(t, "fail_keysig.pfx")
	out := filepath.Join(dir, "fixed.pfx")
	opts := options(t)
	const newPW = "N3w-Outp@ss-Wörd"
	opts.OutPassword = func() (string, error) { return newPW, nil }
	res, err := fix.File(in, out, opts)
	if err != nil || !res.Fixed() {
		t.Fatalf("%v %+v", err, res)
	}
	if res.OutPasswordFromInput {
		t.Error("OutPasswordFromInput with OutPassword set")
	}
	data, _ := os.ReadFile(out)
	if _, _, _, err := pkcs12.DecodeChain(data, newPW); err != nil {
		t.Errorf("the new password does not open the output: %v", err)
	}
	if _, _, _, err := pkcs12.DecodeChain(data, fixturePassword); err == nil {
		t.Error("the input's password opens the output")
	}
	text := fmt.Sprintf("%v %v %v", res.Changes, res.Unfixable, res.Notes)
	for _, pw := range []string{newPW, fixturePassword} {
		if strings.Contains(text, pw) {
			t.Errorf("a password in the result: %s", text)
		}
	}

	opts.OutPassword = func() (string, error) { return "", errors.New("the variable is not set") }
	if _, err := fix.File(in, filepath.Join(dir, "other.pfx"), opts); !errors.Is(err, fix.ErrOutPassword) {
		t.Errorf("OutPassword failing: err = %v", err)
	}
}

// TestInputWithoutPassword: a PFX that opens with the empty password gives
// an output under the empty password, and the result says so.
func TestInputWithoutPassword(t *testing.T) {
	in, dir := input(t, "good_agent_nopassword.pfx")
	out := filepath.Join(dir, "fixed.pfx")
	opts := options(t)
	opts.Load = &certlint.LoadOptions{PasswordPrompts: true, Password: func() (string, error) {
		t.Error("asked for a password the input does not need")
		return "", nil
	}}
	res, err := fix.File(in, out, opts)
	if err != nil || !res.Fixed() {
		t.Fatalf("%v", err)
	}
	if !res.OutPasswordEmpty {
		t.Error("OutPasswordEmpty not set")
	}
	checkOutput(t, out, "", false, opts)
}

func TestRefusals(t *testing.T) {
	in, dir := input(t, "good_agent.pem")
	if _, err := fix.File(in, filepath.Join(dir, "out.pfx"), options(t)); !errors.Is(err, fix.ErrNotPFX) {
		t.Errorf("a PEM input: err = %v", err)
	}
	in, dir = input(t, "fail_ksp.pfx")
	opts := options(t)
	opts.CSP = "Microsoft Software Key Storage Provider"
	if _, err := fix.File(in, filepath.Join(dir, "out.pfx"), opts); !errors.Is(err, fix.ErrCSP) {
		t.Errorf("a KSP as --csp: err = %v", err)
	}
	opts.Load = &certlint.LoadOptions{Password: func() (string, error) { return "wrong", nil }}
	opts.CSP = ""
	if _, err := fix.File(in, filepath.Join(dir, "out.pfx"), opts); !errors.Is(err, certlint.ErrWrongPassword) {
		t.Errorf("wrong password: err = %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "out.pfx")); err == nil {
		t.Error("an output was written")
	}
}

// TestOtherCSP: --csp takes another legacy RSA CSP, in any case, written in
// its canonical spelling.
func TestOtherCSP(t *testing.T) {
	in, dir := input(t, "fail_ksp.pfx")
	out := filepath.Join(dir, "fixed.pfx")
	opts := options(t)
	opts.CSP = "microsoft enhanced cryptographic provider v1.0"
	res, err := fix.File(in, out, opts)
	if err != nil || !res.Fixed() {
		t.Fatalf("%v", err)
	}
	b, err := certlint.LoadFile(out, opts.Load)
	if err != nil {
		t.Fatal(err)
	}
	if p := b.PFX.Keys[0].Provider; p != "Microsoft Enhanced Cryptographic Provider v1.0" {
		t.Errorf("provider %q", p)
	}
}

// TestChainSelection: the input's root is left out unless IncludeRoot, and
// a certificate outside the leaf's chain is left out with a note.
func TestChainSelection(t *testing.T) {
	for _, includeRoot := range []bool{false, true} {
		in, dir := input(t, "good_agent.pfx") // leaf, intermediate, root
		out := filepath.Join(dir, "fixed.pfx")
		opts := options(t)
		opts.IncludeRoot = includeRoot
		other, err := certlint.LoadFile(testdata("ca/other-root.pem"), nil)
		if err != nil {
			t.Fatal(err)
		}
		opts.Intermediates = append(intermediates(t), other.Certificates()...)
		res, err := fix.File(in, out, opts)
		if err != nil || !res.Fixed() {
			t.Fatalf("%v", err)
		}
		b, err := certlint.LoadFile(out, opts.Load)
		if err != nil {
			t.Fatal(err)
		}
		want := 1
		if includeRoot {
			want = 2
		}
		if len(b.Others) != want {
			t.Errorf("include root %v: %d CA certificates written, want %d", includeRoot, len(b.Others), want)
		}
		if !includeRoot && !strings.Contains(strings.Join(res.Notes, "\n"), "root") {
			t.Errorf("no note about the root left out: %q", res.Notes)
		}
	}
}

// opensslPFX writes key, leaf and chain to PEM files and exports them with
// `openssl pkcs12 -export` and the extra arguments (the Windows attributes:
// -CSP, -keysig, -legacy ...), under fixturePassword.
func opensslPFX(t *testing.T, dir string, key any, leaf *testpki.Cert, chain []*testpki.Cert, args ...string) string {
	t.Helper()
	bin, err := exec.LookPath("openssl")
	if err != nil {
		t.Skip("openssl not on PATH (.ci/run installs it)")
	}
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	write := func(name string, blocks ...*pem.Block) string {
		var b bytes.Buffer
		for _, blk := range blocks {
			pem.Encode(&b, blk)
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b.Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	keyFile := write("key.pem", &pem.Block{Type: "PRIVATE KEY", Bytes: der})
	leafFile := write("leaf.pem", &pem.Block{Type: "CERTIFICATE", Bytes: leaf.DER})
	out := filepath.Join(dir, "in.pfx")
	cmdArgs := []string{"pkcs12", "-export", "-inkey", keyFile, "-in", leafFile, "-out", out, "-passout", "env:FIXPASS"}
	if len(chain) > 0 {
		var blocks []*pem.Block
		for _, c := range chain {
			blocks = append(blocks, &pem.Block{Type: "CERTIFICATE", Bytes: c.DER})
		}
		cmdArgs = append(cmdArgs, "-certfile", write("chain.pem", blocks...))
	}
	cmd := exec.Command(bin, append(cmdArgs, args...)...)
	cmd.Env = append(os.Environ(), "FIXPASS="+fixturePassword)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("openssl pkcs12 -export: %v\n%s", err, out)
	}
	os.Remove(keyFile)
	return out
}

// TestEveryWrappingDefectAtOnce: a PFX made by openssl with every defect the
// wrapping can have (a CNG KSP named, KEY_SIG, no machine key set, no chain,
// RC2 / 3DES encryption) is fixed in one pass.
func TestEveryWrappingDefectAtOnce(t *testing.T) {
	p := testpki.PKI{Org: "fix test", RSALeaves: true}
	root := p.CA(t, "Fix Test Root", nil)
	inter := p.CA(t, "Fix Test Issuing CA", root)
	leaf := p.Leaf(t, "agent07.contoso.test", inter)
	dir := t.TempDir()
	in := opensslPFX(t, dir, leaf.Key, leaf, nil, "-legacy", "-keysig", "-CSP", "Microsoft Software Key Storage Provider")
	rootFile := filepath.Join(dir, "root.pem")
	interFile := filepath.Join(dir, "inter.pem")
	os.WriteFile(rootFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: root.DER}), 0o644)
	os.WriteFile(interFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: inter.DER}), 0o644)
	ts, err := certlint.LoadTrustStore([]string{rootFile}, nil, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	ib, err := certlint.LoadFile(interFile, nil)
	if err != nil {
		t.Fatal(err)
	}
	opts := &fix.Options{
		Load:          &certlint.LoadOptions{Password: func() (string, error) { return fixturePassword, nil }},
		Config:        certlint.Config{At: at, Trust: ts, Host: "agent07.contoso.test"},
		Intermediates: ib.Certificates(),
	}
	out := filepath.Join(dir, "fixed.pfx")
	res, err := fix.File(in, out, opts)
	if err != nil || !res.Fixed() {
		t.Fatalf("not fixed: %v %+v", err, res)
	}
	for _, name := range []string{"e_opsmgr_pfx_key_in_cng_ksp", "e_opsmgr_pfx_key_spec_signature", "e_opsmgr_chain_not_trusted"} {
		if f, _ := finding(res.Before, name); f.Status != lint.Error {
			t.Errorf("the input lacks %s: %v", name, f.Status)
		}
	}
	var what []string
	for _, c := range res.Changes {
		what = append(what, c.What)
	}
	if len(what) != 6 { // provider, key specification, key set, CA certificates, friendly name (openssl wrote none), encryption
		t.Errorf("changes %q, want provider, key specification, key set, CA certificates, friendly name, encryption", what)
	}
	checkOutput(t, out, fixturePassword, false, opts)
}

// TestNoKeyToRewrap: an ECDSA key named into a KSP as KEY_SIG: what blocks
// is the key type, and the wrapping findings are not listed as unfixable.
func TestNoKeyToRewrap(t *testing.T) {
	p := testpki.PKI{Org: "fix test"}
	root := p.CA(t, "Fix Test Root", nil)
	leaf := p.Leaf(t, "agent08.contoso.test", root) // P-256 key
	dir := t.TempDir()
	in := opensslPFX(t, dir, leaf.Key, leaf, []*testpki.Cert{root}, "-keysig", "-CSP", "Microsoft Software Key Storage Provider")
	res, err := fix.File(in, filepath.Join(dir, "fixed.pfx"), options(t))
	if err != nil {
		t.Fatal(err)
	}
	if res.Fixed() || res.After != nil {
		t.Fatal("fixed an ECDSA key")
	}
	var names []string
	for _, u := range res.Unfixable {
		names = append(names, u.Lint)
	}
	if !slices.Contains(names, "e_opsmgr_key_not_rsa") || slices.Contains(names, "e_opsmgr_pfx_key_in_cng_ksp") || slices.Contains(names, "e_opsmgr_pfx_key_spec_signature") {
		t.Errorf("unfixable %q; want the key type, not the wrapping", names)
	}
	if f, _ := finding(res.Before, "e_opsmgr_pfx_key_in_cng_ksp"); f.Status != lint.Error {
		t.Errorf("the input is not named into a KSP: %v", f.Status)
	}
}
