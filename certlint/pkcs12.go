package certlint

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

// PKCS#12 reading.
//
// certlint walks the PFX itself (RFC 7292 §4) rather than calling go-pkcs12's
// DecodeChain, which wants exactly one key, parses certificates with the
// strict crypto/x509 and drops the bag and key attributes Windows acts on:
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
//	    (nested SafeContents); CRL and secret bags are skipped.
//
// One pass, in this order: the structure is parsed (DER, or BER rewritten as
// DER where Java, Windows or Bouncy Castle wrote it so); every iteration
// count visible without decryption (the MAC's, every encrypted safe's, every
// shrouded key in a clear safe) is checked against LoadOptions.MaxIterations;
// only then is the MAC verified, once, which settles the password; then the
// safes are decrypted and the bags read, attributes included. A shrouded key
// inside an encrypted safe has its count checked when its safe is opened,
// still before its own key derivation; and the input's total derivation work
// is capped at IterationBudget x MaxIterations.
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

// Names of the PBE schemes as they appear in PFXKey.Encryption and
// PFXInfo.CertEncryption. PBES2 schemes read "PBES2 (PBKDF2-<PRF>, <cipher>)",
// e.g. "PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC)", what OpenSSL 3 and Windows
// Server 2019+ ("AES256-SHA256") write.
const (
	PBEWithSHAAnd3KeyTripleDESCBC = "pbeWithSHAAnd3-KeyTripleDES-CBC" // RFC 7292 App. C; Windows and OpenSSL -legacy keys
	PBEWithSHAAnd40BitRC2CBC      = "pbeWithSHAAnd40BitRC2-CBC"       // RFC 7292 App. C; Windows and OpenSSL -legacy certificates
	PBEWithSHAAnd128BitRC2CBC     = "pbeWithSHAAnd128BitRC2-CBC"      // RFC 7292 App. C
)

// Object identifiers of the PKCS#12 structure (RFC 7292 App. D, RFC 5652
// §§4-6, RFC 2985) and of the Microsoft attributes.
var (
	oidData             = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 1}
	oidSignedData       = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 2}
	oidEnvelopedData    = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 3}
	oidEncryptedData    = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 6}
	oidKeyBag           = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 10, 1, 1}
	oidShroudedKeyBag   = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 10, 1, 2}
	oidCertBag          = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 10, 1, 3}
	oidSafeContentsBag  = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 10, 1, 6}
	oidX509Certificate  = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 22, 1}
	oidFriendlyName     = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 20}
	oidLocalKeyID       = encasn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 21}
	oidMSCSPName        = encasn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 311, 17, 1}
	oidMSLocalMachine   = encasn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 311, 17, 2}
	oidKeyUsageAttr     = encasn1.ObjectIdentifier{2, 5, 29, 15}
	maxSafeContentsNest = 4
)

// Microsoft key usage attribute bits, as OpenSSL's -keyex / -keysig write
// them (KEY_EX and KEY_SIG in openssl/pkcs12.h).
const (
	keyUsageKeyEx  = 0x10
	keyUsageKeySig = 0x80
)

// keySpecOf interprets the Microsoft key usage attribute. The rule certlint
// implements: KEY_EX set means the key is imported as an AT_KEYEXCHANGE key,
// whatever else is set (0x90, both bits, is what Windows writes when it
// exports a CNG KSP key, whose keys serve both purposes); KEY_SIG alone means
// AT_SIGNATURE (a CryptoAPI signature-only key, e.g. .NET's My.pfx); neither
// bit is not a value Windows or OpenSSL writes, and certlint reports
// KeySpecUnknown rather than guess. OpenSSL documents the two bits with
// -keyex and -keysig (openssl-pkcs12(1)); an absent attribute leaves the
// choice to the importer (KeySpecUnspecified).
func keySpecOf(v byte) KeySpec {
	switch {
	case v&keyUsageKeyEx != 0:
		return KeySpecExchange
	case v&keyUsageKeySig != 0:
		return KeySpecSignature
	}
	return KeySpecUnknown
}

// contentInfo is one ContentInfo of the AuthenticatedSafe.
type contentInfo struct {
	typ encasn1.ObjectIdentifier
	// data: the SafeContents; encryptedData: the ciphertext.
	content []byte
	// encryptedData only: the encryption scheme.
	scheme *pbe.Scheme
	// data only: the parsed bags, read before the MAC is verified so that
	// their iteration counts are checked first.
	bags []safeBag
}

type safeBag struct {
	id    encasn1.ObjectIdentifier
	value []byte // the bagValue, inside its [0] EXPLICIT wrapper
	attrs []attribute
	// shrouded key bags: the parsed scheme and ciphertext.
	scheme *pbe.Scheme
	ct     []byte
}

type attribute struct {
	id     encasn1.ObjectIdentifier
	values []cryptobyte.String // each value element, whole
}

func (l *loader) loadPKCS12(data []byte) error {
	info := &PFXInfo{}
	l.pfx = info

	// PFX (RFC 7292 §4).
	var pfx cryptobyte.String
	der, rest, err := derElement(data, "the PFX")
	if err != nil {
		return l.errorf(ErrMalformed, "%v", err)
	}
	if !isPadding(rest) {
		return l.errorf(ErrMalformed, "%d bytes of data after the end of the PFX", len(rest))
	}
	in := cryptobyte.String(der)
	var version int64
	var authSafe, authType cryptobyte.String
	var typ encasn1.ObjectIdentifier
	if !in.ReadASN1(&pfx, asn1.SEQUENCE) || !pfx.ReadASN1Integer(&version) ||
		!pfx.ReadASN1(&authSafe, asn1.SEQUENCE) || !authSafe.ReadASN1ObjectIdentifier(&typ) {
		return l.errorf(ErrMalformed, "the PFX does not have the structure of RFC 7292 §4")
	}
	if version != 3 {
		return l.errorf(ErrUnsupported, "PFX version %d (only version 3, RFC 7292, is defined)", version)
	}
	switch {
	case typ.Equal(oidData):
	case typ.Equal(oidSignedData):
		return l.errorf(ErrUnsupported, "the PFX uses public-key integrity mode (authSafe is SignedData, RFC 7292 §3.1); only password integrity is supported")
	default:
		return l.errorf(ErrUnsupported, "the PFX authSafe is of content type %s", typ)
	}
	var authContent []byte
	if !authSafe.ReadASN1(&authType, asn1.Tag(0).Constructed().ContextSpecific()) ||
		!authType.ReadASN1Bytes(&authContent, asn1.OCTET_STRING) || !authType.Empty() || !authSafe.Empty() {
		return l.errorf(ErrMalformed, "the PFX authSafe content is not an OCTET STRING")
	}
	var macDER cryptobyte.String
	if !pfx.Empty() {
		if !pfx.ReadASN1Element(&macDER, asn1.SEQUENCE) || !pfx.Empty() {
			return l.errorf(ErrMalformed, "the PFX MacData is broken, or data follows it")
		}
	}

	// AuthenticatedSafe (RFC 7292 §4.1), parsed before anything is derived.
	cis, err := l.parseAuthenticatedSafe(authContent)
	if err != nil {
		return err
	}

	// The MAC: parsed and its count checked first, verified after every
	// visible count has been checked.
	var mac *pbe.MAC
	if len(macDER) > 0 {
		mac, err = pbe.ParseMacData(macDER)
		if err != nil {
			return l.pbeError(err, "the PFX MAC")
		}
		info.HasMAC, info.MACAlgorithm, info.MACIterations = true, mac.Name, mac.Iterations
		if err := l.checkIterations("the PFX MAC ("+mac.Name+")", mac.Iterations, mac.Declared); err != nil {
			return err
		}
	}
	for i := range cis {
		ci := &cis[i]
		if ci.scheme != nil {
			if err := l.checkIterations(fmt.Sprintf("encrypted safe %d (%s)", i+1, ci.scheme.Name), ci.scheme.Iterations, ci.scheme.Declared); err != nil {
				return err
			}
		}
		if err := l.checkBagIterations(ci.bags); err != nil {
			return err
		}
	}

	if mac != nil {
		if err := l.verifyMAC(mac, authContent); err != nil {
			return err
		}
	}

	// The safes and their bags, in order.
	for i := range cis {
		ci := &cis[i]
		bags := ci.bags
		if ci.scheme != nil {
			what := fmt.Sprintf("encrypted safe %d (%s)", i+1, ci.scheme.Name)
			plain, err := l.decrypt(ci.scheme, ci.content, what, validDERSequence)
			if err != nil {
				return err
			}
			if bags, err = l.parseSafeContents(plain); err != nil {
				return err
			}
			// Shrouded keys seen only now: their counts are checked before
			// their derivation, as the others were before the MAC's.
			if err := l.checkBagIterations(bags); err != nil {
				return err
			}
			for _, b := range bags {
				if b.id.Equal(oidCertBag) && info.CertEncryption == "" {
					info.CertEncryption, info.CertIterations = ci.scheme.Name, ci.scheme.Iterations
				}
			}
		}
		if err := l.readBags(bags, 0); err != nil {
			return err
		}
	}
	if len(l.certs) == 0 && len(l.keys) == 0 {
		return l.errorf(ErrNotCertificate, "the PFX holds no certificate and no private key")
	}
	return nil
}

// verifyMAC verifies the PFX MAC over the AuthenticatedSafe octets (RFC 7292
// §5.1), trying the passwords as withPassword describes.
func (l *loader) verifyMAC(mac *pbe.MAC, content []byte) error {
	return l.withPassword("the PFX", " (its integrity MAC does not verify: a wrong password, or an altered file)", mac.BMPPassword, func(encs [][]byte) (int, error) {
		for i, pw := range encs {
			if err := l.spend(mac.Work()); err != nil {
				return -1, err
			}
			ok, err := mac.Verify(pw, content)
			if err != nil {
				return -1, l.pbeError(err, "the PFX MAC")
			}
			if ok {
				return i, nil
			}
		}
		return -1, nil
	})
}

// checkBagIterations checks the iteration count of every shrouded key bag in
// bags against the limit (their schemes are parsed, nothing is derived).
func (l *loader) checkBagIterations(bags []safeBag) error {
	for _, b := range bags {
		if b.scheme != nil {
			if err := l.checkIterations("a shrouded key bag ("+b.scheme.Name+")", b.scheme.Iterations, b.scheme.Declared); err != nil {
				return err
			}
		}
	}
	return nil
}

// parseAuthenticatedSafe parses AuthenticatedSafe ::= SEQUENCE OF ContentInfo.
func (l *loader) parseAuthenticatedSafe(b []byte) ([]contentInfo, error) {
	der, rest, err := derElement(b, "the AuthenticatedSafe")
	if err != nil || len(rest) != 0 {
		return nil, l.errorf(ErrMalformed, "the PFX AuthenticatedSafe is broken or truncated")
	}
	in := cryptobyte.String(der)
	var seq cryptobyte.String
	if !in.ReadASN1(&seq, asn1.SEQUENCE) {
		return nil, l.errorf(ErrMalformed, "the PFX AuthenticatedSafe is not a SEQUENCE")
	}
	var cis []contentInfo
	for !seq.Empty() {
		var ci cryptobyte.String
		var c contentInfo
		var content cryptobyte.String
		if !seq.ReadASN1(&ci, asn1.SEQUENCE) || !ci.ReadASN1ObjectIdentifier(&c.typ) ||
			!ci.ReadASN1(&content, asn1.Tag(0).Constructed().ContextSpecific()) || !ci.Empty() {
			return nil, l.errorf(ErrMalformed, "ContentInfo %d of the AuthenticatedSafe is broken", len(cis)+1)
		}
		switch {
		case c.typ.Equal(oidData):
			if !content.ReadASN1Bytes(&c.content, asn1.OCTET_STRING) || !content.Empty() {
				return nil, l.errorf(ErrMalformed, "safe %d (Data) is not an OCTET STRING", len(cis)+1)
			}
			bags, err := l.parseSafeContents(c.content)
			if err != nil {
				return nil, err
			}
			c.bags = bags
		case c.typ.Equal(oidEncryptedData):
			if err := l.parseEncryptedData(content, &c, len(cis)+1); err != nil {
				return nil, err
			}
		case c.typ.Equal(oidEnvelopedData):
			return nil, l.errorf(ErrUnsupported, "safe %d uses public-key privacy mode (EnvelopedData, RFC 7292 §3.1); only password privacy is supported", len(cis)+1)
		default:
			return nil, l.errorf(ErrUnsupported, "safe %d is of content type %s", len(cis)+1, c.typ)
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
func (l *loader) parseEncryptedData(content cryptobyte.String, c *contentInfo, n int) error {
	var ed, eci, alg cryptobyte.String
	var version int64
	var ctype encasn1.ObjectIdentifier
	if !content.ReadASN1(&ed, asn1.SEQUENCE) || !ed.ReadASN1Integer(&version) ||
		!ed.ReadASN1(&eci, asn1.SEQUENCE) || !eci.ReadASN1ObjectIdentifier(&ctype) ||
		!eci.ReadASN1Element(&alg, asn1.SEQUENCE) {
		return l.errorf(ErrMalformed, "safe %d (EncryptedData) is broken", n)
	}
	switch {
	case eci.PeekASN1Tag(asn1.Tag(0).ContextSpecific()):
		if !eci.ReadASN1Bytes(&c.content, asn1.Tag(0).ContextSpecific()) {
			return l.errorf(ErrMalformed, "safe %d (EncryptedData) content is broken", n)
		}
	case eci.PeekASN1Tag(asn1.Tag(0).Constructed().ContextSpecific()):
		// BER: the [0] IMPLICIT OCTET STRING in segments.
		var segs cryptobyte.String
		if !eci.ReadASN1(&segs, asn1.Tag(0).Constructed().ContextSpecific()) {
			return l.errorf(ErrMalformed, "safe %d (EncryptedData) content is broken", n)
		}
		for !segs.Empty() {
			var seg []byte
			if !segs.ReadASN1Bytes(&seg, asn1.OCTET_STRING) {
				return l.errorf(ErrMalformed, "safe %d (EncryptedData) content is broken", n)
			}
			c.content = append(c.content, seg...)
		}
	default:
		return l.errorf(ErrMalformed, "safe %d (EncryptedData) has no encrypted content", n)
	}
	if !eci.Empty() {
		return l.errorf(ErrMalformed, "safe %d (EncryptedData) has unexpected data", n)
	}
	s, err := pbe.ParseScheme(alg)
	if err != nil {
		return l.pbeError(err, fmt.Sprintf("encrypted safe %d", n))
	}
	c.scheme = s
	return nil
}

// parseSafeContents parses SafeContents ::= SEQUENCE OF SafeBag. Shrouded key
// bags get their scheme parsed (not used) so their counts can be checked.
func (l *loader) parseSafeContents(b []byte) ([]safeBag, error) {
	der, rest, err := derElement(b, "a SafeContents")
	if err != nil || !isPadding(rest) {
		return nil, l.errorf(ErrMalformed, "a SafeContents of the PFX is broken or truncated")
	}
	in := cryptobyte.String(der)
	var seq cryptobyte.String
	if !in.ReadASN1(&seq, asn1.SEQUENCE) {
		return nil, l.errorf(ErrMalformed, "a SafeContents of the PFX is not a SEQUENCE")
	}
	var bags []safeBag
	for !seq.Empty() {
		var sb, val, attrs cryptobyte.String
		var bag safeBag
		if !seq.ReadASN1(&sb, asn1.SEQUENCE) || !sb.ReadASN1ObjectIdentifier(&bag.id) ||
			!sb.ReadASN1(&val, asn1.Tag(0).Constructed().ContextSpecific()) {
			return nil, l.errorf(ErrMalformed, "SafeBag %d of the PFX is broken", len(bags)+1)
		}
		bag.value = val
		if !sb.Empty() {
			if !sb.ReadASN1(&attrs, asn1.SET) || !sb.Empty() {
				return nil, l.errorf(ErrMalformed, "the attributes of SafeBag %d are broken", len(bags)+1)
			}
			a, ok := parseAttributes(attrs)
			if !ok {
				return nil, l.errorf(ErrMalformed, "the attributes of SafeBag %d are broken", len(bags)+1)
			}
			bag.attrs = a
		}
		if bag.id.Equal(oidShroudedKeyBag) {
			alg, ct, err := parseEncryptedPrivateKeyInfo(bag.value)
			if err != nil {
				return nil, l.errorf(ErrMalformed, "shrouded key bag %d: %v", len(bags)+1, err)
			}
			bag.ct = ct
			if s, err := pbe.ParseScheme(alg); err == nil {
				bag.scheme = s
			} else if !errors.Is(err, pbe.ErrUnsupported) {
				return nil, l.pbeError(err, "a shrouded key bag")
			}
			// An unsupported key scheme leaves the key unusable (Bundle.KeyError)
			// but the certificates readable: it is reported in readBags.
		}
		if len(bags) >= MaxCertificates+MaxKeys {
			return nil, l.errorf(errTooMany, "more than %d bags in one SafeContents", MaxCertificates+MaxKeys)
		}
		bags = append(bags, bag)
	}
	return bags, nil
}

// parseAttributes parses SET OF PKCS12Attribute / Attribute:
// SEQUENCE { attrId OID, attrValues SET OF ANY }.
func parseAttributes(set cryptobyte.String) ([]attribute, bool) {
	var out []attribute
	for !set.Empty() {
		var a, vals cryptobyte.String
		var at attribute
		if !set.ReadASN1(&a, asn1.SEQUENCE) || !a.ReadASN1ObjectIdentifier(&at.id) ||
			!a.ReadASN1(&vals, asn1.SET) || !a.Empty() {
			return nil, false
		}
		for !vals.Empty() {
			var v cryptobyte.String
			if !vals.ReadAnyASN1Element(&v, nil) {
				return nil, false
			}
			at.values = append(at.values, v)
		}
		out = append(out, at)
	}
	return out, true
}

func findAttr(attrs []attribute, id encasn1.ObjectIdentifier) (attribute, bool) {
	for _, a := range attrs {
		if a.id.Equal(id) {
			return a, true
		}
	}
	return attribute{}, false
}

// bmpAttr returns the first value of a BMPString attribute (friendlyName,
// the CSP name), decoded; UTF8String is accepted too.
func bmpAttr(attrs []attribute, id encasn1.ObjectIdentifier) string {
	a, ok := findAttr(attrs, id)
	if !ok || len(a.values) == 0 {
		return ""
	}
	v := a.values[0]
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

func octetAttr(attrs []attribute, id encasn1.ObjectIdentifier) []byte {
	a, ok := findAttr(attrs, id)
	if !ok || len(a.values) == 0 {
		return nil
	}
	v := a.values[0]
	var s []byte
	if !v.ReadASN1Bytes(&s, asn1.OCTET_STRING) {
		return nil
	}
	return bytes.Clone(s)
}

// readBags reads certificate and key bags, in order.
func (l *loader) readBags(bags []safeBag, depth int) error {
	for i := range bags {
		b := &bags[i]
		switch {
		case b.id.Equal(oidCertBag):
			if err := l.readCertBag(b); err != nil {
				return err
			}
		case b.id.Equal(oidKeyBag), b.id.Equal(oidShroudedKeyBag):
			if err := l.readKeyBag(b); err != nil {
				return err
			}
		case b.id.Equal(oidSafeContentsBag):
			if depth >= maxSafeContentsNest {
				return l.errorf(ErrMalformed, "SafeContents nested more than %d deep", maxSafeContentsNest)
			}
			nested, err := l.parseSafeContents(b.value)
			if err != nil {
				return err
			}
			if err := l.checkBagIterations(nested); err != nil {
				return err
			}
			if err := l.readBags(nested, depth+1); err != nil {
				return err
			}
		}
		// CRL, secret and unknown bags hold nothing certlint reads.
	}
	return nil
}

// readCertBag reads CertBag ::= SEQUENCE { certId OID, certValue [0] EXPLICIT
// OCTET STRING } (RFC 7292 §4.2.3); only x509Certificate is read.
func (l *loader) readCertBag(b *safeBag) error {
	v := cryptobyte.String(b.value)
	var cb, wrap cryptobyte.String
	var certID encasn1.ObjectIdentifier
	if !v.ReadASN1(&cb, asn1.SEQUENCE) || !cb.ReadASN1ObjectIdentifier(&certID) ||
		!cb.ReadASN1(&wrap, asn1.Tag(0).Constructed().ContextSpecific()) {
		return l.errorf(ErrMalformed, "certificate bag %d is broken", len(l.certs)+1)
	}
	if !certID.Equal(oidX509Certificate) {
		return nil // an SDSI certificate: nothing to lint
	}
	var der []byte
	if !wrap.ReadASN1Bytes(&der, asn1.OCTET_STRING) {
		return l.errorf(ErrMalformed, "certificate bag %d does not hold an OCTET STRING", len(l.certs)+1)
	}
	name := bmpAttr(b.attrs, oidFriendlyName)
	what := fmt.Sprintf("certificate %d", len(l.certs)+1)
	if name != "" {
		what += fmt.Sprintf(" (friendly name %q)", name)
	}
	if err := l.addCertificate(der, octetAttr(b.attrs, oidLocalKeyID), what); err != nil {
		return err
	}
	l.pfx.CertFriendlyNames = append(l.pfx.CertFriendlyNames, name)
	return nil
}

// readKeyBag reads a keyBag (PrivateKeyInfo in the clear) or a
// pkcs8ShroudedKeyBag (EncryptedPrivateKeyInfo), with its bag attributes and
// the attributes of the PrivateKeyInfo inside.
func (l *loader) readKeyBag(b *safeBag) error {
	n := len(l.pfx.Keys) + 1
	k := PFXKey{
		Provider:     bmpAttr(b.attrs, oidMSCSPName),
		FriendlyName: bmpAttr(b.attrs, oidFriendlyName),
		LocalKeyID:   octetAttr(b.attrs, oidLocalKeyID),
	}
	_, k.LocalMachine = findAttr(b.attrs, oidMSLocalMachine)
	what := fmt.Sprintf("private key %d", n)

	var pki []byte
	if b.id.Equal(oidKeyBag) {
		pki = b.value
	} else {
		k.Shrouded = true
		if b.scheme == nil {
			// Unsupported scheme: the key is unusable, the rest readable.
			alg, _, _ := parseEncryptedPrivateKeyInfo(b.value)
			_, err := pbe.ParseScheme(alg)
			k.Encryption, k.KeySpec = "unsupported", KeySpecUnknown
			l.pfx.Keys = append(l.pfx.Keys, k)
			return l.addKey(nil, fmt.Errorf("%s: %w", what, err), k.LocalKeyID, nil)
		}
		k.Encryption, k.Iterations = b.scheme.Name, b.scheme.Iterations
		plain, err := l.decrypt(b.scheme, b.ct, what+" ("+b.scheme.Name+")", validPrivateKeyInfo)
		if err != nil {
			return err
		}
		defer clear(plain)
		pki = plain
	}
	k.KeyUsage, k.HasKeyUsage, k.KeySpec = pkcs8KeyUsage(pki)
	l.pfx.Keys = append(l.pfx.Keys, k)
	key, err := parsePKCS8(pki)
	if err != nil {
		err = fmt.Errorf("%s: %w", what, err)
	}
	return l.addKey(key, err, k.LocalKeyID, pki)
}

// pkcs8KeyUsage reads the Microsoft key usage attribute (2.5.29.15, a BIT
// STRING) from the attributes [0] of a PrivateKeyInfo (RFC 5208 §5).
func pkcs8KeyUsage(pki []byte) (usage byte, present bool, spec KeySpec) {
	in := cryptobyte.String(pki)
	var seq cryptobyte.String
	if !in.ReadASN1(&seq, asn1.SEQUENCE) ||
		!seq.SkipASN1(asn1.INTEGER) || !seq.SkipASN1(asn1.SEQUENCE) || !seq.SkipASN1(asn1.OCTET_STRING) {
		return 0, false, KeySpecUnspecified
	}
	var attrs cryptobyte.String
	var has bool
	if !seq.ReadOptionalASN1(&attrs, &has, asn1.Tag(0).Constructed().ContextSpecific()) || !has {
		return 0, false, KeySpecUnspecified
	}
	list, ok := parseAttributes(attrs)
	if !ok {
		return 0, false, KeySpecUnspecified
	}
	a, ok := findAttr(list, oidKeyUsageAttr)
	if !ok {
		return 0, false, KeySpecUnspecified
	}
	if len(a.values) == 0 {
		return 0, true, KeySpecUnknown
	}
	v := a.values[0]
	var bits []byte
	switch {
	case v.ReadASN1Bytes(&bits, asn1.BIT_STRING):
		if len(bits) < 2 {
			return 0, true, KeySpecUnknown
		}
		bits = bits[1:] // the unused-bits octet
	case v.ReadASN1Bytes(&bits, asn1.OCTET_STRING):
		if len(bits) < 1 {
			return 0, true, KeySpecUnknown
		}
	default:
		return 0, true, KeySpecUnknown
	}
	return bits[0], true, keySpecOf(bits[0])
}

// parseEncryptedPrivateKeyInfo parses EncryptedPrivateKeyInfo (RFC 5208 §6):
// SEQUENCE { encryptionAlgorithm AlgorithmIdentifier, encryptedData OCTET STRING }.
func parseEncryptedPrivateKeyInfo(b []byte) (alg, ct []byte, err error) {
	der, rest, err := derElement(b, "EncryptedPrivateKeyInfo")
	if err != nil || !isPadding(rest) {
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

// derElement returns the first element of b as DER, rewriting BER (indefinite
// lengths, constructed strings) when the element is not DER already, and the
// bytes after it.
func derElement(b []byte, what string) (der, rest []byte, err error) {
	in := cryptobyte.String(b)
	var el cryptobyte.String
	if in.ReadAnyASN1Element(&el, nil) && isDER(el) {
		return el, in, nil
	}
	d, r, err := ber.ToDER(b)
	if err != nil {
		if h, ok := peekHeader(b); ok && h.length > len(b)-h.hdr {
			return nil, nil, fmt.Errorf("%s is truncated (%d bytes declared, %d present)", what, h.length, len(b)-h.hdr)
		}
		return nil, nil, fmt.Errorf("%s is not valid DER or BER: %v", what, err)
	}
	return d, r, nil
}

// isDER reports whether el, one element, is DER all the way down as far as
// cryptobyte needs: every constructed element parses with definite,
// minimal lengths. Primitive contents (OCTET STRINGs holding further
// structures) are not entered.
func isDER(el cryptobyte.String) bool {
	return isDERDepth(el, 0)
}

func isDERDepth(el cryptobyte.String, depth int) bool {
	if depth > ber.MaxDepth {
		return false
	}
	var body cryptobyte.String
	var tag asn1.Tag
	if !el.ReadAnyASN1(&body, &tag) || !el.Empty() {
		return false
	}
	if tag&0x20 == 0 {
		return true
	}
	if tag&0xc0 == 0 && (tag&0x1f == 3 || tag&0x1f == 4) {
		return false // a constructed BIT or OCTET STRING is BER
	}
	for !body.Empty() {
		var child cryptobyte.String
		if !body.ReadAnyASN1Element(&child, nil) || !isDERDepth(child, depth+1) {
			return false
		}
	}
	return true
}
