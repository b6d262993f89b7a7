package lints

import (
	"testing"

	"github.com/certlint/certlint/certlint/testpki"
	"github.com/zmap/zlint/v3/lint"
)

func TestChainMD5MD2Signature(t *testing.T) {
	p := newChainTestPKI(t)
	rootKey := testpki.NewRSAKey(t)
	rsaRoot := chainIssue(t, "Lint RSA Root", nil, true, testpki.Key(rootKey))
	md5CA := chainTestOf(testpki.ResignMD5(t, chainIssue(t, "Lint MD5 CA", rsaRoot, true).Cert, rootKey))
	leaf := chainIssue(t, "agent01.contoso.test", md5CA, false)
	// A root whose own (self-)signature is MD5: Windows does not use it.
	md5Root := chainTestOf(testpki.ResignMD5(t, rsaRoot.Cert, rootKey))
	underMD5Root := chainIssue(t, "Lint Issuing CA", rsaRoot, true)
	leaf2 := chainIssue(t, "agent01.contoso.test", underMD5Root, false)
	testChainLint(t, "e_opsmgr_chain_md5_md2_signature", []chainLintCase{
		p.good(), p.untrusted(), p.noTrust(),
		{name: "intermediate signed with MD5", bundle: chainBundle(leaf, md5CA), trust: chainTrust(rsaRoot), want: lint.Error,
			says: []string{`"CN=Lint MD5 CA,O=certlint lint test"`, "MD5", "SHA-256"}},
		{name: "trust anchor self-signed with MD5", bundle: chainBundle(leaf2, underMD5Root), trust: chainTrust(md5Root), want: lint.Pass},
	})
}
