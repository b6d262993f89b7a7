package certlint_test

import (
	"bytes"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/certlint/report"
	"github.com/certlint/certlint/certlint/testpki"
	"github.com/zmap/zlint/v3/lint"
	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
	pkcs12 "software.sslmate.com/src/go-pkcs12"
)

// Never a false pass: inputs that once gave "OK no findings" (exit 0)
// although certlint checked nothing, or not everything. Each test goes
// through LintPaths, the path the CLI takes.

// sharedCorpora is ../shared/corpora from the project root.
const sharedCorpora = "../../shared/corpora"

func needShared(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(sharedCorpora); errors.Is(err, os.ErrNotExist) {
		t.Skipf("%s is absent: this case reads the shared corpora", sharedCorpora)
	}
}

func writeTemp(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func pemOf(typ string, ders ...[]byte) []byte {
	var out []byte
	for _, d := range ders {
		out = append(out, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: d})...)
	}
	return out
}

// lintAll lints paths as certlint lint does and returns the reports and
// their summary.
func lintAll(t *testing.T, paths []string, run *certlint.RunOptions, password string) ([]*certlint.Report, report.Summary) {
	t.Helper()
	if run == nil {
		run = &certlint.RunOptions{}
	}
	if run.At.IsZero() {
		run.At = batchAt
	}
	var load *certlint.LoadOptions
	if password != "" {
		load = &certlint.LoadOptions{Password: func() (string, error) { return password, nil }}
	}
	var reps []*certlint.Report
	var sum report.Summary
	err := certlint.LintPaths(paths, load, run, func(r *certlint.Report) error {
		reps = append(reps, r)
		sum.Add(r)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return reps, sum
}

func resultOf(r *certlint.Report, name string) (certlint.Result, bool) {
	for _, res := range r.Results {
		if res.Lint.Name == name {
			return res, true
		}
	}
	return certlint.Result{}, false
}

// A PFX or PEM with a private key and no certificate: MOMCertImport has
// nothing to import. It used to lint as "OK no findings", exit 0.
func TestKeyWithoutCertificateIsAnError(t *testing.T) {
	dir := t.TempDir()
	key := testpki.SharedRSAKey(t)
	p8, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	paths := []string{
		writeTemp(t, dir, "key.pem", pemOf("PRIVATE KEY", p8)),
		writeTemp(t, dir, "key.der", p8),
		writeTemp(t, dir, "rsa.key", pemOf("RSA PRIVATE KEY", x509.MarshalPKCS1PrivateKey(key))),
	}
	if _, err := os.Stat(sharedCorpora); err == nil {
		// A PFX with a key bag and no certificate bag, made by Python
		// cryptography.
		paths = append(paths, filepath.Join(sharedCorpora, "pkcs12/pyca/no-cert-key-aes256cbc.p12"))
	}
	for _, role := range []certlint.Role{certlint.RoleLocal, certlint.RoleRemote} {
		reps, sum := lintAll(t, paths, &certlint.RunOptions{Config: certlint.Config{Role: role}}, "cryptography")
		if len(reps) != len(paths) {
			t.Fatalf("%d reports for %d inputs", len(reps), len(paths))
		}
		for _, r := range reps {
			if r.Err != nil {
				t.Errorf("%s: %v", r.File, r.Err)
				continue
			}
			res, ok := resultOf(r, "e_opsmgr_no_certificate")
			if !ok || res.Status != lint.Error || r.Worst() < lint.Error {
				t.Errorf("%s (role %s): findings %v, want the no-certificate error", r.File, role, findingNames(r))
			}
		}
		if code := exitStatus(sum, lint.Error); code != exitFindings {
			t.Errorf("role %s: exit status %d, want %d", role, code, exitFindings)
		}
	}
}

// threeAgents is a PEM of three computers' certificates and their CA, no
// key: a good one, an expired one and one without Client Authentication.
func threeAgents(t *testing.T) (data []byte, good, expired, serverOnly *testpki.Cert) {
	t.Helper()
	pki := testpki.PKI{Org: "certlint bundle test", RSALeaves: true}
	ca := pki.CA(t, "Issuing CA", nil)
	good = pki.Leaf(t, "agent01.contoso.test", ca)
	expired = pki.Leaf(t, "agent02.contoso.test", ca, testpki.Validity(time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)))
	serverOnly = pki.Leaf(t, "agent03.contoso.test", ca, testpki.EKU(x509.ExtKeyUsageServerAuth))
	return pemOf("CERTIFICATE", good.DER, expired.DER, serverOnly.DER, ca.DER), good, expired, serverOnly
}

// A bundle of several end-entity certificates and no key: each is linted
// and reported on its own. It used to lint only the first: "OK", exit 0.
func TestEveryEndEntityIsLinted(t *testing.T) {
	dir := t.TempDir()
	data, good, expired, serverOnly := threeAgents(t)
	var der []byte
	for _, b := range pemBlocks(t, data) {
		der = append(der, b...)
	}
	for _, path := range []string{writeTemp(t, dir, "agents.pem", data), writeTemp(t, dir, "agents.der", der)} {
		reps, sum := lintAll(t, []string{path}, &certlint.RunOptions{Config: certlint.Config{Role: certlint.RoleRemote}}, "")
		if len(reps) != 3 {
			t.Fatalf("%s: %d reports, want one per end-entity certificate (3)", path, len(reps))
		}
		want := []struct {
			c     *testpki.Cert
			index int
			lint  string
		}{{good, 1, ""}, {expired, 2, "e_opsmgr_cert_expired"}, {serverOnly, 3, "e_opsmgr_eku_missing_server_or_client_auth"}}
		for i, r := range reps {
			w := want[i]
			if r.Err != nil || r.File != path {
				t.Fatalf("report %d: %s %v", i, r.File, r.Err)
			}
			if r.Bundle.Part != i+1 || r.Bundle.Parts != 3 || r.Bundle.Leaf.Index != w.index || !bytes.Equal(r.Bundle.Leaf.Raw, w.c.DER) {
				t.Errorf("report %d: part %d of %d, leaf #%d %s", i, r.Bundle.Part, r.Bundle.Parts, r.Bundle.Leaf.Index, r.Bundle.LeafReason)
			}
			if len(r.Bundle.Others) != 1 {
				t.Errorf("report %d: %d other certificates, want the CA alone", i, len(r.Bundle.Others))
			}
			names := findingNames(r)
			switch {
			case w.lint == "" && r.Worst() >= lint.Warn:
				t.Errorf("report %d (%s): findings %v, want none", i, w.c.X.Subject, names)
			case w.lint != "":
				if res, ok := resultOf(r, w.lint); !ok || res.Status != lint.Error {
					t.Errorf("report %d (%s): findings %v, want %s", i, w.c.X.Subject, names, w.lint)
				}
			}
		}
		if sum.Files != 1 || exitStatus(sum, lint.Error) != exitFindings {
			t.Errorf("%s: summary %+v, exit %d; want 1 file, exit 1", path, sum, exitStatus(sum, lint.Error))
		}
	}
}

func pemBlocks(t *testing.T, data []byte) [][]byte {
	var out [][]byte
	for {
		var b *pem.Block
		if b, data = pem.Decode(data); b == nil {
			return out
		}
		out = append(out, b.Bytes)
	}
}

// A PFX with one key and extra end-entity certificates: the key's
// certificate is the leaf, the extra ones are a warning finding.
func TestPFXWithExtraEndEntities(t *testing.T) {
	data, good, expired, _ := threeAgents(t)
	blocks := pemBlocks(t, data)
	ca, err := x509.ParseCertificate(blocks[3])
	if err != nil {
		t.Fatal(err)
	}
	pfx, err := pkcs12.Modern.Encode(good.Key, good.X, []*x509.Certificate{expired.X, ca}, "pw")
	if err != nil {
		t.Fatal(err)
	}
	path := writeTemp(t, t.TempDir(), "agent.pfx", pfx)
	reps, sum := lintAll(t, []string{path}, nil, "pw")
	if len(reps) != 1 || reps[0].Err != nil {
		t.Fatalf("%d reports (%v), want one: the PFX is about its key's certificate", len(reps), reps[0].Err)
	}
	r := reps[0]
	if !bytes.Equal(r.Bundle.Leaf.Raw, good.DER) {
		t.Errorf("leaf is not the key's certificate: %s", r.Bundle.LeafReason)
	}
	res, ok := resultOf(r, "w_opsmgr_extra_end_entity_certificate")
	if !ok || res.Status != lint.Warn || !strings.Contains(res.Details, "agent02.contoso.test") {
		t.Errorf("extra end-entity certificate not reported: %+v", res)
	}
	if exitStatus(sum, lint.Warn) != exitFindings {
		t.Errorf("--fail-on warn: exit %d, want 1", exitStatus(sum, lint.Warn))
	}
}

// A directory argument with nothing to lint in it fails the run, naming the
// directory. It used to report "0 files" and exit 0.
func TestDirectoryWithNothingToLint(t *testing.T) {
	root := t.TempDir()
	empty := filepath.Join(root, "empty")
	textOnly := filepath.Join(root, "text-only")
	nested := filepath.Join(root, "nested")
	withCert := filepath.Join(root, "certs")
	for _, d := range []string{empty, textOnly, filepath.Join(nested, "a", "b"), filepath.Join(withCert, "sub")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	writeTemp(t, textOnly, "README.txt", []byte("no certificates here\n"))
	cert := writeTemp(t, filepath.Join(withCert, "sub"), "agent.cer", readFixture(t, "good_agent.cer"))

	var got []string
	for p, err := range certlint.Inputs([]string{empty, withCert, textOnly, nested, filepath.Join(withCert, "sub")}) {
		switch {
		case errors.Is(err, certlint.ErrNoInput):
			if !strings.HasPrefix(err.Error(), p+": nothing to lint: ") {
				t.Errorf("error %q does not start with the path", err)
			}
			got = append(got, "none:"+p)
		case err != nil:
			t.Errorf("%s: %v", p, err)
		default:
			got = append(got, p)
		}
	}
	want := []string{cert, "none:" + empty, "none:" + textOnly, "none:" + nested}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("inputs:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	// Through LintPaths: exit status 2, the certificate still linted (the
	// errors come after the inputs).
	reps, sum := lintAll(t, []string{empty, cert}, &certlint.RunOptions{Config: certlint.Config{Role: certlint.RoleRemote}}, "")
	if len(reps) != 2 || reps[0].Err != nil || !errors.Is(reps[1].Err, certlint.ErrNoInput) || exitStatus(sum, lint.Error) != exitError {
		t.Errorf("reports %d, summary %+v: want the certificate linted and exit status 2", len(reps), sum)
	}
	// "." with no certificate file is flagged too; a directory given under
	// two names (a symbolic link) is linted once and not flagged.
	t.Chdir(empty)
	if _, sum := lintAll(t, []string{"."}, nil, ""); sum.Unreadable != 1 {
		t.Errorf(`".": %+v, want one error`, sum)
	}
	if runtime.GOOS != "windows" {
		link := filepath.Join(root, "link")
		if err := os.Symlink(withCert, link); err != nil {
			t.Fatal(err)
		}
		for p, err := range certlint.Inputs([]string{withCert, link}) {
			if err != nil {
				t.Errorf("%s: %v (the directory was linted under its other name)", p, err)
			}
		}
	}
}

func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(fixture(t, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// rebuildTBS returns der with the index-th field of its TBSCertificate
// replaced by field (the signature is kept: parsing fails first).
func rebuildTBS(t *testing.T, der []byte, index int, field []byte) []byte {
	t.Helper()
	in := cryptobyte.String(der)
	var cert, tbs, alg, sig cryptobyte.String
	if !in.ReadASN1(&cert, cbasn1.SEQUENCE) || !cert.ReadASN1(&tbs, cbasn1.SEQUENCE) ||
		!cert.ReadASN1Element(&alg, cbasn1.SEQUENCE) || !cert.ReadASN1Element(&sig, cbasn1.BIT_STRING) {
		t.Fatal("not a certificate")
	}
	var fields [][]byte
	for !tbs.Empty() {
		var el cryptobyte.String
		var tag cbasn1.Tag
		if !tbs.ReadAnyASN1Element(&el, &tag) {
			t.Fatal("bad TBSCertificate")
		}
		fields = append(fields, el)
	}
	fields[index] = field
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			for _, f := range fields {
				b.AddBytes(f)
			}
		})
		b.AddBytes(alg)
		b.AddBytes(sig)
	})
	return b.BytesOrPanic()
}

// zlintTestdata returns the path of a certificate of zlint's own test data,
// in the module cache.
func zlintTestdata(t *testing.T, name string) string {
	t.Helper()
	gobin := filepath.Join(runtime.GOROOT(), "bin", "go")
	out, err := exec.Command(gobin, "list", "-m", "-f", "{{.Dir}}", "github.com/zmap/zlint/v3").Output()
	if err != nil {
		t.Fatalf("go list -m github.com/zmap/zlint/v3: %v", err)
	}
	return filepath.Join(strings.TrimSpace(string(out)), "testdata", name)
}

// A certificate neither crypto/x509 nor zcrypto can parse is an error that
// says what is wrong. It used to get every lint NA: "OK no findings".
func TestUnparseableCertificateIsAnError(t *testing.T) {
	dir := t.TempDir()
	pki := testpki.PKI{Org: "certlint unparseable", RSALeaves: true}
	ca := pki.CA(t, "Issuing CA", nil)
	leaf := pki.Leaf(t, "agent01.contoso.test", ca)

	// DSA key whose parameters are left to be inherited from the issuer
	// (RFC 3279 §2.3.2): SubjectPublicKeyInfo { { id-dsa }, y } is field 6.
	var spki cryptobyte.Builder
	spki.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1ObjectIdentifier(asn1.ObjectIdentifier{1, 2, 840, 10040, 4, 1})
		})
		var y cryptobyte.Builder
		y.AddASN1BigInt(new(big.Int).Lsh(big.NewInt(3), 1020))
		b.AddASN1BitString(y.BytesOrPanic())
	})
	dsa := rebuildTBS(t, leaf.DER, 6, spki.BytesOrPanic())

	// A CRL distribution points extension whose DistributionPoint is empty
	// of its required SEQUENCE content (RFC 5280 §4.2.1.13).
	key := testpki.SharedRSAKey(t)
	tpl := &x509.Certificate{
		SerialNumber: big.NewInt(77), Subject: pkix.Name{CommonName: "agent01.contoso.test"},
		NotBefore: batchAt.AddDate(-1, 0, 0), NotAfter: batchAt.AddDate(1, 0, 0),
		ExtKeyUsage:     []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
		ExtraExtensions: []pkix.Extension{{Id: asn1.ObjectIdentifier{2, 5, 29, 31}, Value: []byte{0x30, 0x03, 0x02, 0x01, 0x00}}},
	}
	crldp, err := x509.CreateCertificate(rand.Reader, tpl, ca.X, &key.PublicKey, ca.Key)
	if err != nil {
		t.Fatal(err)
	}

	cases := map[string]string{
		writeTemp(t, dir, "dsa-inherited.cer", dsa):                     "RFC 3279 §2.3.2",
		writeTemp(t, dir, "bad-crldp.pem", pemOf("CERTIFICATE", crldp)): "RFC 5280 §4.2.1.13",
		zlintTestdata(t, "generalizedNoSeconds.pem"):                    "GeneralizedTime",
		zlintTestdata(t, "subCAWNoURL.pem"):                             "authority information access",
	}
	if _, err := os.Stat(sharedCorpora); err == nil {
		cases[filepath.Join(sharedCorpora, "malformed/pyca/badasn1time.pem")] = "UTCTime"
		cases[filepath.Join(sharedCorpora, "malformed/pyca/ec_no_named_curve.pem")] = "curve"
	}
	for path, rule := range cases {
		for _, role := range []certlint.Role{certlint.RoleLocal, certlint.RoleRemote} {
			reps, sum := lintAll(t, []string{path}, &certlint.RunOptions{Config: certlint.Config{Role: role}}, "")
			if len(reps) != 1 || reps[0].Err != nil {
				t.Fatalf("%s: %d reports, %v", path, len(reps), reps[0].Err)
			}
			r := reps[0]
			if r.Bundle.Leaf.Parsed != nil || r.Bundle.Leaf.Std != nil {
				t.Fatalf("%s: a parser read it; the case tests nothing", path)
			}
			res, ok := resultOf(r, "e_opsmgr_certificate_unparseable")
			if !ok || res.Status != lint.Error || !strings.Contains(res.Details, rule) {
				t.Errorf("%s (role %s): %+v, want an error naming %q", filepath.Base(path), role, res, rule)
			}
			if exitStatus(sum, lint.Error) != exitFindings {
				t.Errorf("%s: exit status %d, want 1", filepath.Base(path), exitStatus(sum, lint.Error))
			}
		}
	}
}

// CRLs, certificate requests and public keys are "not a certificate" in
// DER as in PEM. The DER forms used to be linted as certificates (exit 1,
// an empty subject, "registry serial 01").
func TestCRLAndCSRAreNotCertificates(t *testing.T) {
	pki := testpki.PKI{Org: "certlint detection"}
	ca := pki.CA(t, "Issuing CA", nil)
	leaf := pki.Leaf(t, "agent01.contoso.test", ca)
	crl, err := x509.CreateRevocationList(rand.Reader, &x509.RevocationList{Number: big.NewInt(1), ThisUpdate: batchAt, NextUpdate: batchAt.AddDate(0, 0, 7)}, ca.X, ca.Key)
	if err != nil {
		t.Fatal(err)
	}
	csr, err := x509.CreateCertificateRequest(rand.Reader, &x509.CertificateRequest{Subject: pkix.Name{CommonName: "agent01.contoso.test"}}, leaf.Key)
	if err != nil {
		t.Fatal(err)
	}
	spki, err := x509.MarshalPKIXPublicKey(leaf.Key.Public())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		data []byte
		want string
	}{
		{"ca.crl", crl, "certificate revocation list"},
		{"ca_crl.pem", pemOf("X509 CRL", crl), "X509 CRL"},
		{"crl_labelled_certificate.pem", pemOf("CERTIFICATE", crl), "certificate revocation list"},
		{"request.der", csr, "certificate request"},
		{"request.pem", pemOf("CERTIFICATE REQUEST", csr), "CERTIFICATE REQUEST"},
		{"pub.der", spki, "public key"},
		{"cert_then_crl.der", append(append([]byte{}, leaf.DER...), crl...), "certificate revocation list"},
	} {
		_, err := certlint.Load(c.name, c.data, nil)
		if !errors.Is(err, certlint.ErrNotCertificate) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %v naming %q", c.name, err, certlint.ErrNotCertificate, c.want)
		}
	}
	// A certificate still loads.
	if _, err := certlint.Load("leaf.der", leaf.DER, nil); err != nil {
		t.Errorf("certificate: %v", err)
	}
}

// nil options are the defaults everywhere; an unknown role is an error.
// Run(b, nil) used to panic.
func TestRunNilOptionsAndUnknownRole(t *testing.T) {
	b, err := certlint.LoadFile(fixture(t, "good_agent.cer"), nil)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := certlint.Run(b, nil)
	if err != nil {
		t.Fatal(err)
	}
	def, err := certlint.Run(b, &certlint.RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Results) != len(certlint.Lints()) || len(rep.Results) != len(def.Results) {
		t.Fatalf("Run(b, nil): %d results, Run(b, defaults) %d, %d lints", len(rep.Results), len(def.Results), len(certlint.Lints()))
	}
	for i := range rep.Results {
		if rep.Results[i].Lint != def.Results[i].Lint || rep.Results[i].Status != def.Results[i].Status {
			t.Errorf("%s: nil options %v, defaults %v", rep.Results[i].Lint.Name, rep.Results[i].Status, def.Results[i].Status)
		}
	}
	if _, err := certlint.Run(nil, nil); !errors.Is(err, certlint.ErrNoBundle) {
		t.Errorf("Run(nil, nil): %v", err)
	}
	var nilOpts *certlint.RunOptions
	if lints, err := nilOpts.SelectLints(); err != nil || len(lints) != len(certlint.Lints()) {
		t.Errorf("nil SelectLints: %d lints, %v", len(lints), err)
	}
	for _, role := range []certlint.Role{"Local", "server", "remote "} {
		if _, err := certlint.Run(b, &certlint.RunOptions{Config: certlint.Config{Role: role}}); err == nil || !strings.Contains(err.Error(), "unknown role") {
			t.Errorf("Run with role %q: %v, want an unknown-role error", role, err)
		}
		read := false
		err := (&certlint.Linter{Run: certlint.RunOptions{Config: certlint.Config{Role: role}}}).Lint(certlint.Inputs([]string{fixture(t, "good_agent.cer")}), func(*certlint.Report) error {
			read = true
			return nil
		})
		if err == nil || read {
			t.Errorf("Linter with role %q: %v, input read %v; want an error before any input", role, err, read)
		}
	}
	if _, sum := lintAll(t, []string{fixture(t, "good_agent.cer")}, nil, ""); sum.Files != 1 {
		t.Errorf("LintPaths with nil options: %+v", sum)
	}
	if err := certlint.LintPaths([]string{fixture(t, "good_agent.cer")}, nil, nil, func(*certlint.Report) error { return nil }); err != nil {
		t.Errorf("LintPaths(nil, nil): %v", err)
	}
	if _, err := certlint.LoadTrustStore([]string{fixture(t, "ca/root.pem")}, nil, false, nil); err != nil {
		t.Errorf("LoadTrustStore with nil options: %v", err)
	}
}

// The text output shows what an admin compares by hand: the serial as
// certutil prints it beside the registry value, and the PFX key's facts.
func TestTextShowsSerialAndKeyFacts(t *testing.T) {
	pw := strings.TrimSpace(string(readFixture(t, "password.txt")))
	var out bytes.Buffer
	w := report.NewText(&out, report.TextOptions{})
	err := certlint.LintPaths([]string{fixture(t, "good_agent_lmk.pfx"), fixture(t, "fail_keysig.pfx")},
		&certlint.LoadOptions{Password: func() (string, error) { return pw, nil }},
		&certlint.RunOptions{Config: certlint.Config{At: batchAt}}, w.WriteReport)
	if err != nil {
		t.Fatal(err)
	}
	text := out.String()
	blocks := strings.SplitN(text, "fail_keysig.pfx", 2)
	if len(blocks) != 2 {
		t.Fatalf("output:\n%s", text)
	}
	b, err := certlint.LoadFile(fixture(t, "good_agent_lmk.pfx"), &certlint.LoadOptions{Password: func() (string, error) { return pw, nil }})
	if err != nil {
		t.Fatal(err)
	}
	serial := b.Leaf.Std.SerialNumber.Bytes()
	if serial[0]&0x80 != 0 {
		serial = append([]byte{0}, serial...) // DER keeps a leading zero (X.690 §8.3.2)
	}
	rev := make([]byte, len(serial))
	for i, c := range serial {
		rev[len(serial)-1-i] = c
	}
	for _, want := range []string{
		"  serial           " + hex.EncodeToString(serial) + "  (as certutil prints it)\n",
		"  registry serial  " + strings.ToUpper(hex.EncodeToString(rev)) + "  (ChannelCertificateSerialNumber)\n",
		"  private key      RSA 2048 bits, matches the certificate\n",
		`  key import       provider "Microsoft Enhanced RSA and AES Cryptographic Provider", KEY_EX 0x10 (AT_KEYEXCHANGE), machine key set` + "\n",
	} {
		if !strings.Contains(blocks[0], want) {
			t.Errorf("good_agent_lmk.pfx block lacks %q:\n%s", want, blocks[0])
		}
	}
	if !strings.Contains(blocks[1], "KEY_SIG 0x80 (AT_SIGNATURE), no machine key set attribute\n") {
		t.Errorf("fail_keysig.pfx block lacks its KEY_SIG key facts:\n%s", blocks[1])
	}
}

// A password read in a legacy code page is named as the cause, not
// reported as a file made with two passwords.
func TestNonUTF8PasswordNamed(t *testing.T) {
	const password = "Grüße-2026"
	pki := testpki.PKI{Org: "certlint password", RSALeaves: true}
	leaf := pki.Leaf(t, "agent01.contoso.test", pki.CA(t, "Issuing CA", nil))
	pfx, err := pkcs12.Modern.Encode(leaf.Key, leaf.X, nil, password)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := certlint.Load("agent.pfx", pfx, &certlint.LoadOptions{Password: func() (string, error) { return password, nil }}); err != nil {
		t.Fatalf("the right password: %v", err)
	}
	var latin1 []byte
	for _, r := range password {
		latin1 = append(latin1, byte(r)) // Windows-1252 agrees with Latin-1 here
	}
	_, err = certlint.Load("agent.pfx", pfx, &certlint.LoadOptions{Password: func() (string, error) { return string(latin1), nil }})
	if !errors.Is(err, certlint.ErrWrongPassword) || !strings.Contains(err.Error(), "not UTF-8") || strings.Contains(err.Error(), "two passwords") {
		t.Errorf("Latin-1 password: %v, want a wrong-password error that names the encoding", err)
	}
	if strings.Contains(err.Error(), string(latin1)) || strings.Contains(err.Error(), password) {
		t.Errorf("the error holds the password: %v", err)
	}
}

// Above MaxEndEntities end-entity certificates without a key the input is
// refused, not linted in part: each certificate costs a lint run and a chain.
func TestTooManyEndEntitiesRefused(t *testing.T) {
	pki := testpki.PKI{Org: "certlint many agents"}
	ca := pki.CA(t, "Issuing CA", nil)
	data := pemOf("CERTIFICATE", ca.DER)
	for i := range certlint.MaxEndEntities + 1 {
		data = append(data, pemOf("CERTIFICATE", pki.Leaf(t, "agent"+strconv.Itoa(i)+".contoso.test", ca).DER)...)
	}
	dir := t.TempDir()
	over := writeTemp(t, dir, "over.pem", data)
	reps, _ := lintAll(t, []string{over}, &certlint.RunOptions{Config: certlint.Config{Role: certlint.RoleRemote}}, "")
	if len(reps) != 1 || !errors.Is(reps[0].Err, certlint.ErrTooLarge) || !strings.Contains(reps[0].Err.Error(), "split the file") {
		t.Fatalf("%d reports, first error %v; want one refusal", len(reps), reps[0].Err)
	}
	// At the limit, every one is linted.
	at := writeTemp(t, dir, "at.pem", data[:bytes.LastIndex(data, []byte("-----BEGIN"))])
	reps, sum := lintAll(t, []string{at}, &certlint.RunOptions{Config: certlint.Config{Role: certlint.RoleRemote}}, "")
	if len(reps) != certlint.MaxEndEntities || sum.Files != 1 || sum.Unreadable != 0 {
		t.Fatalf("%d reports, summary %+v; want %d", len(reps), sum, certlint.MaxEndEntities)
	}
}

// The exit statuses of a lint run, as the CLI computes them from a Summary:
// 2 when an input could not be linted, else 1 when a finding reaches
// failOn, else 0.
const (
	exitOK       = 0
	exitFindings = 1
	exitError    = 2
)

func exitStatus(s report.Summary, failOn lint.LintStatus) int {
	switch {
	case s.Unreadable > 0:
		return exitError
	case s.Worst >= failOn && s.Worst >= lint.Notice:
		return exitFindings
	}
	return exitOK
}
