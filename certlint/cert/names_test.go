package cert

import (
	"crypto/x509/pkix"
	encasn1 "encoding/asn1"
	"strings"
	"testing"

	"golang.org/x/crypto/cryptobyte"
	casn1 "golang.org/x/crypto/cryptobyte/asn1"

	"github.com/certlint/certlint/certlint/internal/rdn"
	"github.com/certlint/certlint/certlint/testpki"
)

// TestNameTextLikeCryptoX509: for ordinary names NameText says what
// crypto/x509's RDNSequence.String says (RFC 4514, escaping included).
func TestNameTextLikeCryptoX509(t *testing.T) {
	for _, n := range []pkix.Name{
		{CommonName: "agent01.contoso.test"},
		{CommonName: "a,b+c=\"d\"<e>;f\\g #h ", Organization: []string{"Contoso, Ltd"}, Country: []string{"US"}},
		{CommonName: "ms01", ExtraNames: []pkix.AttributeTypeAndValue{{Type: encasn1.ObjectIdentifier{1, 2, 3, 4}, Value: "x"}}},
		{},
	} {
		rdn := n.ToRDNSequence()
		// A multi-valued RDN too.
		if len(rdn) > 1 {
			rdn = append(rdn[:len(rdn)-2], append(rdn[len(rdn)-2], rdn[len(rdn)-1]...))
		}
		der, err := encasn1.Marshal(rdn)
		if err != nil {
			t.Fatal(err)
		}
		var back pkix.RDNSequence // DER sorts a SET's members
		if _, err := encasn1.Unmarshal(der, &back); err != nil {
			t.Fatal(err)
		}
		got, ok := NameText(der)
		if want := back.String(); !ok || got != want {
			t.Errorf("NameText = %q, %v; want %q", got, ok, want)
		}
	}
}

// TestNameTextUndecodable: a value that cannot be decoded is shown in the
// "#" hex form (RFC 4514 §2.4); what is not a Name is not ok.
func TestNameTextUndecodable(t *testing.T) {
	var b cryptobyte.Builder
	b.AddASN1(casn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1(casn1.SET, func(b *cryptobyte.Builder) {
			b.AddASN1(casn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddASN1ObjectIdentifier(encasn1.ObjectIdentifier{2, 5, 4, 3})
				b.AddASN1(casn1.UTF8String, func(b *cryptobyte.Builder) { b.AddBytes([]byte{0xff, 'a'}) })
			})
		})
	})
	if got, ok := NameText(b.BytesOrPanic()); !ok || got != "CN=#0c02ff61" {
		t.Errorf("NameText = %q, %v; want CN=#0c02ff61", got, ok)
	}
	for _, bad := range [][]byte{nil, {0x30}, {0x30, 0x02, 0x30, 0x00}, {0x30, 0x02, 0x31, 0x00, 0x00}, {0x31, 0x00}} {
		if got, ok := NameText(bad); ok {
			t.Errorf("NameText(%x) = %q, ok; want not ok", bad, got)
		}
	}
}

// TestNameTextBounded: a name of 300,000 RDNs, and one of a single
// attribute of a megabyte, are rendered in one pass to at most NameMaxText
// bytes and the cut mark, most specific RDN first. (String concatenation
// took 37 s for 50,000 RDNs; the test timeout is the guard.)
func TestNameTextBounded(t *testing.T) {
	huge := testpki.NameOfRDNs(300_000, "agent01.contoso.test")
	got, ok := NameText(huge)
	if !ok || len(got) > NameMaxText+len(nameCut) || !strings.HasPrefix(got, "CN=agent01.contoso.test,OU=ou299999,OU=ou299998") || !strings.HasSuffix(got, nameCut) {
		t.Errorf("300,000 RDNs: %d bytes %q, %v", len(got), got, ok)
	}
	if n := strings.Count(got, "="); n > NameMaxAttributes {
		t.Errorf("%d attributes rendered, want at most %d", n, NameMaxAttributes)
	}

	long := strings.Repeat("é", 1<<19) // a megabyte of UTF-8
	der, err := encasn1.Marshal(pkix.Name{CommonName: long}.ToRDNSequence())
	if err != nil {
		t.Fatal(err)
	}
	got, ok = NameText(der)
	if !ok || len(got) > NameMaxText+len(nameCut) || !strings.HasPrefix(got, "CN=éé") || !strings.HasSuffix(got, "é"+nameCut) {
		t.Errorf("one long attribute: %d bytes, %v, ends %q", len(got), ok, got[max(0, len(got)-10):])
	}

	// The reports show it so.
	pki := testpki.PKI{Org: "certlint test"}
	leaf := pki.Leaf(t, "agent01.contoso.test", pki.CA(t, "certlint Test CA", nil), testpki.RawSubject(testpki.NameOfRDNs(50_000, "agent01.contoso.test")))
	info := Describe(&Certificate{Raw: leaf.DER})
	if !strings.HasPrefix(info.Subject, "CN=agent01.contoso.test,OU=ou49999") || len(info.Subject) > NameMaxText+len(nameCut) {
		t.Errorf("DescribeCertificate: subject of %d bytes", len(info.Subject))
	}
}

// TestAttributeTextCommon: the reflection-free rendering of common
// attributes gives exactly what the general one (encoding/asn1 and
// pkix.RDNSequence.String) gives, over every common and some other types,
// every string type, and values that need RFC 4514 escaping, hold non-ASCII
// or invalid bytes, or are empty; and it takes the common cases, so that it
// is the one measured.
func TestAttributeTextCommon(t *testing.T) {
	oids := []encasn1.ObjectIdentifier{{2, 5, 4, 3}, {2, 5, 4, 5}, {2, 5, 4, 6}, {2, 5, 4, 7}, {2, 5, 4, 8}, {2, 5, 4, 9},
		{2, 5, 4, 10}, {2, 5, 4, 11}, {2, 5, 4, 17}, {2, 5, 4, 4}, {2, 5, 4, 42}, {0, 9, 2342, 19200300, 100, 1, 25}, {1, 2, 840, 113549, 1, 9, 1}}
	tags := []casn1.Tag{casn1.UTF8String, casn1.PrintableString, casn1.IA5String, casn1.T61String, casn1.Tag(30) /* BMPString */, casn1.Tag(18) /* NumericString */, casn1.UTF8String.Constructed()}
	values := []string{"", "agent01.contoso.test", " lead", "trail ", " ", "  ", "#hash", "a#b", "a,b+c=\"d\"<e>;f\\g", "*.contoso.test", "R&D", "Müller",
		"日本", "\x00nul", "tab\there", "\xff\xfe", "caf\xc3", "it's (ok): /?=", "a_b", "x@y", "~`!$%^{}[]|"}
	common := 0
	for _, oid := range oids {
		for _, tag := range tags {
			for _, v := range values {
				var b cryptobyte.Builder
				b.AddASN1(casn1.SEQUENCE, func(b *cryptobyte.Builder) {
					b.AddASN1ObjectIdentifier(oid)
					b.AddASN1(tag, func(b *cryptobyte.Builder) { b.AddBytes([]byte(v)) })
				})
				der := b.BytesOrPanic()
				got, want := attributeText(der), attributeTextGeneral(der)
				if got != want {
					t.Errorf("%v %v %q: %q, the general rendering gives %q", oid, tag, v, got, want)
				}
				if _, ok := rdn.Common(der); ok {
					common++
				}
			}
		}
	}
	if common < 100 {
		t.Errorf("only %d attributes took the common path", common)
	}
}
