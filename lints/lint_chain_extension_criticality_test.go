package lints

import (
	"encoding/asn1"
	"testing"

	"github.com/certlint/certlint/certlint/testpki"
	"github.com/zmap/zlint/v3/lint"
)

func TestChainExtensionCriticality(t *testing.T) {
	p := newChainTestPKI(t)
	// policyConstraints (RFC 5280 4.2.1.11: MUST be critical), non-critical.
	pcCA := chainIssue(t, "Lint Policy Constraints CA", p.root, true,
		testpki.Extension(asn1.ObjectIdentifier{2, 5, 29, 36}, false, []byte{0x30, 0x03, 0x80, 0x01, 0x00}))
	leaf := chainIssue(t, "agent01.contoso.test", pcCA, false)
	// authorityInfoAccess (4.2.2.1: MUST NOT be critical), critical: an
	// caIssuers URI.
	aia := []byte{0x30, 0x1d, 0x30, 0x1b, 0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x02, 0x86, 0x0f,
		'h', 't', 't', 'p', ':', '/', '/', 'c', 'a', '.', 't', 'e', 's', 't', '/'}
	criticalAIA := chainReissue(t, p.leaf, p.inter, func(r *testpki.TBS) {
		r.Extensions = append(r.Extensions, testpki.Ext{OID: asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 1, 1}, Critical: true, Value: aia})
	})
	testChainLint(t, "w_opsmgr_chain_extension_criticality", append(p.profileCases(),
		chainLintCase{name: "non-critical policyConstraints on the intermediate", bundle: chainBundle(leaf, pcCA), trust: chainTrust(p.root), want: lint.Warn,
			says: []string{`"CN=Lint Policy Constraints CA,O=certlint lint test"`, "policyConstraints", "RFC 5280 4.2.1.11", windowsAccepts}},
		chainLintCase{name: "critical AIA on the leaf", bundle: chainBundle(criticalAIA, p.inter), trust: chainTrust(p.root), want: lint.Warn,
			says: []string{"authorityInfoAccess extension is marked critical", "RFC 5280 4.2.2.1"}},
		chainLintCase{name: "critical AIA, no trust store", bundle: chainBundle(criticalAIA), want: lint.Warn, says: []string{"authorityInfoAccess extension is marked critical"}},
	))
}
