package certlint

import (
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"math/big"
	"testing"
	"time"

	"golang.org/x/crypto/cryptobyte"
	casn1 "golang.org/x/crypto/cryptobyte/asn1"

	"github.com/certlint/certlint/certlint/testpki"
)

// TestCountElements: constructed elements are entered, and so are OCTET
// STRINGs and BIT STRINGs that hold DER; other primitives are leaves.
func TestCountElements(t *testing.T) {
	var inner cryptobyte.Builder
	inner.AddASN1(casn1.SEQUENCE, func(b *cryptobyte.Builder) { b.AddASN1Int64(1); b.AddASN1Int64(2) }) // 3
	var b cryptobyte.Builder
	b.AddASN1(casn1.SEQUENCE, func(b *cryptobyte.Builder) { // 1
		b.AddASN1Int64(5)                                                                           // 1
		b.AddASN1OctetString(inner.BytesOrPanic())                                                  // 1 + 3
		b.AddASN1BitString(inner.BytesOrPanic())                                                    // 1 + 3
		b.AddASN1OctetString([]byte{0x30, 0x05, 1})                                                 // 1: not DER inside
		b.AddASN1(casn1.UTF8String, func(b *cryptobyte.Builder) { b.AddBytes([]byte{0x30, 0x00}) }) // 1
	})
	if got := countElements(b.BytesOrPanic(), 1000); got != 12 {
		t.Errorf("countElements = %d, want 12", got)
	}
	if got := countElements(b.BytesOrPanic(), 3); got > 5 {
		t.Errorf("countElements with limit 3 = %d: it does not stop", got)
	}
}

// TestMaxElements: a certificate of 300,000 one-letter DNS names (1 MB, the
// parsers would hold tens of megabytes for it) is refused with ErrTooLarge
// and ErrCountLimit before it is parsed; one of 10,000 is read.
func TestMaxElements(t *testing.T) {
	pki := ldPKI(t)
	cert := func(n int) []byte {
		names := make([]string, n)
		for i := range names {
			names[i] = string(rune('a' + i%26))
		}
		tpl := &x509.Certificate{SerialNumber: big.NewInt(7), Subject: pkix.Name{CommonName: fmt.Sprint(n)}, DNSNames: names,
			NotBefore: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), NotAfter: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)}
		der, err := x509.CreateCertificate(nil, tpl, pki.leaf, pki.leafKey.Public(), pki.leafKey)
		if err != nil {
			t.Fatal(err)
		}
		return der
	}
	_, err := Load("many.der", cert(300_000), nil)
	if !errors.Is(err, ErrTooLarge) || !errors.Is(err, ErrCountLimit) {
		t.Errorf("300,000 names: %v, want ErrTooLarge and ErrCountLimit", err)
	}
	if _, err := Load("some.der", cert(10_000), nil); err != nil {
		t.Errorf("10,000 names: %v", err)
	}
	// A name of as many RDNs is refused the same way.
	leaf := testpki.PKI{}.Leaf(t, "agent01.contoso.test", nil, testpki.RawSubject(testpki.NameOfRDNs(70_000, "agent01.contoso.test")))
	if _, err := Load("rdns.der", leaf.DER, nil); !errors.Is(err, ErrCountLimit) {
		t.Errorf("70,000 RDNs: %v, want ErrCountLimit", err)
	}
}
