package cert

import (
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/hex"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"

	"github.com/certlint/certlint/certlint/internal/rdn"
)

// Limits of NameText. A real certificate name has a handful of attributes
// and well under a hundred characters; a hostile one can hold hundreds of
// thousands of attributes in a few megabytes. Whatever the name, rendering
// it costs one pass over its DER to check its structure, then the decoding
// of at most NameMaxAttributes attributes, and gives at most about
// NameMaxText bytes.
const (
	// NameMaxAttributes is the most attributes NameText renders.
	NameMaxAttributes = 32
	// NameMaxText is the length, in bytes, after which NameText stops.
	NameMaxText = 512
)

// nameCut marks a rendering that stops before the end of the name.
const nameCut = ",..."

// NameText renders a DER Name (RFC 5280 §4.1.2.4: SEQUENCE OF SET OF
// AttributeTypeAndValue) as RFC 4514 text, most specific RDN first ("CN=...,
// O=..."), as Windows and crypto/x509 show names. Values that are not
// strings, or whose string cannot be decoded, are written in the "#" hex
// form of RFC 4514 §2.4.
//
// It is certlint's one name renderer, used by the reports and the lints: its
// cost is linear in the size of der and its output bounded. A name of more
// than NameMaxAttributes attributes, or longer than about NameMaxText bytes
// as text, is cut, and the text then ends with ",...". ok is false when der
// is not a Name; an empty name gives "" and true.
func NameText(der []byte) (text string, ok bool) {
	in := cryptobyte.String(der)
	var seq cryptobyte.String
	if !in.ReadASN1(&seq, cbasn1.SEQUENCE) || !in.Empty() {
		return "", false
	}
	// One pass over the whole name checks its structure and counts the
	// RDNs, without decoding anything.
	n := 0
	for s := seq; !s.Empty(); n++ {
		var rdn cryptobyte.String
		if !s.ReadASN1(&rdn, cbasn1.SET) {
			return "", false
		}
		for !rdn.Empty() {
			var atv, value cryptobyte.String
			if !rdn.ReadASN1(&atv, cbasn1.SEQUENCE) || !atv.SkipASN1(cbasn1.OBJECT_IDENTIFIER) ||
				!atv.ReadAnyASN1Element(&value, nil) || !atv.Empty() {
				return "", false
			}
		}
	}
	// RFC 4514 §2.1 writes the last RDN first: only the last
	// NameMaxAttributes RDNs can be shown.
	skip := max(0, n-NameMaxAttributes)
	s := seq
	for range skip {
		s.SkipASN1(cbasn1.SET)
	}
	rdns := make([]cryptobyte.String, 0, n-skip)
	for !s.Empty() {
		var rdn cryptobyte.String
		s.ReadASN1(&rdn, cbasn1.SET)
		rdns = append(rdns, rdn)
	}
	var b strings.Builder
	attrs := 0
	for i := len(rdns) - 1; i >= 0; i-- {
		for j, rdn := 0, rdns[i]; !rdn.Empty(); j++ {
			var atv cryptobyte.String
			rdn.ReadASN1Element(&atv, cbasn1.SEQUENCE)
			if attrs == NameMaxAttributes || b.Len() >= NameMaxText {
				b.WriteString(nameCut)
				return b.String(), true
			}
			switch {
			case j > 0:
				b.WriteByte('+')
			case b.Len() > 0:
				b.WriteByte(',')
			}
			t := attributeText(atv)
			if room := NameMaxText - b.Len(); len(t) > room {
				b.WriteString(cutUTF8(t, room))
				b.WriteString(nameCut)
				return b.String(), true
			}
			b.WriteString(t)
			attrs++
		}
	}
	if skip > 0 {
		b.WriteString(nameCut)
	}
	return b.String(), true
}

// NameTextOr is NameText with what to show when der is not a Name.
func NameTextOr(der []byte, unreadable string) string {
	if t, ok := NameText(der); ok {
		return t
	}
	return unreadable
}

// attributeText renders one AttributeTypeAndValue (its DER, whose structure
// NameText has checked) as RFC 4514 "type=value".
func attributeText(der cryptobyte.String) string {
	if t, ok := rdn.Common(der); ok {
		return t
	}
	return attributeTextGeneral(der)
}

// attributeTextGeneral renders any attribute, through encoding/asn1 and
// crypto/x509's pkix.
func attributeTextGeneral(der cryptobyte.String) string {
	var atv pkix.AttributeTypeAndValue
	if rest, err := asn1.Unmarshal(der, &atv); err != nil || len(rest) > 0 {
		// A value encoding/asn1 cannot decode (invalid UTF-8 in a
		// UTF8String, a bad PrintableString): its DER in the "#" form.
		var seq, raw cryptobyte.String
		var oid asn1.ObjectIdentifier
		if !der.ReadASN1(&seq, cbasn1.SEQUENCE) || !seq.ReadASN1ObjectIdentifier(&oid) || !seq.ReadAnyASN1Element(&raw, nil) {
			return "?"
		}
		// The type as crypto/x509 names it ("CN", or the dotted OID).
		name, _ := strings.CutSuffix(pkix.RDNSequence{{{Type: oid, Value: ""}}}.String(), "=")
		name, _ = strings.CutSuffix(name, "=#1300") // an OID without a name: its empty value in hex
		return name + "=#" + hex.EncodeToString(raw)
	}
	return pkix.RDNSequence{{atv}}.String()
}

// cutUTF8 returns the longest prefix of s of at most n bytes that does not
// split a UTF-8 sequence.
func cutUTF8(s string, n int) string {
	if n >= len(s) {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
