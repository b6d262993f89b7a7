package lints

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"strings"
	"testing"

	"github.com/certlint/certlint/certlint"
	"github.com/certlint/certlint/certlint/cert"
	zx509 "github.com/zmap/zcrypto/x509"
	"github.com/zmap/zlint/v3/lint"
)

const kuLint = "e_opsmgr_ku_missing_digital_signature_or_key_encipherment"

func TestKUMissingSignatureOrEncipherment(t *testing.T) {
	testLint(t, kuLint, []lintCase{
		{file: "good_agent.pfx", want: lint.Pass},
		{file: "fail_ku_no_keyencipherment.pfx", want: lint.Error},
		{file: "ca/root.pem", cfg: remote, want: lint.Error},
		// A v1 certificate has no extensions, so no key usage to check.
		{file: "corpus:malformed/pyca/v1_cert.pem|", cfg: remote, want: lint.NA},
		{file: noLeaf, want: lint.NA},
	})
}

// The message lists the bits in RFC 5280 order, the same on every run, and
// names the bits that are missing.
func TestKUMissingSignatureOrEnciphermentDetails(t *testing.T) {
	want := "key usage has digitalSignature, keyCertSign, cRLSign but not keyEncipherment (OpsMgr needs digitalSignature and keyEncipherment, 0xA0)"
	for i := 0; i < 20; i++ {
		res := runOne(t, kuLint, load(t, "ca/root.pem"), remote)
		if res.Details != want {
			t.Fatalf("details %q, want %q", res.Details, want)
		}
	}
}

// Each of the two bits is required on its own, and more bits are fine
// (Microsoft's sample request's 0xf0). No fixture has these key usages, so
// the certificates are made here.
func TestKUMissingSignatureOrEnciphermentBits(t *testing.T) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		ku      x509.KeyUsage
		want    lint.LintStatus
		missing string
	}{
		{x509.KeyUsageKeyEncipherment, lint.Error, "but not digitalSignature ("},
		{x509.KeyUsageDigitalSignature, lint.Error, "but not keyEncipherment ("},
		{x509.KeyUsageDataEncipherment | x509.KeyUsageContentCommitment, lint.Error, "but not digitalSignature nor keyEncipherment"},
		{x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment, lint.Pass, ""},
		// 0xf0: digitalSignature, nonRepudiation, keyEncipherment, dataEncipherment.
		{x509.KeyUsageDigitalSignature | x509.KeyUsageContentCommitment | x509.KeyUsageKeyEncipherment | x509.KeyUsageDataEncipherment, lint.Pass, ""},
	} {
		tmpl := &x509.Certificate{
			SerialNumber: big.NewInt(7),
			Subject:      pkix.Name{CommonName: "agent01.contoso.test"},
			NotBefore:    fixtureAt.AddDate(-1, 0, 0),
			NotAfter:     fixtureAt.AddDate(1, 0, 0),
			KeyUsage:     tc.ku,
		}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
		if err != nil {
			t.Fatal(err)
		}
		zc, err := zx509.ParseCertificate(der)
		if err != nil {
			t.Fatal(err)
		}
		b := &certlint.Bundle{Name: "ku", Format: certlint.FormatDER, Leaf: &cert.Certificate{Raw: der, Parsed: zc}}
		res := runOne(t, kuLint, b, remote)
		if res.Status != tc.want || (tc.missing != "" && !strings.Contains(res.Details, tc.missing)) {
			t.Errorf("key usage %#x: %v %q, want %v naming %q", tc.ku, res.Status, res.Details, tc.want, tc.missing)
		}
	}
}
