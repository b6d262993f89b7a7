package lints

import (
	"crypto/x509"
	"testing"

	"github.com/certlint/certlint/certlint/testpki"
	"github.com/zmap/zlint/v3/lint"
)

func TestChainCAEKUExcludesAuth(t *testing.T) {
	p := newChainTestPKI(t)
	serverOnly := chainIssue(t, "Lint Server Only CA", p.root, true, testpki.EKU(x509.ExtKeyUsageServerAuth))
	leafServerOnly := chainIssue(t, "agent01.contoso.test", serverOnly, false)
	both := chainIssue(t, "Lint Both CA", p.root, true, testpki.EKU(x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth))
	leafBoth := chainIssue(t, "agent01.contoso.test", both, false)
	testChainLint(t, "e_opsmgr_chain_ca_eku_excludes_auth", []chainLintCase{
		p.good(), p.untrusted(), p.noTrust(),
		{name: "intermediate EKU serverAuth only", bundle: chainBundle(leafServerOnly, serverOnly), trust: chainTrust(p.root), want: lint.Error,
			says: []string{`"CN=Lint Server Only CA,O=certlint lint test"`, "without clientAuth"}},
		{name: "intermediate EKU with both", bundle: chainBundle(leafBoth, both), trust: chainTrust(p.root), want: lint.Pass},
	})
}
