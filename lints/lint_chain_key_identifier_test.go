package lints

import (
	"encoding/asn1"
	"testing"

	"github.com/certlint/certlint/certlint/testpki"
	"github.com/zmap/zlint/v3/lint"
)

func TestChainKeyIdentifier(t *testing.T) {
	p := newChainTestPKI(t)
	oidAKI, oidSKI := asn1.ObjectIdentifier{2, 5, 29, 35}, asn1.ObjectIdentifier{2, 5, 29, 14}
	criticalAKI := chainReissue(t, p.leaf, p.inter, func(r *testpki.TBS) { r.Ext(oidAKI).Critical = true })
	noSKI := chainReissue(t, p.inter, p.root, func(r *testpki.TBS) {
		var exts []testpki.Ext
		for _, x := range r.Extensions {
			if !x.OID.Equal(oidSKI) {
				exts = append(exts, x)
			}
		}
		r.Extensions = exts
	})
	testChainLint(t, "w_opsmgr_chain_key_identifier", append(p.profileCases(),
		chainLintCase{name: "critical AKI", bundle: chainBundle(criticalAKI, p.inter), trust: chainTrust(p.root), want: lint.Warn,
			says: []string{"its authorityKeyIdentifier is marked critical", "RFC 5280 4.2.1.1", windowsAccepts}},
		chainLintCase{name: "critical AKI, no trust store", bundle: chainBundle(criticalAKI), want: lint.Warn, says: []string{"authorityKeyIdentifier is marked critical"}},
		chainLintCase{name: "CA without SKI", bundle: chainBundle(p.leaf, noSKI), trust: chainTrust(p.root), want: lint.Warn,
			says: []string{`"CN=Lint Test Issuing CA,O=certlint lint test"`, "CA certificate without subjectKeyIdentifier", "RFC 5280 4.2.1.2"}},
	))
}
