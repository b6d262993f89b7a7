package lints

import (
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"math/big"
	"strings"
	"testing"

	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/certlint/testpki"
	"github.com/zmap/zlint/v3/lint"
)

// qcStatementsNULL is a leaf whose non-critical qcStatements extension
// (RFC 3739 §3.2.6, 1.3.6.1.5.5.7.1.3) is a NULL: Go (and Windows) skip it,
// zcrypto refuses the whole certificate.
func qcStatementsNULL(t *testing.T) *certlint.Bundle {
	pki := testpki.PKI{Org: "certlint zcrypto refusal", RSALeaves: true}
	ca := pki.CA(t, "Issuing CA", nil)
	// Made with crypto/x509 itself: testpki checks that zcrypto reads
	// what it issues.
	tpl := &x509.Certificate{
		SerialNumber: big.NewInt(0x1234), Subject: pkix.Name{CommonName: "agent01.contoso.test"}, DNSNames: []string{"agent01.contoso.test"},
		NotBefore: fixtureAt.AddDate(-1, 0, 0), NotAfter: fixtureAt.AddDate(1, 0, 0),
		KeyUsage:        x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
		ExtKeyUsage:     []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
		ExtraExtensions: []pkix.Extension{{Id: asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 1, 3}, Value: []byte{0x05, 0x00}}},
	}
	key := testpki.SharedRSAKey(t)
	der, err := x509.CreateCertificate(rand.Reader, tpl, ca.X, &key.PublicKey, ca.Key)
	if err != nil {
		t.Fatal(err)
	}
	b, err := certlint.Load("qc.cer", der, nil)
	if err != nil {
		t.Fatal(err)
	}
	if b.Leaf.Parsed != nil || b.Leaf.Std == nil {
		t.Fatalf("zcrypto parse %v, Go parse %v: want only Go's (the test no longer tests a zcrypto refusal)", b.Leaf.Parsed != nil, b.Leaf.Std != nil)
	}
	return b
}

func TestCertificateNotFullyChecked(t *testing.T) {
	name := "w_opsmgr_certificate_not_fully_checked"
	lintUnderTest(t, name)
	for _, c := range []struct {
		what string
		b    *certlint.Bundle
		want lint.LintStatus
	}{
		{"good_agent.pfx", load(t, "good_agent.pfx"), lint.Pass},
		{"key only", loadKeyOnly(t), lint.NA},
		{"qcStatements NULL", qcStatementsNULL(t), lint.Warn},
	} {
		res := runOne(t, name, c.b, remote)
		if res.Status != c.want {
			t.Errorf("%s: %v (%s), want %v", c.what, res.Status, res.Details, c.want)
		}
		if res.Status == lint.Warn && (!strings.Contains(res.Details, "did not run") || !strings.Contains(res.Details, "zcrypto:")) {
			t.Errorf("%s: details %q", c.what, res.Details)
		}
	}
	// Neither parser reads it: e_opsmgr_certificate_unparseable's case.
	if res := runOne(t, name, loadCorpus(t, "malformed/pyca/badasn1time.pem", ""), remote); res.Status != lint.NA {
		t.Errorf("badasn1time.pem: %v, want NA", res.Status)
	}
}
