package lints

import (
	"encoding/asn1"
	"testing"

	"github.com/certlint/certlint/certlint/testpki"
	"github.com/zmap/zlint/v3/lint"
)

func TestChainDuplicateExtension(t *testing.T) {
	p := newChainTestPKI(t)
	oidSAN := asn1.ObjectIdentifier{2, 5, 29, 17}
	dup := chainReissue(t, p.leaf, p.inter, func(r *testpki.TBS) { r.Extensions = append(r.Extensions, *r.Ext(oidSAN)) })
	testChainLint(t, "w_opsmgr_chain_duplicate_extension", append(p.profileCases(),
		chainLintCase{name: "two subjectAltNames", bundle: chainBundle(dup, p.inter), trust: chainTrust(p.root), want: lint.Warn,
			says: []string{"the extension 2.5.29.17 appears more than once", "RFC 5280 4.2", windowsAccepts}},
		chainLintCase{name: "two subjectAltNames, no trust store", bundle: chainBundle(dup), want: lint.Warn, says: []string{"2.5.29.17 appears more than once"}},
	))
}
