package main

import (
	"bytes"
	"crypto/rsa"
	"crypto/x509"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/certlint/certlint/certlint"
)

// fixInput copies a fixture into a new directory, with an old modification
// time, and returns its path, its bytes and the directory.
func fixInput(t *testing.T, name string) (string, []byte, string) {
	t.Helper()
	data, err := os.ReadFile(p(name))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	in := filepath.Join(dir, filepath.Base(name))
	if err := os.WriteFile(in, data, 0o644); err != nil {
		t.Fatal(err)
	}
	old := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	if err := os.Chtimes(in, old, old); err != nil {
		t.Fatal(err)
	}
	return in, data, dir
}

func inputUnchanged(t *testing.T, in string, data []byte) {
	t.Helper()
	got, err := os.ReadFile(in)
	fi, err2 := os.Stat(in)
	if err != nil || err2 != nil || !bytes.Equal(got, data) || !fi.ModTime().Equal(time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)) {
		t.Errorf("the input %s was changed", in)
	}
}

// noKeyMaterial checks that nothing printed holds the key: no PEM block, and
// none of the private key's numbers in hex or decimal.
func noKeyMaterial(t *testing.T, r result, key *rsa.PrivateKey) {
	t.Helper()
	all := r.stdout + r.stderr
	if strings.Contains(all, "-----BEGIN") || strings.Contains(all, "PRIVATE KEY") {
		t.Errorf("key material printed:\n%s", all)
	}
	for _, n := range append([]string{key.D.Text(16), key.D.String()}, key.Primes[0].Text(16), key.Primes[0].String()) {
		if strings.Contains(strings.ToLower(all), n[:16]) {
			t.Errorf("a private key number printed:\n%s", all)
		}
	}
}

func loadOut(t *testing.T, path, password string) *certlint.Bundle {
	t.Helper()
	b, err := certlint.LoadFile(path, &certlint.LoadOptions{Password: func() (string, error) { return password, nil }})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestFixCommand(t *testing.T) {
	cases := []struct {
		name    string
		fixture string
		args    []string // after IN -o OUT
		env     []string
		code    int
		out     []string // substrings of stdout
		err     string   // substring of stderr
		outPW   string   // the output's password ("" = fixture password)
		written bool
	}{
		{name: "CNG KSP, flags after IN", fixture: "fail_ksp.pfx",
			args: []string{"--password-file", pwFile(), "--roots", p("ca/root.pem"), "--at", at}, code: 0, written: true,
			out: []string{"before: ", "e_opsmgr_pfx_key_in_cng_ksp  event 20069", `after:  "Microsoft Enhanced RSA and AES Cryptographic Provider"`, "after: ", "no findings", "verdict: written", "the input's password"}},
		{name: "KEY_SIG, legacy output", fixture: "fail_keysig.pfx",
			args: []string{"--legacy", "--password-file", pwFile(), "--roots", p("ca/root.pem"), "--at", at}, code: 0, written: true,
			out: []string{"e_opsmgr_pfx_key_spec_signature", "0x80 KEY_SIG: AT_SIGNATURE", "0x10 KEY_EX: AT_KEYEXCHANGE", "MAC HMAC-SHA1"}},
		{name: "chain missing, intermediates given", fixture: "fail_missing_intermediate.pfx",
			args: []string{"--intermediates", p("ca/intermediate.pem"), "--password-file", pwFile(), "--roots", p("ca/root.pem"), "--at", at}, code: 0, written: true,
			out: []string{"e_opsmgr_chain_not_trusted  event 20072", "CA certificates\n      before: none\n      after:  \"CN=certlint Test Issuing CA,O=certlint test\""}},
		{name: "new output password from the environment", fixture: "good_agent.pfx",
			args: []string{"--password-file", pwFile(), "--out-password-env", "FIX_TEST_OUT_PW", "--at", at}, env: []string{"FIX_TEST_OUT_PW=0ther-Secret"},
			code: 0, written: true, outPW: "0ther-Secret",
			out: []string{"local machine", "the chain was not evaluated", "another password"}},
		{name: "EKU: a new certificate is needed", fixture: "fail_eku_server_only.pfx",
			args: []string{"--password-file", pwFile(), "--roots", p("ca/root.pem"), "--at", at}, code: 1,
			out: []string{"cannot fix by rewrapping", "e_opsmgr_eku_missing_server_or_client_auth (event 20050)", "why: The extended key usage", "request a new certificate", "nothing written"}},
		{name: "no private key", fixture: "fail_no_private_key.pfx",
			args: []string{"--password-file", pwFile(), "--at", at}, code: 1,
			out: []string{"e_opsmgr_private_key_missing (event 20077)", "nothing written"}},
		{name: "ECDSA key", fixture: "fail_ecdsa.pfx",
			args: []string{"--password-file", pwFile(), "--at", at}, code: 1,
			out: []string{"e_opsmgr_key_not_rsa (event 20069)", "only RSA keys"}},
		{name: "wrong host", fixture: "fail_wrong_host.pfx",
			args: []string{"--host", "agent01.contoso.test", "--password-file", pwFile(), "--at", at}, code: 1,
			out: []string{"e_opsmgr_host_name_mismatch (event 20052)", "FQDN"}},
		{name: "wrong password", fixture: "fail_ksp.pfx", args: []string{"--password-env", "FIX_TEST_WRONG_PW"}, env: []string{"FIX_TEST_WRONG_PW=" + wrongPassword},
			code: 2, err: "wrong password"},
		{name: "not a PFX", fixture: "good_agent.pem", args: []string{"--password-file", pwFile()}, code: 2, err: "not a PFX"},
		{name: "a KSP as --csp", fixture: "fail_ksp.pfx", args: []string{"--csp", "Microsoft Software Key Storage Provider"}, code: 2, err: "--csp must name a legacy RSA CryptoAPI CSP"},
		{name: "unknown flag", fixture: "fail_ksp.pfx", args: []string{"--lagacy"}, code: 2, err: "unknown flag --lagacy"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in, data, dir := fixInput(t, tc.fixture)
			out := filepath.Join(dir, "fixed.pfx")
			for _, e := range tc.env {
				k, v, _ := strings.Cut(e, "=")
				t.Setenv(k, v)
			}
			r := runCLI(t, "", append([]string{"fix", in, "-o", out}, tc.args...)...)
			if r.code != tc.code {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", r.code, tc.code, r.stdout, r.stderr)
			}
			for _, w := range tc.out {
				if !strings.Contains(r.stdout, w) {
					t.Errorf("stdout lacks %q:\n%s", w, r.stdout)
				}
			}
			if tc.err != "" && !strings.Contains(r.stderr, tc.err) {
				t.Errorf("stderr lacks %q: %s", tc.err, r.stderr)
			}
			if strings.Count(r.stderr, "\n") > 1 {
				t.Errorf("more than one line on stderr: %q", r.stderr)
			}
			inputUnchanged(t, in, data)
			for _, e := range tc.env {
				if _, v, _ := strings.Cut(e, "="); strings.Contains(r.stdout+r.stderr, v) {
					t.Errorf("a password printed:\n%s%s", r.stdout, r.stderr)
				}
			}
			_, err := os.Stat(out)
			if !tc.written {
				if err == nil {
					t.Fatal("an output was written")
				}
				return
			}
			fi, err := os.Stat(out)
			if err != nil {
				t.Fatal(err)
			}
			if runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 {
				t.Errorf("output mode %v, want 0600", fi.Mode().Perm())
			}
			pw := tc.outPW
			if pw == "" {
				pw = fixturePassword
			}
			b := loadOut(t, out, pw)
			if k := b.PFX.Keys[0]; k.KeySpec != certlint.KeySpecExchange || !k.LocalMachine {
				t.Errorf("output key %+v", k)
			}
			noKeyMaterial(t, r, b.Key.(*rsa.PrivateKey))
		})
	}
}

// TestFixOutputFile: an existing output is not replaced without --force; the
// input is never the output, even with --force.
func TestFixOutputFile(t *testing.T) {
	in, data, dir := fixInput(t, "fail_keysig.pfx")
	out := filepath.Join(dir, "existing.pfx")
	if err := os.WriteFile(out, []byte("an older file"), 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{"--password-file", pwFile(), "--at", at}
	r := runCLI(t, "", append([]string{"fix", in, "-o", out}, args...)...)
	if r.code != 2 || !strings.Contains(r.stderr, "exists") || !strings.Contains(r.stderr, "--force") {
		t.Errorf("existing output: exit %d, stderr %q", r.code, r.stderr)
	}
	if got, _ := os.ReadFile(out); string(got) != "an older file" {
		t.Error("the existing output was replaced without --force")
	}
	r = runCLI(t, "", append([]string{"fix", in, "-o", out, "--force"}, args...)...)
	if r.code != 0 {
		t.Fatalf("--force: exit %d: %s", r.code, r.stderr)
	}
	loadOut(t, out, fixturePassword)

	for _, extra := range [][]string{nil, {"--force"}} {
		r = runCLI(t, "", append(append([]string{"fix", in, "-o", in}, extra...), args...)...)
		if r.code != 2 || !strings.Contains(r.stderr, "the output is the input file") {
			t.Errorf("output = input %v: exit %d, stderr %q", extra, r.code, r.stderr)
		}
	}
	inputUnchanged(t, in, data)
}

// TestFixBinary runs the built binary once: the documented form, a
// password from the environment, --include-root.
func TestFixBinary(t *testing.T) {
	in, data, dir := fixInput(t, "good_agent_noattrs.pfx")
	out := filepath.Join(dir, "agent-fixed.pfx")
	r := exe(t, nil, []string{"CERTLINT_PASSWORD=" + fixturePassword}, "fix", in, "-o", out, "--include-root", "--roots", p("ca/root.pem"), "--at", at)
	if r.code != 0 {
		t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	inputUnchanged(t, in, data)
	b := loadOut(t, out, fixturePassword)
	if len(b.Others) != 2 {
		t.Errorf("%d CA certificates with --include-root, want 2", len(b.Others))
	}
	if _, err := x509.ParseCertificate(b.Others[1].Raw); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(r.stdout, "no attribute (Windows chooses at import)") {
		t.Errorf("stdout:\n%s", r.stdout)
	}
	noKeyMaterial(t, r, b.Key.(*rsa.PrivateKey))
}
