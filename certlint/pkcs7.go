package certlint

import (
	encasn1 "encoding/asn1"
	"fmt"

	"github.com/certlint/certlint/certlint/internal/ber"
	"github.com/certlint/certlint/certlint/internal/pkcs12"

	"golang.org/x/crypto/cryptobyte"
	"golang.org/x/crypto/cryptobyte/asn1"
)

// PKCS#7 reading: the certificates of a "certs-only" SignedData (RFC 2315
// §9.1, RFC 5652 §5), what Windows writes as a .p7b ("Cryptographic Message
// Syntax Standard - PKCS #7 Certificates") and `openssl crl2pkcs7 -nocrl`
// writes, DER or PEM ("-----BEGIN PKCS7-----"), BER accepted.
//
//	ContentInfo ::= SEQUENCE { contentType OID, content [0] EXPLICIT ANY }
//	SignedData ::= SEQUENCE { version INTEGER, digestAlgorithms SET,
//	  encapContentInfo SEQUENCE, certificates [0] IMPLICIT SET OF
//	  CertificateChoices OPTIONAL, crls [1] IMPLICIT OPTIONAL, signerInfos SET }
//
// Only X.509 certificates (the SEQUENCE choice) are read, in the order of the
// set; attribute certificates and the other choices are skipped. The
// signature, if any, is not verified: a .p7b is a bag of certificates.

var pkcs7TypeNames = map[string]string{
	pkcs12.OIDData.String():          "Data",
	pkcs12.OIDEnvelopedData.String(): "EnvelopedData",
	pkcs12.OIDEncryptedData.String(): "EncryptedData",
	"1.2.840.113549.1.7.4":           "SignedAndEnvelopedData",
	"1.2.840.113549.1.7.5":           "DigestedData",
}

// loadPKCS7 loads a DER (or BER) PKCS#7 input.
func (l *loader) loadPKCS7(data []byte) error {
	der, rest, err := ber.Element(data, "the PKCS#7 ContentInfo")
	if err != nil {
		return l.errorf(ErrMalformed, "%v", err)
	}
	if !isPadding(rest) {
		return l.errorf(ErrMalformed, "%d bytes of data after the end of the PKCS#7 structure", len(rest))
	}
	n, err := l.readPKCS7(der, "the PKCS#7 structure")
	if err != nil {
		return err
	}
	if n == 0 {
		return l.errorf(ErrNotCertificate, "a PKCS#7 SignedData that holds no certificate")
	}
	return nil
}

// readPKCS7 reads the certificates of one PKCS#7 ContentInfo (DER) and
// returns how many it found.
func (l *loader) readPKCS7(der []byte, what string) (int, error) {
	in := cryptobyte.String(der)
	var ci, content cryptobyte.String
	var typ encasn1.ObjectIdentifier
	if !in.ReadASN1(&ci, asn1.SEQUENCE) || !ci.ReadASN1ObjectIdentifier(&typ) {
		return 0, l.errorf(ErrMalformed, "%s is not a ContentInfo (RFC 5652 §3)", what)
	}
	if !typ.Equal(pkcs12.OIDSignedData) {
		name, ok := pkcs7TypeNames[typ.String()]
		if !ok {
			name = "content of type " + typ.String()
		}
		return 0, l.errorf(ErrNotCertificate, "%s is a PKCS#7 %s, which holds no certificates (a .p7b is SignedData)", what, name)
	}
	var sd cryptobyte.String
	var version int64
	if !ci.ReadASN1(&content, asn1.Tag(0).Constructed().ContextSpecific()) ||
		!content.ReadASN1(&sd, asn1.SEQUENCE) || !sd.ReadASN1Integer(&version) ||
		!sd.SkipASN1(asn1.SET) || !sd.SkipASN1(asn1.SEQUENCE) {
		return 0, l.errorf(ErrMalformed, "%s: the SignedData is broken or truncated", what)
	}
	var certs cryptobyte.String
	var has bool
	if !sd.ReadOptionalASN1(&certs, &has, asn1.Tag(0).Constructed().ContextSpecific()) {
		return 0, l.errorf(ErrMalformed, "%s: the SignedData certificates are broken", what)
	}
	n := 0
	for !certs.Empty() {
		var el cryptobyte.String
		var tag asn1.Tag
		if !certs.ReadAnyASN1Element(&el, &tag) {
			return n, l.errorf(ErrMalformed, "%s: certificate %d is broken or truncated", what, n+1)
		}
		if tag != asn1.SEQUENCE {
			continue // an extended or attribute certificate, or another choice
		}
		n++
		if err := l.addCertificate(el, nil, fmt.Sprintf("%s: certificate %d", what, n)); err != nil {
			return n, err
		}
	}
	return n, nil
}
