package lints

import (
	"testing"

	"github.com/certlint/certlint/certlint/testpki"
	"github.com/zmap/zlint/v3/lint"
)

func TestChainBadSignature(t *testing.T) {
	p := newChainTestPKI(t)
	// An impostor: the issuing CA's name and key identifier, another key.
	impostor := chainIssue(t, "Lint Test Issuing CA", p.root, true, testpki.SubjectKeyID(p.inter.X.SubjectKeyId))
	testChainLint(t, "e_opsmgr_chain_bad_signature", []chainLintCase{
		p.good(), p.untrusted(), p.noTrust(),
		{name: "issuing CA certificate of another key", bundle: chainBundle(p.leaf, impostor), trust: chainTrust(p.root), want: lint.Error,
			says: []string{`"CN=agent01.contoso.test"`, "does not verify", `"CN=Lint Test Issuing CA,O=certlint lint test"`, "the management server or gateway"}},
	})
}
