package chain

import (
	"bytes"
	encasn1 "encoding/asn1"
	"encoding/hex"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// chainATV is one attribute of a distinguished name, as RFC 5280 7.1
// compares it.
type aTV struct {
	oid encasn1.ObjectIdentifier
	tag cbasn1.Tag
	raw []byte // the value's content octets
	// norm is the value as RFC 5280 7.1 (by RFC 4518) compares it: string
	// values decoded from whichever string type holds them, case folded,
	// leading and trailing spaces removed and inner runs of spaces made one;
	// other values as "#" and the hex of their DER.
	norm string
}

// chainName is a DER Name read for comparison (RFC 5280 4.1.2.4, 7.1).
type name struct {
	rdns [][]aTV
	// key is the same for two names RFC 5280 7.1 says are equal: each RDN's
	// attributes, sorted, with their normalised values.
	key string
	ok  bool
}

// chainNameAttrMax bounds the attributes a name comparison reads: real
// names have a handful; a hostile name of tens of thousands is compared by
// its first attributes and the hash of the rest (its DER), so two such names
// are equal only when their tails are byte for byte equal.
const nameAttrMax = 256

// chainParseName reads a DER Name for comparison. A name that cannot be
// read is compared by its bytes (ok is false).
func parseName(der []byte) name {
	n := name{key: "#" + string(der)}
	in := cryptobyte.String(der)
	var seq cryptobyte.String
	if !in.ReadASN1(&seq, cbasn1.SEQUENCE) || !in.Empty() {
		return n
	}
	var b strings.Builder
	count := 0
	for !seq.Empty() {
		if count >= nameAttrMax {
			// The rest is compared as bytes.
			b.WriteString("|#")
			b.WriteString(string(seq))
			break
		}
		var set cryptobyte.String
		if !seq.ReadASN1(&set, cbasn1.SET) {
			return n
		}
		var rdn []aTV
		var oids [][]byte // each attribute's OID content octets, for the key
		for !set.Empty() {
			var atv, oidDER, val cryptobyte.String
			var a aTV
			if !set.ReadASN1(&atv, cbasn1.SEQUENCE) || !atv.ReadASN1Element(&oidDER, cbasn1.OBJECT_IDENTIFIER) ||
				!atv.ReadAnyASN1Element(&val, &a.tag) || !atv.Empty() {
				return n
			}
			var oidContent cryptobyte.String
			if o := oidDER; !o.ReadASN1ObjectIdentifier(&a.oid) {
				return n
			}
			if o := oidDER; !o.ReadASN1(&oidContent, cbasn1.OBJECT_IDENTIFIER) {
				return n
			}
			var content cryptobyte.String
			var tag cbasn1.Tag
			v := val
			v.ReadAnyASN1(&content, &tag)
			a.raw = content
			a.norm = normValue(a.tag, content, val)
			rdn = append(rdn, a)
			oids = append(oids, oidContent)
			count++
		}
		n.rdns = append(n.rdns, rdn)
		// Each attribute as "len:OID len:value" (an OID has one DER
		// encoding, so its bytes compare as the OID does), the attributes of
		// a multi-valued RDN sorted, as a set compares.
		b.WriteByte('|')
		if len(rdn) == 1 {
			writeATVKey(&b, oids[0], rdn[0].norm)
			continue
		}
		keys := make([]string, len(rdn))
		for i, a := range rdn {
			var k strings.Builder
			writeATVKey(&k, oids[i], a.norm)
			keys[i] = k.String()
		}
		sort.Strings(keys)
		b.WriteString(strings.Join(keys, "+"))
	}
	n.key, n.ok = b.String(), true
	return n
}

// sameShape reports whether two DER Names may be equal as RFC 5280 7.1
// compares them, from their structure alone: equal names have as many RDNs,
// each of as many attributes, and the same attribute type in each
// single-valued RDN. false means the names differ; true means they must be
// compared (parseName). It allocates nothing, so that a certificate's
// subject and issuer, or a candidate issuer's name, are normalised only when
// they could match. A name that cannot be read gives true.
func sameShape(a, b []byte) bool {
	x, y := cryptobyte.String(a), cryptobyte.String(b)
	var xs, ys cryptobyte.String
	if !x.ReadASN1(&xs, cbasn1.SEQUENCE) || !y.ReadASN1(&ys, cbasn1.SEQUENCE) {
		return true
	}
	for !xs.Empty() && !ys.Empty() {
		var xr, yr cryptobyte.String
		if !xs.ReadASN1(&xr, cbasn1.SET) || !ys.ReadASN1(&yr, cbasn1.SET) {
			return true
		}
		var xa, ya cryptobyte.String
		var xo, yo cryptobyte.String
		if !xr.ReadASN1(&xa, cbasn1.SEQUENCE) || !yr.ReadASN1(&ya, cbasn1.SEQUENCE) ||
			!xa.ReadASN1(&xo, cbasn1.OBJECT_IDENTIFIER) || !ya.ReadASN1(&yo, cbasn1.OBJECT_IDENTIFIER) {
			return true
		}
		if xr.Empty() != yr.Empty() {
			return false // one RDN is multi-valued, the other is not
		}
		if !xr.Empty() {
			// Multi-valued: compared as sets by parseName; count only.
			nx, ny := 1, 1
			for !xr.Empty() {
				if !xr.SkipASN1(cbasn1.SEQUENCE) {
					return true
				}
				nx++
			}
			for !yr.Empty() {
				if !yr.SkipASN1(cbasn1.SEQUENCE) {
					return true
				}
				ny++
			}
			if nx != ny {
				return false
			}
			continue
		}
		if !bytes.Equal(xo, yo) {
			return false
		}
	}
	return xs.Empty() == ys.Empty()
}

// writeATVKey writes one attribute of a name's key.
func writeATVKey(b *strings.Builder, oid []byte, norm string) {
	b.WriteString(strconv.Itoa(len(oid)))
	b.WriteByte(':')
	b.Write(oid)
	b.WriteString(strconv.Itoa(len(norm)))
	b.WriteByte(':')
	b.WriteString(norm)
}

// chainNormValue normalises an attribute value for comparison (RFC 5280 7.1
// by RFC 4518: the string types are one type, case and insignificant spaces
// ignored). der is the whole value element, for values that are not
// strings.
func normValue(tag cbasn1.Tag, content, der []byte) string {
	s, ok := decodeString(tag, content)
	if !ok {
		return "#" + hex.EncodeToString(der)
	}
	if ascii(s) {
		return normASCII(s)
	}
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(unicode.ToLower(unicode.ToUpper(r)))
	}
	return b.String()
}

func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// normASCII is normValue's loop for an ASCII value, byte by byte: the
// spaces unicode.IsSpace knows below 0x80 and ASCII case folding.
func normASCII(s string) string {
	b := make([]byte, 0, len(s))
	space := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case ' ', '\t', '\n', '\v', '\f', '\r':
			space = len(b) > 0
			continue
		}
		if space {
			b = append(b, ' ')
			space = false
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b = append(b, c)
	}
	return string(b)
}

// chainDecodeString decodes the directory string types of RFC 5280 4.1.2.4
// (and IA5String, for emailAddress and domainComponent).
func decodeString(tag cbasn1.Tag, b []byte) (string, bool) {
	switch tag {
	case cbasn1.UTF8String, cbasn1.PrintableString, cbasn1.IA5String:
		if !utf8.Valid(b) {
			return "", false
		}
		return string(b), true
	case cbasn1.T61String: // TeletexString, read as Latin-1 as Windows and Go do
		r := make([]rune, len(b))
		for i, c := range b {
			r[i] = rune(c)
		}
		return string(r), true
	case 30: // BMPString
		if len(b)%2 != 0 {
			return "", false
		}
		u := make([]uint16, len(b)/2)
		for i := range u {
			u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
		}
		return string(utf16.Decode(u)), true
	case 28: // UniversalString
		if len(b)%4 != 0 {
			return "", false
		}
		var sb strings.Builder
		for i := 0; i < len(b); i += 4 {
			r := rune(b[i])<<24 | rune(b[i+1])<<16 | rune(b[i+2])<<8 | rune(b[i+3])
			if !utf8.ValidRune(r) {
				return "", false
			}
			sb.WriteRune(r)
		}
		return sb.String(), true
	}
	return "", false
}

// chainTagName names an ASN.1 string type for a message.
func tagName(tag cbasn1.Tag) string {
	switch tag {
	case cbasn1.UTF8String:
		return "UTF8String"
	case cbasn1.PrintableString:
		return "PrintableString"
	case cbasn1.IA5String:
		return "IA5String"
	case cbasn1.T61String:
		return "TeletexString"
	case 30:
		return "BMPString"
	case 28:
		return "UniversalString"
	}
	return fmt.Sprintf("tag %d", tag)
}

// chainAttrName names an attribute type for a message (RFC 4514 short
// names where there is one).
func attrName(oid encasn1.ObjectIdentifier) string {
	switch oid.String() {
	case "2.5.4.3":
		return "CN"
	case "2.5.4.6":
		return "C"
	case "2.5.4.7":
		return "L"
	case "2.5.4.8":
		return "ST"
	case "2.5.4.10":
		return "O"
	case "2.5.4.11":
		return "OU"
	case "2.5.4.5":
		return "serialNumber"
	case "0.9.2342.19200300.100.1.25":
		return "DC"
	case "1.2.840.113549.1.9.1":
		return "emailAddress"
	}
	return oid.String()
}

// chainNameEncodingDiff says how two names RFC 5280 7.1 finds equal differ
// in their encoding ("" when their bytes are the same).
func nameEncodingDiff(a, b name) string {
	if !a.ok || !b.ok || len(a.rdns) != len(b.rdns) {
		return "they are encoded differently"
	}
	for i := range a.rdns {
		if len(a.rdns[i]) != len(b.rdns[i]) {
			return "they are encoded differently"
		}
		for j := range a.rdns[i] {
			x, y := a.rdns[i][j], b.rdns[i][j]
			name := attrName(x.oid)
			switch {
			case !x.oid.Equal(y.oid):
				return "their attributes are in another order"
			case x.tag != y.tag:
				return fmt.Sprintf("%s is a %s in one and a %s in the other", name, tagName(x.tag), tagName(y.tag))
			case string(x.raw) == string(y.raw):
				continue
			case strings.EqualFold(string(x.raw), string(y.raw)):
				return fmt.Sprintf("%s differs in letter case (%q, %q)", name, short(x.raw), short(y.raw))
			default:
				return fmt.Sprintf("%s differs in spaces or letter case (%q, %q)", name, short(x.raw), short(y.raw))
			}
		}
	}
	return "they are encoded differently"
}

// chainFirstAttrs are the first attributes of a name (at most 32), which
// is what chainNameDistance compares.
func firstAttrs(n name) []aTV {
	var out []aTV
	for _, rdn := range n.rdns {
		for _, a := range rdn {
			if len(out) == 32 {
				return out
			}
			out = append(out, a)
		}
	}
	return out
}

// chainAttrText renders an attribute for a message: "O=Contoso".
func attrText(a aTV) string {
	v, ok := decodeString(a.tag, a.raw)
	if !ok {
		return attrName(a.oid) + "=#" + hex.EncodeToString([]byte(short(a.raw)))
	}
	return attrName(a.oid) + "=" + short([]byte(v))
}

// chainShort quotes at most 64 bytes of a value for a message.
func short(b []byte) string {
	if len(b) > 64 {
		return string(b[:64]) + "..."
	}
	return string(b)
}

// chainNameDistance compares an issuer name with a candidate's subject and
// says how many attributes they share and what differs, for the
// issuer-not-found message.
func nameDistance(want, got name) (shared int, diff string) {
	if !want.ok || !got.ok {
		return 0, ""
	}
	type attr struct{ oid, norm string }
	have := map[attr]int{}
	for _, a := range firstAttrs(got) {
		have[attr{a.oid.String(), a.norm}]++
	}
	var missing []string
	for _, a := range firstAttrs(want) {
		k := attr{a.oid.String(), a.norm}
		if have[k] > 0 {
			have[k]--
			shared++
			continue
		}
		if len(missing) < 3 {
			missing = append(missing, attrText(a))
		}
	}
	var extra []string
	for _, a := range firstAttrs(got) {
		k := attr{a.oid.String(), a.norm}
		if have[k] > 0 && len(extra) < 3 {
			have[k]--
			extra = append(extra, attrText(a))
		}
	}
	switch {
	case len(missing) > 0 && len(extra) > 0:
		diff = fmt.Sprintf("the issuer name has %s where it has %s", strings.Join(missing, ", "), strings.Join(extra, ", "))
	case len(missing) > 0:
		diff = fmt.Sprintf("its subject lacks %s", strings.Join(missing, ", "))
	case len(extra) > 0:
		diff = fmt.Sprintf("its subject has %s besides", strings.Join(extra, ", "))
	default:
		diff = "its attributes are in another order"
	}
	return shared, diff
}
