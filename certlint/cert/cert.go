package cert

import (
	"crypto/sha1"
	"crypto/sha256"
	"crypto/x509"
	"fmt"

	zx509 "github.com/zmap/zcrypto/x509"
)

// Certificate is one certificate of a bundle. Raw always holds its DER bytes.
// Std is crypto/x509's parse, nil (with StdErr set) when Go refuses it.
//
// Parsed is zcrypto's tolerant parse, what the lints read, so that
// certificates Go's crypto/x509 refuses can still be linted. Load makes it
// only where it is read: for the end-entity certificates of a bundle (the
// leaf among them) and for every certificate crypto/x509 refuses. A CA
// certificate of a bundle that Go parsed has Parsed nil and ParseErr nil:
// zcrypto was not run on it (a PFX holds two CA certificates, and zcrypto's
// parse cost as much as go-pkcs12's whole decode). Zcrypto returns the parse
// for any certificate. Parsed is nil with ParseErr set for the rare
// certificate zcrypto refuses (a malformed non-critical extension Go
// ignores, or a broken one that still has a certificate's outer shape).
type Certificate struct {
	Raw    []byte
	Parsed *zx509.Certificate
	Std    *x509.Certificate
	StdErr error
	// ParseErr is zcrypto's reason for refusing the certificate when Parsed
	// is nil and zcrypto was run.
	ParseErr error
	// Index is the certificate's position in the input it was read from, 1
	// for the first (0 for a Certificate not made by Load).
	Index int
}

// Zcrypto returns zcrypto's parse of Raw: Parsed, or ParseErr, when it was
// made; otherwise it parses Raw now (ParseZcrypto) and returns the result
// without recording it, so that c can be shared by goroutines.
func (c *Certificate) Zcrypto() (*zx509.Certificate, error) {
	switch {
	case c.Parsed != nil:
		return c.Parsed, nil
	case c.ParseErr != nil:
		return nil, c.ParseErr
	}
	return ParseZcrypto(c.Raw)
}

// SHA1 returns the SHA-1 of Raw, the bytes of the Windows thumbprint. When
// Parsed is set it is zcrypto's fingerprint, which the parse computed from
// the same bytes; otherwise it is computed.
func (c *Certificate) SHA1() [20]byte {
	if c.Parsed != nil && len(c.Parsed.FingerprintSHA1) == sha1.Size {
		return [20]byte(c.Parsed.FingerprintSHA1)
	}
	return sha1.Sum(c.Raw)
}

// Thumbprint returns the Windows thumbprint of c: SHA1 in upper-case hex,
// as certmgr and PowerShell show it.
func (c *Certificate) Thumbprint() string {
	sum := c.SHA1()
	return upperHex(sum[:])
}

// SHA256 returns the SHA-256 of Raw, from Parsed's fingerprint when set
// (see SHA1).
func (c *Certificate) SHA256() [32]byte {
	if c.Parsed != nil && len(c.Parsed.FingerprintSHA256) == sha256.Size {
		return [32]byte(c.Parsed.FingerprintSHA256)
	}
	return sha256.Sum256(c.Raw)
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
