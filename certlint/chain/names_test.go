package chain

import (
	encasn1 "encoding/asn1"
	"encoding/hex"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf16"

	"github.com/certlint/certlint/certlint/testpki"
	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// The RFC 5280 7.1 comparison itself.
func TestChainNameKey(t *testing.T) {
	n := func(attrs ...testpki.NameAttr) string { return parseName(testpki.Name(attrs...)).key }
	cn := func(tag cbasn1.Tag, v string) testpki.NameAttr {
		return testpki.NameAttr{OID: testpki.OIDCommonName, Tag: tag, Value: v}
	}
	o := func(tag cbasn1.Tag, v string) testpki.NameAttr {
		return testpki.NameAttr{OID: testpki.OIDOrganization, Tag: tag, Value: v}
	}
	same := [][2]string{
		{n(cn(cbasn1.PrintableString, "Contoso CA")), n(cn(cbasn1.UTF8String, "Contoso CA"))},
		{n(cn(cbasn1.UTF8String, "Contoso CA")), n(cn(cbasn1.UTF8String, "  contoso   ca "))},
		{n(cn(cbasn1.UTF8String, "ÉCOLE")), n(cn(cbasn1.UTF8String, "école"))},
		{n(o(cbasn1.UTF8String, "A"), cn(cbasn1.UTF8String, "B")), n(o(cbasn1.PrintableString, "a"), cn(cbasn1.PrintableString, "b"))},
	}
	for i, p := range same {
		if p[0] != p[1] {
			t.Errorf("pair %d: the names should compare equal", i)
		}
	}
	differ := [][2]string{
		{n(cn(cbasn1.UTF8String, "Contoso CA")), n(cn(cbasn1.UTF8String, "Contoso CA2"))},
		{n(cn(cbasn1.UTF8String, "Contoso CA")), n(o(cbasn1.UTF8String, "Contoso CA"))},
		{n(o(cbasn1.UTF8String, "A"), cn(cbasn1.UTF8String, "B")), n(cn(cbasn1.UTF8String, "B"), o(cbasn1.UTF8String, "A"))},
		{n(cn(cbasn1.UTF8String, "Contoso CA")), n(cn(cbasn1.UTF8String, "ContosoCA"))},
	}
	for i, p := range differ {
		if p[0] == p[1] {
			t.Errorf("pair %d: the names should differ", i)
		}
	}
}

// TestNameKeySameRelation: the name key compares names exactly as the
// dotted-OID, rune-by-rune key it replaced did (kept here as the
// reference): over every pair of a set of names varying in attribute type,
// string type, case, ASCII and non-ASCII spaces, non-ASCII letters, order
// and multi-valued RDNs, two names are equal under one key exactly when they
// are under the other.
func TestNameKeySameRelation(t *testing.T) {
	oids := []encasn1.ObjectIdentifier{{2, 5, 4, 3}, {2, 5, 4, 10}, {0, 9, 2342, 19200300, 100, 1, 25}, {1, 2, 840, 113549, 1, 9, 1}}
	tags := []cbasn1.Tag{cbasn1.UTF8String, cbasn1.PrintableString, cbasn1.IA5String, cbasn1.T61String, cbasn1.Tag(30)}
	values := []string{"Contoso CA", "contoso ca", " CONTOSO\tCA ", "Contoso  CA", "Contoso\u00a0CA", "Contoso\u0085CA", "ÉCOLE", "école", "x+y", "", "9:x"}
	type attr struct {
		oid encasn1.ObjectIdentifier
		tag cbasn1.Tag
		v   string
	}
	enc := func(a attr) []byte { // the value in the string type's encoding
		if a.tag == cbasn1.Tag(30) {
			var b []byte
			for _, u := range utf16.Encode([]rune(a.v)) {
				b = append(b, byte(u>>8), byte(u))
			}
			return b
		}
		if a.tag == cbasn1.T61String {
			var b []byte
			for _, r := range a.v {
				b = append(b, byte(r))
			}
			return b
		}
		return []byte(a.v)
	}
	name := func(rdns ...[]attr) []byte {
		var out [][]testpki.NameAttr
		for _, rdn := range rdns {
			var r []testpki.NameAttr
			for _, a := range rdn {
				r = append(r, testpki.NameAttr{OID: a.oid, Tag: a.tag, Value: string(enc(a))})
			}
			out = append(out, r)
		}
		return testpki.NameRDNs(out...)
	}
	var names [][]byte
	for i, oid := range oids {
		for j, tag := range tags {
			for k, v := range values {
				a := attr{oid, tag, v}
				other := attr{oids[(i+1)%len(oids)], tags[(j+k)%len(tags)], values[(k+3)%len(values)]}
				names = append(names, name([]attr{a}), name([]attr{a}, []attr{other}), name([]attr{other}, []attr{a}),
					name([]attr{a, other}), name([]attr{other, a}))
			}
		}
	}
	old := make([]string, len(names))
	cur := make([]string, len(names))
	for i, n := range names {
		old[i], cur[i] = oldNameKey(n), parseName(n).key
	}
	equal := 0
	for i := range names {
		for j := i + 1; j < len(names); j++ {
			if (old[i] == old[j]) != (cur[i] == cur[j]) {
				t.Fatalf("names %d and %d: equal under the reference key %v, under the key %v", i, j, old[i] == old[j], cur[i] == cur[j])
			}
			if old[i] == old[j] {
				equal++
			}
		}
	}
	if equal < len(names) {
		t.Fatalf("only %d equal pairs among %d names: not the cases meant", equal, len(names))
	}
	// sameShape may only rule out names that differ: equal keys imply the
	// same shape; and it rules some out, or it saves nothing.
	ruledOut := 0
	for i := range names {
		for j := range names {
			switch {
			case cur[i] == cur[j] && !sameShape(names[i], names[j]):
				t.Fatalf("names %d and %d are equal, but sameShape says they differ", i, j)
			case !sameShape(names[i], names[j]):
				ruledOut++
			}
		}
	}
	if ruledOut < len(names) {
		t.Errorf("sameShape ruled out only %d pairs", ruledOut)
	}
}

// oldNameKey is the name key as first written: dotted OIDs and
// unicode.ToLower(unicode.ToUpper(r)) for every value.
func oldNameKey(der []byte) string {
	in := cryptobyte.String(der)
	var seq cryptobyte.String
	if !in.ReadASN1(&seq, cbasn1.SEQUENCE) || !in.Empty() {
		return "#" + string(der)
	}
	var b strings.Builder
	for !seq.Empty() {
		var set cryptobyte.String
		if !seq.ReadASN1(&set, cbasn1.SET) {
			return "#" + string(der)
		}
		var keys []string
		for !set.Empty() {
			var atv, val cryptobyte.String
			var oid encasn1.ObjectIdentifier
			var tag cbasn1.Tag
			if !set.ReadASN1(&atv, cbasn1.SEQUENCE) || !atv.ReadASN1ObjectIdentifier(&oid) || !atv.ReadAnyASN1Element(&val, &tag) {
				return "#" + string(der)
			}
			var content cryptobyte.String
			v := val
			v.ReadAnyASN1(&content, nil)
			norm := "#" + hex.EncodeToString(val)
			if s, ok := decodeString(tag, content); ok {
				var nb strings.Builder
				space := false
				for _, r := range s {
					if unicode.IsSpace(r) {
						space = nb.Len() > 0
						continue
					}
					if space {
						nb.WriteByte(' ')
						space = false
					}
					nb.WriteRune(unicode.ToLower(unicode.ToUpper(r)))
				}
				norm = nb.String()
			}
			keys = append(keys, oid.String()+"="+strconv.Itoa(len(norm))+":"+norm)
		}
		sort.Strings(keys)
		b.WriteByte('|')
		b.WriteString(strings.Join(keys, "+"))
	}
	return b.String()
}
