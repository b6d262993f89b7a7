package lints

import (
	"testing"

	"github.com/certlint/certlint/certlint/testpki"
	"github.com/zmap/zlint/v3/lint"
)

func TestChainPathLengthExceeded(t *testing.T) {
	p := newChainTestPKI(t)
	policy0 := chainIssue(t, "Lint Policy CA 0", p.root, true, testpki.PathLen(0))
	under0 := chainIssue(t, "Lint Issuing CA under 0", policy0, true)
	leaf0 := chainIssue(t, "agent01.contoso.test", under0, false)
	policy1 := chainIssue(t, "Lint Policy CA 1", p.root, true, testpki.PathLen(1))
	under1 := chainIssue(t, "Lint Issuing CA under 1", policy1, true)
	leaf1 := chainIssue(t, "agent01.contoso.test", under1, false)
	testChainLint(t, "e_opsmgr_chain_path_length_exceeded", []chainLintCase{
		p.good(), p.untrusted(), p.noTrust(),
		{name: "two intermediates under pathlen 0", bundle: chainBundle(leaf0, under0, policy0), trust: chainTrust(p.root), want: lint.Error,
			says: []string{`"CN=Lint Issuing CA under 0,O=certlint lint test"`, `"CN=Lint Policy CA 0,O=certlint lint test"`}},
		{name: "two intermediates under pathlen 1", bundle: chainBundle(leaf1, under1, policy1), trust: chainTrust(p.root), want: lint.Pass},
	})
}
