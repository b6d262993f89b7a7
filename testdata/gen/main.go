// Command gen regenerates certlint's test fixtures (the contract is the
// fixture list in testdata/README.md, which this program also writes).
//
// Run it from the repository root:
//
//	go run ./testdata/gen
//
// Certificates are made with crypto/x509 from a fixed test PKI whose keys are
// generated fresh on every run. PFX files that need a real Windows-style bag
// attribute (CSP name, Microsoft key usage KEY_EX / KEY_SIG, local machine key
// set) are made with `openssl pkcs12 -export`, which must be on PATH
// (OpenSSL 3.x). The one PFX OpenSSL refuses to write (a key that does not
// match the certificate) is made with go-pkcs12's Encoder.
//
// Every password-protected fixture uses the password in testdata/password.txt
// ("certlint-example"). It is a published test password, nothing else.
package main

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/pem"
	"errors"
	"flag"
	"fmt"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"software.sslmate.com/src/go-pkcs12"
)

// password is the published fixture password (testdata/password.txt).
const password = "certlint-example"

const (
	agentHost = "agent01.contoso.test"
	msHost    = "ms01.contoso.test"
	// Providers written into the PFX CSP-name bag attribute (1.3.6.1.4.1.311.17.1).
	cspAES    = "Microsoft Enhanced RSA and AES Cryptographic Provider"
	cspLegacy = "Microsoft Enhanced Cryptographic Provider v1.0"
	kspSoft   = "Microsoft Software Key Storage Provider"
)

var (
	goodFrom = date(2025, 1, 1)
	goodTo   = date(2035, 1, 1)
)

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// fixture is one generated file and its line in testdata/README.md.
type fixture struct {
	name string // path relative to testdata/
	how  string // how it is made
	why  string // why it is good or bad
	want string // what a correct linter reports (event or warning)
}

var (
	outDir   string
	tmpDir   string
	fixtures []fixture
)

func main() {
	flag.StringVar(&outDir, "out", "testdata", "directory to write the fixtures into")
	flag.Parse()
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

// issuer is a CA able to sign certificates.
type issuer struct {
	cert *x509.Certificate
	key  crypto.Signer
}

// leafSpec describes a leaf certificate; the zero value of each field means
// "the good agent profile".
type leafSpec struct {
	cn, san   string
	emptySubj bool
	key       crypto.Signer
	from, to  time.Time
	eku       []x509.ExtKeyUsage
	noEKU     bool
	ku        x509.KeyUsage
	isCA      bool
	sigAlg    x509.SignatureAlgorithm
	parent    *issuer
	rsaBits   int
	ecdsa     bool
}

func run() error {
	if _, err := exec.LookPath("openssl"); err != nil {
		return errors.New("openssl not found on PATH (OpenSSL 3.x is needed for the Windows PFX attributes)")
	}
	var err error
	tmpDir, err = os.MkdirTemp("", "certlint-gen-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmpDir)
	for _, d := range []string{outDir, filepath.Join(outDir, "ca"), filepath.Join(outDir, "examples")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
	}

	// The fixed test PKI.
	root, err := newCA("certlint Test Root CA", "certlint test", nil)
	if err != nil {
		return err
	}
	inter, err := newCA("certlint Test Issuing CA", "certlint test", root)
	if err != nil {
		return err
	}
	otherRoot, err := newCA("certlint Other Root CA", "", nil)
	if err != nil {
		return err
	}
	otherInter, err := newCA("certlint Other Issuing CA", "", otherRoot)
	if err != nil {
		return err
	}
	for _, c := range []struct {
		name string
		ca   *issuer
		why  string
	}{
		{"ca/root.pem", root, "the test root CA (self-signed, RSA 2048, SHA-256): the trust anchor to give with --roots"},
		{"ca/intermediate.pem", inter, "the issuing CA (signed by the root) that issues every leaf unless said otherwise"},
		{"ca/other-root.pem", otherRoot, "an unrelated root: fail_unknown_root.pfx chains to it, not to ca/root.pem"},
	} {
		if err := writeFile(c.name, pemCert(c.ca.cert)); err != nil {
			return err
		}
		want := "-> linted itself (--role remote) it is no OpsMgr certificate: 20050, 20049 and the CA-as-leaf warning"
		if c.ca == otherRoot {
			want += ", and 20072 (not under --roots ca/root.pem)"
		}
		add(c.name, "crypto/x509, PEM CERTIFICATE", c.why, want)
	}
	chain := []*x509.Certificate{inter.cert, root.cert}

	// The good agent certificate and its key, shared by every good_agent* file.
	agentKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return err
	}
	agent, err := newLeaf(leafSpec{cn: agentHost, key: agentKey, parent: inter})
	if err != nil {
		return err
	}
	good := "-> no findings"
	ex := []string{"-CSP", cspAES, "-keyex"}
	steps := []struct {
		name, how, why, want string
		do                   func(name string) error
	}{
		{"good_agent.pfx", "openssl pkcs12 -export (AES-256-CBC/PBKDF2, OpenSSL 3 default) -CSP \"" + cspAES + "\" -keyex, leaf+intermediate+root",
			"the profile Microsoft's doc asks for: RSA 2048, SHA-256, CN and SAN DNS = FQDN, EKU serverAuth+clientAuth, KU digitalSignature+keyEncipherment, legacy CSP, KEY_EX", good,
			func(n string) error { return opensslPFX(n, agent, agentKey, chain, password, ex...) }},
		{"good_agent_legacy.pfx", "openssl pkcs12 -export -legacy (3DES key, RC2-40 certs) -CSP \"" + cspLegacy + "\" -keyex",
			"same certificate and key, the encryption older Windows versions write, and the other common legacy CSP", good,
			func(n string) error {
				return opensslPFX(n, agent, agentKey, chain, password, "-legacy", "-CSP", cspLegacy, "-keyex")
			}},
		{"good_agent_lmk.pfx", "openssl pkcs12 -export -CSP \"" + cspAES + "\" -keyex -LMK",
			"same, with the local-machine key set attribute (1.3.6.1.4.1.311.17.2)", good,
			func(n string) error { return opensslPFX(n, agent, agentKey, chain, password, append(ex, "-LMK")...) }},
		{"good_agent_nopassword.pfx", "openssl pkcs12 -export -CSP \"" + cspAES + "\" -keyex -passout pass: (empty password)",
			"same, protected by the empty password", good,
			func(n string) error { return opensslPFX(n, agent, agentKey, chain, "", ex...) }},
		{"good_agent_noattrs.pfx", "openssl pkcs12 -export with no -CSP and no -keyex/-keysig",
			"same, no provider and no key usage attribute: Windows chooses at import (a legacy CSP and AT_KEYEXCHANGE unless the importer asks for CNG)", good,
			func(n string) error { return opensslPFX(n, agent, agentKey, chain, password) }},
		{"good_agent.pem", "PEM: CERTIFICATE, PKCS#8 PRIVATE KEY, intermediate, root in one file",
			"the good agent certificate as a PEM bundle", good,
			func(n string) error {
				der, err := x509.MarshalPKCS8PrivateKey(agentKey)
				if err != nil {
					return err
				}
				return writeFile(n, cat(pemCert(agent), pemBlock("PRIVATE KEY", der), pemCert(inter.cert), pemCert(root.cert)))
			}},
		{"good_agent_pkcs1.pem", "PEM: CERTIFICATE + PKCS#1 RSA PRIVATE KEY",
			"the good agent certificate with a traditional OpenSSL key", good + " (no chain in the file: lint with --intermediates ca/intermediate.pem)",
			func(n string) error {
				return writeFile(n, cat(pemCert(agent), pemBlock("RSA PRIVATE KEY", x509.MarshalPKCS1PrivateKey(agentKey))))
			}},
		{"good_agent_encrypted.pem", "PEM: CERTIFICATE + ENCRYPTED PRIVATE KEY (openssl pkcs8 -topk8 -v2 aes-256-cbc -v2prf hmacWithSHA256, fixture password)",
			"the good agent certificate with a PBES2-encrypted PKCS#8 key", good + " (no chain in the file: lint with --intermediates ca/intermediate.pem)",
			func(n string) error {
				enc, err := encryptedPKCS8(agentKey)
				if err != nil {
					return err
				}
				return writeFile(n, cat(pemCert(agent), enc))
			}},
		{"good_agent.cer", "DER certificate only (what the Windows export wizard writes as .cer)",
			"the good agent certificate without a key", good + " with --role remote (with the local role: 21036, no private key)",
			func(n string) error { return writeFile(n, agent.Raw) }},
		{"good_agent_b64.cer", "PEM certificate only (\"Base-64 encoded X.509 (.CER)\")",
			"the good agent certificate without a key", good + " with --role remote",
			func(n string) error { return writeFile(n, pemCert(agent)) }},
		{"chain.p7b", "openssl crl2pkcs7 -nocrl -outform DER: certs-only PKCS#7 with leaf, intermediate, root",
			"the good agent chain without a key", good + " with --role remote",
			func(n string) error { return opensslP7B(n, "DER", agent, inter.cert, root.cert) }},
		{"chain_pem.p7b", "openssl crl2pkcs7 -nocrl -outform PEM: the same, PEM \"PKCS7\"",
			"the good agent chain without a key", good + " with --role remote",
			func(n string) error { return opensslP7B(n, "PEM", agent, inter.cert, root.cert) }},
		{"good_ms.pfx", "openssl pkcs12 -export -CSP \"" + cspAES + "\" -keyex",
			"a good management server certificate for " + msHost, good,
			func(n string) error { return leafPFX(n, leafSpec{cn: msHost, parent: inter}, chain, ex...) }},

		{"fail_eku_server_only.pfx", "good profile but EKU serverAuth only",
			"OpsMgr authenticates both ways: the certificate must carry Client Authentication too", "-> 20050, then 21021, 21007, 21016",
			func(n string) error {
				return leafPFX(n, leafSpec{parent: inter, eku: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}, chain, ex...)
			}},
		{"fail_no_eku.pfx", "good profile without an EKU extension",
			"OpsMgr requires the EKU extension with Server and Client Authentication; it does not treat 'no EKU' as 'any purpose'", "-> 20050, then 21021, 21007, 21016",
			func(n string) error { return leafPFX(n, leafSpec{parent: inter, noEKU: true}, chain, ex...) }},
		{"fail_keysig.pfx", "openssl pkcs12 -export -CSP \"" + cspAES + "\" -keysig (key usage attribute KEY_SIG 0x80)",
			"Windows imports the key as AT_SIGNATURE; OpsMgr needs AT_KEYEXCHANGE", "-> 20069, then 21021, 21007, 21016",
			func(n string) error {
				return leafPFX(n, leafSpec{parent: inter}, chain, "-CSP", cspAES, "-keysig")
			}},
		{"fail_ksp.pfx", "openssl pkcs12 -export -CSP \"" + kspSoft + "\" -keyex",
			"the key goes to a CNG key storage provider, which OpsMgr does not support (KeySpec 0)", "-> 20069, then 21021, 21007, 21016",
			func(n string) error { return leafPFX(n, leafSpec{parent: inter}, chain, "-CSP", kspSoft, "-keyex") }},
		{"fail_ecdsa.pfx", "good profile with an ECDSA P-256 key, openssl pkcs12 -export -CSP \"" + cspAES + "\" -keyex",
			"OpsMgr needs an RSA key exchange key; a legacy CSP cannot hold an ECDSA key", "-> 20069, then 21021, 21007, 21016",
			func(n string) error { return leafPFX(n, leafSpec{parent: inter, ecdsa: true}, chain, ex...) }},
		{"fail_ku_no_keyencipherment.pfx", "good profile with KU digitalSignature only",
			"OpsMgr needs digitalSignature and keyEncipherment (0xA0) in the key usage", "-> 20049 (inferred: no public message text), then 21021, 21007, 21016",
			func(n string) error {
				return leafPFX(n, leafSpec{parent: inter, ku: x509.KeyUsageDigitalSignature}, chain, ex...)
			}},
		{"fail_no_private_key.pfx", "openssl pkcs12 -export -nokeys: leaf, intermediate, root, no key",
			"MOMCertImport registers it but the connector cannot use a certificate without its private key", "-> 20077 (local role; related 20068, 21036), then 21021, 21007, 21016",
			func(n string) error {
				return opensslPFX(n, agent, nil, chain, password, "-nokeys")
			}},
		{"fail_key_mismatch.pfx", "go-pkcs12 Modern.Encode with the good agent certificate and another RSA 2048 key (openssl refuses to write it)",
			"the private key in the file is not the certificate's", "-> 20068 (related 21036), then 21021, 21007, 21016",
			func(n string) error {
				other, err := rsa.GenerateKey(rand.Reader, 2048)
				if err != nil {
					return err
				}
				pfx, err := pkcs12.Modern.Encode(other, agent, chain, password)
				if err != nil {
					return err
				}
				return writeFile(n, pfx)
			}},
		{"fail_unknown_root.pfx", "good profile issued by \"certlint Other Issuing CA\" under ca/other-root.pem; PFX holds leaf, that issuer, other root",
			"linted with --roots ca/root.pem the chain ends in a root the computer does not trust", "-> 20072 on the receiver, 20071 and 21016 on the sender (with --roots ca/root.pem)",
			func(n string) error {
				return leafPFX(n, leafSpec{parent: otherInter}, []*x509.Certificate{otherInter.cert, otherRoot.cert}, ex...)
			}},
		{"fail_missing_intermediate.pfx", "good profile, PFX holds the leaf only",
			"linted with --roots ca/root.pem there is no path from the leaf to the root", "-> 20072 on the receiver, 20071 and 21016 on the sender (with --roots ca/root.pem)",
			func(n string) error { return leafPFX(n, leafSpec{parent: inter}, nil, ex...) }},
		{"fail_empty_subject.pfx", "good profile with an empty subject DN; SAN DNS only (marked critical, RFC 5280 4.2.1.6)",
			"the connector cannot read a subject name from the certificate", "-> 20075 (local role; 20076 for a remote certificate), then 21021, 21007, 21016",
			func(n string) error { return leafPFX(n, leafSpec{parent: inter, emptySubj: true}, chain, ex...) }},
		{"fail_expired.pfx", "good profile valid 2020-01-01 .. 2021-01-01",
			"the connector refuses a certificate outside its validity period when it loads it", "-> 20051, then 21021, 21007, 21016",
			func(n string) error {
				return leafPFX(n, leafSpec{parent: inter, from: date(2020, 1, 1), to: date(2021, 1, 1)}, chain, ex...)
			}},
		{"fail_not_yet_valid.pfx", "good profile valid 2040-01-01 .. 2045-01-01",
			"a certificate that is not valid yet is refused just the same", "-> 20051, then 21021, 21007, 21016",
			func(n string) error {
				return leafPFX(n, leafSpec{parent: inter, from: date(2040, 1, 1), to: date(2045, 1, 1)}, chain, ex...)
			}},
		{"fail_wrong_host.pfx", "good profile for web01.contoso.test",
			"linted with --host agent01.contoso.test: the certificate does not name the computer", "-> 20052 (with --host agent01.contoso.test), then 21021, 21007, 21016",
			func(n string) error {
				return leafPFX(n, leafSpec{parent: inter, cn: "web01.contoso.test"}, chain, ex...)
			}},
		{"fail_key_unusable.pem", "PEM: the good agent CERTIFICATE + a PKCS#8 PRIVATE KEY whose RSA private exponent d was changed (n, e, p, q kept)",
			"the key is the certificate's by its public half but fails its own consistency check: every signature with it fails", "-> 20068 (related 21036), then 21021, 21007, 21016 (no chain in the file: lint with --intermediates ca/intermediate.pem)",
			func(n string) error {
				bad, err := corruptPKCS8(agentKey)
				if err != nil {
					return err
				}
				return writeFile(n, cat(pemCert(agent), pemBlock("PRIVATE KEY", bad)))
			}},
		{"warn_key_provider_unknown.pfx", "openssl pkcs12 -export -CSP \"Contoso HSM Cryptographic Provider\" -keyex",
			"a provider that is neither a Microsoft RSA CSP nor a CNG KSP: certlint cannot tell whether it holds an RSA exchange key", "-> warning (no event of its own; related 20069)",
			func(n string) error {
				return leafPFX(n, leafSpec{parent: inter}, chain, "-CSP", "Contoso HSM Cryptographic Provider", "-keyex")
			}},
		{"warn_rsa1024.pfx", "good profile with an RSA 1024 key",
			"below the 2048 bits Microsoft's doc and current CAs require", "-> warning (no event)",
			func(n string) error { return leafPFX(n, leafSpec{parent: inter, rsaBits: 1024}, chain, ex...) }},
		{"warn_sha1.pfx", "good profile signed with sha1WithRSAEncryption",
			"Microsoft's doc asks for SHA-256; SHA-1 signatures are being refused by Windows", "-> warning (no event)",
			func(n string) error {
				return leafPFX(n, leafSpec{parent: inter, sigAlg: x509.SHA1WithRSA}, chain, ex...)
			}},
		{"warn_ca_leaf.pfx", "good profile with basicConstraints CA:TRUE",
			"a CA certificate used as the computer's own certificate", "-> warning (no event)",
			func(n string) error { return leafPFX(n, leafSpec{parent: inter, isCA: true}, chain, ex...) }},
		{"warn_short_hostname.pfx", "good profile with CN and SAN DNS \"agent01\"",
			"a short host name where OpsMgr wants the FQDN the computer is known by in DNS", "-> warning (no event of its own; related 20052)",
			func(n string) error { return leafPFX(n, leafSpec{parent: inter, cn: "agent01"}, chain, ex...) }},
	}
	for _, s := range steps {
		if err := s.do(s.name); err != nil {
			return fmt.Errorf("%s: %w", s.name, err)
		}
		add(s.name, s.how, s.why, s.want)
	}

	for _, n := range []string{"good_agent.pfx", "fail_keysig.pfx", "fail_eku_server_only.pfx", "fail_no_private_key.pfx"} {
		b, err := os.ReadFile(filepath.Join(outDir, n))
		if err != nil {
			return err
		}
		e := "examples/" + n
		if err := writeFile(e, b); err != nil {
			return err
		}
		add(e, "a copy of "+n, "what README's example command lints", "-> same as "+n)
	}
	if err := writeFile("password.txt", []byte(password+"\n")); err != nil {
		return err
	}
	add("password.txt", "the fixture password on its first line", "give it with --password-file testdata/password.txt", "(not a certificate)")
	return writeReadme()
}

func add(name, how, why, want string) {
	fixtures = append(fixtures, fixture{name: name, how: how, why: why, want: want})
}

func writeReadme() error {
	var b bytes.Buffer
	b.WriteString("# testdata\n\n")
	b.WriteString("Generated by `go run ./testdata/gen` from the repository root (needs OpenSSL 3.x on PATH); do not edit by hand.\n")
	b.WriteString("Keys are generated fresh on every run. Password of every protected file: `" + password + "` (password.txt).\n")
	b.WriteString("Test PKI: ca/root.pem -> ca/intermediate.pem -> leaves; host agent01.contoso.test, management server ms01.contoso.test;\n")
	b.WriteString("good leaves are valid 2025-01-01 .. 2035-01-01. Expected findings assume role local, --at 2026-06-01T00:00:00Z,\n")
	b.WriteString("--roots ca/root.pem (see lints/golden_test.go, which checks every file here).\n\n")
	sort.SliceStable(fixtures, func(i, j int) bool { return fixtures[i].name < fixtures[j].name })
	for _, f := range fixtures {
		fmt.Fprintf(&b, "- `%s`: %s; %s %s\n", f.name, f.how, f.why, f.want)
	}
	return writeFile("README.md", b.Bytes())
}

var serialLimit = new(big.Int).Lsh(big.NewInt(1), 127)

func serial() (*big.Int, error) {
	s, err := rand.Int(rand.Reader, serialLimit)
	if err != nil {
		return nil, err
	}
	return s.Add(s, big.NewInt(1)), nil
}

// newCA makes a CA; parent nil makes a self-signed root.
func newCA(cn, o string, parent *issuer) (*issuer, error) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, err
	}
	sn, err := serial()
	if err != nil {
		return nil, err
	}
	subj := pkix.Name{CommonName: cn}
	if o != "" {
		subj.Organization = []string{o}
	}
	tmpl := &x509.Certificate{
		SerialNumber:          sn,
		Subject:               subj,
		NotBefore:             date(2015, 1, 1),
		NotAfter:              date(2050, 1, 1),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign | x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
		IsCA:                  true,
		SignatureAlgorithm:    x509.SHA256WithRSA,
	}
	signerCert, signerKey := tmpl, crypto.Signer(key)
	if parent != nil {
		tmpl.MaxPathLenZero = true
		signerCert, signerKey = parent.cert, parent.key
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, signerCert, key.Public(), signerKey)
	if err != nil {
		return nil, err
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	return &issuer{cert: c, key: key}, nil
}

// newLeaf makes a leaf from s, defaulting to the good agent profile; it sets
// s.key when it generates the key.
func newLeaf(s leafSpec) (*x509.Certificate, error) {
	if s.cn == "" {
		s.cn = agentHost
	}
	if s.san == "" {
		s.san = s.cn
	}
	if s.from.IsZero() {
		s.from, s.to = goodFrom, goodTo
	}
	if s.eku == nil && !s.noEKU {
		s.eku = []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth}
	}
	if s.ku == 0 {
		s.ku = x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment
	}
	if s.sigAlg == 0 {
		s.sigAlg = x509.SHA256WithRSA
	}
	sn, err := serial()
	if err != nil {
		return nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:       sn,
		NotBefore:          s.from,
		NotAfter:           s.to,
		DNSNames:           []string{s.san},
		ExtKeyUsage:        s.eku,
		KeyUsage:           s.ku,
		SignatureAlgorithm: s.sigAlg,
	}
	if !s.emptySubj {
		tmpl.Subject = pkix.Name{CommonName: s.cn}
	}
	if s.isCA {
		tmpl.BasicConstraintsValid, tmpl.IsCA = true, true
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, s.parent.cert, s.key.Public(), s.parent.key)
	if err != nil {
		return nil, err
	}
	return x509.ParseCertificate(der)
}

// leafPFX makes a leaf from s with a fresh key and exports it with openssl.
func leafPFX(name string, s leafSpec, chain []*x509.Certificate, args ...string) error {
	var err error
	switch {
	case s.ecdsa:
		s.key, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	case s.rsaBits != 0:
		s.key, err = rsa.GenerateKey(rand.Reader, s.rsaBits)
	default:
		s.key, err = rsa.GenerateKey(rand.Reader, 2048)
	}
	if err != nil {
		return err
	}
	leaf, err := newLeaf(s)
	if err != nil {
		return err
	}
	return opensslPFX(name, leaf, s.key, chain, password, args...)
}

// opensslPFX writes testdata/name with `openssl pkcs12 -export`; key nil
// means -nokeys.
func opensslPFX(name string, leaf *x509.Certificate, key crypto.Signer, chain []*x509.Certificate, pass string, args ...string) error {
	certs := pemCert(leaf)
	for _, c := range chain {
		certs = append(certs, pemCert(c)...)
	}
	certFile := filepath.Join(tmpDir, "certs.pem")
	if err := os.WriteFile(certFile, certs, 0o600); err != nil {
		return err
	}
	argv := []string{"pkcs12", "-export", "-in", certFile, "-out", filepath.Join(outDir, name), "-passout", "pass:" + pass}
	if key != nil {
		der, err := x509.MarshalPKCS8PrivateKey(key)
		if err != nil {
			return err
		}
		keyFile := filepath.Join(tmpDir, "key.pem")
		if err := os.WriteFile(keyFile, pemBlock("PRIVATE KEY", der), 0o600); err != nil {
			return err
		}
		argv = append(argv, "-inkey", keyFile, "-name", leaf.Subject.CommonName)
	}
	if err := openssl(append(argv, args...)...); err != nil {
		return err
	}
	return os.Chmod(filepath.Join(outDir, name), 0o644)
}

func opensslP7B(name, form string, certs ...*x509.Certificate) error {
	var all []byte
	for _, c := range certs {
		all = append(all, pemCert(c)...)
	}
	f := filepath.Join(tmpDir, "p7b.pem")
	if err := os.WriteFile(f, all, 0o600); err != nil {
		return err
	}
	if err := openssl("crl2pkcs7", "-nocrl", "-certfile", f, "-outform", form, "-out", filepath.Join(outDir, name)); err != nil {
		return err
	}
	return os.Chmod(filepath.Join(outDir, name), 0o644)
}

func encryptedPKCS8(key crypto.Signer) ([]byte, error) {
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, err
	}
	in := filepath.Join(tmpDir, "plain.pem")
	out := filepath.Join(tmpDir, "enc.pem")
	if err := os.WriteFile(in, pemBlock("PRIVATE KEY", der), 0o600); err != nil {
		return nil, err
	}
	if err := openssl("pkcs8", "-topk8", "-in", in, "-out", out, "-v2", "aes-256-cbc", "-v2prf", "hmacWithSHA256", "-passout", "pass:"+password); err != nil {
		return nil, err
	}
	return os.ReadFile(out)
}

func openssl(args ...string) error {
	cmd := exec.Command("openssl", args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("openssl %s: %v: %s", args[0], err, strings.TrimSpace(stderr.String()))
	}
	return nil
}

// corruptPKCS8 encodes key as PKCS#8 (RFC 5208) around PKCS#1 (RFC 8017
// A.1.2) with d changed, so the key is well-formed ASN.1 but fails the RSA
// consistency check (d*e != 1 mod p-1).
func corruptPKCS8(key *rsa.PrivateKey) ([]byte, error) {
	key.Precompute()
	type pkcs1 struct {
		Version               int
		N                     *big.Int
		E                     int
		D, P, Q, Dp, Dq, Qinv *big.Int
	}
	d := new(big.Int).Add(key.D, big.NewInt(2))
	inner, err := asn1.Marshal(pkcs1{0, key.N, key.E, d, key.Primes[0], key.Primes[1],
		key.Precomputed.Dp, key.Precomputed.Dq, key.Precomputed.Qinv})
	if err != nil {
		return nil, err
	}
	type algorithm struct {
		OID    asn1.ObjectIdentifier
		Params asn1.RawValue
	}
	type privateKeyInfo struct {
		Version    int
		Algorithm  algorithm
		PrivateKey []byte
	}
	rsaEncryption := asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 1}
	return asn1.Marshal(privateKeyInfo{0, algorithm{rsaEncryption, asn1.NullRawValue}, inner})
}

func writeFile(name string, data []byte) error {
	return os.WriteFile(filepath.Join(outDir, name), data, 0o644)
}

func pemBlock(typ string, der []byte) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der})
}

func pemCert(c *x509.Certificate) []byte { return pemBlock("CERTIFICATE", c.Raw) }

func cat(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
