package lints

import (
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"testing"

	"github.com/zmap/zlint/v3/lint"
)

func TestChainUnknownCriticalExtension(t *testing.T) {
	p := newChainTestPKI(t)
	ext := func(critical bool) func(*x509.Certificate) {
		return func(c *x509.Certificate) {
			c.ExtraExtensions = []pkix.Extension{{Id: asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 55738, 666, 1}, Critical: critical, Value: []byte{0x05, 0x00}}}
		}
	}
	critical := chainIssue(t, "Lint Critical Ext CA", p.root, true, nil, ext(true))
	leafCritical := chainIssue(t, "agent01.contoso.test", critical, false, nil, nil)
	nonCritical := chainIssue(t, "Lint Non-Critical Ext CA", p.root, true, nil, ext(false))
	leafNonCritical := chainIssue(t, "agent01.contoso.test", nonCritical, false, nil, nil)
	testChainLint(t, "e_opsmgr_chain_unknown_critical_extension", []chainLintCase{
		p.good(), p.untrusted(), p.noTrust(),
		{name: "unknown critical extension on the intermediate", bundle: chainBundle(leafCritical, critical), trust: chainTrust(p.root), want: lint.Error,
			says: []string{`"CN=Lint Critical Ext CA,O=certlint lint test"`, "1.3.6.1.4.1.55738.666.1"}},
		{name: "unknown non-critical extension", bundle: chainBundle(leafNonCritical, nonCritical), trust: chainTrust(p.root), want: lint.Pass},
	})
}
