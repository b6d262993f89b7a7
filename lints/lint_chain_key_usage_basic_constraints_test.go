package lints

import (
	"crypto/x509"
	"testing"

	"github.com/certlint/certlint/certlint/testpki"
	"github.com/zmap/zlint/v3/lint"
)

func TestChainKeyUsageBasicConstraints(t *testing.T) {
	p := newChainTestPKI(t)
	certSign := chainIssue(t, "agent01.contoso.test", p.inter, false,
		testpki.KeyUsage(x509.KeyUsageDigitalSignature|x509.KeyUsageKeyEncipherment|x509.KeyUsageCertSign))
	testChainLint(t, "w_opsmgr_chain_key_usage_basic_constraints", append(p.profileCases(),
		chainLintCase{name: "leaf with keyCertSign", bundle: chainBundle(certSign, p.inter), trust: chainTrust(p.root), want: lint.Warn,
			says: []string{"asserts keyCertSign but basicConstraints cA is not TRUE", "RFC 5280 4.2.1.3, 4.2.1.9", windowsAccepts}},
		chainLintCase{name: "leaf with keyCertSign, no trust store", bundle: chainBundle(certSign), want: lint.Warn, says: []string{"asserts keyCertSign"}},
	))
}
