// Package certlint reads the certificate containers an Operations Manager
// (OpsMgr / SCOM) administrator has in hand — PFX/PKCS#12, PEM, DER and
// PKCS#7 — and lints them for what OpsMgr's certificate-based mutual
// authentication needs, naming the OpsMgr event each defect raises.
//
// The flow is Load (bytes to *Bundle), then Run (bundle to *Report). Lints
// live in package lints, which registers them here when it is imported.
package certlint

import (
	"crypto"
	"crypto/x509"
	"time"

	zx509 "github.com/zmap/zcrypto/x509"
)

// Format is the container format of an input, detected from its content.
type Format string

const (
	FormatPKCS12 Format = "pkcs12"
	FormatPEM    Format = "pem"
	FormatDER    Format = "der"
	FormatPKCS7  Format = "pkcs7"
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
}

// KeySpec is the Windows key specification a PFX key will be imported with,
// from the Microsoft key usage attribute (OID 2.5.29.15) in the PKCS#8
// attributes of the key bag.
type KeySpec int

const (
	// KeySpecUnspecified: the attribute is absent; Windows decides at import
	// (CryptoAPI imports as AT_KEYEXCHANGE unless told otherwise).
	KeySpecUnspecified KeySpec = iota
	// KeySpecExchange: KEY_EX (0x10), imported as AT_KEYEXCHANGE.
	KeySpecExchange
	// KeySpecSignature: KEY_SIG (0x80) only, imported as AT_SIGNATURE.
	KeySpecSignature
	// KeySpecUnknown: the attribute is present but could not be read, or
	// the key bag could not be decrypted to read it.
	KeySpecUnknown
)

func (k KeySpec) String() string {
	switch k {
	case KeySpecExchange:
		return "AT_KEYEXCHANGE"
	case KeySpecSignature:
		return "AT_SIGNATURE"
	case KeySpecUnspecified:
		return "unspecified"
	}
	return "unknown"
}

// PFXKey holds what a PFX says around one private key bag.
type PFXKey struct {
	// Provider is the Windows CSP or KSP name (bag attribute
	// 1.3.6.1.4.1.311.17.1), "" when absent.
	Provider string
	// KeyUsage is the raw value of the Microsoft key usage attribute 2.5.29.15
	// (0x10 KEY_EX, 0x80 KEY_SIG, 0x90 both); HasKeyUsage says whether it is present.
	KeyUsage    byte
	HasKeyUsage bool
	// KeySpec is KeyUsage interpreted as Windows does.
	KeySpec KeySpec
	// LocalMachine is true when the bag carries the local-machine key set
	// attribute 1.3.6.1.4.1.311.17.2.
	LocalMachine bool
	FriendlyName string
	LocalKeyID   []byte
	// Shrouded is true for a PKCS#8 shrouded (encrypted) key bag, false for a
	// plain key bag.
	Shrouded bool
	// Encryption names the key bag's PBE scheme, Iterations its KDF count.
	Encryption string
	Iterations int
}

// PFXInfo holds the PKCS#12 facts that go-pkcs12 does not expose.
type PFXInfo struct {
	HasMAC        bool
	MACAlgorithm  string // e.g. "HMAC-SHA256"
	MACIterations int
	// CertEncryption names the PBE scheme of the encrypted safe holding the
	// certificates ("" when they are in the clear), CertIterations its count.
	CertEncryption string
	CertIterations int
	Keys           []PFXKey
	// FriendlyNames of the certificate bags, in order ("" where absent).
	CertFriendlyNames []string
}

// Bundle is everything certlint read from one input.
type Bundle struct {
	// Name is the input's name as given to Load (a path or "-").
	Name   string
	Format Format
	// Leaf is the certificate the input is about (nil when it holds none).
	Leaf *Certificate
	// LeafReason says how the leaf was chosen ("matches the private key",
	// "the only certificate that is not a CA", ...).
	LeafReason string
	// LeafAmbiguous is true when several certificates could be the leaf and
	// certlint picked the first.
	LeafAmbiguous bool
	// Others are the remaining certificates (chain candidates), input order.
	Others []*Certificate
	// Key is the private key (nil when the input has none).
	Key crypto.PrivateKey
	// KeyCount is the number of private keys found.
	KeyCount int
	// KeyMatchesLeaf is true when Key's public key equals the leaf's.
	KeyMatchesLeaf bool
	// KeyError is set when a private key is present but unusable (fails to
	// parse or fails its own consistency check).
	KeyError error
	// PFX is set for PKCS#12 inputs.
	PFX *PFXInfo
}

// Certificates returns the leaf followed by the other certificates.
func (b *Bundle) Certificates() []*Certificate {
	out := make([]*Certificate, 0, 1+len(b.Others))
	if b.Leaf != nil {
		out = append(out, b.Leaf)
	}
	return append(out, b.Others...)
}

// Role says whose certificate is being linted.
type Role string

const (
	// RoleLocal: this computer's own certificate, imported with
	// MOMCertImport; a private key is required.
	RoleLocal Role = "local"
	// RoleRemote: a peer's certificate (management server, gateway); no key.
	RoleRemote Role = "remote"
)

// Config is what lints may consult besides the bundle.
type Config struct {
	Role Role
	// Host is the FQDN of the computer the certificate is for ("" = unchecked).
	Host string
	// At is the evaluation time (zero = time.Now() when Run starts).
	At time.Time
	// ExpiryWarning is how long before NotAfter a warning is given
	// (0 = 30 days).
	ExpiryWarning time.Duration
	// Trust holds the trust anchors and extra intermediates; nil means the
	// chain is not evaluated.
	Trust *TrustStore
}
