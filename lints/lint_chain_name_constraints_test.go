package lints

import (
	"crypto/x509"
	"testing"

	"github.com/zmap/zlint/v3/lint"
)

func TestChainNameConstraints(t *testing.T) {
	p := newChainTestPKI(t)
	constrained := chainIssue(t, "Lint Constrained CA", p.root, true, nil, func(c *x509.Certificate) {
		c.PermittedDNSDomains, c.PermittedDNSDomainsCritical = []string{"contoso.test"}, true
	})
	inside := chainIssue(t, "agent01.contoso.test", constrained, false, nil, nil)
	outside := chainIssue(t, "agent01.fabrikam.test", constrained, false, nil, nil)
	testChainLint(t, "e_opsmgr_chain_name_constraints", []chainLintCase{
		p.good(), p.untrusted(), p.noTrust(),
		{name: "name outside the permitted domain", bundle: chainBundle(outside, constrained), trust: chainTrust(p.root), want: lint.Error,
			says: []string{`"CN=agent01.fabrikam.test"`, `"agent01.fabrikam.test"`, "Lint Constrained CA"}},
		{name: "name inside the permitted domain", bundle: chainBundle(inside, constrained), trust: chainTrust(p.root), want: lint.Pass},
	})
}
