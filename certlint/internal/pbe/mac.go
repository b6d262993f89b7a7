package pbe

import (
	"crypto/hmac"
	"crypto/md5"
	"crypto/pbkdf2"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	encasn1 "encoding/asn1"
	"fmt"
	"hash"
	"math"

	"golang.org/x/crypto/cryptobyte"
	"golang.org/x/crypto/cryptobyte/asn1"
)

// MAC is a parsed PKCS#12 MacData (RFC 7292 §4):
//
//	MacData ::= SEQUENCE { mac DigestInfo, macSalt OCTET STRING, iterations INTEGER DEFAULT 1 }
//
// The classic MAC is HMAC keyed with the PKCS#12 KDF (ID 3, App. B.2) over the
// hash named in DigestInfo (App. B.4). With PBMAC1 (RFC 9579) DigestInfo names
// PBMAC1, whose parameters carry PBKDF2's salt, count and key length and the
// HMAC to use; macSalt and iterations are then ignored.
type MAC struct {
	// Name says what the MAC is, e.g. "HMAC-SHA256" or
	// "PBMAC1 (PBKDF2-HMAC-SHA256, HMAC-SHA256)".
	Name string
	// Iterations is the count the key derivation will run (math.MaxInt, or
	// -1, for a count that does not fit in an int).
	Iterations int
	// Declared is the count as declared, in decimal, whatever its size.
	Declared string
	// BMPPassword is true for the classic MAC (the PKCS#12 KDF takes a
	// BMPString password) and false for PBMAC1, whose PBKDF2 takes UTF-8
	// (RFC 9579).
	BMPPassword bool

	digest []byte
	salt   []byte
	hash   func() hash.Hash // classic: H; PBMAC1: the HMAC hash
	u, v   int              // classic: H's output and block sizes
	pbmac1 bool
	prf    func() hash.Hash // PBMAC1: PBKDF2's PRF
	keyLen int              // PBMAC1: PBKDF2 keyLength
	// made by NewMAC: the DigestInfo's hash identifier.
	digestOID encasn1.ObjectIdentifier
}

// PBMAC1 key lengths accepted. RFC 9579 requires keyLength to be present;
// a short key makes a forged MAC easy to find (the short-key bypass that
// go-pkcs12's pbmac1-short-key-bypass.p12 exercises), so fewer than 20 octets
// are refused, as go-pkcs12 v0.7.4 does; more than 64 (the largest HMAC
// output) is refused too.
const (
	minPBMAC1KeyLen = 20
	maxPBMAC1KeyLen = 64
)

// ParseMacData parses a DER MacData. It does no key derivation.
func ParseMacData(der []byte) (*MAC, error) {
	in := cryptobyte.String(der)
	var seq, di cryptobyte.String
	var alg algID
	m := &MAC{}
	if !in.ReadASN1(&seq, asn1.SEQUENCE) || !seq.ReadASN1(&di, asn1.SEQUENCE) ||
		!readAlgID(&di, &alg) || !di.ReadASN1Bytes(&m.digest, asn1.OCTET_STRING) || !di.Empty() ||
		!seq.ReadASN1Bytes(&m.salt, asn1.OCTET_STRING) {
		return nil, fmt.Errorf("%w: MacData", ErrMalformed)
	}
	iter, declared := 1, "1"
	if !seq.Empty() {
		var ok bool
		if iter, declared, ok = readIterations(&seq); !ok || !seq.Empty() {
			return nil, fmt.Errorf("%w: MacData iterations", ErrMalformed)
		}
	}
	if alg.oid.Equal(oidPBMAC1) {
		return m, m.parsePBMAC1(alg.params)
	}
	m.Iterations, m.Declared = iter, declared
	m.BMPPassword = true
	var name string
	switch {
	case alg.oid.Equal(oidSHA1):
		m.hash, m.u, m.v, name = sha1.New, 20, 64, "HMAC-SHA1"
	case alg.oid.Equal(oidSHA224):
		m.hash, m.u, m.v, name = sha256.New224, 28, 64, "HMAC-SHA224"
	case alg.oid.Equal(oidSHA256):
		m.hash, m.u, m.v, name = sha256.New, 32, 64, "HMAC-SHA256"
	case alg.oid.Equal(oidSHA384):
		m.hash, m.u, m.v, name = sha512.New384, 48, 128, "HMAC-SHA384"
	case alg.oid.Equal(oidSHA512):
		m.hash, m.u, m.v, name = sha512.New, 64, 128, "HMAC-SHA512"
	case alg.oid.Equal(oidSHA512_224):
		m.hash, m.u, m.v, name = sha512.New512_224, 28, 128, "HMAC-SHA512/224"
	case alg.oid.Equal(oidSHA512_256):
		m.hash, m.u, m.v, name = sha512.New512_256, 32, 128, "HMAC-SHA512/256"
	case alg.oid.Equal(oidMD5):
		m.hash, m.u, m.v, name = md5.New, 16, 64, "HMAC-MD5"
	default:
		return nil, fmt.Errorf("%w: MAC digest %s", ErrUnsupported, OIDName(alg.oid))
	}
	m.Name = name
	return m, nil
}

// parsePBMAC1 parses PBMAC1-params (RFC 8018 App. A.5):
// SEQUENCE { keyDerivationFunc AlgorithmIdentifier, messageAuthScheme AlgorithmIdentifier }.
func (m *MAC) parsePBMAC1(params cryptobyte.String) error {
	var seq cryptobyte.String
	var kdf, mac algID
	if !params.ReadASN1(&seq, asn1.SEQUENCE) || !readAlgID(&seq, &kdf) || !readAlgID(&seq, &mac) || !seq.Empty() {
		return fmt.Errorf("%w: PBMAC1 parameters", ErrMalformed)
	}
	if !kdf.oid.Equal(oidPBKDF2) {
		return fmt.Errorf("%w: PBMAC1 key derivation %s", ErrUnsupported, OIDName(kdf.oid))
	}
	var macName string
	var ok bool
	if m.hash, macName, ok = hmacHash(mac.oid); !ok {
		return fmt.Errorf("%w: PBMAC1 MAC %s", ErrUnsupported, OIDName(mac.oid))
	}
	prf, prfName, keyLen, iter, declared, salt, err := parsePBKDF2(kdf.params)
	if err != nil {
		return err
	}
	switch {
	case keyLen == 0:
		return fmt.Errorf("%w: PBMAC1 without the PBKDF2 keyLength RFC 9579 requires", ErrMalformed)
	case keyLen < minPBMAC1KeyLen:
		return fmt.Errorf("%w: PBMAC1 key length %d is below the minimum of %d octets (a short key lets a forged MAC verify)", ErrMalformed, keyLen, minPBMAC1KeyLen)
	case keyLen > maxPBMAC1KeyLen:
		return fmt.Errorf("%w: PBMAC1 key length %d is above the maximum of %d octets", ErrMalformed, keyLen, maxPBMAC1KeyLen)
	}
	m.pbmac1, m.prf, m.keyLen, m.salt, m.Iterations, m.Declared = true, prf, keyLen, salt, iter, declared
	m.Name = fmt.Sprintf("PBMAC1 (PBKDF2-%s, %s)", prfName, macName)
	return nil
}

// Work returns how many iterations of the underlying hash one Verify costs:
// the count times the number of KDF output blocks the MAC key takes. The
// classic MAC's key is one block of the PKCS#12 KDF (RFC 7292 App. B.4: as
// long as the hash output); PBMAC1's PBKDF2 (RFC 8018 §5.2) runs once per
// PRF output block of keyLength, so a 64-octet key under HMAC-SHA1 costs 4
// times the count.
func (m *MAC) Work() int {
	blocks := 1
	if m.pbmac1 {
		if size := m.prf().Size(); size > 0 {
			blocks = (m.keyLen + size - 1) / size
		}
	}
	if m.Iterations > math.MaxInt/blocks {
		return math.MaxInt
	}
	return m.Iterations * blocks
}

// Verify reports whether the MAC over message verifies with password, encoded
// as BMPPassword says. It compares in constant time.
func (m *MAC) Verify(password, message []byte) (bool, error) {
	sum, err := m.sum(password, message)
	if err != nil {
		return false, err
	}
	return hmac.Equal(sum, m.digest), nil
}

// sum computes the MAC of message under password: HMAC keyed with the
// PKCS#12 KDF (RFC 7292 App. B.4, ID 3) or, for PBMAC1, with PBKDF2 (RFC 9579).
// Verify and MacData share it.
func (m *MAC) sum(password, message []byte) ([]byte, error) {
	if m.Iterations < 1 {
		return nil, fmt.Errorf("%w: MAC iteration count %d", ErrMalformed, m.Iterations)
	}
	var key []byte
	if m.pbmac1 {
		k, err := pbkdf2.Key(m.prf, string(password), m.salt, m.Iterations, m.keyLen)
		if err != nil {
			return nil, fmt.Errorf("%w: PBKDF2: %v", ErrUnsupported, err)
		}
		key = k
	} else {
		key = pkcs12KDF(m.hash, m.u, m.v, password, m.salt, 3, m.Iterations, m.u)
	}
	h := hmac.New(m.hash, key)
	clear(key)
	h.Write(message)
	return h.Sum(nil), nil
}
