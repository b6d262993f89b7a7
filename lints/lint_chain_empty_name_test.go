package lints

import (
	"testing"

	"github.com/certlint/certlint/certlint/testpki"
	"github.com/zmap/zlint/v3/lint"
)

func TestChainEmptyName(t *testing.T) {
	p := newChainTestPKI(t)
	noIssuer := chainReissue(t, p.leaf, p.inter, func(r *testpki.TBS) { r.Issuer = []byte{0x30, 0x00} })
	testChainLint(t, "w_opsmgr_chain_empty_name", append(p.profileCases(),
		chainLintCase{name: "empty issuer", bundle: chainBundle(noIssuer, p.inter), trust: chainTrust(p.root), want: lint.Warn,
			says: []string{"its issuer name is empty", "RFC 5280 4.1.2.4", windowsAccepts}},
		chainLintCase{name: "empty issuer, no trust store", bundle: chainBundle(noIssuer), want: lint.Warn, says: []string{"its issuer name is empty"}},
	))
}
