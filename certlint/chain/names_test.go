package chain

import (
	"testing"

	"github.com/certlint/certlint/certlint/testpki"
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
