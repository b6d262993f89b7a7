package lints

import (
	"crypto/rand"
	"crypto/rsa"
	"testing"

	"github.com/zmap/zlint/v3/lint"
)

func TestChainMD5MD2Signature(t *testing.T) {
	p := newChainTestPKI(t)
	rootKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	rsaRoot := chainIssue(t, "Lint RSA Root", nil, true, rootKey, nil)
	md5CA := chainResignMD5(t, chainIssue(t, "Lint MD5 CA", rsaRoot, true, nil, nil), rootKey)
	leaf := chainIssue(t, "agent01.contoso.test", md5CA, false, nil, nil)
	// A root whose own (self-)signature is MD5: Windows does not use it.
	md5Root := chainResignMD5(t, rsaRoot, rootKey)
	underMD5Root := chainIssue(t, "Lint Issuing CA", rsaRoot, true, nil, nil)
	leaf2 := chainIssue(t, "agent01.contoso.test", underMD5Root, false, nil, nil)
	testChainLint(t, "e_opsmgr_chain_md5_md2_signature", []chainLintCase{
		p.good(), p.untrusted(), p.noTrust(),
		{name: "intermediate signed with MD5", bundle: chainBundle(leaf, md5CA), trust: chainTrust(rsaRoot), want: lint.Error,
			says: []string{`"CN=Lint MD5 CA,O=certlint lint test"`, "MD5", "SHA-256"}},
		{name: "trust anchor self-signed with MD5", bundle: chainBundle(leaf2, underMD5Root), trust: chainTrust(md5Root), want: lint.Pass},
	})
}
