package pbe

import (
	"bytes"
	"crypto/cipher"
	"crypto/sha1"
	"crypto/sha256"
	"fmt"

	"golang.org/x/crypto/cryptobyte"
	"golang.org/x/crypto/cryptobyte/asn1"
)

// The writing side: the two encryption schemes and the two MACs a PKCS#12
// writer for Windows needs, built as DER and parsed back with ParseScheme and
// ParseMacData, so that what is written is exactly what the reader accepts
// and the key derivation is the reader's own (deriveKeyIV, MAC.sum).
//
//	Modern (Windows 10 1709 / Server 2019 and later, OpenSSL 3's default):
//	  PBES2 with PBKDF2-HMAC-SHA256 and AES-256-CBC (RFC 8018 §6.2, RFC 9579 §5),
//	  MAC HMAC-SHA256 keyed with the PKCS#12 KDF (RFC 7292 App. B).
//	Legacy (every Windows version, Server 2016 and older included):
//	  pbeWithSHAAnd3-KeyTripleDES-CBC (RFC 7292 App. C), MAC HMAC-SHA1.

// NewPBES2AES256 returns the PBES2 scheme with PBKDF2-HMAC-SHA256 and
// AES-256-CBC (RFC 8018 §6.2 and App. A.2, A.4; the PKCS#12 profile of RFC
// 9579 §5): salt and iv are the PBKDF2 salt and the 16-byte CBC IV. The
// keyLength field is left out, as OpenSSL and Windows write it.
func NewPBES2AES256(salt, iv []byte, iterations int) (*Scheme, error) {
	var b cryptobyte.Builder
	b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1ObjectIdentifier(oidPBES2)
		b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddASN1ObjectIdentifier(oidPBKDF2)
				b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
					b.AddASN1OctetString(salt)
					b.AddASN1Int64(int64(iterations))
					b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
						b.AddASN1ObjectIdentifier(oidHMACWithSHA256)
						b.AddASN1NULL()
					})
				})
			})
			b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddASN1ObjectIdentifier(oidAES256CBC)
				b.AddASN1OctetString(iv)
			})
		})
	})
	return newScheme(b, iterations)
}

// NewPKCS12TripleDES returns pbeWithSHAAnd3-KeyTripleDES-CBC (RFC 7292 App.
// C): key and IV from the PKCS#12 KDF over SHA-1, the password as a
// BMPString.
func NewPKCS12TripleDES(salt []byte, iterations int) (*Scheme, error) {
	var b cryptobyte.Builder
	b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1ObjectIdentifier(oidPBEWithSHAAnd3KeyTripleDES)
		b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1OctetString(salt)
			b.AddASN1Int64(int64(iterations))
		})
	})
	return newScheme(b, iterations)
}

func newScheme(b cryptobyte.Builder, iterations int) (*Scheme, error) {
	if iterations < 1 {
		return nil, fmt.Errorf("%w: iteration count %d", ErrMalformed, iterations)
	}
	der, err := b.Bytes()
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	s, err := ParseScheme(der)
	if err != nil {
		return nil, err
	}
	s.der = der
	return s, nil
}

// AlgorithmIdentifier returns the DER AlgorithmIdentifier of a scheme made by
// NewPBES2AES256 or NewPKCS12TripleDES (nil for a parsed one).
func (s *Scheme) AlgorithmIdentifier() []byte { return bytes.Clone(s.der) }

// Encrypt pads plaintext as RFC 8018 §6.1.1 step 4 says (PKCS#7 padding, a
// whole block when it is already aligned), derives the key and IV from
// password as Decrypt does, and encrypts in CBC mode. password is encoded as
// BMPPassword says. RC4 schemes are not written.
func (s *Scheme) Encrypt(password, plaintext []byte) ([]byte, error) {
	if s.cipher == cipherRC4 {
		return nil, fmt.Errorf("%w: writing %s", ErrUnsupported, s.Name)
	}
	key, iv, err := s.deriveKeyIV(password)
	if err != nil {
		return nil, err
	}
	defer clear(key)
	block, err := s.newBlock(key)
	if err != nil {
		return nil, err
	}
	bs := block.BlockSize()
	if len(iv) != bs {
		return nil, fmt.Errorf("%w: IV of %d bytes for a %d-byte block", ErrMalformed, len(iv), bs)
	}
	pad := bs - len(plaintext)%bs
	buf := make([]byte, len(plaintext)+pad)
	copy(buf, plaintext)
	for i := len(plaintext); i < len(buf); i++ {
		buf[i] = byte(pad)
	}
	cipher.NewCBCEncrypter(block, iv).CryptBlocks(buf, buf)
	return buf, nil
}

// MAC algorithms NewMAC writes.
const (
	// MACSHA256 is HMAC-SHA256 keyed with the PKCS#12 KDF over SHA-256 (RFC
	// 7292 App. B.4): OpenSSL 3's default, read by Windows 10 1709 / Server
	// 2019 and later.
	MACSHA256 = "HMAC-SHA256"
	// MACSHA1 is HMAC-SHA1 keyed with the PKCS#12 KDF over SHA-1: what every
	// Windows version reads.
	MACSHA1 = "HMAC-SHA1"
)

// NewMAC returns a classic PKCS#12 MAC (RFC 7292 §5, App. B.4) of algorithm
// MACSHA256 or MACSHA1, with the given salt and iteration count. Its MacData
// method computes the MAC of a message and returns the DER MacData.
func NewMAC(algorithm string, salt []byte, iterations int) (*MAC, error) {
	if iterations < 1 {
		return nil, fmt.Errorf("%w: MAC iteration count %d", ErrMalformed, iterations)
	}
	m := &MAC{Name: algorithm, Iterations: iterations, BMPPassword: true, salt: bytes.Clone(salt)}
	switch algorithm {
	case MACSHA256:
		m.hash, m.u, m.v, m.digestOID = sha256.New, sha256.Size, sha256.BlockSize, oidSHA256
	case MACSHA1:
		m.hash, m.u, m.v, m.digestOID = sha1.New, sha1.Size, sha1.BlockSize, oidSHA1
	default:
		return nil, fmt.Errorf("%w: writing MAC %s", ErrUnsupported, algorithm)
	}
	return m, nil
}

// MacData computes the MAC of message (the AuthenticatedSafe's octets, RFC
// 7292 §5.1) under password, a BMPString, and returns the DER MacData:
//
//	SEQUENCE { mac DigestInfo { AlgorithmIdentifier, digest OCTET STRING },
//	           macSalt OCTET STRING, iterations INTEGER }
//
// Only a MAC made by NewMAC can be written.
func (m *MAC) MacData(password, message []byte) ([]byte, error) {
	if m.digestOID == nil || m.pbmac1 {
		return nil, fmt.Errorf("%w: MAC not made by NewMAC", ErrUnsupported)
	}
	sum, err := m.sum(password, message)
	if err != nil {
		return nil, err
	}
	var b cryptobyte.Builder
	b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddASN1ObjectIdentifier(m.digestOID)
				b.AddASN1NULL()
			})
			b.AddASN1OctetString(sum)
		})
		b.AddASN1OctetString(m.salt)
		b.AddASN1Int64(int64(m.Iterations))
	})
	return b.Bytes()
}
