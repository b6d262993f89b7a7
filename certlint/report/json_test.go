package report

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"errors"
	"math/big"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/certlint/cert"
	"github.com/certlint/certlint/certlint/chain"
	zx509 "github.com/zmap/zcrypto/x509"
	"github.com/zmap/zlint/v3/lint"
)

// testCertificate makes a self-signed certificate with the given serial and
// subject, parsed the way Load parses certificates.
func testCertificate(t testing.TB, serial *big.Int, subject pkix.Name) *cert.Certificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject:      subject,
		NotBefore:    time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC),
		NotAfter:     time.Date(2035, 1, 1, 0, 0, 0, 0, time.UTC),
		DNSNames:     []string{"agent01.contoso.test"},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	c := &cert.Certificate{Raw: der}
	c.Std, c.StdErr = x509.ParseCertificate(der)
	if c.Parsed, err = zx509.ParseCertificate(der); err != nil {
		t.Fatal(err)
	}
	return c
}

// Test lints: never registered, so the global registry stays untouched.
var (
	testLintEKU = &certlint.Lint{
		LintMetadata: lint.LintMetadata{Name: "e_test_eku", Description: "EKU must list server and client authentication"},
		OpsMgr:       certlint.OpsMgr{Event: 20050, RelatedEvents: []int{21007}, Fix: "Request a certificate with both EKUs."},
	}
	testLintWeak = &certlint.Lint{
		LintMetadata: lint.LintMetadata{Name: "w_test_weak", Description: "Signature should not use SHA-1"},
		OpsMgr:       certlint.OpsMgr{Fix: "Reissue with SHA-256."},
	}
	testLintNotice = &certlint.Lint{
		LintMetadata: lint.LintMetadata{Name: "n_test_note", Description: "Something worth knowing"},
		OpsMgr:       certlint.OpsMgr{Fix: "Nothing to do."},
	}
	testLintPass = &certlint.Lint{
		LintMetadata: lint.LintMetadata{Name: "e_test_pass", Description: "Key is RSA"},
		OpsMgr:       certlint.OpsMgr{Event: 20069, Fix: "Use RSA."},
	}
	testLintNA = &certlint.Lint{
		LintMetadata: lint.LintMetadata{Name: "e_test_na", Description: "PFX key spec"},
		OpsMgr:       certlint.OpsMgr{Event: 20069, Fix: "Use KEY_EX."},
	}
	testLints = []*certlint.Lint{testLintEKU, testLintNA, testLintPass, testLintWeak, testLintNotice}
)

// testReport is a report with one result of every kind, in lint-name order
// as Run returns them.
func testReport(t testing.TB, file string) *certlint.Report {
	leaf := testCertificate(t, big.NewInt(0x800102), pkix.Name{CommonName: "agent01.contoso.test", Organization: []string{"certlint test"}})
	return &certlint.Report{
		File:   file,
		Bundle: &certlint.Bundle{Name: file, Format: certlint.FormatPKCS12, Leaf: leaf},
		Results: []certlint.Result{
			{Lint: testLintEKU, Status: lint.Error, Details: "EKU lists serverAuth only"},
			{Lint: testLintNA, Status: lint.NA},
			{Lint: testLintPass, Status: lint.Pass},
			{Lint: testLintWeak, Status: lint.Warn},
			{Lint: testLintNotice, Status: lint.Notice, Details: "a notice"},
		},
	}
}

func TestDescribeCertificate(t *testing.T) {
	// 0x800102 has its high bit set: DER adds a 00 byte (X.690 8.3.2), and
	// Windows keeps it: serial 00800102, registry value 02 01 80 00.
	c := testCertificate(t, big.NewInt(0x800102), pkix.Name{CommonName: "agent01.contoso.test", Organization: []string{"certlint test"}})
	info := cert.Describe(c)
	if info.Serial != "00800102" {
		t.Errorf("Serial = %q, want 00800102", info.Serial)
	}
	if info.RegistrySerial != "02018000" {
		t.Errorf("RegistrySerial = %q, want 02018000", info.RegistrySerial)
	}
	if info.Subject != "CN=agent01.contoso.test,O=certlint test" || info.Issuer != info.Subject {
		t.Errorf("Subject, Issuer = %q, %q", info.Subject, info.Issuer)
	}
	if info.NotBefore != "2025-01-01T00:00:00Z" || info.NotAfter != "2035-01-01T00:00:00Z" {
		t.Errorf("validity = %s .. %s", info.NotBefore, info.NotAfter)
	}
	if len(info.SHA1) != 40 || len(info.SHA256) != 64 || strings.ToUpper(info.SHA1) != info.SHA1 {
		t.Errorf("SHA1 %q, SHA256 %q: want uppercase hex of 20 and 32 bytes", info.SHA1, info.SHA256)
	}

	// A serial without the high bit: no padding.
	c = testCertificate(t, big.NewInt(0x0a0b0c), pkix.Name{CommonName: "x"})
	if info := cert.Describe(c); info.Serial != "0A0B0C" || info.RegistrySerial != "0C0B0A" {
		t.Errorf("serial %q registry %q, want 0A0B0C and 0C0B0A", info.Serial, info.RegistrySerial)
	}

	// DER that encoding/asn1 cannot read: identifying facts from Parsed.
	c.Raw = append([]byte{}, c.Raw...)
	c.Raw[1] ^= 0xff // break the outer length
	if info := cert.Describe(c); info.Serial != "0A0B0C" || info.Subject != "CN=x" {
		t.Errorf("fallback: serial %q subject %q", info.Serial, info.Subject)
	}
	if cert.Describe(nil) != nil {
		t.Error("DescribeCertificate(nil) != nil")
	}
}

func TestFindingsOrder(t *testing.T) {
	r := testReport(t, "a.pfx")
	var names []string
	for _, f := range r.Findings(false) {
		names = append(names, f.Lint.Name)
	}
	if got, want := strings.Join(names, " "), "e_test_eku w_test_weak n_test_note"; got != want {
		t.Errorf("Findings(false) = %s, want %s", got, want)
	}
	names = nil
	for _, f := range r.Findings(true) {
		names = append(names, f.Lint.Name)
	}
	if got, want := strings.Join(names, " "), "e_test_eku w_test_weak n_test_note e_test_pass e_test_na"; got != want {
		t.Errorf("Findings(true) = %s, want %s", got, want)
	}
}

func TestJSONWriter(t *testing.T) {
	var buf bytes.Buffer
	w := NewJSON(&buf, false)
	if err := w.WriteReport(testReport(t, "dir/a.pfx")); err != nil {
		t.Fatal(err)
	}
	bad := &certlint.Report{File: "b.pfx", Err: &certlint.LoadError{File: "b.pfx", Err: certlint.ErrWrongPassword, Detail: "MAC did not verify"}}
	if err := w.WriteReport(bad); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if len(lines) != 2 {
		t.Fatalf("got %d lines, want 2:\n%s", len(lines), buf.String())
	}

	// The exact key set of the JSON Lines contract, in a generic decode.
	var m map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &m); err != nil {
		t.Fatal(err)
	}
	wantKeys := func(what string, obj map[string]any, keys ...string) {
		t.Helper()
		if len(obj) != len(keys) {
			t.Errorf("%s has %d keys, want %d (%v): %v", what, len(obj), len(keys), keys, obj)
		}
		for _, k := range keys {
			if _, ok := obj[k]; !ok {
				t.Errorf("%s lacks %q", what, k)
			}
		}
	}
	wantKeys("report", m, "file", "format", "certificate", "findings", "error")
	wantKeys("certificate", m["certificate"].(map[string]any), "subject", "issuer", "serial", "sha1", "sha256", "not_before", "not_after", "registry_serial")
	findings := m["findings"].([]any)
	if len(findings) != 3 {
		t.Fatalf("findings = %v, want 3 (notice and above)", findings)
	}
	for _, f := range findings {
		wantKeys("finding", f.(map[string]any), "lint", "status", "event", "related_events", "message", "fix")
	}
	if m["file"] != "dir/a.pfx" || m["format"] != "pkcs12" || m["error"] != nil {
		t.Errorf("file, format, error = %v, %v, %v", m["file"], m["format"], m["error"])
	}
	f0 := findings[0].(map[string]any)
	if f0["lint"] != "e_test_eku" || f0["status"] != "error" || f0["event"] != 20050.0 ||
		f0["message"] != "EKU lists serverAuth only" || f0["fix"] != "Request a certificate with both EKUs." {
		t.Errorf("first finding = %v", f0)
	}
	if rel := f0["related_events"].([]any); len(rel) != 1 || rel[0] != 21007.0 {
		t.Errorf("related_events = %v", rel)
	}
	f1 := findings[1].(map[string]any)
	if f1["event"] != nil || f1["status"] != "warn" || f1["message"] != "Signature should not use SHA-1" {
		t.Errorf("second finding = %v (event must be null, message the description)", f1)
	}
	if rel, ok := f1["related_events"].([]any); !ok || len(rel) != 0 {
		t.Errorf("related_events = %#v, want []", f1["related_events"])
	}

	var e map[string]any
	if err := json.Unmarshal([]byte(lines[1]), &e); err != nil {
		t.Fatal(err)
	}
	wantKeys("unreadable report", e, "file", "format", "certificate", "findings", "error")
	if e["error"] != "wrong password: MAC did not verify" || e["certificate"] != nil || e["format"] != nil {
		t.Errorf("unreadable = %v", e)
	}
	if f, ok := e["findings"].([]any); !ok || len(f) != 0 {
		t.Errorf("unreadable findings = %#v, want []", e["findings"])
	}
}

func TestJSONWriterVerbose(t *testing.T) {
	var buf bytes.Buffer
	if err := NewJSON(&buf, true).WriteReport(testReport(t, "a.pfx")); err != nil {
		t.Fatal(err)
	}
	var r JSONLine
	if err := json.Unmarshal(buf.Bytes(), &r); err != nil {
		t.Fatal(err)
	}
	var statuses []string
	for _, f := range r.Findings {
		statuses = append(statuses, f.Status)
		if (f.Status == "pass" || f.Status == "na") && f.Fix != "" {
			t.Errorf("%s: fix %q on a %s result", f.Lint, f.Fix, f.Status)
		}
	}
	if got := strings.Join(statuses, " "); got != "error warn notice pass na" {
		t.Errorf("verbose statuses = %s", got)
	}
}

func TestErrorCause(t *testing.T) {
	if got := ErrorCause(&certlint.LoadError{File: "x.pfx", Err: certlint.ErrTooLarge}); got != "too large" {
		t.Errorf("got %q", got)
	}
	if got := ErrorCause(errors.New("plain")); got != "plain" {
		t.Errorf("got %q", got)
	}
}

func TestWriteLintsJSON(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteLintsJSON(&buf, []*certlint.Lint{testLintEKU, testLintWeak}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("lines = %q", lines)
	}
	var a, b JSONLint
	if err := json.Unmarshal([]byte(lines[0]), &a); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(lines[1]), &b); err != nil {
		t.Fatal(err)
	}
	if a.Name != "e_test_eku" || a.Status != "error" || a.Event == nil || *a.Event != 20050 || len(a.RelatedEvents) != 1 {
		t.Errorf("first = %+v", a)
	}
	if b.Status != "warn" || b.Event != nil || b.RelatedEvents == nil {
		t.Errorf("second = %+v", b)
	}
}

func TestStatusNames(t *testing.T) {
	for s, want := range map[lint.LintStatus]string{
		lint.NA: "na", lint.NE: "ne", lint.Pass: "pass", lint.Notice: "notice",
		lint.Warn: "warn", lint.Error: "error", lint.Fatal: "fatal",
	} {
		if got := StatusName(s); got != want {
			t.Errorf("StatusName(%d) = %q, want %q", s, got, want)
		}
	}
	for _, name := range []string{"notice", "warn", "error"} {
		s, err := ParseFailOn(name)
		if err != nil || StatusName(s) != name {
			t.Errorf("ParseFailOn(%q) = %v, %v", name, s, err)
		}
	}
	for _, bad := range []string{"", "warning", "fatal", "ERROR"} {
		if _, err := ParseFailOn(bad); err == nil {
			t.Errorf("ParseFailOn(%q) accepted", bad)
		}
	}
}

// With a trust store, the JSON line adds "chain" (and only it) to the keys of
// the contract: the chain leaf first, each certificate with its role, subject,
// thumbprint (SHA-1), NotAfter, origin and source file, and the role of every
// certificate of the input.
func TestJSONWriterChain(t *testing.T) {
	pki := newTPKI(t)
	ts, rootsFile := tRootsFile(t, pki.root)
	b := &certlint.Bundle{Name: "dir/agent.pfx", Format: certlint.FormatPKCS12, Leaf: pki.leaf.c, Others: tcerts(pki.otherRoot, pki.inter)}
	r := &certlint.Report{File: b.Name, Bundle: b, Chain: chain.Build(b.ChainInput(), ts, chainAt)}
	var buf bytes.Buffer
	if err := NewJSON(&buf, false).WriteReport(r); err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(buf.Bytes(), &m); err != nil {
		t.Fatal(err)
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if got := strings.Join(keys, " "); got != "certificate chain error file findings format" {
		t.Errorf("report keys = %s, want the contract keys plus chain", got)
	}
	chain, _ := m["chain"].(map[string]any)
	if chain["trusted"] != true {
		t.Errorf("chain.trusted = %v, want true", chain["trusted"])
	}
	certs, _ := chain["chain"].([]any)
	wantChain := []struct {
		c                    *tcert
		role, origin, source string
	}{
		{pki.leaf, "leaf", "bundle", "dir/agent.pfx"},
		{pki.inter, "intermediate", "bundle", "dir/agent.pfx"},
		{pki.root, "root", "roots", rootsFile},
	}
	if len(certs) != len(wantChain) {
		t.Fatalf("chain.chain has %d certificates, want %d: %v", len(certs), len(wantChain), certs)
	}
	for i, w := range wantChain {
		c := certs[i].(map[string]any)
		if c["role"] != w.role || c["subject"] != "CN="+w.c.X.Subject.CommonName+",O=certlint chain test" ||
			c["thumbprint"] != tThumb(w.c) || c["not_after"] != "2035-01-01T00:00:00Z" ||
			c["origin"] != w.origin || c["source"] != w.source {
			t.Errorf("chain.chain[%d] = %v, want role %s, %s, origin %s, source %s", i, c, w.role, w.c.X.Subject, w.origin, w.source)
		}
	}
	roles, _ := chain["roles"].([]any)
	wantRoles := []struct {
		c     *tcert
		role  string
		index float64
	}{{pki.leaf, "leaf", 0}, {pki.otherRoot, "unrelated", -1}, {pki.inter, "intermediate", 1}}
	if len(roles) != len(wantRoles) {
		t.Fatalf("chain.roles has %d entries, want %d: %v", len(roles), len(wantRoles), roles)
	}
	for i, w := range wantRoles {
		c := roles[i].(map[string]any)
		if c["role"] != w.role || c["chain_index"] != w.index || c["thumbprint"] != tThumb(w.c) || c["not_after"] != "2035-01-01T00:00:00Z" {
			t.Errorf("chain.roles[%d] = %v, want %s at %v", i, c, w.role, w.index)
		}
	}
}
