package main

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/pem"
	"flag"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"software.sslmate.com/src/go-pkcs12"
)

var updateOutput = flag.Bool("update-output", false, "rewrite testdata/output/*.golden with the output of the binary as it is now")

// TestOutputUnchanged pins certlint's output byte for byte, in every format,
// over the shipped fixtures and over a corpus shaped like the benchmark's
// (agent certificates one per file, plus the defects and input forms an
// admin meets), plain and with a trust store given. Work done to make
// certlint faster (lazy parsing, caches, buffered output) must not change a
// byte of what it prints; a deliberate change of output is made with
// -update-output and shows in the diff of testdata/output.
//
// The corpus is made deterministically: its keys come from the shipped
// fixtures and RSA PKCS #1 v1.5 signatures do not depend on randomness, so
// the certificates are the same on every run. The PFX files are not (their
// salts are random), but nothing certlint prints depends on their bytes.
func TestOutputUnchanged(t *testing.T) {
	dir := t.TempDir()
	makeGoldenCorpus(t, dir)
	sums := copyFixtures(t, filepath.Join(dir, "fixtures"))
	manifest := filepath.Join("testdata", "output", "fixtures.sha256")
	if *updateOutput {
		if err := os.MkdirAll(filepath.Dir(manifest), 0o755); err != nil {
			t.Fatal(err)
		}
		writeFile(t, manifest, []byte(sums))
	} else if want, err := os.ReadFile(manifest); err != nil {
		t.Fatalf("%v (run with -update-output to write it)", err)
	} else if string(want) != sums {
		// The golden output holds the fixtures' thumbprints and serials: it
		// is only comparable with the fixtures it was written from.
		t.Fatalf("the fixtures are not those %s records: testdata/gen made new ones; if that was meant, rewrite the golden output with -update-output and review its diff", manifest)
	}
	writeFile(t, filepath.Join(dir, "password.txt"), readFixture(t, "password.txt"))

	formats := []string{"json", "text", "sarif", "junit", "github"}
	type run struct {
		name string
		args []string
	}
	var runs []run
	for _, f := range formats {
		runs = append(runs,
			run{"corpus-plain." + f, []string{"lint", "--format", f, "--role", "remote", "--at", at, "--password-file", "password.txt", "corpus"}},
			run{"corpus-chain." + f, []string{"lint", "--format", f, "--role", "remote", "--at", at, "--password-file", "password.txt",
				"--roots", "trust/root.pem", "--intermediates", "trust/inter.pem", "corpus"}},
			run{"fixtures." + f, []string{"lint", "--format", f, "--at", at, "--password-file", "password.txt", "--roots", "fixtures/ca/root.pem", "fixtures"}},
		)
	}
	runs = append(runs,
		run{"corpus-chain-verbose.json", []string{"lint", "--format", "json", "--verbose", "--at", at, "--password-file", "password.txt",
			"--host", "agent00.corp.example.test", "--roots", "trust/root.pem", "--intermediates", "trust/inter.pem", "corpus"}},
		run{"fixtures-verbose.text", []string{"lint", "--verbose", "--at", at, "--password-file", "password.txt",
			"--roots", "fixtures/ca/root.pem", "--intermediates", "fixtures/ca/intermediate.pem", "fixtures"}},
	)

	for _, r := range runs {
		res := exeGuarded(t, runSpec{dir: dir}, r.args...)
		got := normaliseOutput(dir, fmt.Sprintf("exit %d\n--- stdout\n%s--- stderr\n%s", res.code, res.stdout, res.stderr))
		golden := filepath.Join("testdata", "output", r.name+".golden")
		if *updateOutput {
			if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
				t.Fatal(err)
			}
			writeFile(t, golden, []byte(got))
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run with -update-output to write it)", err)
		}
		if got != string(want) {
			t.Errorf("%s: `certlint %s` differs from %s:\n%s", r.name, strings.Join(r.args, " "), golden, firstDiff(string(want), got))
		}
		if res.code > 2 || strings.Count(res.stdout, "\n") < 10 {
			t.Errorf("%s: exit %d with %d output lines: not the run meant", r.name, res.code, strings.Count(res.stdout, "\n"))
		}
	}
}

// sarifVersion is the tool version SARIF output carries, which depends on
// how the binary was built, not on what it found.
var sarifVersion = regexp.MustCompile(`("driver":\{"name":"certlint","informationUri":"[^"]*","version":)"[^"]*"`)

// normaliseOutput replaces what depends on the run rather than on the
// inputs: the SARIF tool version and the working directory (SARIF's
// SRCROOT).
func normaliseOutput(dir, s string) string {
	s = strings.ReplaceAll(s, filepath.ToSlash(dir), "$WORKDIR")
	return sarifVersion.ReplaceAllString(s, `$1"VERSION"`)
}

// copyFixtures copies the shipped fixtures (not the examples directory or
// the generator) into dst, so that the paths certlint prints are the same
// wherever the module is checked out, and returns their SHA-256 sums
// ("hex  name" lines).
func copyFixtures(t *testing.T, dst string) string {
	t.Helper()
	var sums strings.Builder
	for _, sub := range []string{"", "ca"} {
		if err := os.MkdirAll(filepath.Join(dst, sub), 0o755); err != nil {
			t.Fatal(err)
		}
		ents, err := os.ReadDir(filepath.Join(td, sub))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range ents {
			switch ext := filepath.Ext(e.Name()); ext {
			case ".pfx", ".pem", ".cer", ".p7b":
				data := readFixture(t, filepath.Join(sub, e.Name()))
				writeFile(t, filepath.Join(dst, sub, e.Name()), data)
				fmt.Fprintf(&sums, "%x  %s\n", sha256.Sum256(data), filepath.ToSlash(filepath.Join(sub, e.Name())))
			}
		}
	}
	return sums.String()
}

// fixtureKey returns the private key of a shipped fixture.
func fixtureKey(t *testing.T, name string) crypto.Signer {
	t.Helper()
	data := readFixture(t, name)
	if strings.HasSuffix(name, ".pem") {
		for {
			var blk *pem.Block
			if blk, data = pem.Decode(data); blk == nil {
				t.Fatalf("%s: no RSA PRIVATE KEY block", name)
			}
			if blk.Type == "RSA PRIVATE KEY" {
				k, err := x509.ParsePKCS1PrivateKey(blk.Bytes)
				if err != nil {
					t.Fatal(err)
				}
				return k
			}
		}
	}
	k, _, _, err := pkcs12.DecodeChain(data, fixturePassword)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return k.(crypto.Signer)
}

// makeGoldenCorpus writes dir/trust/{root,inter}.pem and dir/corpus: agent
// certificates issued by inter the way the benchmark issues them, and one
// file per defect or input form.
func makeGoldenCorpus(t *testing.T, dir string) {
	t.Helper()
	rootKey, interKey := fixtureKey(t, "good_ms.pfx"), fixtureKey(t, "warn_short_hostname.pfx")
	leafKey, otherKey := fixtureKey(t, "good_agent_pkcs1.pem"), fixtureKey(t, "warn_ca_leaf.pfx")
	ecKey, smallKey := fixtureKey(t, "fail_ecdsa.pfx"), fixtureKey(t, "warn_rsa1024.pfx")
	if _, ok := ecKey.(*ecdsa.PrivateKey); !ok {
		t.Fatalf("fail_ecdsa.pfx: want an ECDSA key, got %T", ecKey)
	}
	if k, ok := smallKey.(*rsa.PrivateKey); !ok || k.N.BitLen() != 1024 {
		t.Fatal("warn_rsa1024.pfx: want an RSA 1024 key")
	}
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	org := func(cn string) pkix.Name {
		return pkix.Name{CommonName: cn, Organization: []string{"Example Corp"}, Country: []string{"US"}}
	}
	issue := func(tmpl, parent *x509.Certificate, pub crypto.PublicKey, signer crypto.Signer) *x509.Certificate {
		t.Helper()
		if parent == nil {
			parent = tmpl
		}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, pub, signer)
		if err != nil {
			t.Fatal(err)
		}
		c, err := x509.ParseCertificate(der)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	root := issue(&x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: org("Golden Root CA"),
		NotBefore: base.AddDate(-5, 0, 0), NotAfter: base.AddDate(20, 0, 0),
		KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageCRLSign, BasicConstraintsValid: true, IsCA: true,
	}, nil, rootKey.Public(), rootKey)
	inter := issue(&x509.Certificate{
		SerialNumber: big.NewInt(2), Subject: org("Golden Issuing CA 1"),
		NotBefore: base.AddDate(-1, 0, 0), NotAfter: base.AddDate(10, 0, 0),
		KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageCRLSign, BasicConstraintsValid: true, IsCA: true, MaxPathLenZero: true,
		CRLDistributionPoints: []string{"http://pki.corp.example.test/crl/root.crl"},
	}, root, interKey.Public(), rootKey)

	// agent is the benchmark's agent profile for host number i.
	agent := func(i int) *x509.Certificate {
		host := fmt.Sprintf("agent%02d.corp.example.test", i)
		n := org(host)
		n.OrganizationalUnit = []string{fmt.Sprintf("Servers %d", i%17)}
		return &x509.Certificate{
			SerialNumber: new(big.Int).SetUint64(0x7f00_0000_0000_0000 + uint64(i)*0x1_0000_0001),
			Subject:      n, DNSNames: []string{host},
			NotBefore: base.Add(-time.Duration(i%720) * time.Hour), NotAfter: base.AddDate(1, 0, 0),
			KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
			ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
			BasicConstraintsValid: true,
			CRLDistributionPoints: []string{"http://pki.corp.example.test/crl/issuing1.crl"},
			IssuingCertificateURL: []string{"http://pki.corp.example.test/aia/issuing1.crt"},
			OCSPServer:            []string{"http://ocsp.corp.example.test"},
		}
	}
	pemOf := func(certs []*x509.Certificate, key crypto.Signer) []byte {
		var b bytes.Buffer
		for _, c := range certs {
			pem.Encode(&b, &pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})
		}
		if key != nil {
			der, err := x509.MarshalPKCS8PrivateKey(key)
			if err != nil {
				t.Fatal(err)
			}
			pem.Encode(&b, &pem.Block{Type: "PRIVATE KEY", Bytes: der})
		}
		return b.Bytes()
	}
	corpus, trust := filepath.Join(dir, "corpus"), filepath.Join(dir, "trust")
	for _, d := range []string{corpus, trust} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	writeFile(t, filepath.Join(trust, "root.pem"), pemOf([]*x509.Certificate{root}, nil))
	writeFile(t, filepath.Join(trust, "inter.pem"), pemOf([]*x509.Certificate{inter}, nil))
	put := func(name string, data []byte) { writeFile(t, filepath.Join(corpus, name), data) }

	for i := 0; i < 24; i++ {
		put(fmt.Sprintf("agent-%02d.pem", i), pemOf([]*x509.Certificate{issue(agent(i), inter, leafKey.Public(), interKey)}, nil))
	}
	variant := func(i int, edit func(*x509.Certificate)) *x509.Certificate {
		tmpl := agent(i)
		edit(tmpl)
		return issue(tmpl, inter, leafKey.Public(), interKey)
	}
	one := func(c *x509.Certificate) []byte { return pemOf([]*x509.Certificate{c}, nil) }
	put("v-expired.pem", one(variant(30, func(c *x509.Certificate) { c.NotAfter = base.AddDate(0, 3, 0) })))
	put("v-not-yet-valid.pem", one(variant(31, func(c *x509.Certificate) { c.NotBefore = base.AddDate(1, 0, 0) })))
	put("v-eku-server-only.pem", one(variant(32, func(c *x509.Certificate) { c.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth} })))
	put("v-no-eku.pem", one(variant(33, func(c *x509.Certificate) { c.ExtKeyUsage = nil })))
	put("v-ku-signature-only.pem", one(variant(34, func(c *x509.Certificate) { c.KeyUsage = x509.KeyUsageDigitalSignature })))
	put("v-name-second-san.pem", one(variant(35, func(c *x509.Certificate) {
		c.DNSNames = []string{"web35.corp.example.test", c.Subject.CommonName}
	})))
	put("v-empty-subject.pem", one(variant(36, func(c *x509.Certificate) { c.Subject = pkix.Name{} })))
	put("v-short-name.pem", one(variant(37, func(c *x509.Certificate) {
		c.Subject.CommonName, c.DNSNames = "agent37", []string{"agent37"}
	})))
	put("v-ca-as-leaf.pem", one(variant(38, func(c *x509.Certificate) { c.IsCA = true })))
	put("v-ecdsa.pem", pemOf([]*x509.Certificate{issue(agent(39), inter, ecKey.Public(), interKey)}, nil))
	put("v-rsa1024.pem", pemOf([]*x509.Certificate{issue(agent(40), inter, smallKey.Public(), interKey)}, nil))
	put("v-self-signed.pem", one(issue(agent(41), nil, leafKey.Public(), leafKey)))
	withKey := issue(agent(42), inter, leafKey.Public(), interKey)
	put("v-with-key.pem", pemOf([]*x509.Certificate{withKey}, leafKey))
	put("v-with-chain-and-key.pem", pemOf([]*x509.Certificate{withKey, inter, root}, leafKey))
	put("v-key-mismatch.pem", pemOf([]*x509.Certificate{issue(agent(43), inter, leafKey.Public(), interKey)}, otherKey))
	put("v-two-leaves.pem", pemOf([]*x509.Certificate{issue(agent(44), inter, leafKey.Public(), interKey), issue(agent(45), inter, leafKey.Public(), interKey)}, nil))
	der := issue(agent(46), inter, leafKey.Public(), interKey).Raw
	put("v-der.cer", der)
	put("v-base64.cer", []byte(base64.StdEncoding.EncodeToString(der)+"\r\n"))
	put("v-not-a-certificate.pem", []byte("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"))
	put("v-truncated.cer", der[:len(der)/2])
	for _, enc := range []struct {
		name string
		e    *pkcs12.Encoder
	}{{"v-modern.pfx", pkcs12.Modern}, {"v-legacy.pfx", pkcs12.LegacyDES}} {
		pfx, err := enc.e.Encode(leafKey, issue(agent(47), inter, leafKey.Public(), interKey), []*x509.Certificate{inter, root}, fixturePassword)
		if err != nil {
			t.Fatal(err)
		}
		put(enc.name, pfx)
	}
}
