package main

import (
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/certlint/certlint/certlint/testpki"
	pkcs12 "software.sslmate.com/src/go-pkcs12"
)

// Never a false pass, through the built binary: each input here once gave
// "OK no findings" and exit status 0, or was linted as something it is not.

func write(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func pemBlock(typ string, ders ...[]byte) []byte {
	var out []byte
	for _, d := range ders {
		out = append(out, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: d})...)
	}
	return out
}

func TestBinaryKeyWithoutCertificate(t *testing.T) {
	p8, err := x509.MarshalPKCS8PrivateKey(testpki.SharedRSAKey(t))
	if err != nil {
		t.Fatal(err)
	}
	key := write(t, t.TempDir(), "agent.key", pemBlock("PRIVATE KEY", p8))
	for _, role := range []string{"local", "remote"} {
		r := exe(t, nil, nil, "lint", "--role", role, key)
		wantCode(t, r, 1)
		if !strings.Contains(r.stdout, "ERROR   e_opsmgr_no_certificate  event 21022") || strings.Contains(r.stdout, "no findings") {
			t.Errorf("role %s:\n%s", role, r.stdout)
		}
	}
}

func TestBinaryEveryEndEntityLinted(t *testing.T) {
	pki := testpki.PKI{Org: "certlint bundle test", RSALeaves: true}
	ca := pki.CA(t, "Issuing CA", nil)
	good := pki.Leaf(t, "agent01.contoso.test", ca)
	expired := pki.Leaf(t, "agent02.contoso.test", ca, testpki.Validity(time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)))
	serverOnly := pki.Leaf(t, "agent03.contoso.test", ca, testpki.EKU(x509.ExtKeyUsageServerAuth))
	bundle := write(t, t.TempDir(), "agents.pem", pemBlock("CERTIFICATE", good.DER, expired.DER, serverOnly.DER, ca.DER))

	r := exe(t, nil, nil, "lint", "--role", "remote", "--at", at, bundle)
	wantCode(t, r, 1)
	blocks := strings.Split(r.stdout, bundle+" (pem), end-entity certificate ")
	if len(blocks) != 4 {
		t.Fatalf("want 3 blocks, one per end-entity certificate:\n%s", r.stdout)
	}
	for i, want := range []struct{ head, subject, finding string }{
		{"1 of 3 (certificate #1 in the file)", "CN=agent01.contoso.test", "OK      no findings"},
		{"2 of 3 (certificate #2 in the file)", "CN=agent02.contoso.test", "e_opsmgr_cert_expired"},
		{"3 of 3 (certificate #3 in the file)", "CN=agent03.contoso.test", "e_opsmgr_eku_missing_server_or_client_auth"},
	} {
		b := blocks[i+1]
		if !strings.HasPrefix(b, want.head+"\n") || !strings.Contains(b, "subject          "+want.subject+"\n") || !strings.Contains(b, want.finding) {
			t.Errorf("block %d lacks %q, %q or %q:\n%s", i+1, want.head, want.subject, want.finding, b)
		}
	}
	if !strings.HasSuffix(r.stdout, "1 file: 2 errors, 0 warnings, 0 unreadable\n") {
		t.Errorf("summary:\n%s", r.stdout)
	}

	r = exe(t, nil, nil, "lint", "--format", "json", "--role", "remote", "--at", at, bundle)
	wantCode(t, r, 1)
	reps := decodeLines(t, r.stdout)
	if len(reps) != 3 {
		t.Fatalf("%d JSON objects, want 3", len(reps))
	}
	for i, rep := range reps {
		if rep.File != bundle || rep.Part != i+1 || rep.Parts != 3 || rep.Certificate == nil {
			t.Errorf("object %d: file %s, part %d of %d", i, rep.File, rep.Part, rep.Parts)
		}
	}
	if reps[0].Certificate.SHA1 == reps[1].Certificate.SHA1 || len(findingEvents(reps[1])) == 0 || len(findingEvents(reps[2])) == 0 {
		t.Errorf("the objects do not tell the certificates apart: %+v", reps)
	}

	r = exe(t, nil, nil, "lint", "--format", "sarif", "--role", "remote", "--at", at, bundle)
	wantCode(t, r, 1)
	log := checkSARIF(t, r.stdout)
	var msgs []string
	for _, res := range log.Runs[0].Results {
		msgs = append(msgs, res.Message.Text)
	}
	if len(msgs) != 2 || !strings.HasPrefix(msgs[0], "end-entity certificate 2 of 3 (CN=agent02.contoso.test): ") ||
		!strings.HasPrefix(msgs[1], "end-entity certificate 3 of 3 (CN=agent03.contoso.test): ") {
		t.Errorf("SARIF results do not name their certificate: %q", msgs)
	}
}

func TestBinaryNothingToLint(t *testing.T) {
	root := t.TempDir()
	empty := filepath.Join(root, "empty")
	if err := os.Mkdir(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	r := exe(t, nil, nil, "lint", empty)
	wantCode(t, r, 2)
	if r.stderr != "certlint: "+empty+": nothing to lint: a directory with no certificate file in it or below it (certlint reads .pfx .p12 .pem .crt .cer .der .p7b .p7c .key; give a file explicitly to lint another name)\n" {
		t.Errorf("stderr %q", r.stderr)
	}
	// With a good file beside it: the file is linted, the run still fails.
	r = exe(t, nil, nil, "lint", "--role", "remote", "--at", at, p("good_agent.cer"), empty)
	wantCode(t, r, 2)
	if !strings.Contains(r.stdout, "OK      no findings") || !strings.Contains(r.stderr, empty+": nothing to lint") {
		t.Errorf("stdout:\n%s\nstderr:\n%s", r.stdout, r.stderr)
	}
}

func TestBinaryUnparseableCertificate(t *testing.T) {
	pki := testpki.PKI{Org: "certlint unparseable"}
	ca := pki.CA(t, "Issuing CA", nil)
	key := testpki.SharedRSAKey(t)
	// A malformed CRL distribution points extension (RFC 5280 §4.2.1.13):
	// neither crypto/x509 nor zcrypto reads the certificate.
	tpl := &x509.Certificate{
		SerialNumber: big.NewInt(77), Subject: pkix.Name{CommonName: "agent01.contoso.test"},
		NotBefore: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), NotAfter: time.Date(2035, 1, 1, 0, 0, 0, 0, time.UTC),
		ExtraExtensions: []pkix.Extension{{Id: []int{2, 5, 29, 31}, Value: []byte{0x30, 0x03, 0x02, 0x01, 0x00}}},
	}
	der, err := x509.CreateCertificate(rand.Reader, tpl, ca.X, &key.PublicKey, ca.Key)
	if err != nil {
		t.Fatal(err)
	}
	cer := write(t, t.TempDir(), "bad-crldp.cer", der)
	r := exe(t, nil, nil, "lint", "--role", "remote", "--at", at, cer)
	wantCode(t, r, 1)
	if !strings.Contains(r.stdout, "ERROR   e_opsmgr_certificate_unparseable") || !strings.Contains(r.stdout, "CRL distribution points extension is malformed") ||
		!strings.Contains(r.stdout, "valid            unknown") || strings.Contains(r.stdout, "no findings") {
		t.Errorf("stdout:\n%s", r.stdout)
	}
}

func TestBinaryCRLAndCSRInDER(t *testing.T) {
	pki := testpki.PKI{Org: "certlint detection"}
	ca := pki.CA(t, "Issuing CA", nil)
	crl, err := x509.CreateRevocationList(rand.Reader, &x509.RevocationList{Number: big.NewInt(1), ThisUpdate: time.Now(), NextUpdate: time.Now().Add(time.Hour)}, ca.X, ca.Key)
	if err != nil {
		t.Fatal(err)
	}
	csr, err := x509.CreateCertificateRequest(rand.Reader, &x509.CertificateRequest{Subject: pkix.Name{CommonName: "agent01.contoso.test"}}, ca.Key)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, c := range []struct{ name, want string }{
		{write(t, dir, "ca.crl", crl), "not a certificate container: the input is a certificate revocation list (CRL, RFC 5280 §5), not a certificate"},
		{write(t, dir, "ca_crl.pem", pemBlock("X509 CRL", crl)), "not a certificate container: PEM with no certificate and no private key (found 1 X509 CRL)"},
		{write(t, dir, "request.der", csr), "not a certificate container: the input is a certificate request (PKCS#10 CSR, RFC 2986), not a certificate"},
		{write(t, dir, "request.pem", pemBlock("CERTIFICATE REQUEST", csr)), "not a certificate container: PEM with no certificate and no private key (found 1 CERTIFICATE REQUEST)"},
	} {
		r := exe(t, nil, nil, "lint", c.name)
		wantCode(t, r, 2)
		if r.stderr != "certlint: "+c.name+": "+c.want+"\n" {
			t.Errorf("stderr %q, want %q", r.stderr, c.want)
		}
	}
}

func TestBinarySerialAndKeyFacts(t *testing.T) {
	r := exe(t, nil, nil, "lint", "--password-file", pwFile(), "--at", at, p("good_agent_lmk.pfx"))
	wantCode(t, r, 0)
	for _, want := range []string{
		"  serial           ", "  (as certutil prints it)\n", "  registry serial  ",
		"  private key      RSA 2048 bits, matches the certificate\n",
		`  key import       provider "Microsoft Enhanced RSA and AES Cryptographic Provider", KEY_EX 0x10 (AT_KEYEXCHANGE), machine key set` + "\n",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, r.stdout)
		}
	}
}

// Flag values that could be a password are never repeated, in lint and
// pair; the errors say what to do instead.
func TestBinaryPasswordFlagValuesNotEchoed(t *testing.T) {
	const secret = "S3cret-Typed-Here-41"
	for _, cmd := range [][]string{
		{"lint", "--password-env", secret, p("good_agent.pfx")},
		{"lint", "--password-file", secret, p("good_agent.pfx")},
		{"lint", "--password-file=" + secret, p("good_agent.pfx")},
		{"pair", "--password-env", secret, p("good_agent.pfx"), p("good_ms.pfx"), "--roots", p("ca/root.pem")},
		{"pair", p("good_agent.pfx"), p("good_ms.pfx"), "--roots", p("ca/root.pem"), "--password-file", secret},
	} {
		r := exe(t, nil, nil, cmd...)
		wantCode(t, r, 2)
		if strings.Contains(r.stdout+r.stderr, secret) {
			t.Errorf("certlint %s repeated the value:\n%s%s", strings.Join(cmd, " "), r.stdout, r.stderr)
		}
		if !strings.Contains(r.stderr, "not repeated") || !strings.Contains(r.stderr, "--password-") {
			t.Errorf("certlint %s: stderr %q does not say what went wrong", strings.Join(cmd, " "), r.stderr)
		}
	}
}

// Password errors name the way out.
func TestBinaryPasswordErrorsNameTheWayOut(t *testing.T) {
	dir := t.TempDir()
	wrong := write(t, dir, "wrong.txt", []byte(wrongPassword+"\n"))
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"lint", p("good_agent.pfx")}, "password required"},
		{[]string{"lint", "--password-file", wrong, p("good_agent.pfx")}, "wrong password"},
		{[]string{"pair", p("good_agent.pfx"), p("good_ms.pfx"), "--roots", p("ca/root.pem")}, "password required"},
	} {
		r := exe(t, nil, nil, c.args...)
		wantCode(t, r, 2)
		if !strings.Contains(r.stderr, c.want) || !strings.Contains(r.stderr, "--password-file FILE") || !strings.Contains(r.stderr, "CERTLINT_PASSWORD") {
			t.Errorf("certlint %s: stderr %q", strings.Join(c.args, " "), r.stderr)
		}
	}
}

// A password file that is neither UTF-8 nor UTF-16 with a byte order mark
// is named as the cause (it was reported as a file made with two
// passwords).
func TestBinaryPasswordFileEncoding(t *testing.T) {
	const password = "Grüße-2026"
	pki := testpki.PKI{Org: "certlint password", RSALeaves: true}
	ca := pki.CA(t, "Issuing CA", nil)
	leaf := pki.Leaf(t, "agent01.contoso.test", ca)
	data, err := pkcs12.Modern.Encode(leaf.Key, leaf.X, []*x509.Certificate{ca.X}, password)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	pfx := write(t, dir, "agent.pfx", data)
	var latin1, utf16NoBOM []byte
	for _, r := range password {
		latin1 = append(latin1, byte(r))
		utf16NoBOM = append(utf16NoBOM, byte(r), byte(r>>8))
	}
	good := write(t, dir, "utf8.txt", []byte(password+"\r\n"))
	r := exe(t, nil, nil, "lint", "--password-file", good, "--at", at, pfx)
	if r.code == 2 {
		t.Fatalf("the UTF-8 password file does not open the PFX: %s", r.stderr)
	}
	for name, content := range map[string][]byte{"ansi.txt": append(latin1, '\r', '\n'), "utf16-no-bom.txt": append(utf16NoBOM, '\r', 0, '\n', 0)} {
		pwPath := write(t, dir, name, content)
		for _, cmd := range [][]string{{"lint", "--password-file", pwPath, pfx}, {"pair", "--password-file", pwPath, pfx, p("good_ms.pfx"), "--roots", p("ca/root.pem")}} {
			r := exe(t, nil, nil, cmd...)
			wantUsageError(t, r, "--password-file: the file ")
			if !strings.Contains(r.stderr, "UTF-8") || strings.Contains(r.stderr, "two passwords") {
				t.Errorf("%s: stderr %q", name, r.stderr)
			}
		}
	}
}
