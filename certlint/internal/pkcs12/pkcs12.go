// Package pkcs12 parses the structure of a PKCS#12 file (RFC 7292 §4): the
// PFX, its AuthenticatedSafe, the safes (in the clear, or encrypted with a
// password-based scheme), their bags and the bag attributes Windows acts on:
//
//	PFX {version 3, authSafe ContentInfo, macData MacData OPTIONAL}
//	  authSafe: Data (password integrity mode; SignedData is public-key
//	  integrity mode, unsupported) holding AuthenticatedSafe, a SEQUENCE OF
//	  ContentInfo, each Data (SafeContents in the clear) or EncryptedData
//	  (SafeContents encrypted with a password-based scheme); EnvelopedData
//	  (public-key privacy mode) is unsupported.
//	  SafeContents: SEQUENCE OF SafeBag {bagId, bagValue, bagAttributes}:
//	    certBag (x509Certificate), keyBag (PrivateKeyInfo),
//	    pkcs8ShroudedKeyBag (EncryptedPrivateKeyInfo), safeContentsBag
//	    (nested SafeContents); CRL and secret bags hold nothing to read.
//
// Attributes read (bag attributes, RFC 7292 §4.2, unless said):
//
//	friendlyName            1.2.840.113549.1.9.20   BMPString (RFC 2985 §5.5.1)
//	localKeyId              1.2.840.113549.1.9.21   OCTET STRING (RFC 2985 §5.5.2)
//	Microsoft CSP/KSP name  1.3.6.1.4.1.311.17.1    BMPString, the key's provider
//	Microsoft local machine 1.3.6.1.4.1.311.17.2    present: import into the machine key set
//	key usage (in the PKCS#8 PrivateKeyInfo attributes [0], RFC 5208 §5)
//	                        2.5.29.15               BIT STRING: 0x10 KEY_EX, 0x80 KEY_SIG
//
// `openssl pkcs12 -export` writes these with -name, -CSP, -LMK, -keyex and
// -keysig (openssl-pkcs12(1)).
//
// The package only parses: it decrypts nothing, verifies no MAC and knows no
// password. The encryption schemes it finds are parsed (internal/pbe) so
// that their iteration counts can be checked before anything is derived.
// BER is accepted where Java, Windows or Bouncy Castle write it, and
// rewritten as DER. Every error is an *Error whose Kind tells a broken
// structure from an unsupported one or one with too many bags.
package pkcs12

import (
	"bytes"
	encasn1 "encoding/asn1"
	"errors"
	"fmt"
	"unicode/utf16"

	"golang.org/x/crypto/cryptobyte"
	"golang.org/x/crypto/cryptobyte/asn1"

	"github.com/certlint/certlint/certlint/internal/ber"
	"github.com/certlint/certlint/certlint/internal/pbe"
)

// Kinds of Error.
var (
	// ErrMalformed: the structure is broken or truncated.
	ErrMalformed = errors.New("malformed")
	// ErrUnsupported: a well-formed structure uses a mode or content type
	// RFC 7292 defines but certlint does not read (public-key integrity or
	// privacy mode).
	ErrUnsupported = errors.New("unsupported")
	// ErrTooMany: more bags in one SafeContents than the limit given.
	ErrTooMany = errors.New("too many")
)

// Error is a parse error: Kind is one of the kinds above, Detail says what is
// wrong in plain words. When the problem is an encryption scheme, Scheme is
// the error of internal/pbe and What names the structure it protects.
type Error struct {
	Kind   error
	Detail string
	Scheme error
	What   string
}

func (e *Error) Error() string { return e.Detail }

// Unwrap returns the kind, and the scheme's error when there is one.
func (e *Error) Unwrap() []error {
	if e.Scheme != nil {
		return []error{e.Kind, e.Scheme}
	}
	return []error{e.Kind}
}

func fail(kind error, format string, args ...any) *Error {
	return &Error{Kind: kind, Detail: fmt.Sprintf(format, args...)}
}

func schemeErr(err error, what string) *Error {
	return &Error{Kind: ErrMalformed, Detail: what + ": " + err.Error(), Scheme: err, What: what}
}

// Object identifiers of the PKCS#12 structure (RFC 7292 App. D, RFC 5652
// §§4-6, RFC 2985) and of the Microsoft attributes.
var (
	OIDData            = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 1}
	OIDSignedData      = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 2}
	OIDEnvelopedData   = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 3}
	OIDEncryptedData   = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 6}
	oidKeyBag          = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 10, 1, 1}
	oidShroudedKeyBag  = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 10, 1, 2}
	oidCertBag         = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 10, 1, 3}
	oidSafeContentsBag = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 10, 1, 6}
	oidX509Certificate = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 22, 1}
	oidFriendlyName    = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 20}
	oidLocalKeyID      = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 21}
	oidMSCSPName       = encasn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 311, 17, 1}
	oidMSLocalMachine  = encasn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 311, 17, 2}
	oidKeyUsageAttr    = encasn1.ObjectIdentifier{2, 5, 29, 15}
)

// MaxNesting is how deep safeContentsBags may nest: deeper is ErrMalformed.
const MaxNesting = 4

// PFX is the outer structure of a PKCS#12 file.
type PFX struct {
	// AuthSafe is the content of the authSafe Data: the AuthenticatedSafe
	// octets, over which the MAC is computed (RFC 7292 §5.1).
	AuthSafe []byte
	// MacData is the DER of the MacData, nil when the PFX has none.
	MacData []byte
}

// ParsePFX parses PFX (RFC 7292 §4) in password integrity mode. Bytes after
// the PFX are accepted only when they are padding (NUL bytes or white space,
// which some producers append).
func ParsePFX(data []byte) (*PFX, error) {
	var pfx cryptobyte.String
	der, rest, err := ber.Element(data, "the PFX")
	if err != nil {
		return nil, fail(ErrMalformed, "%v", err)
	}
	if !IsPadding(rest) {
		return nil, fail(ErrMalformed, "%d bytes of data after the end of the PFX", len(rest))
	}
	in := cryptobyte.String(der)
	var version int64
	var authSafe, authType cryptobyte.String
	var typ encasn1.ObjectIdentifier
	if !in.ReadASN1(&pfx, asn1.SEQUENCE) || !pfx.ReadASN1Integer(&version) ||
		!pfx.ReadASN1(&authSafe, asn1.SEQUENCE) || !authSafe.ReadASN1ObjectIdentifier(&typ) {
		return nil, fail(ErrMalformed, "the PFX does not have the structure of RFC 7292 §4")
	}
	if version != 3 {
		return nil, fail(ErrUnsupported, "PFX version %d (only version 3, RFC 7292, is defined)", version)
	}
	switch {
	case typ.Equal(OIDData):
	case typ.Equal(OIDSignedData):
		return nil, fail(ErrUnsupported, "the PFX uses public-key integrity mode (authSafe is SignedData, RFC 7292 §3.1); only password integrity is supported")
	default:
		return nil, fail(ErrUnsupported, "the PFX authSafe is of content type %s", typ)
	}
	var authContent []byte
	if !authSafe.ReadASN1(&authType, asn1.Tag(0).Constructed().ContextSpecific()) ||
		!authType.ReadASN1Bytes(&authContent, asn1.OCTET_STRING) || !authType.Empty() || !authSafe.Empty() {
		return nil, fail(ErrMalformed, "the PFX authSafe content is not an OCTET STRING")
	}
	var macDER cryptobyte.String
	if !pfx.Empty() {
		if !pfx.ReadASN1Element(&macDER, asn1.SEQUENCE) || !pfx.Empty() {
			return nil, fail(ErrMalformed, "the PFX MacData is broken, or data follows it")
		}
	}
	return &PFX{AuthSafe: authContent, MacData: macDER}, nil
}

// IsPadding reports whether b is only NUL bytes or white space, which some
// producers append to binary files (Windows pads some PFX files with NULs).
func IsPadding(b []byte) bool {
	for _, c := range b {
		switch c {
		case 0, ' ', '\t', '\r', '\n':
		default:
			return false
		}
	}
	return true
}

// ContentInfo is one ContentInfo of the AuthenticatedSafe.
type ContentInfo struct {
	// Content is the SafeContents of a Data safe, or the ciphertext of an
	// EncryptedData safe.
	Content []byte
	// Scheme is the encryption scheme of an EncryptedData safe (parsed, not
	// used), nil for a safe in the clear.
	Scheme *pbe.Scheme
	// Bags are the bags of a safe in the clear, parsed before anything is
	// derived so that their iteration counts can be checked first.
	Bags []SafeBag
}

// SafeBag is one SafeBag (RFC 7292 §4.2).
type SafeBag struct {
	ID    encasn1.ObjectIdentifier
	Value []byte // the bagValue, inside its [0] EXPLICIT wrapper
	Attrs []Attribute
	// Scheme and Ciphertext are set on a shrouded key bag whose scheme is
	// one internal/pbe implements; Scheme is nil for one it does not.
	Scheme     *pbe.Scheme
	Ciphertext []byte
}

// Attribute is one PKCS12Attribute: its identifier and each value element.
type Attribute struct {
	ID     encasn1.ObjectIdentifier
	Values []cryptobyte.String
}

// ParseAuthenticatedSafe parses AuthenticatedSafe ::= SEQUENCE OF
// ContentInfo, and the bags of the safes in the clear; maxBags bounds each
// SafeContents.
func ParseAuthenticatedSafe(b []byte, maxBags int) ([]ContentInfo, error) {
	der, rest, err := ber.Element(b, "the AuthenticatedSafe")
	if err != nil || len(rest) != 0 {
		return nil, fail(ErrMalformed, "the PFX AuthenticatedSafe is broken or truncated")
	}
	in := cryptobyte.String(der)
	var seq cryptobyte.String
	if !in.ReadASN1(&seq, asn1.SEQUENCE) {
		return nil, fail(ErrMalformed, "the PFX AuthenticatedSafe is not a SEQUENCE")
	}
	var cis []ContentInfo
	for !seq.Empty() {
		var ci cryptobyte.String
		var c ContentInfo
		var typ encasn1.ObjectIdentifier
		var content cryptobyte.String
		if !seq.ReadASN1(&ci, asn1.SEQUENCE) || !ci.ReadASN1ObjectIdentifier(&typ) ||
			!ci.ReadASN1(&content, asn1.Tag(0).Constructed().ContextSpecific()) || !ci.Empty() {
			return nil, fail(ErrMalformed, "ContentInfo %d of the AuthenticatedSafe is broken", len(cis)+1)
		}
		switch {
		case typ.Equal(OIDData):
			if !content.ReadASN1Bytes(&c.Content, asn1.OCTET_STRING) || !content.Empty() {
				return nil, fail(ErrMalformed, "safe %d (Data) is not an OCTET STRING", len(cis)+1)
			}
			bags, err := ParseSafeContents(c.Content, maxBags)
			if err != nil {
				return nil, err
			}
			c.Bags = bags
		case typ.Equal(OIDEncryptedData):
			if err := parseEncryptedData(content, &c, len(cis)+1); err != nil {
				return nil, err
			}
		case typ.Equal(OIDEnvelopedData):
			return nil, fail(ErrUnsupported, "safe %d uses public-key privacy mode (EnvelopedData, RFC 7292 §3.1); only password privacy is supported", len(cis)+1)
		default:
			return nil, fail(ErrUnsupported, "safe %d is of content type %s", len(cis)+1, typ)
		}
		cis = append(cis, c)
	}
	return cis, nil
}

// parseEncryptedData parses EncryptedData (RFC 5652 §8):
//
//	SEQUENCE { version INTEGER, encryptedContentInfo SEQUENCE {
//	  contentType OID, contentEncryptionAlgorithm AlgorithmIdentifier,
//	  encryptedContent [0] IMPLICIT OCTET STRING OPTIONAL },
//	  unprotectedAttrs [1] IMPLICIT OPTIONAL }
func parseEncryptedData(content cryptobyte.String, c *ContentInfo, n int) error {
	var ed, eci, alg cryptobyte.String
	var version int64
	var ctype encasn1.ObjectIdentifier
	if !content.ReadASN1(&ed, asn1.SEQUENCE) || !ed.ReadASN1Integer(&version) ||
		!ed.ReadASN1(&eci, asn1.SEQUENCE) || !eci.ReadASN1ObjectIdentifier(&ctype) ||
		!eci.ReadASN1Element(&alg, asn1.SEQUENCE) {
		return fail(ErrMalformed, "safe %d (EncryptedData) is broken", n)
	}
	switch {
	case eci.PeekASN1Tag(asn1.Tag(0).ContextSpecific()):
		if !eci.ReadASN1Bytes(&c.Content, asn1.Tag(0).ContextSpecific()) {
			return fail(ErrMalformed, "safe %d (EncryptedData) content is broken", n)
		}
	case eci.PeekASN1Tag(asn1.Tag(0).Constructed().ContextSpecific()):
		// BER: the [0] IMPLICIT OCTET STRING in segments.
		var segs cryptobyte.String
		if !eci.ReadASN1(&segs, asn1.Tag(0).Constructed().ContextSpecific()) {
			return fail(ErrMalformed, "safe %d (EncryptedData) content is broken", n)
		}
		for !segs.Empty() {
			var seg []byte
			if !segs.ReadASN1Bytes(&seg, asn1.OCTET_STRING) {
				return fail(ErrMalformed, "safe %d (EncryptedData) content is broken", n)
			}
			c.Content = append(c.Content, seg...)
		}
	default:
		return fail(ErrMalformed, "safe %d (EncryptedData) has no encrypted content", n)
	}
	if !eci.Empty() {
		return fail(ErrMalformed, "safe %d (EncryptedData) has unexpected data", n)
	}
	s, err := pbe.ParseScheme(alg)
	if err != nil {
		return schemeErr(err, fmt.Sprintf("encrypted safe %d", n))
	}
	c.Scheme = s
	return nil
}

// ParseSafeContents parses SafeContents ::= SEQUENCE OF SafeBag, at most
// maxBags of them. Shrouded key bags get their scheme parsed (not used) so
// that their counts can be checked; a scheme internal/pbe does not implement
// leaves Scheme nil (the key is unusable, the rest readable), a broken one is
// an error.
func ParseSafeContents(b []byte, maxBags int) ([]SafeBag, error) {
	der, rest, err := ber.Element(b, "a SafeContents")
	if err != nil || !IsPadding(rest) {
		return nil, fail(ErrMalformed, "a SafeContents of the PFX is broken or truncated")
	}
	in := cryptobyte.String(der)
	var seq cryptobyte.String
	if !in.ReadASN1(&seq, asn1.SEQUENCE) {
		return nil, fail(ErrMalformed, "a SafeContents of the PFX is not a SEQUENCE")
	}
	var bags []SafeBag
	for !seq.Empty() {
		var sb, val, attrs cryptobyte.String
		var bag SafeBag
		if !seq.ReadASN1(&sb, asn1.SEQUENCE) || !sb.ReadASN1ObjectIdentifier(&bag.ID) ||
			!sb.ReadASN1(&val, asn1.Tag(0).Constructed().ContextSpecific()) {
			return nil, fail(ErrMalformed, "SafeBag %d of the PFX is broken", len(bags)+1)
		}
		bag.Value = val
		if !sb.Empty() {
			if !sb.ReadASN1(&attrs, asn1.SET) || !sb.Empty() {
				return nil, fail(ErrMalformed, "the attributes of SafeBag %d are broken", len(bags)+1)
			}
			a, ok := parseAttributes(attrs)
			if !ok {
				return nil, fail(ErrMalformed, "the attributes of SafeBag %d are broken", len(bags)+1)
			}
			bag.Attrs = a
		}
		if bag.ID.Equal(oidShroudedKeyBag) {
			alg, ct, err := ParseEncryptedPrivateKeyInfo(bag.Value)
			if err != nil {
				return nil, fail(ErrMalformed, "shrouded key bag %d: %v", len(bags)+1, err)
			}
			bag.Ciphertext = ct
			if s, err := pbe.ParseScheme(alg); err == nil {
				bag.Scheme = s
			} else if !errors.Is(err, pbe.ErrUnsupported) {
				return nil, schemeErr(err, "a shrouded key bag")
			}
		}
		if len(bags) >= maxBags {
			return nil, fail(ErrTooMany, "more than %d bags in one SafeContents", maxBags)
		}
		bags = append(bags, bag)
	}
	return bags, nil
}

// parseAttributes parses SET OF PKCS12Attribute / Attribute:
// SEQUENCE { attrId OID, attrValues SET OF ANY }.
func parseAttributes(set cryptobyte.String) ([]Attribute, bool) {
	var out []Attribute
	for !set.Empty() {
		var a, vals cryptobyte.String
		var at Attribute
		if !set.ReadASN1(&a, asn1.SEQUENCE) || !a.ReadASN1ObjectIdentifier(&at.ID) ||
			!a.ReadASN1(&vals, asn1.SET) || !a.Empty() {
			return nil, false
		}
		for !vals.Empty() {
			var v cryptobyte.String
			if !vals.ReadAnyASN1Element(&v, nil) {
				return nil, false
			}
			at.Values = append(at.Values, v)
		}
		out = append(out, at)
	}
	return out, true
}

func findAttr(attrs []Attribute, id encasn1.ObjectIdentifier) (Attribute, bool) {
	for _, a := range attrs {
		if a.ID.Equal(id) {
			return a, true
		}
	}
	return Attribute{}, false
}

// bmpAttr returns the first value of a BMPString attribute (friendlyName,
// the CSP name), decoded; UTF8String is accepted too.
func bmpAttr(attrs []Attribute, id encasn1.ObjectIdentifier) string {
	a, ok := findAttr(attrs, id)
	if !ok || len(a.Values) == 0 {
		return ""
	}
	v := a.Values[0]
	var s []byte
	switch {
	case v.ReadASN1Bytes(&s, asn1.Tag(30)): // BMPString
		if len(s)%2 != 0 {
			return ""
		}
		u := make([]uint16, 0, len(s)/2)
		for i := 0; i < len(s); i += 2 {
			u = append(u, uint16(s[i])<<8|uint16(s[i+1]))
		}
		for len(u) > 0 && u[len(u)-1] == 0 { // some writers include the NUL
			u = u[:len(u)-1]
		}
		return string(utf16.Decode(u))
	case v.ReadASN1Bytes(&s, asn1.UTF8String):
		return string(bytes.TrimRight(s, "\x00"))
	}
	return ""
}

func octetAttr(attrs []Attribute, id encasn1.ObjectIdentifier) []byte {
	a, ok := findAttr(attrs, id)
	if !ok || len(a.Values) == 0 {
		return nil
	}
	v := a.Values[0]
	var s []byte
	if !v.ReadASN1Bytes(&s, asn1.OCTET_STRING) {
		return nil
	}
	return bytes.Clone(s)
}

// IsCert reports a certBag (RFC 7292 §4.2.3).
func (b *SafeBag) IsCert() bool { return b.ID.Equal(oidCertBag) }

// IsKey reports a keyBag (§4.2.1) or a pkcs8ShroudedKeyBag (§4.2.2).
func (b *SafeBag) IsKey() bool { return b.ID.Equal(oidKeyBag) || b.ID.Equal(oidShroudedKeyBag) }

// IsShrouded reports a pkcs8ShroudedKeyBag: a key encrypted with a
// password-based scheme.
func (b *SafeBag) IsShrouded() bool { return b.ID.Equal(oidShroudedKeyBag) }

// IsSafeContents reports a safeContentsBag (§4.2.6): nested SafeContents in
// Value.
func (b *SafeBag) IsSafeContents() bool { return b.ID.Equal(oidSafeContentsBag) }

// FriendlyName is the friendlyName attribute ("" when absent).
func (b *SafeBag) FriendlyName() string { return bmpAttr(b.Attrs, oidFriendlyName) }

// LocalKeyID is the localKeyId attribute (nil when absent): a certificate
// and its key carry the same one.
func (b *SafeBag) LocalKeyID() []byte { return octetAttr(b.Attrs, oidLocalKeyID) }

// Provider is the Microsoft CSP or KSP name attribute (1.3.6.1.4.1.311.17.1)
// Windows imports the key into ("" when absent).
func (b *SafeBag) Provider() string { return bmpAttr(b.Attrs, oidMSCSPName) }

// LocalMachine reports the Microsoft local machine key set attribute
// (1.3.6.1.4.1.311.17.2): Windows imports the key into the machine key set.
func (b *SafeBag) LocalMachine() bool {
	_, ok := findAttr(b.Attrs, oidMSLocalMachine)
	return ok
}

// Certificate reads CertBag ::= SEQUENCE { certId OID, certValue [0]
// EXPLICIT OCTET STRING } (RFC 7292 §4.2.3). ok is false for a certificate
// type other than x509Certificate (an SDSI certificate: nothing to lint).
// n numbers the bag in errors.
func (b *SafeBag) Certificate(n int) (der []byte, ok bool, err error) {
	v := cryptobyte.String(b.Value)
	var cb, wrap cryptobyte.String
	var certID encasn1.ObjectIdentifier
	if !v.ReadASN1(&cb, asn1.SEQUENCE) || !cb.ReadASN1ObjectIdentifier(&certID) ||
		!cb.ReadASN1(&wrap, asn1.Tag(0).Constructed().ContextSpecific()) {
		return nil, false, fail(ErrMalformed, "certificate bag %d is broken", n)
	}
	if !certID.Equal(oidX509Certificate) {
		return nil, false, nil
	}
	if !wrap.ReadASN1Bytes(&der, asn1.OCTET_STRING) {
		return nil, false, fail(ErrMalformed, "certificate bag %d does not hold an OCTET STRING", n)
	}
	return der, true, nil
}

// KeyUsage reads the Microsoft key usage attribute (2.5.29.15, a BIT
// STRING; an OCTET STRING is accepted too) from the attributes [0] of a
// PrivateKeyInfo (RFC 5208 §5). present says whether the attribute is there;
// readable is false when it is there but its value cannot be read.
func KeyUsage(pki []byte) (usage byte, present, readable bool) {
	in := cryptobyte.String(pki)
	var seq cryptobyte.String
	if !in.ReadASN1(&seq, asn1.SEQUENCE) ||
		!seq.SkipASN1(asn1.INTEGER) || !seq.SkipASN1(asn1.SEQUENCE) || !seq.SkipASN1(asn1.OCTET_STRING) {
		return 0, false, true
	}
	var attrs cryptobyte.String
	var has bool
	if !seq.ReadOptionalASN1(&attrs, &has, asn1.Tag(0).Constructed().ContextSpecific()) || !has {
		return 0, false, true
	}
	list, ok := parseAttributes(attrs)
	if !ok {
		return 0, false, true
	}
	a, ok := findAttr(list, oidKeyUsageAttr)
	if !ok {
		return 0, false, true
	}
	if len(a.Values) == 0 {
		return 0, true, false
	}
	v := a.Values[0]
	var bits []byte
	switch {
	case v.ReadASN1Bytes(&bits, asn1.BIT_STRING):
		if len(bits) < 2 {
			return 0, true, false
		}
		bits = bits[1:] // the unused-bits octet
	case v.ReadASN1Bytes(&bits, asn1.OCTET_STRING):
		if len(bits) < 1 {
			return 0, true, false
		}
	default:
		return 0, true, false
	}
	return bits[0], true, true
}

// ParseEncryptedPrivateKeyInfo parses EncryptedPrivateKeyInfo (RFC 5208 §6):
// SEQUENCE { encryptionAlgorithm AlgorithmIdentifier, encryptedData OCTET
// STRING }, and returns the algorithm's DER and the ciphertext.
func ParseEncryptedPrivateKeyInfo(b []byte) (alg, ct []byte, err error) {
	der, rest, err := ber.Element(b, "EncryptedPrivateKeyInfo")
	if err != nil || !IsPadding(rest) {
		return nil, nil, errors.New("EncryptedPrivateKeyInfo is broken or truncated")
	}
	in := cryptobyte.String(der)
	var seq, a cryptobyte.String
	if !in.ReadASN1(&seq, asn1.SEQUENCE) || !seq.ReadASN1Element(&a, asn1.SEQUENCE) ||
		!seq.ReadASN1Bytes(&ct, asn1.OCTET_STRING) || !seq.Empty() {
		return nil, nil, errors.New("EncryptedPrivateKeyInfo does not have the structure of RFC 5208 §6")
	}
	return a, ct, nil
}
