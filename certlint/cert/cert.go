package cert

import (
	"crypto/x509"
	"fmt"

	zx509 "github.com/zmap/zcrypto/x509"
)

// Certificate is one certificate of a bundle. Raw always holds its DER bytes.
// Parsed is zcrypto's tolerant parse, so that certificates Go's crypto/x509
// refuses can still be linted; it is nil for the rare certificate zcrypto
// refuses (a malformed non-critical extension Go ignores, or a broken one
// that still has a certificate's outer shape). Std is crypto/x509's parse,
// nil (with StdErr set) when Go refuses it.
type Certificate struct {
	Raw    []byte
	Parsed *zx509.Certificate
	Std    *x509.Certificate
	StdErr error
	// ParseErr is zcrypto's reason for refusing the certificate when Parsed
	// is nil.
	ParseErr error
	// Index is the certificate's position in the input it was read from, 1
	// for the first (0 for a Certificate not made by Load).
	Index int
}

// ParseZcrypto parses der with zcrypto, which reads the certificates Windows
// accepts and Go's crypto/x509 refuses (a negative serial number, an odd
// encoding), bounded in cost: zcrypto does not verify the signature of a
// self-issued certificate while parsing, and is not given a huge
// nameConstraints extension to decode. A panic of the parser is returned as
// an error.
func ParseZcrypto(der []byte) (c *zx509.Certificate, err error) {
	defer func() {
		if r := recover(); r != nil {
			c, err = nil, fmt.Errorf("zcrypto parser failed: %v", r)
		}
	}()
	return parseBounded(der) // without zcrypto's unbounded self-signature check
}

// ParseStd parses der with Go's crypto/x509, which applies RFC 5280
// strictly. A panic of the parser is returned as an error.
func ParseStd(der []byte) (c *x509.Certificate, err error) {
	defer func() {
		if r := recover(); r != nil {
			c, err = nil, fmt.Errorf("crypto/x509 parser failed: %v", r)
		}
	}()
	return x509.ParseCertificate(der)
}
