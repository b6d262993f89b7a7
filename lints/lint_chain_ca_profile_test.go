package lints

import (
	"encoding/asn1"
	"testing"

	"github.com/certlint/certlint/certlint/testpki"
	"github.com/zmap/zlint/v3/lint"
)

func TestChainCAProfile(t *testing.T) {
	p := newChainTestPKI(t)
	// policyConstraints (RFC 5280 4.2.1.11: MUST be critical), non-critical.
	pcCA := chainIssue(t, "Lint Policy Constraints CA", p.root, true,
		testpki.Extension(asn1.ObjectIdentifier{2, 5, 29, 36}, false, []byte{0x30, 0x03, 0x80, 0x01, 0x00}))
	leaf := chainIssue(t, "agent01.contoso.test", pcCA, false)
	// The leaf's own profile (here: no EKU) is the leaf lints' business.
	noEKU := chainIssue(t, "agent01.contoso.test", p.inter, false, testpki.EKU())
	testChainLint(t, "w_opsmgr_chain_ca_profile", []chainLintCase{
		p.good(), p.noTrust(),
		{name: "non-critical policyConstraints on the intermediate", bundle: chainBundle(leaf, pcCA), trust: chainTrust(p.root), want: lint.Warn,
			says: []string{`"CN=Lint Policy Constraints CA,O=certlint lint test"`, "policyConstraints", "RFC 5280 4.2.1.11"}},
		{name: "leaf without EKU", bundle: chainBundle(noEKU, p.inter), trust: chainTrust(p.root), want: lint.Pass},
	})
}
