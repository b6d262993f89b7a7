package lints

import (
	"testing"

	"github.com/certlint/certlint/certlint/testpki"
	"github.com/zmap/zlint/v3/lint"
)

func TestChainCertNotV3(t *testing.T) {
	p := newChainTestPKI(t)
	v1 := func(r *testpki.TBS) { r.Version, r.Extensions = 0, nil }
	v1Leaf := chainReissue(t, p.leaf, p.inter, v1)
	v1CA := chainReissue(t, p.inter, p.root, v1)
	testChainLint(t, "w_opsmgr_chain_cert_not_v3", append(p.profileCases(),
		chainLintCase{name: "v1 leaf", bundle: chainBundle(v1Leaf, p.inter), trust: chainTrust(p.root), want: lint.Warn,
			says: []string{`"CN=agent01.contoso.test"`, "X.509 v1 certificate", "RFC 5280 4.1.2.1", windowsAccepts}},
		chainLintCase{name: "v1 leaf, no trust store", bundle: chainBundle(v1Leaf), want: lint.Warn, says: []string{"X.509 v1 certificate"}},
		chainLintCase{name: "v1 intermediate", bundle: chainBundle(p.leaf, v1CA), trust: chainTrust(p.root), want: lint.Warn,
			says: []string{`"CN=Lint Test Issuing CA,O=certlint lint test"`, "X.509 v1 certificate"}},
	))
}
