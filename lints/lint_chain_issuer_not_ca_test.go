package lints

import (
	"crypto/x509"
	"testing"

	"github.com/certlint/certlint/certlint/testpki"
	"github.com/zmap/zlint/v3/lint"
)

func TestChainIssuerNotCA(t *testing.T) {
	p := newChainTestPKI(t)
	notCA := chainIssue(t, "Lint Not A CA", p.root, true, testpki.NotCA())
	leafNotCA := chainIssue(t, "agent01.contoso.test", notCA, false)
	noSign := chainIssue(t, "Lint No CertSign CA", p.root, true, testpki.KeyUsage(x509.KeyUsageDigitalSignature))
	leafNoSign := chainIssue(t, "agent01.contoso.test", noSign, false)
	testChainLint(t, "e_opsmgr_chain_issuer_not_ca", []chainLintCase{
		p.good(), p.untrusted(), p.noTrust(),
		{name: "issuer with cA=FALSE", bundle: chainBundle(leafNotCA, notCA), trust: chainTrust(p.root), want: lint.Error,
			says: []string{`"CN=Lint Not A CA,O=certlint lint test"`, "cA=FALSE"}},
		{name: "issuer without keyCertSign", bundle: chainBundle(leafNoSign, noSign), trust: chainTrust(p.root), want: lint.Error,
			says: []string{`"CN=Lint No CertSign CA,O=certlint lint test"`, "keyCertSign"}},
	})
}
