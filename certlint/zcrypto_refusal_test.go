package certlint

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/pem"
	"math/big"
	"testing"
	"time"

	"github.com/certlint/certlint/certlint/cert"
	"github.com/certlint/certlint/certlint/chain"
	zx509 "github.com/zmap/zcrypto/x509"
)

// TestZCryptoRefusesGoAccepts: zcrypto refuses some certificates that Go
// and Windows accept, such as a CA whose non-critical qcStatements extension
// (RFC 3739, OID 1.3.6.1.5.5.7.1.3) is a NULL. The loader keeps Go's parse
// of such a certificate, so the chain through it is built and verified: no
// false "bad signature" (event 20072) for a chain Windows would accept.
func TestZCryptoRefusesGoAccepts(t *testing.T) {
	now := time.Now()
	caKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	caTpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "qcStatements CA"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(24 * time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		ExtraExtensions: []pkix.Extension{{Id: asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 1, 3}, Value: []byte{0x05, 0x00}}},
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTpl, caTpl, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := zx509.ParseCertificate(caDER); err == nil {
		t.Fatal("zcrypto now accepts the CA: this test no longer tests a zcrypto refusal; pick another extension it refuses")
	}
	ca, err := x509.ParseCertificate(caDER)
	if err != nil {
		t.Fatalf("Go refuses the CA: %v", err)
	}
	leafKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	leafTpl := &x509.Certificate{
		SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "agent01.contoso.test"}, DNSNames: []string{"agent01.contoso.test"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(12 * time.Hour),
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
		KeyUsage:    x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
	}
	leafDER, err := x509.CreateCertificate(rand.Reader, leafTpl, ca, &leafKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	input := append(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: leafDER}),
		pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER})...)
	b, err := Load("bundle.pem", input, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Others) != 1 || b.Others[0].Std == nil {
		t.Fatalf("the CA lost Go's parse: %+v", b.Others)
	}
	r := chain.Build(b.ChainInput(), &chain.Store{Roots: []*cert.Certificate{b.Others[0]}}, now)
	if !r.Trusted || len(r.Find(chain.ProblemBadSignature, chain.ProblemMalformed)) > 0 {
		t.Errorf("chain through a CA zcrypto refuses: trusted %v, problems %+v", r.Trusted, r.Problems)
	}
}
