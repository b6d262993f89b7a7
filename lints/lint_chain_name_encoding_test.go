package lints

import (
	"testing"

	"github.com/certlint/certlint/certlint/testpki"
	"github.com/zmap/zlint/v3/lint"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

func TestChainNameEncoding(t *testing.T) {
	p := newChainTestPKI(t)
	// The issuing CA's name, as UTF8String instead of PrintableString.
	utf8 := chainReissue(t, p.leaf, p.inter, func(r *testpki.TBS) {
		r.Issuer = testpki.Name(testpki.NameAttr{OID: testpki.OIDOrganization, Tag: cbasn1.UTF8String, Value: "certlint lint test"},
			testpki.NameAttr{OID: testpki.OIDCommonName, Tag: cbasn1.UTF8String, Value: "Lint Test Issuing CA"})
	})
	testChainLint(t, "w_opsmgr_chain_name_encoding", append(p.profileCases(),
		chainLintCase{name: "issuer name in UTF8String", bundle: chainBundle(utf8, p.inter), trust: chainTrust(p.root), want: lint.Warn,
			says: []string{"the same name as RFC 5280 7.1 compares names, but not the same bytes", "UTF8String", "RFC 5280 7.1", windowsAccepts, "CERT_TRUST_HAS_KEY_MATCH_ISSUER"}},
		// Without a chain there are no two names to compare.
		chainLintCase{name: "issuer name in UTF8String, no trust store", bundle: chainBundle(utf8), want: lint.Pass},
	))
}
