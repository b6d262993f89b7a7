package pbe

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/des"
	"crypto/md5"
	"crypto/pbkdf2"
	"crypto/rc4"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	encasn1 "encoding/asn1"
	"errors"
	"fmt"
	"hash"
	"math"
	"math/big"

	"golang.org/x/crypto/cryptobyte"
	"golang.org/x/crypto/cryptobyte/asn1"

	"github.com/certlint/certlint/certlint/internal/rc2"
)

// Errors. Callers map them to their own error kinds; none of their texts
// contain a password or decrypted bytes.
var (
	// ErrUnsupported: the scheme is well formed but not implemented.
	ErrUnsupported = errors.New("unsupported algorithm")
	// ErrMalformed: the parameters or ciphertext are structurally broken.
	ErrMalformed = errors.New("malformed")
	// ErrDecrypt: the padding did not verify after decryption, which is what
	// a wrong password looks like for a CBC scheme.
	ErrDecrypt = errors.New("decryption failed")
)

// Object identifiers (RFC 7292 App. C and D, RFC 8018 App. C, RFC 9579,
// NIST CSOR for the hash and AES identifiers).
var (
	oidPBEWithSHAAnd128BitRC4        = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 1, 1}
	oidPBEWithSHAAnd40BitRC4         = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 1, 2}
	oidPBEWithSHAAnd3KeyTripleDES    = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 1, 3}
	oidPBEWithSHAAnd2KeyTripleDES    = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 1, 4}
	oidPBEWithSHAAnd128BitRC2        = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 1, 5}
	oidPBEWithSHAAnd40BitRC2         = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 1, 6}
	oidPBEWithMD5AndDES              = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 5, 3}
	oidPBEWithMD5AndRC2              = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 5, 6}
	oidPBEWithSHA1AndDES             = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 5, 10}
	oidPBEWithSHA1AndRC2             = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 5, 11}
	oidPBKDF2                        = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 5, 12}
	oidPBES2                         = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 5, 13}
	oidPBMAC1                        = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 5, 14}
	oidAES128CBC                     = encasn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 1, 2}
	oidAES192CBC                     = encasn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 1, 22}
	oidAES256CBC                     = encasn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 1, 42}
	oidDESEDE3CBC                    = encasn1.ObjectIdentifier{1, 2, 840, 113549, 3, 7}
	oidDESCBC                        = encasn1.ObjectIdentifier{1, 3, 14, 3, 2, 7}
	oidHMACWithSHA1                  = encasn1.ObjectIdentifier{1, 2, 840, 113549, 2, 7}
	oidHMACWithSHA224                = encasn1.ObjectIdentifier{1, 2, 840, 113549, 2, 8}
	oidHMACWithSHA256                = encasn1.ObjectIdentifier{1, 2, 840, 113549, 2, 9}
	oidHMACWithSHA384                = encasn1.ObjectIdentifier{1, 2, 840, 113549, 2, 10}
	oidHMACWithSHA512                = encasn1.ObjectIdentifier{1, 2, 840, 113549, 2, 11}
	oidHMACWithSHA512_224            = encasn1.ObjectIdentifier{1, 2, 840, 113549, 2, 12}
	oidHMACWithSHA512_256            = encasn1.ObjectIdentifier{1, 2, 840, 113549, 2, 13}
	oidMD5                           = encasn1.ObjectIdentifier{1, 2, 840, 113549, 2, 5}
	oidSHA1                          = encasn1.ObjectIdentifier{1, 3, 14, 3, 2, 26}
	oidSHA224                        = encasn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 4}
	oidSHA256                        = encasn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 1}
	oidSHA384                        = encasn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 2}
	oidSHA512                        = encasn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 3}
	oidSHA512_224                    = encasn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 5}
	oidSHA512_256                    = encasn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 6}
	oidScrypt                        = encasn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 11591, 4, 11}
	oidRC2CBC                        = encasn1.ObjectIdentifier{1, 2, 840, 113549, 3, 2}
	oidGOSTR341194                   = encasn1.ObjectIdentifier{1, 2, 643, 2, 2, 9}
	oidGOSTR34112012_256             = encasn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 2, 2}
	oidGOSTR34112012_512             = encasn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 2, 3}
	oidGOST28147                     = encasn1.ObjectIdentifier{1, 2, 643, 2, 2, 21}
	oidHMACGOSTR34112012_512         = encasn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 4, 2}
	oidPBEWithMD2AndDES              = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 5, 1}
	oidPBEWithMD2AndRC2              = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 5, 4}
	oidKuznyechikCTRACPKM            = encasn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 5, 2, 2}
	oidMagmaCTRACPKM                 = encasn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 5, 1, 2}
	oidPBEWithSHA1AndDESEDE_Netscape = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 5, 1, 3}
)

// names for OIDs that may appear in an error message.
var oidNames = map[string]string{
	oidGOSTR341194.String():                   "GOST R 34.11-94",
	oidGOSTR34112012_256.String():             "GOST R 34.11-2012 (256 bit)",
	oidGOSTR34112012_512.String():             "GOST R 34.11-2012 (512 bit)",
	oidGOST28147.String():                     "GOST 28147-89",
	oidHMACGOSTR34112012_512.String():         "HMAC GOST R 34.11-2012 (512 bit)",
	oidKuznyechikCTRACPKM.String():            "GOST R 34.12-2015 Kuznyechik CTR-ACPKM",
	oidMagmaCTRACPKM.String():                 "GOST R 34.12-2015 Magma CTR-ACPKM",
	oidScrypt.String():                        "scrypt",
	oidRC2CBC.String():                        "RC2-CBC",
	oidPBEWithMD2AndDES.String():              "pbeWithMD2AndDES-CBC",
	oidPBEWithMD2AndRC2.String():              "pbeWithMD2AndRC2-CBC",
	oidPBEWithSHA1AndDESEDE_Netscape.String(): "Netscape pbeWithSHA1AndDES-EDE3-CBC",
	oidPBMAC1.String():                        "PBMAC1",
}

// OIDName returns a readable name for an OID certlint may mention, with the
// dotted form in parentheses.
func OIDName(oid encasn1.ObjectIdentifier) string {
	if n, ok := oidNames[oid.String()]; ok {
		return n + " (" + oid.String() + ")"
	}
	return oid.String()
}

type schemeKind int

const (
	kindPKCS12 schemeKind = iota + 1 // RFC 7292 App. C
	kindPBES1                        // RFC 8018 §6.1
	kindPBES2                        // RFC 8018 §6.2
)

type cipherKind int

const (
	cipherAES cipherKind = iota + 1
	cipher3DES
	cipher2KeyDES // two-key triple DES: K1 K2 K1
	cipherDES
	cipherRC2
	cipherRC4
)

// Scheme is a parsed password-based encryption scheme.
type Scheme struct {
	// Name says what the scheme is, e.g. "pbeWithSHAAnd3-KeyTripleDES-CBC"
	// or "PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC)".
	Name string
	// Iterations is the KDF iteration count the scheme declares
	// (math.MaxInt, or -1, for a count that does not fit in an int).
	Iterations int
	// Declared is the count as declared, in decimal, whatever its size:
	// what a message about it shows.
	Declared string
	// BMPPassword is true when the password enters the KDF as a BMPString
	// (the PKCS#12 KDF, RFC 7292 App. B.1) and false when it enters as its
	// UTF-8 octets (PBKDF1/PBKDF2, RFC 8018 §3; RFC 9579 for PKCS#12).
	BMPPassword bool

	kind    schemeKind
	cipher  cipherKind
	keyLen  int
	rc2Bits int
	salt    []byte
	iv      []byte
	prf     func() hash.Hash // PBKDF2 PRF
	md      func() hash.Hash // PBKDF1 hash
	der     []byte           // made by a constructor: its AlgorithmIdentifier
}

// ParseScheme parses a DER AlgorithmIdentifier naming an encryption scheme.
// It does no key derivation.
func ParseScheme(der []byte) (*Scheme, error) {
	in := cryptobyte.String(der)
	var alg algID
	if !readAlgID(&in, &alg) {
		return nil, fmt.Errorf("%w: encryption AlgorithmIdentifier", ErrMalformed)
	}
	switch {
	case alg.oid.Equal(oidPBEWithSHAAnd3KeyTripleDES):
		return parsePKCS12PBE(alg, "pbeWithSHAAnd3-KeyTripleDES-CBC", cipher3DES, 24, 0)
	case alg.oid.Equal(oidPBEWithSHAAnd2KeyTripleDES):
		return parsePKCS12PBE(alg, "pbeWithSHAAnd2-KeyTripleDES-CBC", cipher2KeyDES, 16, 0)
	case alg.oid.Equal(oidPBEWithSHAAnd128BitRC2):
		return parsePKCS12PBE(alg, "pbeWithSHAAnd128BitRC2-CBC", cipherRC2, 16, 128)
	case alg.oid.Equal(oidPBEWithSHAAnd40BitRC2):
		return parsePKCS12PBE(alg, "pbeWithSHAAnd40BitRC2-CBC", cipherRC2, 5, 40)
	case alg.oid.Equal(oidPBEWithSHAAnd128BitRC4):
		return parsePKCS12PBE(alg, "pbeWithSHAAnd128BitRC4", cipherRC4, 16, 0)
	case alg.oid.Equal(oidPBEWithSHAAnd40BitRC4):
		return parsePKCS12PBE(alg, "pbeWithSHAAnd40BitRC4", cipherRC4, 5, 0)
	case alg.oid.Equal(oidPBEWithMD5AndDES):
		return parsePBES1(alg, "pbeWithMD5AndDES-CBC", md5.New, cipherDES)
	case alg.oid.Equal(oidPBEWithMD5AndRC2):
		return parsePBES1(alg, "pbeWithMD5AndRC2-CBC", md5.New, cipherRC2)
	case alg.oid.Equal(oidPBEWithSHA1AndDES):
		return parsePBES1(alg, "pbeWithSHA1AndDES-CBC", sha1.New, cipherDES)
	case alg.oid.Equal(oidPBEWithSHA1AndRC2):
		return parsePBES1(alg, "pbeWithSHA1AndRC2-CBC", sha1.New, cipherRC2)
	case alg.oid.Equal(oidPBES2):
		return parsePBES2(alg)
	}
	return nil, fmt.Errorf("%w: encryption scheme %s", ErrUnsupported, OIDName(alg.oid))
}

// parsePKCS12PBE parses pkcs-12PbeParams (RFC 7292 App. C):
// SEQUENCE { salt OCTET STRING, iterations INTEGER }.
func parsePKCS12PBE(alg algID, name string, c cipherKind, keyLen, rc2Bits int) (*Scheme, error) {
	s := &Scheme{Name: name, BMPPassword: true, kind: kindPKCS12, cipher: c, keyLen: keyLen, rc2Bits: rc2Bits}
	var ok bool
	if s.salt, s.Iterations, s.Declared, ok = readSaltAndIterations(alg.params); !ok {
		return nil, fmt.Errorf("%w: %s parameters", ErrMalformed, name)
	}
	return s, nil
}

// readSaltAndIterations reads SEQUENCE { salt OCTET STRING, iterations
// INTEGER }, the parameters of the PKCS#12 PBEs and of PBES1, and nothing more.
func readSaltAndIterations(p cryptobyte.String) (salt []byte, iter int, declared string, ok bool) {
	var seq cryptobyte.String
	if !p.ReadASN1(&seq, asn1.SEQUENCE) || !seq.ReadASN1Bytes(&salt, asn1.OCTET_STRING) {
		return nil, 0, "", false
	}
	if iter, declared, ok = readIterations(&seq); !ok || !seq.Empty() {
		return nil, 0, "", false
	}
	return salt, iter, declared, true
}

// parsePBES1 parses PBEParameter (RFC 8018 App. A.3):
// SEQUENCE { salt OCTET STRING (SIZE(8)), iterationCount INTEGER }.
func parsePBES1(alg algID, name string, md func() hash.Hash, c cipherKind) (*Scheme, error) {
	s := &Scheme{Name: name, kind: kindPBES1, cipher: c, keyLen: 8, rc2Bits: 64, md: md}
	var ok bool
	if s.salt, s.Iterations, s.Declared, ok = readSaltAndIterations(alg.params); !ok || len(s.salt) != 8 {
		return nil, fmt.Errorf("%w: %s parameters", ErrMalformed, name)
	}
	return s, nil
}

// parsePBES2 parses PBES2-params (RFC 8018 App. A.4):
// SEQUENCE { keyDerivationFunc AlgorithmIdentifier, encryptionScheme AlgorithmIdentifier }.
func parsePBES2(alg algID) (*Scheme, error) {
	p := alg.params
	var seq cryptobyte.String
	var kdf, enc algID
	if !p.ReadASN1(&seq, asn1.SEQUENCE) || !readAlgID(&seq, &kdf) || !readAlgID(&seq, &enc) || !seq.Empty() {
		return nil, fmt.Errorf("%w: PBES2 parameters", ErrMalformed)
	}
	s := &Scheme{kind: kindPBES2}
	var cipherName string
	switch {
	case enc.oid.Equal(oidAES128CBC):
		s.cipher, s.keyLen, cipherName = cipherAES, 16, "AES-128-CBC"
	case enc.oid.Equal(oidAES192CBC):
		s.cipher, s.keyLen, cipherName = cipherAES, 24, "AES-192-CBC"
	case enc.oid.Equal(oidAES256CBC):
		s.cipher, s.keyLen, cipherName = cipherAES, 32, "AES-256-CBC"
	case enc.oid.Equal(oidDESEDE3CBC):
		s.cipher, s.keyLen, cipherName = cipher3DES, 24, "DES-EDE3-CBC"
	case enc.oid.Equal(oidDESCBC):
		s.cipher, s.keyLen, cipherName = cipherDES, 8, "DES-CBC"
	default:
		return nil, fmt.Errorf("%w: PBES2 cipher %s", ErrUnsupported, OIDName(enc.oid))
	}
	// The IV is the cipher's parameter, an OCTET STRING of one block.
	ivs := enc.params
	if !ivs.ReadASN1Bytes(&s.iv, asn1.OCTET_STRING) || !ivs.Empty() {
		return nil, fmt.Errorf("%w: PBES2 %s IV", ErrMalformed, cipherName)
	}
	bs := 8
	if s.cipher == cipherAES {
		bs = aes.BlockSize
	}
	if len(s.iv) != bs {
		return nil, fmt.Errorf("%w: PBES2 %s IV of %d bytes, want %d", ErrMalformed, cipherName, len(s.iv), bs)
	}
	if !kdf.oid.Equal(oidPBKDF2) {
		return nil, fmt.Errorf("%w: PBES2 key derivation %s", ErrUnsupported, OIDName(kdf.oid))
	}
	prf, prfName, keyLen, iter, declared, salt, err := parsePBKDF2(kdf.params)
	if err != nil {
		return nil, err
	}
	if keyLen != 0 && keyLen != s.keyLen {
		return nil, fmt.Errorf("%w: PBKDF2 keyLength %d does not fit %s", ErrMalformed, keyLen, cipherName)
	}
	s.prf, s.salt, s.Iterations, s.Declared = prf, salt, iter, declared
	s.Name = fmt.Sprintf("PBES2 (PBKDF2-%s, %s)", prfName, cipherName)
	return s, nil
}

// parsePBKDF2 parses PBKDF2-params (RFC 8018 App. A.2):
//
//	SEQUENCE { salt CHOICE { specified OCTET STRING, otherSource AlgorithmIdentifier },
//	           iterationCount INTEGER, keyLength INTEGER OPTIONAL,
//	           prf AlgorithmIdentifier DEFAULT hmacWithSHA1 }
//
// keyLen is 0 when absent.
func parsePBKDF2(params cryptobyte.String) (prf func() hash.Hash, prfName string, keyLen, iter int, declared string, salt []byte, err error) {
	var seq cryptobyte.String
	if !params.ReadASN1(&seq, asn1.SEQUENCE) {
		return nil, "", 0, 0, "", nil, fmt.Errorf("%w: PBKDF2 parameters", ErrMalformed)
	}
	if !seq.PeekASN1Tag(asn1.OCTET_STRING) {
		return nil, "", 0, 0, "", nil, fmt.Errorf("%w: PBKDF2 salt from another source", ErrUnsupported)
	}
	var ok bool
	if !seq.ReadASN1Bytes(&salt, asn1.OCTET_STRING) {
		return nil, "", 0, 0, "", nil, fmt.Errorf("%w: PBKDF2 salt", ErrMalformed)
	}
	if iter, declared, ok = readIterations(&seq); !ok {
		return nil, "", 0, 0, "", nil, fmt.Errorf("%w: PBKDF2 iteration count", ErrMalformed)
	}
	if seq.PeekASN1Tag(asn1.INTEGER) {
		var kl int64
		if !seq.ReadASN1Integer(&kl) || kl < 1 || kl > 1024 {
			return nil, "", 0, 0, "", nil, fmt.Errorf("%w: PBKDF2 keyLength", ErrMalformed)
		}
		keyLen = int(kl)
	}
	prf, prfName = sha1.New, "HMAC-SHA1"
	if !seq.Empty() {
		var p algID
		if !readAlgID(&seq, &p) || !seq.Empty() {
			return nil, "", 0, 0, "", nil, fmt.Errorf("%w: PBKDF2 PRF", ErrMalformed)
		}
		var ok bool
		if prf, prfName, ok = hmacHash(p.oid); !ok {
			return nil, "", 0, 0, "", nil, fmt.Errorf("%w: PBKDF2 PRF %s", ErrUnsupported, OIDName(p.oid))
		}
	}
	return prf, prfName, keyLen, iter, declared, salt, nil
}

// hmacHash maps an hmacWithSHA* identifier (RFC 8018 App. B.1) to its hash.
func hmacHash(oid encasn1.ObjectIdentifier) (func() hash.Hash, string, bool) {
	switch {
	case oid.Equal(oidHMACWithSHA1):
		return sha1.New, "HMAC-SHA1", true
	case oid.Equal(oidHMACWithSHA224):
		return sha256.New224, "HMAC-SHA224", true
	case oid.Equal(oidHMACWithSHA256):
		return sha256.New, "HMAC-SHA256", true
	case oid.Equal(oidHMACWithSHA384):
		return sha512.New384, "HMAC-SHA384", true
	case oid.Equal(oidHMACWithSHA512):
		return sha512.New, "HMAC-SHA512", true
	case oid.Equal(oidHMACWithSHA512_224):
		return sha512.New512_224, "HMAC-SHA512/224", true
	case oid.Equal(oidHMACWithSHA512_256):
		return sha512.New512_256, "HMAC-SHA512/256", true
	}
	return nil, "", false
}

// Work returns how many iterations of the underlying hash one Decrypt costs:
// the declared count times the number of KDF output blocks it needs. The
// PKCS#12 KDF (RFC 7292 App. B.2) runs once for the key, one SHA-1 block per
// 20 bytes (two for a 3DES key), and once more for the IV; PBKDF2 (RFC 8018
// §5.2) runs once per PRF output block of the key. Callers budget with it.
func (s *Scheme) Work() int {
	blocks := 1
	switch s.kind {
	case kindPKCS12:
		blocks = (s.keyLen + sha1.Size - 1) / sha1.Size
		if s.cipher != cipherRC4 {
			blocks++ // the IV
		}
	case kindPBES2:
		if size := s.prf().Size(); size > 0 {
			blocks = (s.keyLen + size - 1) / size
		}
	}
	if blocks < 1 {
		blocks = 1
	}
	if s.Iterations > math.MaxInt/blocks {
		return math.MaxInt
	}
	return s.Iterations * blocks
}

// Decrypt derives the key (and IV) from password and decrypts ciphertext.
// password must be encoded as BMPPassword says. A CBC scheme returns
// ErrDecrypt when the padding does not verify (RFC 8018 §6.1.2 step 5), which
// is how a wrong password shows; an RC4 scheme cannot tell, so its caller
// must check the plaintext's structure.
func (s *Scheme) Decrypt(password, ciphertext []byte) ([]byte, error) {
	key, iv, err := s.deriveKeyIV(password)
	if err != nil {
		return nil, err
	}
	defer clear(key)
	if s.cipher == cipherRC4 {
		c, err := rc4.NewCipher(key)
		if err != nil {
			return nil, fmt.Errorf("%w: RC4 key", ErrMalformed)
		}
		out := make([]byte, len(ciphertext))
		c.XORKeyStream(out, ciphertext)
		return out, nil
	}
	block, err := s.newBlock(key)
	if err != nil {
		return nil, err
	}
	bs := block.BlockSize()
	if len(ciphertext) == 0 || len(ciphertext)%bs != 0 {
		return nil, fmt.Errorf("%w: ciphertext of %d bytes is not a whole number of %d-byte blocks", ErrMalformed, len(ciphertext), bs)
	}
	out := make([]byte, len(ciphertext))
	cipher.NewCBCDecrypter(block, iv).CryptBlocks(out, ciphertext)
	pad := int(out[len(out)-1])
	if pad == 0 || pad > bs {
		clear(out)
		return nil, ErrDecrypt
	}
	for _, b := range out[len(out)-pad:] {
		if int(b) != pad {
			clear(out)
			return nil, ErrDecrypt
		}
	}
	return out[:len(out)-pad], nil
}

// deriveKeyIV derives the cipher key, and the IV where the scheme derives
// it, from password: the PKCS#12 KDF (RFC 7292 App. B.2, ID 1 for the key
// and 2 for the IV), PBKDF1 (RFC 8018 §5.1) or PBKDF2 (RFC 8018 §5.2, the IV
// then comes from the parameters). Decrypt and Encrypt share it.
func (s *Scheme) deriveKeyIV(password []byte) (key, iv []byte, err error) {
	if s.Iterations < 1 {
		return nil, nil, fmt.Errorf("%w: iteration count %d", ErrMalformed, s.Iterations)
	}
	switch s.kind {
	case kindPKCS12:
		key = pkcs12KDF(sha1.New, sha1.Size, 64, password, s.salt, 1, s.Iterations, s.keyLen)
		if s.cipher != cipherRC4 {
			iv = pkcs12KDF(sha1.New, sha1.Size, 64, password, s.salt, 2, s.Iterations, 8)
		}
	case kindPBES1:
		// PBKDF1 (RFC 8018 §5.1): T = Hash^c(P || S); key = T[0:8], IV = T[8:16].
		h := s.md()
		h.Write(password)
		h.Write(s.salt)
		t := h.Sum(nil)
		for i := 1; i < s.Iterations; i++ {
			h.Reset()
			h.Write(t)
			t = h.Sum(t[:0])
		}
		key, iv = t[:8], t[8:16]
	case kindPBES2:
		k, err := pbkdf2.Key(s.prf, string(password), s.salt, s.Iterations, s.keyLen)
		if err != nil {
			return nil, nil, fmt.Errorf("%w: PBKDF2: %v", ErrUnsupported, err)
		}
		key, iv = k, s.iv
	default:
		return nil, nil, fmt.Errorf("%w: scheme not parsed", ErrMalformed)
	}
	return key, iv, nil
}

// newBlock returns the scheme's block cipher keyed with key (not for RC4,
// a stream cipher).
func (s *Scheme) newBlock(key []byte) (cipher.Block, error) {
	var block cipher.Block
	var err error
	switch s.cipher {
	case cipherAES:
		block, err = aes.NewCipher(key)
	case cipher3DES:
		block, err = des.NewTripleDESCipher(key)
	case cipher2KeyDES:
		k3 := make([]byte, 0, 24)
		k3 = append(append(k3, key...), key[:8]...)
		block, err = des.NewTripleDESCipher(k3)
		clear(k3)
	case cipherDES:
		block, err = des.NewCipher(key)
	case cipherRC2:
		block, err = rc2.New(key, s.rc2Bits)
	}
	if err != nil || block == nil {
		return nil, fmt.Errorf("%w: cipher key", ErrMalformed)
	}
	return block, nil
}

// algID is a parsed AlgorithmIdentifier: SEQUENCE { OID, parameters ANY OPTIONAL }.
type algID struct {
	oid    encasn1.ObjectIdentifier
	params cryptobyte.String // the parameters element, whole (tag and length included)
}

func readAlgID(s *cryptobyte.String, out *algID) bool {
	var seq cryptobyte.String
	if !s.ReadASN1(&seq, asn1.SEQUENCE) || !seq.ReadASN1ObjectIdentifier(&out.oid) {
		return false
	}
	out.params = nil
	if !seq.Empty() {
		var p cryptobyte.String
		if !seq.ReadAnyASN1Element(&p, nil) || !seq.Empty() {
			return false
		}
		out.params = p
	}
	return true
}

// readIterations reads an INTEGER iteration count: as an int (a count too
// large for one comes back as math.MaxInt, one too small as -1, so that the
// caller's limit refuses it) and as declared, in decimal, for messages.
func readIterations(s *cryptobyte.String) (int, string, bool) {
	n := new(big.Int)
	if !s.ReadASN1Integer(n) {
		return 0, "", false
	}
	switch {
	case n.IsInt64() && n.Int64() <= math.MaxInt && n.Int64() >= math.MinInt:
		return int(n.Int64()), n.String(), true
	case n.Sign() < 0:
		return -1, n.String(), true
	}
	return math.MaxInt, n.String(), true
}
