package lints

import (
	"encoding/asn1"
	"testing"

	"github.com/certlint/certlint/certlint/testpki"
	"github.com/zmap/zlint/v3/lint"
)

func TestChainUnknownCriticalExtension(t *testing.T) {
	p := newChainTestPKI(t)
	ext := func(critical bool) testpki.Option {
		return testpki.Extension(asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 55738, 666, 1}, critical, []byte{0x05, 0x00})
	}
	critical := chainIssue(t, "Lint Critical Ext CA", p.root, true, ext(true))
	leafCritical := chainIssue(t, "agent01.contoso.test", critical, false)
	nonCritical := chainIssue(t, "Lint Non-Critical Ext CA", p.root, true, ext(false))
	leafNonCritical := chainIssue(t, "agent01.contoso.test", nonCritical, false)
	testChainLint(t, "e_opsmgr_chain_unknown_critical_extension", []chainLintCase{
		p.good(), p.untrusted(), p.noTrust(),
		{name: "unknown critical extension on the intermediate", bundle: chainBundle(leafCritical, critical), trust: chainTrust(p.root), want: lint.Error,
			says: []string{`"CN=Lint Critical Ext CA,O=certlint lint test"`, "1.3.6.1.4.1.55738.666.1"}},
		{name: "unknown non-critical extension", bundle: chainBundle(leafNonCritical, nonCritical), trust: chainTrust(p.root), want: lint.Pass},
	})
}
