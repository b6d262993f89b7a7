package chain

import (
	"bytes"
	"crypto/fips140"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/x509"

	"filippo.io/bigmod"
)

// rsaKey is a trust store certificate's RSA public key with its Montgomery
// constants computed once. crypto/rsa computes them again on every
// verification (a third of verifying a 2048-bit signature), and every leaf
// of a run is checked against the same few store keys.
type rsaKey struct {
	n *bigmod.Modulus
	k int // the modulus' length in bytes (RFC 8017 §8.2.2: k)
}

// newRSAKey returns the prepared key of pub, or nil when verifiesPKCS1v15
// would not be equivalent to crypto/rsa for it: only keys of 2048 to 4096
// bits with the exponent 65537, which crypto/rsa accepts in every mode but
// FIPS 140-only, are prepared.
func newRSAKey(pub any) *rsaKey {
	k, ok := pub.(*rsa.PublicKey)
	if !ok || k.N == nil || k.E != 65537 || fips140.Enabled() {
		return nil
	}
	if bits := k.N.BitLen(); bits < 2048 || bits > 4096 || k.N.Bit(0) == 0 {
		return nil
	}
	n, err := bigmod.NewModulus(k.N.Bytes())
	if err != nil {
		return nil
	}
	return &rsaKey{n: n, k: (k.N.BitLen() + 7) / 8}
}

// DigestInfo prefixes of RFC 8017 §9.2, note 1.
var (
	digestInfoSHA256 = []byte{0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20}
	digestInfoSHA384 = []byte{0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02, 0x05, 0x00, 0x04, 0x30}
	digestInfoSHA512 = []byte{0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03, 0x05, 0x00, 0x04, 0x40}
)

// verifiesPKCS1v15 reports whether signature is a valid RSASSA-PKCS1-v1_5
// signature (RFC 8017 §8.2.2, with the encode-and-compare of step 3-4) of
// signed under the key, for algo sha256WithRSAEncryption,
// sha384WithRSAEncryption or sha512WithRSAEncryption (RFC 4055 §5). It
// computes what crypto/x509's CheckSignature computes for those algorithms
// and reports false for any other algorithm and for any signature that does
// not verify: the caller then asks crypto/x509, whose answer, and error, is
// the one given. A true here is always a true there.
func (k *rsaKey) verifiesPKCS1v15(algo x509.SignatureAlgorithm, signed, signature []byte) bool {
	if k == nil || len(signature) != k.k {
		return false
	}
	var prefix, digest []byte
	switch algo {
	case x509.SHA256WithRSA:
		h := sha256.Sum256(signed)
		prefix, digest = digestInfoSHA256, h[:]
	case x509.SHA384WithRSA:
		h := sha512.Sum384(signed)
		prefix, digest = digestInfoSHA384, h[:]
	case x509.SHA512WithRSA:
		h := sha512.Sum512(signed)
		prefix, digest = digestInfoSHA512, h[:]
	default:
		return false
	}
	s, err := bigmod.NewNat().SetBytes(signature, k.n) // fails when s >= n (§5.2.2 step 1)
	if err != nil {
		return false
	}
	em := bigmod.NewNat().ExpShortVarTime(s, 65537, k.n).Bytes(k.n) // k bytes
	// EM = 0x00 || 0x01 || PS (0xff, at least 8) || 0x00 || DigestInfo
	// (§9.2); k >= 256 (newRSAKey) leaves room for the longest, SHA-512's.
	tLen := len(prefix) + len(digest)
	if em[0] != 0 || em[1] != 1 || em[k.k-tLen-1] != 0 {
		return false
	}
	for _, b := range em[2 : k.k-tLen-1] {
		if b != 0xff {
			return false
		}
	}
	return bytes.Equal(em[k.k-tLen:k.k-len(digest)], prefix) && bytes.Equal(em[k.k-len(digest):], digest)
}
