package lints

import (
	"testing"

	"github.com/certlint/certlint/certlint/testpki"
	"github.com/zmap/zlint/v3/lint"
)

func TestChainRootMD5SelfSignature(t *testing.T) {
	p := newChainTestPKI(t)
	rootKey := testpki.NewRSAKey(t)
	rsaRoot := chainIssue(t, "Lint RSA Root", nil, true, testpki.Key(rootKey))
	md5Root := chainTestOf(testpki.ResignMD5(t, rsaRoot.Cert, rootKey))
	leaf := chainIssue(t, "agent01.contoso.test", rsaRoot, false)
	testChainLint(t, "w_opsmgr_chain_root_md5_self_signature", append(p.profileCases(),
		chainLintCase{name: "trusted root self-signed with MD5", bundle: chainBundle(leaf, md5Root), trust: chainTrust(md5Root), want: lint.Warn,
			says: []string{`"CN=Lint RSA Root,O=certlint lint test"`, "signs itself with MD5", windowsAccepts}},
		chainLintCase{name: "root self-signed with SHA-256", bundle: chainBundle(leaf, rsaRoot), trust: chainTrust(rsaRoot), want: lint.Pass},
	))
}
