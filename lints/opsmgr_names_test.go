package lints

import (
	"encoding/asn1"
	"fmt"
	"reflect"
	"testing"

	"github.com/certlint/certlint/certlint/testpki"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// TestParseNameDER: the cryptobyte reading of a name gives what the
// encoding/asn1 reading gives, attribute for attribute and error for error,
// over names of every string type holding good and bad values, with
// non-universal, constructed and non-string value tags, multi-valued RDNs,
// and an attribute with an extra element (which it leaves to the general
// reading); and it reads the ordinary names itself.
func TestParseNameDER(t *testing.T) {
	type atv struct {
		tag   cbasn1.Tag
		value []byte
		extra bool
	}
	values := [][]byte{[]byte("agent01.contoso.test"), []byte(""), []byte("R&D *"), []byte("caf\xc3\xa9"), []byte("\xff\xfe"), []byte("tab\t"), {0, 'A', 0, 'B'}, {0, 'A', 0}, {0, 0, 0, 'A'}, {0, 0x11, 0, 0}}
	tags := []cbasn1.Tag{cbasn1.UTF8String, cbasn1.PrintableString, cbasn1.IA5String, cbasn1.T61String, cbasn1.Tag(30), cbasn1.Tag(28),
		cbasn1.UTF8String.Constructed(), cbasn1.Tag(0).ContextSpecific(), cbasn1.INTEGER, cbasn1.OCTET_STRING}
	name := func(rdns ...[]atv) []byte {
		var out [][]testpki.NameAttr
		for _, rdn := range rdns {
			var r []testpki.NameAttr
			for _, a := range rdn {
				na := testpki.NameAttr{OID: asn1.ObjectIdentifier{2, 5, 4, 3}, Tag: a.tag, Value: string(a.value)}
				if a.extra {
					na.Trailing = []byte{0x01, 0x01, 0xff} // BOOLEAN TRUE
				}
				r = append(r, na)
			}
			out = append(out, r)
		}
		return testpki.NameRDNs(out...)
	}
	var names [][]byte
	for _, tag := range tags {
		for _, v := range values {
			a := atv{tag: tag, value: v}
			o := atv{tag: cbasn1.PrintableString, value: []byte("Contoso")}
			names = append(names, name([]atv{a}), name([]atv{o}, []atv{a}), name([]atv{o, a}), name([]atv{{tag: tag, value: v, extra: true}}))
		}
	}
	names = append(names, name(), []byte{0x30, 0x00, 0x00}, []byte{0x31, 0x00}, []byte("not a name"))
	fast := 0
	for i, n := range names {
		got, gotErr := parseName(n)
		want, wantErr := parseNameGeneral(n)
		if fmt.Sprint(gotErr) != fmt.Sprint(wantErr) || !reflect.DeepEqual(got, want) {
			t.Errorf("name %d (%x): %v %v, the general reading gives %v %v", i, n, got, gotErr, want, wantErr)
		}
		if _, ok := parseNameDER(n); ok {
			fast++
		}
	}
	if fast < len(names)/2 {
		t.Errorf("only %d of %d names read by cryptobyte", fast, len(names))
	}
}
