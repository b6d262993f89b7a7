package pkcs12enc_test

import (
	"bytes"
	"crypto/rsa"
	"crypto/x509"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"software.sslmate.com/src/go-pkcs12"

	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/certlint/pkcs12enc"
	"github.com/certlint/certlint/certlint/testpki"
)

const cspAES = "Microsoft Enhanced RSA and AES Cryptographic Provider"

type pki struct {
	root, inter, leaf *testpki.Cert
}

func newPKI(t testing.TB) pki {
	t.Helper()
	p := testpki.PKI{Org: "pkcs12enc test", RSALeaves: true}
	root := p.CA(t, "Test Root", nil)
	inter := p.CA(t, "Test Issuing CA", root)
	return pki{root: root, inter: inter, leaf: p.Leaf(t, "agent01.contoso.test", inter)}
}

func encode(t *testing.T, p pki, opts pkcs12enc.Options) []byte {
	t.Helper()
	der, err := pkcs12enc.Encode(p.leaf.Key, p.leaf.DER, [][]byte{p.inter.DER, p.root.DER}, opts)
	if err != nil {
		t.Fatal(err)
	}
	return der
}

func windowsOptions(pw string, enc pkcs12enc.Encryption) pkcs12enc.Options {
	return pkcs12enc.Options{
		Password: pw, Encryption: enc, FriendlyName: "agent01 OpsMgr", Provider: cspAES,
		KeyUsage: pkcs12enc.KeyEx, LocalMachine: true,
	}
}

// TestReadBackByCertlint: certlint's reader finds in the output every
// attribute written, the encryption asked for, and the same certificate and
// key.
func TestReadBackByCertlint(t *testing.T) {
	p := newPKI(t)
	for _, tc := range []struct {
		enc                  pkcs12enc.Encryption
		keyEnc, certEnc, mac string
	}{
		{pkcs12enc.AES256, "PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC)", "PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC)", "HMAC-SHA256"},
		{pkcs12enc.TripleDES, certlint.PBEWithSHAAnd3KeyTripleDESCBC, certlint.PBEWithSHAAnd3KeyTripleDESCBC, "HMAC-SHA1"},
	} {
		t.Run(tc.enc.String(), func(t *testing.T) {
			der := encode(t, p, windowsOptions("Pässwörd 🔑", tc.enc))
			b, err := certlint.Load("out.pfx", der, &certlint.LoadOptions{Password: func() (string, error) { return "Pässwörd 🔑", nil }})
			if err != nil {
				t.Fatal(err)
			}
			if b.Format != certlint.FormatPKCS12 || b.Leaf == nil || !bytes.Equal(b.Leaf.Raw, p.leaf.DER) {
				t.Fatalf("leaf not read back")
			}
			if len(b.Others) != 2 || !bytes.Equal(b.Others[0].Raw, p.inter.DER) || !bytes.Equal(b.Others[1].Raw, p.root.DER) {
				t.Fatalf("chain not read back in order")
			}
			if !b.KeyMatchesLeaf || b.KeyCount != 1 || !b.Key.(*rsa.PrivateKey).Equal(p.leaf.Key) {
				t.Fatalf("key not read back")
			}
			info := b.PFX
			if !info.HasMAC || info.MACAlgorithm != tc.mac || info.MACIterations != pkcs12enc.DefaultIterations {
				t.Errorf("MAC %s, %d iterations", info.MACAlgorithm, info.MACIterations)
			}
			if info.CertEncryption != tc.certEnc || info.CertIterations != pkcs12enc.DefaultIterations {
				t.Errorf("certificates encrypted with %s", info.CertEncryption)
			}
			k := info.Keys[0]
			if k.Provider != cspAES || !k.HasKeyUsage || k.KeyUsage != 0x10 || k.KeySpec != certlint.KeySpecExchange ||
				!k.LocalMachine || k.FriendlyName != "agent01 OpsMgr" || !k.Shrouded || k.Encryption != tc.keyEnc || len(k.LocalKeyID) != 20 {
				t.Errorf("key attributes read back as %+v", k)
			}
			if info.CertFriendlyNames[0] != "agent01 OpsMgr" || info.CertFriendlyNames[1] != "" {
				t.Errorf("certificate friendly names %q", info.CertFriendlyNames)
			}
			if _, err := certlint.Load("out.pfx", der, &certlint.LoadOptions{Password: func() (string, error) { return "wrong", nil }}); !errors.Is(err, certlint.ErrWrongPassword) {
				t.Errorf("a wrong password: err = %v, want ErrWrongPassword", err)
			}
		})
	}
}

// TestNoAttributesUnlessAsked: the zero Options write none of the Microsoft
// attributes, so that each one's presence above is the encoder's doing.
func TestNoAttributesUnlessAsked(t *testing.T) {
	p := newPKI(t)
	der := encode(t, p, pkcs12enc.Options{Password: "x"})
	b, err := certlint.Load("out.pfx", der, &certlint.LoadOptions{Password: func() (string, error) { return "x", nil }})
	if err != nil {
		t.Fatal(err)
	}
	k := b.PFX.Keys[0]
	if k.Provider != "" || k.HasKeyUsage || k.LocalMachine || k.FriendlyName != "" {
		t.Fatalf("attributes written without being asked for: %+v", k)
	}
}

// TestGoPKCS12Decodes is the differential test: go-pkcs12, an independent
// reader, decodes both profiles to the same key and certificates.
func TestGoPKCS12Decodes(t *testing.T) {
	p := newPKI(t)
	for _, enc := range []pkcs12enc.Encryption{pkcs12enc.AES256, pkcs12enc.TripleDES} {
		for _, pw := range []string{"certlint-example", "Pässwörd", ""} {
			der := encode(t, p, windowsOptions(pw, enc))
			key, leaf, cas, err := pkcs12.DecodeChain(der, pw)
			if err != nil {
				t.Fatalf("%s, password %q: go-pkcs12: %v", enc, pw, err)
			}
			if !key.(*rsa.PrivateKey).Equal(p.leaf.Key) || !bytes.Equal(leaf.Raw, p.leaf.DER) || len(cas) != 2 ||
				!bytes.Equal(cas[0].Raw, p.inter.DER) || !bytes.Equal(cas[1].Raw, p.root.DER) {
				t.Fatalf("%s, password %q: go-pkcs12 decoded other contents", enc, pw)
			}
		}
	}
}

// openssl runs OpenSSL 3 (the version whose -legacy switch matters); the
// password goes through the environment, never the command line.
func openssl(t *testing.T, password string, args ...string) (string, error) {
	t.Helper()
	path, err := exec.LookPath("openssl")
	if err != nil {
		t.Skip("openssl not on PATH (.ci/run installs it)")
	}
	if v, err := exec.Command(path, "version").Output(); err != nil || !strings.HasPrefix(string(v), "OpenSSL 3.") {
		t.Skipf("needs OpenSSL 3.x, have %q", strings.TrimSpace(string(v)))
	}
	cmd := exec.Command(path, args...)
	cmd.Env = append(os.Environ(), "P12PASS="+password)
	out, err := cmd.CombinedOutput()
	return withoutPEM(string(out)), err
}

// withoutPEM drops the PEM blocks (certificates and the key openssl prints
// with -nodes) from openssl's output, keeping what -info says about them.
func withoutPEM(s string) string {
	var b strings.Builder
	in := false
	for _, line := range strings.SplitAfter(s, "\n") {
		switch {
		case strings.HasPrefix(line, "-----BEGIN "):
			in = true
		case strings.HasPrefix(line, "-----END "):
			in = false
		case !in:
			b.WriteString(line)
		}
	}
	return b.String()
}

// TestOpenSSLInfo: `openssl pkcs12 -info` (OpenSSL 3) reads the modern file
// without -legacy and the legacy one with -legacy, verifies the MAC, and
// shows the CSP name, the key usage KEY_EX and the local key set attribute.
func TestOpenSSLInfo(t *testing.T) {
	p := newPKI(t)
	dir := t.TempDir()
	for _, tc := range []struct {
		enc  pkcs12enc.Encryption
		args []string
		want []string
	}{
		{pkcs12enc.AES256, nil, []string{"MAC: sha256, Iteration 2048", "PBES2, PBKDF2, AES-256-CBC, Iteration 2048, PRF hmacWithSHA256"}},
		{pkcs12enc.TripleDES, []string{"-legacy"}, []string{"MAC: sha1, Iteration 2048", "pbeWithSHA1And3-KeyTripleDES-CBC, Iteration 2048"}},
	} {
		for _, pw := range []string{"Pässwörd 🔑", ""} {
			f := filepath.Join(dir, "out.pfx")
			if err := os.WriteFile(f, encode(t, p, windowsOptions(pw, tc.enc)), 0o600); err != nil {
				t.Fatal(err)
			}
			args := append([]string{"pkcs12", "-info", "-in", f, "-passin", "env:P12PASS", "-nodes"}, tc.args...)
			out, err := openssl(t, pw, args...)
			if err != nil {
				t.Fatalf("%s, password %q: openssl %s: %v\n%s", tc.enc, pw, strings.Join(tc.args, " "), err, out)
			}
			for _, w := range append(tc.want,
				"Microsoft CSP Name: "+cspAES,
				"X509v3 Key Usage: 10",
				"Microsoft Local Key set",
				"friendlyName: agent01 OpsMgr",
				"subject=CN = agent01.contoso.test",
				"subject=O = pkcs12enc test, CN = Test Issuing CA") {
				if !strings.Contains(out, w) {
					t.Errorf("%s, password %q: openssl -info lacks %q:\n%s", tc.enc, pw, w, out)
				}
			}
			if _, err := openssl(t, pw+"x", args...); err == nil {
				t.Errorf("%s: openssl accepted a wrong password", tc.enc)
			}
		}
	}
}

func TestEncodeRefuses(t *testing.T) {
	p := newPKI(t)
	for _, tc := range []struct {
		name string
		key  any
		leaf []byte
		opts pkcs12enc.Options
		want error
	}{
		{"no leaf", p.leaf.Key, nil, pkcs12enc.Options{}, pkcs12enc.ErrNoCertificate},
		{"not a key", "key", p.leaf.DER, pkcs12enc.Options{}, pkcs12enc.ErrKey},
		{"password not UTF-8", p.leaf.Key, p.leaf.DER, pkcs12enc.Options{Password: "\xff"}, pkcs12enc.ErrOptions},
		{"negative iterations", p.leaf.Key, p.leaf.DER, pkcs12enc.Options{Iterations: -1}, pkcs12enc.ErrOptions},
		{"too many iterations", p.leaf.Key, p.leaf.DER, pkcs12enc.Options{Iterations: pkcs12enc.MaxIterations + 1}, pkcs12enc.ErrOptions},
		{"unknown encryption", p.leaf.Key, p.leaf.DER, pkcs12enc.Options{Encryption: 7}, pkcs12enc.ErrOptions},
	} {
		if _, err := pkcs12enc.Encode(tc.key, tc.leaf, nil, tc.opts); !errors.Is(err, tc.want) {
			t.Errorf("%s: err = %v, want %v", tc.name, err, tc.want)
		}
	}
	// The password is in no error.
	_, err := pkcs12enc.Encode("key", p.leaf.DER, nil, pkcs12enc.Options{Password: "hunter2-secret"})
	if err == nil || strings.Contains(err.Error(), "hunter2") {
		t.Errorf("err = %v", err)
	}
}

// TestCertificateOnlyDERParses: every certificate written is the DER given,
// byte for byte (crypto/x509 parses what certlint read back).
func TestCertificateOnlyDERParses(t *testing.T) {
	p := newPKI(t)
	der := encode(t, p, pkcs12enc.Options{Encryption: pkcs12enc.TripleDES})
	b, err := certlint.Load("out.pfx", der, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range b.Certificates() {
		if _, err := x509.ParseCertificate(c.Raw); err != nil {
			t.Fatal(err)
		}
	}
}

// BenchmarkEncode: one PFX (RSA 2048 key, leaf and two CA certificates)
// per profile, at the default 2,048 iterations.
func BenchmarkEncode(b *testing.B) {
	p := newPKI(b)
	for _, enc := range []pkcs12enc.Encryption{pkcs12enc.AES256, pkcs12enc.TripleDES} {
		name := "AES256"
		if enc == pkcs12enc.TripleDES {
			name = "TripleDES"
		}
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if _, err := pkcs12enc.Encode(p.leaf.Key, p.leaf.DER, [][]byte{p.inter.DER, p.root.DER}, windowsOptions("pw", enc)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
