package certlint

import (
	"encoding/asn1"
	"strings"
	"testing"

	"github.com/certlint/certlint/certlint/chain"
	"github.com/certlint/certlint/certlint/testpki"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// Issuers are found by name as RFC 5280 7.1 compares names: a leaf whose
// issuer name differs from its CA's subject only in encoding chains, with a
// warning saying how the names differ and what Windows does; a name that
// differs in substance does not, and the message names the closest
// certificate given.
func TestChainNameMatching(t *testing.T) {
	pki := newTPKI(t)
	inter := pki.inter // subject O=certlint chain test, CN=Test Issuing CA, as PrintableString
	oidAKI := asn1.ObjectIdentifier{2, 5, 29, 35}
	name := func(o, cn string, tag cbasn1.Tag) []byte {
		return testpki.Name(testpki.NameAttr{OID: testpki.OIDOrganization, Tag: tag, Value: o}, testpki.NameAttr{OID: testpki.OIDCommonName, Tag: tag, Value: cn})
	}
	for _, tc := range []struct {
		name    string
		issuer  []byte
		noAKI   bool
		says    string
		windows chain.WindowsVerdict
	}{
		{"UTF8String instead of PrintableString", name("certlint chain test", "Test Issuing CA", cbasn1.UTF8String), false, "a UTF8String in one and a PrintableString in the other", chain.WindowsAccepts},
		{"letter case", name("certlint chain test", "TEST issuing ca", cbasn1.PrintableString), false, "differs in letter case", chain.WindowsAccepts},
		{"spaces", name(" certlint  chain test ", "Test   Issuing CA", cbasn1.PrintableString), false, "differs in spaces", chain.WindowsAccepts},
		{"letter case, no key identifier", name("certlint chain test", "test issuing ca", cbasn1.PrintableString), true, "differs in letter case", chain.WindowsUnknown},
	} {
		t.Run(tc.name, func(t *testing.T) {
			leaf := tcertOf(testpki.Reissue(t, tmkCert(t, "agent01.contoso.test", inter, false).Cert, inter.Cert, func(r *testpki.TBS) {
				r.Issuer = tc.issuer
				if tc.noAKI {
					var exts []testpki.Ext
					for _, x := range r.Extensions {
						if !x.OID.Equal(oidAKI) {
							exts = append(exts, x)
						}
					}
					r.Extensions = exts
				}
			}))
			r := chain.Build(tload(t, leaf.DER, inter.DER).ChainInput(), &chain.Store{Roots: tcerts(pki.root)}, chainAt)
			ps := r.Find(chain.ProfileNameEncoding)
			if !r.OK() || len(r.Chain) != 3 || len(ps) != 1 || ps[0].Index != 0 || !strings.Contains(ps[0].Detail, tc.says) || ps[0].Windows != tc.windows {
				t.Fatalf("trusted %v, chain of %d, problems %+v; want a trusted chain of 3 and one name encoding problem on the leaf saying %q, Windows %s",
					r.Trusted, len(r.Chain), r.Problems, tc.says, tc.windows)
			}
		})
	}

	// Not the same name: the issuer is not found, and the closest
	// certificate given is named with the attribute that differs.
	other := tcertOf(testpki.Reissue(t, tmkCert(t, "agent01.contoso.test", inter, false).Cert, inter.Cert, func(r *testpki.TBS) {
		r.Issuer = name("Contoso", "Test Issuing CA", cbasn1.PrintableString)
		var exts []testpki.Ext
		for _, x := range r.Extensions {
			if !x.OID.Equal(oidAKI) {
				exts = append(exts, x)
			}
		}
		r.Extensions = exts
	}))
	r := chain.Build(tload(t, other.DER).ChainInput(), &chain.Store{Roots: tcerts(pki.root), Intermediates: tcerts(inter, pki.otherRoot)}, chainAt)
	ps := r.Find(chain.ProblemIssuerNotFound)
	if len(ps) != 1 || !strings.Contains(ps[0].Hint, `"CN=Test Issuing CA,O=certlint chain test"`) || !strings.Contains(ps[0].Hint, "O=Contoso where it has O=certlint chain test") {
		t.Errorf("another O: problems %+v; want the issuing CA named as the closest, with the O that differs", r.Problems)
	}
	// With the key identifier of the issuing CA, that certificate is named.
	byKey := tcertOf(testpki.Reissue(t, tmkCert(t, "agent01.contoso.test", inter, false).Cert, inter.Cert, func(r *testpki.TBS) {
		r.Issuer = name("Contoso", "Test Issuing CA", cbasn1.PrintableString)
	}))
	r = chain.Build(tload(t, byKey.DER).ChainInput(), &chain.Store{Roots: tcerts(pki.root), Intermediates: tcerts(inter)}, chainAt)
	ps = r.Find(chain.ProblemIssuerNotFound)
	if len(ps) != 1 || !strings.Contains(ps[0].Hint, "with that key identifier") || !strings.Contains(ps[0].Hint, "CN=Test Issuing CA,O=certlint chain test") {
		t.Errorf("another O, same key identifier: problems %+v; want the certificate with that key identifier named", r.Problems)
	}
}
