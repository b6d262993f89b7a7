// Package pkcs12enc writes PKCS#12 (PFX) files that tell Windows how to
// import their private key: into which CryptoAPI provider, as which key
// specification, and into the machine's key set rather than the user's.
//
// Windows' PFX import (PFXImportCertStore, certutil -importPFX, the
// Certificate Import Wizard, MOMCertImport) reads three attributes for that,
// which general PKCS#12 writers such as software.sslmate.com/src/go-pkcs12 do
// not write:
//
//	Microsoft CSP name       1.3.6.1.4.1.311.17.1  bag attribute, BMPString: the provider to import the key into
//	Microsoft local key set  1.3.6.1.4.1.311.17.2  bag attribute: import into the local machine's key set
//	Microsoft key usage      2.5.29.15             PKCS#8 attribute (RFC 5208 §5), BIT STRING:
//	                                               0x10 KEY_EX (AT_KEYEXCHANGE), 0x80 KEY_SIG (AT_SIGNATURE)
//
// They are encoded as `openssl pkcs12 -export -CSP NAME -LMK -keyex`
// encodes them (openssl-pkcs12(1)). The file's layout is the usual one of
// Windows and OpenSSL (RFC 7292 §4): an AuthenticatedSafe of an encrypted
// safe holding the certificate bags and a clear safe holding one
// pkcs8ShroudedKeyBag, and a password MAC over it.
//
// Encryption comes in two profiles, the ones Windows reads:
//   - AES256 (the default): PBES2 with PBKDF2-HMAC-SHA256 and AES-256-CBC
//     (RFC 8018, RFC 9579) for the key and the certificates, MAC HMAC-SHA256.
//     Windows 10 1709 / Server 2019 and later read it (their own export's
//     "AES256-SHA256"); OpenSSL 3 writes it by default.
//   - TripleDES: pbeWithSHAAnd3-KeyTripleDES-CBC (RFC 7292 App. C) for both,
//     MAC HMAC-SHA1: what Windows Server 2016 and older read ("TripleDES-SHA1"
//     in their export); OpenSSL 3 reads it only with -legacy.
//
// The algorithms are certlint's PKCS#12 reader's own: every scheme and MAC
// written is built, parsed back and keyed by the same code that reads it.
//
// It writes what it is given and must not know lints or what OpsMgr wants
// of the certificate; package fix decides what to write.
package pkcs12enc

import (
	"bytes"
	"crypto"
	"crypto/rand"
	"crypto/sha1"
	"crypto/x509"
	encasn1 "encoding/asn1"
	"errors"
	"fmt"
	"io"
	"sort"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/crypto/cryptobyte"
	"golang.org/x/crypto/cryptobyte/asn1"

	"github.com/certlint/certlint/certlint/internal/pbe"
)

// Encryption selects the algorithms of the file.
type Encryption int

const (
	// AES256 is PBES2 with PBKDF2-HMAC-SHA256 and AES-256-CBC, MAC
	// HMAC-SHA256: Windows 10 1709 / Server 2019 and later.
	AES256 Encryption = iota
	// TripleDES is pbeWithSHAAnd3-KeyTripleDES-CBC, MAC HMAC-SHA1: every
	// Windows version, Server 2016 and older included.
	TripleDES
)

func (e Encryption) String() string {
	switch e {
	case AES256:
		return "PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC), MAC HMAC-SHA256"
	case TripleDES:
		return "pbeWithSHAAnd3-KeyTripleDES-CBC, MAC HMAC-SHA1"
	}
	return fmt.Sprintf("Encryption(%d)", int(e))
}

// Values of the Microsoft key usage attribute (KEY_EX and KEY_SIG in
// OpenSSL's pkcs12.h): how Windows imports the key into a CryptoAPI CSP.
const (
	// KeyEx: an exchange key, AT_KEYEXCHANGE.
	KeyEx byte = 0x10
	// KeySig: a signature key, AT_SIGNATURE.
	KeySig byte = 0x80
)

// DefaultIterations is the KDF and MAC iteration count when
// Options.Iterations is 0: OpenSSL 3's default (2,048; Windows writes
// 2,000), far below the 600,000 in all at which .NET refuses a PFX.
const DefaultIterations = 2048

// MaxIterations is the largest Options.Iterations accepted: certlint's
// reader refuses counts above 1,000,000 by default.
const MaxIterations = 1_000_000

// Options says how to write the file. The zero value writes an AES256 file
// under the empty password, without the Microsoft attributes.
type Options struct {
	// Password protects the file. It enters PBKDF2 as UTF-8 (RFC 9579 §5)
	// and the PKCS#12 KDF as a NUL-terminated BMPString (RFC 7292 App. B.1),
	// as Windows and OpenSSL do. It must be valid UTF-8.
	Password   string
	Encryption Encryption
	// Iterations is the KDF and MAC iteration count (0 = DefaultIterations).
	Iterations int
	// FriendlyName, when not empty, is written as the friendlyName attribute
	// (RFC 2985 §5.5.1) of the key bag and of the end-entity certificate's
	// bag: Windows shows it as the certificate's Friendly Name.
	FriendlyName string
	// Provider, when not empty, is the CSP (or KSP) name attribute: the
	// provider Windows imports the key into.
	Provider string
	// KeyUsage, when not 0, is the Microsoft key usage attribute (KeyEx,
	// KeySig or both).
	KeyUsage byte
	// LocalMachine writes the local key set attribute: the key is imported
	// into the machine's key set.
	LocalMachine bool
	// Rand is the source of salts and IVs (nil = crypto/rand.Reader).
	Rand io.Reader
}

// Errors of Encode. None of them holds the password or key material.
var (
	ErrNoCertificate = errors.New("pkcs12enc: no end-entity certificate")
	ErrKey           = errors.New("pkcs12enc: the private key cannot be encoded as PKCS#8")
	ErrOptions       = errors.New("pkcs12enc: invalid options")
)

// Object identifiers (RFC 7292 App. D, RFC 5652, RFC 2985, Microsoft).
var (
	oidData            = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 1}
	oidEncryptedData   = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 6}
	oidShroudedKeyBag  = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 10, 1, 2}
	oidCertBag         = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 10, 1, 3}
	oidX509Certificate = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 22, 1}
	oidFriendlyName    = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 20}
	oidLocalKeyID      = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 21}
	oidMSCSPName       = encasn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 311, 17, 1}
	oidMSLocalKeySet   = encasn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 311, 17, 2}
	oidKeyUsage        = encasn1.ObjectIdentifier{2, 5, 29, 15}
)

// Encode returns a PFX holding key, the end-entity certificate leaf (DER) and
// the CA certificates chain (DER, written in the order given). key is what
// crypto/x509.MarshalPKCS8PrivateKey accepts (*rsa.PrivateKey for a key
// Windows imports into a CryptoAPI CSP); Encode does not check that it is
// leaf's key. The key bag and the leaf's bag share a localKeyId attribute,
// the SHA-1 of leaf, as OpenSSL and Windows write it.
func Encode(key crypto.PrivateKey, leaf []byte, chain [][]byte, opts Options) ([]byte, error) {
	if len(leaf) == 0 {
		return nil, ErrNoCertificate
	}
	iter := opts.Iterations
	if iter == 0 {
		iter = DefaultIterations
	}
	if iter < 1 || iter > MaxIterations {
		return nil, fmt.Errorf("%w: %d iterations (1 to %d)", ErrOptions, iter, MaxIterations)
	}
	if !utf8.ValidString(opts.Password) {
		return nil, fmt.Errorf("%w: the password is not valid UTF-8", ErrOptions)
	}
	if opts.Encryption != AES256 && opts.Encryption != TripleDES {
		return nil, fmt.Errorf("%w: unknown encryption %d", ErrOptions, int(opts.Encryption))
	}
	for _, s := range []string{opts.FriendlyName, opts.Provider} {
		if !utf8.ValidString(s) {
			return nil, fmt.Errorf("%w: an attribute is not valid UTF-8", ErrOptions)
		}
	}
	r := opts.Rand
	if r == nil {
		r = rand.Reader
	}
	e := &encoder{opts: opts, iter: iter, rand: r, bmpPassword: bmpString(opts.Password), utf8Password: []byte(opts.Password)}
	defer clear(e.bmpPassword)
	defer clear(e.utf8Password)

	pkcs8, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrKey, err)
	}
	defer clear(pkcs8)
	keyInfo, err := withAttributes(pkcs8, e.keyAttributes())
	if err != nil {
		return nil, err
	}
	defer clear(keyInfo)

	localKeyID := sha1.Sum(leaf)
	common := []attr{octetAttr(oidLocalKeyID, localKeyID[:])}
	if opts.FriendlyName != "" {
		common = append(common, bmpAttr(oidFriendlyName, opts.FriendlyName))
	}

	// The certificates' safe, encrypted.
	var certBags [][]byte
	certBags = append(certBags, certBag(leaf, common))
	for _, c := range chain {
		if len(c) == 0 {
			return nil, fmt.Errorf("%w: an empty CA certificate", ErrOptions)
		}
		certBags = append(certBags, certBag(c, nil))
	}
	certSafe, err := e.encryptedData(safeContents(certBags))
	if err != nil {
		return nil, err
	}

	// The key's safe: a clear safe holding the shrouded key bag.
	shrouded, err := e.shroud(keyInfo)
	if err != nil {
		return nil, err
	}
	keyBagAttrs := append([]attr(nil), common...)
	if opts.Provider != "" {
		keyBagAttrs = append(keyBagAttrs, bmpAttr(oidMSCSPName, opts.Provider))
	}
	if opts.LocalMachine {
		// No value, as openssl pkcs12 -LMK writes it.
		keyBagAttrs = append(keyBagAttrs, attr{id: oidMSLocalKeySet})
	}
	keySafe := dataContentInfo(safeContents([][]byte{safeBag(oidShroudedKeyBag, shrouded, keyBagAttrs)}))

	var as cryptobyte.Builder
	as.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddBytes(certSafe)
		b.AddBytes(keySafe)
	})
	authSafe, err := as.Bytes()
	if err != nil {
		return nil, err
	}

	macData, err := e.macData(authSafe)
	if err != nil {
		return nil, err
	}
	var pfx cryptobyte.Builder
	pfx.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1Int64(3)
		b.AddBytes(dataContentInfo(authSafe))
		b.AddBytes(macData)
	})
	return pfx.Bytes()
}

type encoder struct {
	opts         Options
	iter         int
	rand         io.Reader
	bmpPassword  []byte
	utf8Password []byte
}

// scheme returns a new encryption scheme with fresh salt (and IV), and the
// password encoded as the scheme's KDF takes it.
func (e *encoder) scheme() (*pbe.Scheme, []byte, error) {
	switch e.opts.Encryption {
	case TripleDES:
		salt, err := e.random(8)
		if err != nil {
			return nil, nil, err
		}
		s, err := pbe.NewPKCS12TripleDES(salt, e.iter)
		return s, e.bmpPassword, err
	default:
		salt, err := e.random(16)
		if err != nil {
			return nil, nil, err
		}
		iv, err := e.random(16)
		if err != nil {
			return nil, nil, err
		}
		s, err := pbe.NewPBES2AES256(salt, iv, e.iter)
		return s, e.utf8Password, err
	}
}

func (e *encoder) random(n int) ([]byte, error) {
	b := make([]byte, n)
	if _, err := io.ReadFull(e.rand, b); err != nil {
		return nil, fmt.Errorf("pkcs12enc: reading random bytes: %w", err)
	}
	return b, nil
}

// shroud returns EncryptedPrivateKeyInfo (RFC 5208 §6): SEQUENCE {
// encryptionAlgorithm, encryptedData OCTET STRING }.
func (e *encoder) shroud(keyInfo []byte) ([]byte, error) {
	s, pw, err := e.scheme()
	if err != nil {
		return nil, err
	}
	ct, err := s.Encrypt(pw, keyInfo)
	if err != nil {
		return nil, err
	}
	var b cryptobyte.Builder
	b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddBytes(s.AlgorithmIdentifier())
		b.AddASN1OctetString(ct)
	})
	return b.Bytes()
}

// encryptedData returns a ContentInfo of type encryptedData (RFC 5652 §8):
// EncryptedData { version 0, EncryptedContentInfo { data,
// contentEncryptionAlgorithm, [0] IMPLICIT encryptedContent } }.
func (e *encoder) encryptedData(plain []byte) ([]byte, error) {
	s, pw, err := e.scheme()
	if err != nil {
		return nil, err
	}
	ct, err := s.Encrypt(pw, plain)
	if err != nil {
		return nil, err
	}
	var b cryptobyte.Builder
	b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1ObjectIdentifier(oidEncryptedData)
		b.AddASN1(asn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
			b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddASN1Int64(0)
				b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
					b.AddASN1ObjectIdentifier(oidData)
					b.AddBytes(s.AlgorithmIdentifier())
					b.AddASN1(asn1.Tag(0).ContextSpecific(), func(b *cryptobyte.Builder) { b.AddBytes(ct) })
				})
			})
		})
	})
	return b.Bytes()
}

// macData returns the MacData over the AuthenticatedSafe's octets (RFC 7292
// §5.1): HMAC-SHA256 with a 16-byte salt (AES256) or HMAC-SHA1 with an 8-byte
// salt (TripleDES), keyed with the PKCS#12 KDF over the BMPString password.
func (e *encoder) macData(authSafe []byte) ([]byte, error) {
	alg, saltLen := pbe.MACSHA256, 16
	if e.opts.Encryption == TripleDES {
		alg, saltLen = pbe.MACSHA1, 8
	}
	salt, err := e.random(saltLen)
	if err != nil {
		return nil, err
	}
	m, err := pbe.NewMAC(alg, salt, e.iter)
	if err != nil {
		return nil, err
	}
	return m.MacData(e.bmpPassword, authSafe)
}

// keyAttributes are the PKCS#8 attributes of the key: the Microsoft key
// usage, when asked for.
func (e *encoder) keyAttributes() []attr {
	if e.opts.KeyUsage == 0 {
		return nil
	}
	return []attr{{id: oidKeyUsage, values: [][]byte{bitString(e.opts.KeyUsage)}}}
}

// attr is one Attribute: SEQUENCE { attrId OID, attrValues SET OF ANY }.
type attr struct {
	id     encasn1.ObjectIdentifier
	values [][]byte // each a whole DER element
}

func octetAttr(id encasn1.ObjectIdentifier, v []byte) attr {
	var b cryptobyte.Builder
	b.AddASN1OctetString(v)
	return attr{id: id, values: [][]byte{b.BytesOrPanic()}}
}

// bmpAttr is an attribute whose value is a BMPString (UTF-16BE, no
// terminator), as friendlyName (RFC 2985 §5.5.1) and the CSP name are written.
func bmpAttr(id encasn1.ObjectIdentifier, s string) attr {
	var b cryptobyte.Builder
	b.AddASN1(asn1.Tag(30), func(b *cryptobyte.Builder) {
		for _, u := range utf16.Encode([]rune(s)) {
			b.AddUint16(u)
		}
	})
	return attr{id: id, values: [][]byte{b.BytesOrPanic()}}
}

// bitString encodes one octet as a DER BIT STRING, its trailing zero bits
// counted as unused (X.690 §11.2.2), which is how OpenSSL writes the key
// usage attribute: KEY_EX 0x10 is 03 02 04 10.
func bitString(v byte) []byte {
	if v == 0 {
		return []byte{0x03, 0x01, 0x00}
	}
	unused := byte(0)
	for v&(1<<unused) == 0 {
		unused++
	}
	return []byte{0x03, 0x02, unused, v}
}

// addAttributes writes SET OF Attribute under tag, sorted by encoding as DER
// requires of a SET OF (X.690 §11.6), values likewise.
func addAttributes(b *cryptobyte.Builder, tag asn1.Tag, attrs []attr) {
	enc := make([][]byte, 0, len(attrs))
	for _, a := range attrs {
		vals := append([][]byte(nil), a.values...)
		sort.Slice(vals, func(i, j int) bool { return bytes.Compare(vals[i], vals[j]) < 0 })
		var ab cryptobyte.Builder
		ab.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1ObjectIdentifier(a.id)
			b.AddASN1(asn1.SET, func(b *cryptobyte.Builder) {
				for _, v := range vals {
					b.AddBytes(v)
				}
			})
		})
		enc = append(enc, ab.BytesOrPanic())
	}
	sort.Slice(enc, func(i, j int) bool { return bytes.Compare(enc[i], enc[j]) < 0 })
	b.AddASN1(tag, func(b *cryptobyte.Builder) {
		for _, e := range enc {
			b.AddBytes(e)
		}
	})
}

// withAttributes appends attributes [0] IMPLICIT SET OF Attribute to a
// PrivateKeyInfo (RFC 5208 §5) that has none.
func withAttributes(pkcs8 []byte, attrs []attr) ([]byte, error) {
	if len(attrs) == 0 {
		return bytes.Clone(pkcs8), nil
	}
	in := cryptobyte.String(pkcs8)
	var body cryptobyte.String
	if !in.ReadASN1(&body, asn1.SEQUENCE) || !in.Empty() {
		return nil, fmt.Errorf("%w: PrivateKeyInfo is not a SEQUENCE", ErrKey)
	}
	var b cryptobyte.Builder
	b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddBytes(body)
		addAttributes(b, asn1.Tag(0).Constructed().ContextSpecific(), attrs)
	})
	return b.Bytes()
}

// safeBag returns SafeBag ::= SEQUENCE { bagId, bagValue [0] EXPLICIT,
// bagAttributes SET OF PKCS12Attribute OPTIONAL } (RFC 7292 §4.2).
func safeBag(id encasn1.ObjectIdentifier, value []byte, attrs []attr) []byte {
	var b cryptobyte.Builder
	b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1ObjectIdentifier(id)
		b.AddASN1(asn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) { b.AddBytes(value) })
		if len(attrs) > 0 {
			addAttributes(b, asn1.SET, attrs)
		}
	})
	return b.BytesOrPanic()
}

// certBag returns a SafeBag holding CertBag { x509Certificate, [0] EXPLICIT
// OCTET STRING } (RFC 7292 §4.2.3).
func certBag(der []byte, attrs []attr) []byte {
	var b cryptobyte.Builder
	b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1ObjectIdentifier(oidX509Certificate)
		b.AddASN1(asn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) { b.AddASN1OctetString(der) })
	})
	return safeBag(oidCertBag, b.BytesOrPanic(), attrs)
}

// safeContents returns SafeContents ::= SEQUENCE OF SafeBag.
func safeContents(bags [][]byte) []byte {
	var b cryptobyte.Builder
	b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
		for _, bag := range bags {
			b.AddBytes(bag)
		}
	})
	return b.BytesOrPanic()
}

// dataContentInfo returns ContentInfo { data, [0] EXPLICIT OCTET STRING }.
func dataContentInfo(content []byte) []byte {
	var b cryptobyte.Builder
	b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1ObjectIdentifier(oidData)
		b.AddASN1(asn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) { b.AddASN1OctetString(content) })
	})
	return b.BytesOrPanic()
}

// bmpString encodes a password as RFC 7292 App. B.1 says: UTF-16BE with a
// two-byte NUL terminator (the empty password is the terminator alone, as
// OpenSSL and Windows write it).
func bmpString(s string) []byte {
	u := utf16.Encode([]rune(s))
	out := make([]byte, 0, 2*len(u)+2)
	for _, c := range u {
		out = append(out, byte(c>>8), byte(c))
	}
	return append(out, 0, 0)
}
