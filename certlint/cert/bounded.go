package cert

import (
	"bytes"
	encasn1 "encoding/asn1"

	zx509 "github.com/zmap/zcrypto/x509"
	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// zParseBounded parses der with zcrypto without two costs zcrypto's parser
// has no bound for, neither of which certlint uses:
//
//   - zcrypto verifies the signature of every certificate whose subject and
//     issuer are the same bytes, to set SelfSigned, whatever the key: a
//     self-issued certificate with 65,536-bit DSA parameters takes minutes.
//     certlint does not read SelfSigned (chain building verifies signatures
//     itself, within its limits), so zcrypto is given a copy whose signature
//     value is one zero byte, which every verifier refuses at once.
//   - zcrypto decodes a nameConstraints extension into one record per
//     subtree by reflection: half a million subtrees (3.5 MB) take over a
//     second and hundreds of MB. certlint reads name constraints from the
//     DER (package chain), so a nameConstraints value larger than
//     chainZNameConstraintsMax is given to zcrypto empty, and its parsed
//     subtrees stay empty.
//
// The fields the copy changes (Raw, RawTBSCertificate, Signature, the
// fingerprints of both, the raw value of the nameConstraints extension) are
// set back from der; SelfSigned stays false. A DER that is not SEQUENCE {
// SEQUENCE, SEQUENCE, BIT STRING } goes to zcrypto as it is: it fails before
// any signature check.
func parseBounded(der []byte) (*zx509.Certificate, error) {
	in := cryptobyte.String(der)
	var cert, tbs, sigAlg cryptobyte.String
	var sig encasn1.BitString
	if !in.ReadASN1(&cert, cbasn1.SEQUENCE) || !in.Empty() ||
		!cert.ReadASN1Element(&tbs, cbasn1.SEQUENCE) || !cert.ReadASN1Element(&sigAlg, cbasn1.SEQUENCE) ||
		!cert.ReadASN1BitString(&sig) || !cert.Empty() {
		return zx509.ParseCertificate(der) // let zcrypto say what is wrong
	}
	tbsCopy, ncValue := tbsWithoutBigNC(tbs)
	if ncValue == nil {
		if issuer, subject, ok := tbsNames(tbs); ok && !bytes.Equal(issuer, subject) {
			// Not self-issued: zcrypto checks no signature, and there is no
			// large nameConstraints value to hide, so der is parsed as it
			// is (the result is the one the copy would give, without
			// copying der and hashing it twice).
			return zx509.ParseCertificate(der)
		}
	}
	return parseCopy(der, tbs, tbsCopy, sigAlg, sig, ncValue)
}

// parseCopy parses der through a copy with an empty signature value and
// tbsCopy for its TBSCertificate, then sets back what the copy changed.
func parseCopy(der, tbs, tbsCopy, sigAlg []byte, sig encasn1.BitString, ncValue []byte) (*zx509.Certificate, error) {
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddBytes(tbsCopy)
		b.AddBytes(sigAlg)
		b.AddASN1BitString([]byte{0})
	})
	copyDER, err := b.Bytes()
	if err != nil {
		return zx509.ParseCertificate(der)
	}
	c, err := zx509.ParseCertificate(copyDER)
	if err != nil {
		return nil, err
	}
	c.Raw = der
	c.RawTBSCertificate = tbs
	c.Signature = sig.RightAlign()
	c.SelfSigned = false
	c.FingerprintMD5 = zx509.MD5Fingerprint(der)
	c.FingerprintSHA1 = zx509.SHA1Fingerprint(der)
	c.FingerprintSHA256 = zx509.SHA256Fingerprint(der)
	if ncValue != nil {
		c.TBSCertificateFingerprint = zx509.SHA256Fingerprint(tbs)
		for i := range c.Extensions {
			if c.Extensions[i].Id.String() == oidExtNameConstraints.String() {
				c.Extensions[i].Value = ncValue
				c.ExtensionsMap[oidExtNameConstraints.String()] = c.Extensions[i]
			}
		}
	}
	return c, nil
}

// chainZNameConstraintsMax is the largest nameConstraints value zcrypto is
// given to decode (real ones are a few hundred bytes).
const nameConstraintsMax = 64 << 10

// chainTBSWithoutBigNC returns the TBSCertificate element tbs, with the value
// of a nameConstraints extension larger than chainZNameConstraintsMax made an
// empty SEQUENCE, and that value (nil when there is none: tbs is returned).
func tbsWithoutBigNC(tbs []byte) ([]byte, []byte) {
	in := cryptobyte.String(tbs)
	var body cryptobyte.String
	if !in.ReadASN1(&body, cbasn1.SEQUENCE) {
		return tbs, nil
	}
	extTag := cbasn1.Tag(3).Constructed().ContextSpecific()
	head := body
	var wrap cryptobyte.String
	for !body.Empty() {
		var elem cryptobyte.String
		var tag cbasn1.Tag
		rest := body
		if !body.ReadAnyASN1Element(&elem, &tag) {
			return tbs, nil
		}
		if tag == extTag {
			if !body.Empty() {
				return tbs, nil
			}
			head = head[:len(head)-len(rest)]
			var content cryptobyte.String
			elem.ReadASN1(&content, extTag)
			wrap = content
			break
		}
	}
	if wrap == nil {
		return tbs, nil
	}
	var exts cryptobyte.String
	if !wrap.ReadASN1(&exts, cbasn1.SEQUENCE) || !wrap.Empty() {
		return tbs, nil
	}
	// Find the extension by the bytes of its OID (no allocation per
	// extension: there may be hundreds of thousands), then copy the others
	// as they are.
	ncOID := []byte{0x06, 0x03, 0x55, 0x1d, 0x1e} // 2.5.29.30
	var before, after, big, critical []byte
	for all := exts; !all.Empty(); {
		var elem, e, oid, v cryptobyte.String
		if !all.ReadASN1Element(&elem, cbasn1.SEQUENCE) {
			return tbs, nil
		}
		if in := elem; !in.ReadASN1(&e, cbasn1.SEQUENCE) || !e.ReadASN1Element(&oid, cbasn1.OBJECT_IDENTIFIER) || !bytes.Equal(oid, ncOID) {
			continue
		}
		if e.PeekASN1Tag(cbasn1.BOOLEAN) {
			var crit cryptobyte.String
			if !e.ReadASN1Element(&crit, cbasn1.BOOLEAN) {
				return tbs, nil
			}
			critical = crit
		}
		if !e.ReadASN1(&v, cbasn1.OCTET_STRING) || len(v) <= nameConstraintsMax {
			return tbs, nil
		}
		big = v
		start := len(exts) - len(all) - len(elem)
		before, after = exts[:start], exts[start+len(elem):]
		break
	}
	if big == nil {
		return tbs, nil
	}
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddBytes(head)
		b.AddASN1(extTag, func(b *cryptobyte.Builder) {
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddBytes(before)
				b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
					b.AddBytes(ncOID)
					b.AddBytes(critical)
					b.AddASN1OctetString([]byte{0x30, 0x00})
				})
				b.AddBytes(after)
			})
		})
	})
	out, err := b.Bytes()
	if err != nil {
		return tbs, nil
	}
	return out, big
}

// tbsNames returns the issuer and subject Names of a DER TBSCertificate
// (RFC 5280 4.1), as zcrypto compares them to decide whether the
// certificate is self-issued; ok is false when the fields before them are
// not strict DER.
func tbsNames(tbs []byte) (issuer, subject []byte, ok bool) {
	in := cryptobyte.String(tbs)
	var body, skip, iss, subj cryptobyte.String
	if !in.ReadASN1(&body, cbasn1.SEQUENCE) {
		return nil, nil, false
	}
	if body.PeekASN1Tag(cbasn1.Tag(0).Constructed().ContextSpecific()) && !body.SkipASN1(cbasn1.Tag(0).Constructed().ContextSpecific()) {
		return nil, nil, false
	}
	var tag cbasn1.Tag
	if !body.ReadAnyASN1Element(&skip, &tag) || // serialNumber, whatever its encoding
		!body.SkipASN1(cbasn1.SEQUENCE) || // signature
		!body.ReadASN1Element(&iss, cbasn1.SEQUENCE) ||
		!body.SkipASN1(cbasn1.SEQUENCE) || // validity
		!body.ReadASN1Element(&subj, cbasn1.SEQUENCE) {
		return nil, nil, false
	}
	return iss, subj, true
}

// oidExtNameConstraints is the nameConstraints extension (RFC 5280 §4.2.1.10).
var oidExtNameConstraints = encasn1.ObjectIdentifier{2, 5, 29, 30}
