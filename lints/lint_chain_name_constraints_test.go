package lints

import (
	"testing"

	"github.com/certlint/certlint/certlint/testpki"
	"github.com/zmap/zlint/v3/lint"
)

func TestChainNameConstraints(t *testing.T) {
	p := newChainTestPKI(t)
	constrained := chainIssue(t, "Lint Constrained CA", p.root, true, testpki.PermitDNS("contoso.test"))
	inside := chainIssue(t, "agent01.contoso.test", constrained, false)
	outside := chainIssue(t, "agent01.fabrikam.test", constrained, false)
	testChainLint(t, "e_opsmgr_chain_name_constraints", []chainLintCase{
		p.good(), p.untrusted(), p.noTrust(),
		{name: "name outside the permitted domain", bundle: chainBundle(outside, constrained), trust: chainTrust(p.root), want: lint.Error,
			says: []string{`"CN=agent01.fabrikam.test"`, `"agent01.fabrikam.test"`, "Lint Constrained CA"}},
		{name: "name inside the permitted domain", bundle: chainBundle(inside, constrained), trust: chainTrust(p.root), want: lint.Pass},
	})
}
