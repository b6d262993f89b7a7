// Package rdn renders the attributes of X.509 names (RFC 5280 4.1.2.4)
// that real certificates are made of, as RFC 4514 text, without
// reflection: certlint renders the subject and issuer of every input, and
// encoding/asn1 with pkix.RDNSequence.String was a tenth of a run's CPU.
package rdn

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// commonAttributeNames are the attribute types crypto/x509 writes by name
// (RFC 4514 3, plus SERIALNUMBER, STREET and POSTALCODE as Go's
// pkix.RDNSequence.String does), keyed by the last arc of id-at (2.5.4).
var commonAttributeNames = map[byte]string{3: "CN", 5: "SERIALNUMBER", 6: "C", 7: "L", 8: "ST", 9: "STREET", 10: "O", 11: "OU", 17: "POSTALCODE"}

// Common renders, without reflection, the attributes real
// names are made of: a type of commonAttributeNames whose value is a
// UTF8String holding valid UTF-8, a PrintableString or an IA5String that
// encoding/asn1 accepts. The text is what pkix.RDNSequence.String gives for
// them (RFC 4514 2.4 escaping). ok is false for any other attribute, which the
// caller renders the general way (encoding/asn1 and pkix).
func Common(der cryptobyte.String) (string, bool) {
	var seq, oid, value cryptobyte.String
	var tag cbasn1.Tag
	if !der.ReadASN1(&seq, cbasn1.SEQUENCE) || !seq.ReadASN1(&oid, cbasn1.OBJECT_IDENTIFIER) ||
		!seq.ReadAnyASN1(&value, &tag) || !seq.Empty() ||
		len(oid) != 3 || oid[0] != 0x55 || oid[1] != 0x04 {
		return "", false
	}
	name, ok := commonAttributeNames[oid[2]]
	if !ok {
		return "", false
	}
	switch tag {
	case cbasn1.UTF8String:
		if !utf8.Valid(value) {
			return "", false
		}
	case cbasn1.PrintableString:
		for _, c := range value {
			if !printable(c) {
				return "", false
			}
		}
	case cbasn1.IA5String:
		for _, c := range value {
			if c >= utf8.RuneSelf {
				return "", false
			}
		}
	default:
		return "", false
	}
	v := string(value)
	var b strings.Builder
	b.Grow(len(name) + 1 + len(v) + 2)
	b.WriteString(name)
	b.WriteByte('=')
	last := len(v) - 1
	for k, c := range v { // as pkix.RDNSequence.String escapes
		escape := false
		switch c {
		case ',', '+', '"', '\\', '<', '>', ';':
			escape = true
		case ' ':
			escape = k == 0 || k == last
		case '#':
			escape = k == 0
		}
		if escape {
			b.WriteByte('\\')
		}
		b.WriteRune(c)
	}
	return b.String(), true
}

// printable is encoding/asn1's PrintableString alphabet (X.680 41.4), with
// the '*' and '&' it also accepts for compatibility.
func printable(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		c == ' ' || c == '\'' || c == '(' || c == ')' || c == '+' || c == ',' || c == '-' ||
		c == '.' || c == '/' || c == ':' || c == '=' || c == '?' || c == '*' || c == '&'
}
